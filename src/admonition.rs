//! Other docs tools' admonitions, read as opsbook's callouts: MkDocs' `!!! note "Title"`
//! (and its folded `??? note`) over an indented body, Docusaurus's and Starlight's
//! `:::note[Title]` … `:::`, pandoc's and Quarto's fenced divs (`::: {.callout-tip}`),
//! GitBook's hints (`{% hint style="warning" %}`), Hugo's notices (`{{% notice tip %}}`),
//! Obsidian's callouts, GitHub's with a title, a fold mark or
//! another type (`> [!danger]- Title`), and Notion's, exported as `<aside>` … `</aside>`. A page's body is rewritten into GitHub's callout syntax
//! (`> [!NOTE]`, each line of the body quoted) before the Markdown parser reads it, with a
//! map back to where each rewritten line was written, so every diagnostic inside still points
//! at the file as written.
//!
//! Rewriting the text, rather than recognising the admonitions in the parser's events, is
//! what lets their bodies be Markdown like any other: an MkDocs body is indented, which the
//! parser would read as a code block, and a Docusaurus body's first line is in the same
//! paragraph as its `:::note`.

use std::borrow::Cow;
use std::collections::HashMap;

use pulldown_cmark::BlockQuoteKind;

/// A body with its admonitions rewritten as callouts.
pub struct Rewritten<'a> {
    /// The text the Markdown parser reads.
    pub text: Cow<'a, str>,
    /// One entry for each line of `text`, in order (none when nothing was rewritten).
    lines: Vec<LineMap>,
    /// The title each rewritten admonition shows, by the offset in `text` of the `>` that
    /// opens its callout, when it is not the callout's own label.
    titles: HashMap<usize, String>,
    /// The callouts that fold, by the same offsets, each with whether it starts open: MkDocs'
    /// `???` (closed) and `???+` (open), Obsidian's `-` and `+`.
    folds: HashMap<usize, bool>,
    /// Where each `:::` admonition or `<aside>` never closed is written (offsets in the
    /// written body), with its marker: it runs to the end of the page.
    pub unclosed: Vec<(usize, String)>,
}

/// Where a line of the rewritten text was written: bytes from `new_prefix` on are the
/// written line's bytes from `old_prefix` on (what comes before is quote markers put in and
/// indentation taken out, or a whole marker line).
#[derive(Debug, Clone, Copy)]
struct LineMap {
    new_start: usize,
    old_start: usize,
    new_prefix: usize,
    old_prefix: usize,
}

impl Rewritten<'_> {
    /// The offset in the written body of offset `at` of the rewritten text.
    pub fn written_offset(&self, at: usize) -> usize {
        if self.lines.is_empty() {
            return at;
        }
        let line = self.lines[self.lines.partition_point(|l| l.new_start <= at) - 1];
        let column = at - line.new_start;
        line.old_start + line.old_prefix + column.saturating_sub(line.new_prefix)
    }

    /// The title of the callout whose `>` is at `at` in the rewritten text, if it has its own.
    pub fn title(&self, at: usize) -> Option<&str> {
        self.titles.get(&at).map(String::as_str)
    }

    /// Whether the callout whose `>` is at `at` folds, and if so whether it starts open.
    pub fn fold(&self, at: usize) -> Option<bool> {
        self.folds.get(&at).copied()
    }
}

/// Whether `body` may hold an admonition (most pages hold none, and are then not copied).
fn may_hold_admonition(body: &str) -> bool {
    use memchr::memmem::Finder;
    // Searchers made once: making one is most of what a search of a page costs.
    static ANYWHERE: std::sync::LazyLock<[Finder<'static>; 4]> = std::sync::LazyLock::new(|| {
        [
            Finder::new("[!"),
            Finder::new("<aside>"),
            Finder::new("{% hint"),
            Finder::new("notice"),
        ]
    });
    static AT_LINE_START: std::sync::LazyLock<[(&str, Finder<'static>); 5]> =
        std::sync::LazyLock::new(|| {
            ["!!!", "???", ":::", "===", ">>>"].map(|marker| (marker, Finder::new(marker)))
        });
    let bytes = body.as_bytes();
    if ANYWHERE.iter().any(|f| f.find(bytes).is_some()) {
        return true;
    }
    // At a line's start after any indentation (under a list item it is indented).
    AT_LINE_START.iter().any(|(_, finder)| {
        finder.find_iter(bytes).any(|at| {
            bytes[..at]
                .iter()
                .rev()
                .take_while(|&&b| b != b'\n')
                .all(|&b| b == b' ' || b == b'\t')
        })
    })
}

/// An admonition being rewritten.
enum Open {
    /// MkDocs: its body is the lines indented to `indent` columns or more (blank lines too).
    Indented { indent: usize },
    /// Docusaurus and Starlight: its body ends at a line of `colons` colons. `at` and `marker`:
    /// where it opens in the written body, and how (`:::tip`). `indent`: the columns its lines
    /// are indented by, in a list item (0 elsewhere).
    Fenced {
        colons: usize,
        at: usize,
        marker: String,
        indent: usize,
    },
    /// Notion's callouts, exported as an `<aside>` line, the body, and an `</aside>` line:
    /// as HTML its Markdown was text, its links neither links nor checked. `at`: where it
    /// opens in the written body.
    Aside { at: usize },
    /// GitLab's multi-line quote, `>>>` … `>>>`: a quote of the lines between. `at`: where it
    /// opens in the written body.
    Quote { at: usize },
    /// GitBook's `{% hint style="info" %}` … `{% endhint %}` and Hugo's `{{% notice warning %}}`
    /// … `{{% /notice %}}`: its body ends at the line `close` (spaces aside). `at` and
    /// `marker`: where it opens in the written body, and how.
    Tag {
        close: &'static str,
        at: usize,
        marker: String,
        /// The columns its lines are indented by, in a list item (0 elsewhere).
        indent: usize,
    },
}

/// `body` with its admonitions rewritten as callouts (outside code blocks).
pub fn rewrite(body: &str) -> Rewritten<'_> {
    let unchanged = || Rewritten {
        text: Cow::Borrowed(body),
        lines: Vec::new(),
        titles: HashMap::new(),
        folds: HashMap::new(),
        unclosed: Vec::new(),
    };
    if !may_hold_admonition(body) {
        return unchanged();
    }
    let mut out = String::with_capacity(body.len() + body.len() / 8);
    let mut lines = Vec::new();
    let mut titles = HashMap::new();
    let mut folds = HashMap::new();
    let mut open: Vec<Open> = Vec::new();
    // The code fence (its character and length) the current line is in, if any: nothing
    // inside one is an admonition.
    let mut fence: Option<(u8, usize)> = None;
    // The indentation of the fence's opening line: one under a list item is indented.
    let mut fence_lead = 0usize;
    let mut changed = false;
    let mut old_start = 0;
    // How many quotes deep the line before was: a `> [!type]` line under a quote's line is in
    // that quote, as text, not a callout of its own, unless it opens a deeper quote
    // (`> > [!tip]`, a callout in a callout).
    let mut quote_depth_before = 0usize;
    // The code fence open inside a quote, if any: its quote depth, character and length.
    let mut quoted_fence: Option<(usize, u8, usize)> = None;
    // Whether the line before was blank (or there was none): an `<aside>` line under text is
    // in that block, an HTML block's (`<div>`, `<details>`) or a paragraph's, as HTML.
    let mut after_blank = true;
    // The content column of the list item the text is in, if any (outside admonitions): an
    // admonition indented under a list item (a warning in a runbook's step, as MkDocs and
    // Docusaurus read it) is that item's, its callout written at its indentation.
    let mut list_columns: Vec<usize> = Vec::new();
    // The column the open admonitions' quote markers are written at: that of the list item
    // the outermost one is in, 0 outside lists.
    let mut base = 0usize;
    // A Quarto callout just opened without a title, by where its `>` is: a heading on its
    // first line is its title, as Quarto shows it.
    let mut title_from_heading: Option<usize> = None;
    for raw in body.split_inclusive('\n') {
        let line = raw.trim_end_matches(['\n', '\r']);
        let ending = &raw[line.len()..];
        let depth_before =
            std::mem::replace(&mut quote_depth_before, quote_markers(line.trim_start()).0);
        // A code fence inside a quote (`> ```` `): its lines are code, callouts' look-alikes
        // among them.
        let in_quoted_code = {
            let quoted = line.trim_start();
            let (depth, outer) = quote_markers(quoted);
            let inner = quoted[outer..]
                .strip_prefix('>')
                .unwrap_or("")
                .trim_start_matches([' ', '\t']);
            match quoted_fence {
                Some((fence_depth, ch, len)) if depth >= fence_depth && depth > 0 => {
                    if closes_fence(inner, ch, len) {
                        quoted_fence = None;
                    }
                    true
                }
                _ => {
                    quoted_fence = (depth > 0)
                        .then(|| opens_fence(inner).map(|(ch, len)| (depth, ch, len)))
                        .flatten();
                    quoted_fence.is_some()
                }
            }
        };
        let starts_block = std::mem::replace(&mut after_blank, line.trim().is_empty());
        let lead = indentation(line);
        let blank = line.trim().is_empty();
        // An indented admonition ends at the first line written to its left.
        let before = open.len();
        while let Some(Open::Indented { indent }) = open.last() {
            if blank || lead >= *indent {
                break;
            }
            open.pop();
        }
        if open.len() < before {
            fence = None;
            // A blank line, so that this line does not continue a paragraph of the callout.
            push_line(
                &mut out,
                &mut lines,
                &quotes_at(base, open.len()),
                "",
                "\n",
                old_start,
                0,
            );
        }
        if open.is_empty() {
            base = 0;
            if fence.is_none() && !blank {
                match list_item_column(line) {
                    Some((marker_lead, column)) => {
                        // Deeper items end at a marker written to their left.
                        while list_columns.last().is_some_and(|&c| c > marker_lead) {
                            list_columns.pop();
                        }
                        list_columns.push(column);
                    }
                    None => {
                        // A line to the left of an item's text ends the item after a blank
                        // line, or when it starts a block of its own (a heading, a fence).
                        let own_block = line
                            .trim_start()
                            .starts_with(['#', '`', '~', '>', '|', '<']);
                        if starts_block || own_block {
                            while list_columns.last().is_some_and(|&c| lead < c) {
                                list_columns.pop();
                            }
                        }
                    }
                }
            }
        }
        // The columns the innermost indented admonition takes off its body's lines, and the
        // bytes they are.
        let removed_columns = match open.iter().rev().find_map(|o| match o {
            Open::Indented { indent } => Some(*indent),
            Open::Fenced { indent, .. } | Open::Tag { indent, .. } if *indent > 0 => Some(*indent),
            Open::Fenced { .. } | Open::Aside { .. } | Open::Quote { .. } | Open::Tag { .. } => {
                None
            }
        }) {
            Some(indent) => lead.min(indent),
            None => 0,
        };
        let removed = bytes_of_columns(line, removed_columns);
        let content = &line[removed..];
        let inner_lead = indentation(content);
        let trimmed = content.trim_start_matches([' ', '\t']);
        if !blank && let Some(quote_at) = title_from_heading.take() {
            let heading = trimmed.trim_end();
            if heading.starts_with('#') && !open.is_empty() {
                let text = heading.trim_start_matches('#').trim();
                if !text.is_empty() {
                    titles.insert(quote_at, text.to_string());
                    // The line stands for nothing in the text: the title shows it.
                    old_start += raw.len();
                    continue;
                }
            }
        }
        // An admonition under a list item: after a blank line, indented to the item's text.
        let under_item = list_columns
            .last()
            .is_some_and(|&c| lead > 0 && lead >= c && lead - c <= 3);
        let in_list_item = open.is_empty() && fence.is_none() && starts_block && under_item;
        if let Some((ch, len)) = fence {
            if inner_lead <= fence_lead + 3 && closes_fence(trimmed, ch, len) {
                fence = None;
            }
        } else if let Some(opened) = (open.is_empty() && under_item && inner_lead > 3)
            .then(|| opens_fence(trimmed))
            .flatten()
        {
            // A code block under a list item, indented with it: nothing in it is an
            // admonition.
            fence = Some(opened);
            fence_lead = inner_lead;
        } else if let Some(tag) = (in_list_item || inner_lead == 0)
            .then(|| tag_opening(trimmed.trim_end()))
            .flatten()
        {
            // A GitBook hint or Hugo notice: at a line's start, or under a list item, its
            // callout written at the item's indentation.
            changed = true;
            let indent = if open.is_empty() { lead } else { 0 };
            if open.is_empty() {
                base = lead;
            }
            let written_at = removed + (content.len() - trimmed.len());
            let quote_at = callout_line(
                (&mut out, &mut lines),
                &(" ".repeat(base) + &quotes(open.len())),
                tag.kind,
                ending,
                (old_start, written_at),
            );
            if let Some(title) = tag.title {
                titles.insert(quote_at, title);
            }
            match tag.inline {
                // Written whole on its line: its text, then a blank line that ends it.
                Some((at, len)) => {
                    let text_at = written_at + at;
                    push_line(
                        &mut out,
                        &mut lines,
                        &quotes_at(base, open.len() + 1),
                        &line[text_at..text_at + len],
                        "\n",
                        old_start,
                        text_at,
                    );
                    push_line(
                        &mut out,
                        &mut lines,
                        &quotes_at(base, open.len()),
                        "",
                        "\n",
                        old_start,
                        0,
                    );
                }
                None => open.push(Open::Tag {
                    close: tag.close,
                    at: old_start + written_at,
                    marker: tag.marker,
                    indent,
                }),
            }
            old_start += raw.len();
            continue;
        } else if let Some(admonition) = in_list_item.then(|| opening(trimmed)).flatten() {
            changed = true;
            base = lead;
            let quote_at = callout_line(
                (&mut out, &mut lines),
                &" ".repeat(base),
                admonition.kind,
                ending,
                (old_start, lead_bytes(line)),
            );
            if let Some(title) = admonition.title {
                titles.insert(quote_at, title);
            }
            if let Some(open) = admonition.fold {
                folds.insert(quote_at, open);
            }
            open.push(match admonition.colons {
                Some(colons) => Open::Fenced {
                    colons,
                    at: old_start + lead_bytes(line),
                    marker: fenced_marker(trimmed),
                    indent: lead,
                },
                None => Open::Indented { indent: lead + 4 },
            });
            old_start += raw.len();
            continue;
        } else if inner_lead <= 3 {
            if let Some(opened) = opens_fence(trimmed) {
                fence = Some(opened);
                fence_lead = inner_lead;
            } else if let Some(Open::Tag { close, .. }) = open.last()
                && let Some(text_end) = closed_at_end(trimmed.trim_end(), close)
            {
                // `Body. {% endhint %}`: the text is the callout's last line, then it closes.
                open.pop();
                changed = true;
                let text = trimmed[..text_end].trim_end();
                push_line(
                    &mut out,
                    &mut lines,
                    &quotes_at(base, open.len() + 1),
                    text,
                    "\n",
                    old_start,
                    removed + (content.len() - trimmed.len()),
                );
                push_line(
                    &mut out,
                    &mut lines,
                    &quotes_at(base, open.len()),
                    "",
                    ending_or_newline(ending),
                    old_start,
                    0,
                );
                old_start += raw.len();
                continue;
            } else if closes(open.last(), trimmed.trim_end()) {
                open.pop();
                changed = true;
                // The whole line stands for the `:::` as written.
                push_line(
                    &mut out,
                    &mut lines,
                    &quotes_at(base, open.len()),
                    "",
                    ending_or_newline(ending),
                    old_start,
                    removed + inner_lead,
                );
                old_start += raw.len();
                continue;
            } else if inner_lead == 0 && trimmed.trim_end() == ">>>" {
                // GitLab's multi-line quote: its lines are a quote's, the `>>>` lines blank.
                changed = true;
                push_line(
                    &mut out,
                    &mut lines,
                    quotes_at(base, open.len()).trim_end(),
                    "",
                    ending_or_newline(ending),
                    old_start,
                    0,
                );
                open.push(Open::Quote {
                    at: old_start + removed,
                });
                old_start += raw.len();
                continue;
            } else if starts_block
                // Indented, it is in a list item, which a callout would end.
                && inner_lead == 0
                && trimmed.trim_end().eq_ignore_ascii_case("<aside>")
            {
                changed = true;
                callout_line(
                    (&mut out, &mut lines),
                    &quotes_at(base, open.len()),
                    BlockQuoteKind::Note,
                    ending,
                    (old_start, removed + inner_lead),
                );
                open.push(Open::Aside {
                    at: old_start + removed + inner_lead,
                });
                old_start += raw.len();
                continue;
            } else if let Some((admonition, outer_quotes)) = opening(trimmed)
                // A `:::` opens only at the start of a line (of its admonition's body): an
                // indented one is in a list item, which a callout would end.
                .filter(|a| a.colons.is_none() || inner_lead == 0)
                // Nor does one that continues a list item's text without a blank line: it
                // is that text (a callout there ended the list).
                .filter(|_| starts_block || list_columns.is_empty() || !open.is_empty())
                .map(|admonition| (admonition, ""))
                // An Obsidian callout starts a quote (under a quote's line it is its text),
                // maybe inside the quotes written before it on its line, kept with its
                // indentation (in a list item).
                .or_else(|| {
                    let (depth, outer) = quote_markers(trimmed);
                    let indentation = content.len() - trimmed.len();
                    obsidian_callout(&trimmed[outer..])
                        .filter(|_| depth > depth_before && !in_quoted_code)
                        .map(|admonition| (admonition, &content[..indentation + outer]))
                })
            {
                changed = true;
                let quote_at = callout_line(
                    (&mut out, &mut lines),
                    &(quotes_at(base, open.len()) + outer_quotes),
                    admonition.kind,
                    ending,
                    (old_start, removed + inner_lead),
                );
                if let Some(title) = admonition.title {
                    titles.insert(quote_at, title);
                }
                if let Some(open) = admonition.fold {
                    folds.insert(quote_at, open);
                }
                if admonition.heading_title {
                    title_from_heading = Some(quote_at);
                }
                if admonition.quoted {
                    // Its body is the quote's lines as written: nothing to rewrite or close.
                    old_start += raw.len();
                    continue;
                }
                open.push(match admonition.colons {
                    Some(colons) => Open::Fenced {
                        colons,
                        at: old_start + removed + inner_lead,
                        marker: fenced_marker(trimmed),
                        indent: 0,
                    },
                    None => Open::Indented {
                        indent: removed_columns + inner_lead + 4,
                    },
                });
                old_start += raw.len();
                continue;
            }
        }
        let prefix = quotes_at(base, open.len());
        if prefix.is_empty() {
            push_line(
                &mut out, &mut lines, "", content, ending, old_start, removed,
            );
        } else {
            let prefix = if blank {
                prefix.trim_end().to_string()
            } else {
                prefix
            };
            let content = if blank { "" } else { content };
            push_line(
                &mut out,
                &mut lines,
                &prefix,
                content,
                ending_or_newline(ending),
                old_start,
                removed,
            );
        }
        old_start += raw.len();
    }
    if !changed {
        return unchanged();
    }
    let unclosed = open
        .into_iter()
        .filter_map(|o| match o {
            Open::Fenced { at, marker, .. } | Open::Tag { at, marker, .. } => Some((at, marker)),
            Open::Aside { at } => Some((at, "<aside>".to_string())),
            Open::Quote { at } => Some((at, ">>>".to_string())),
            Open::Indented { .. } => None,
        })
        .collect();
    Rewritten {
        text: Cow::Owned(out),
        lines,
        titles,
        folds,
        unclosed,
    }
}

/// Whether `line` (trimmed) closes the admonition `open`: a run of at least its colons, or
/// `</aside>`.
fn closes(open: Option<&Open>, line: &str) -> bool {
    match open {
        Some(Open::Fenced { colons, .. }) => {
            line.len() >= *colons && line.bytes().all(|b| b == b':')
        }
        Some(Open::Aside { .. }) => line.eq_ignore_ascii_case("</aside>"),
        Some(Open::Quote { .. }) => line == ">>>",
        Some(Open::Tag { close, .. }) => {
            let squeezed: String = line.chars().filter(|c| !c.is_whitespace()).collect();
            squeezed.eq_ignore_ascii_case(close)
        }
        _ => false,
    }
}

/// Where the text of `line` ends when it ends with the tag `close` (without spaces, as
/// [`Open::Tag`] keeps it) after some text: `Body. {% endhint %}`.
fn closed_at_end(line: &str, close: &str) -> Option<usize> {
    let open = &close[..close.find(|c: char| c.is_alphabetic() || c == '/')?];
    let at = line.rfind(open).filter(|&at| at > 0)?;
    let squeezed: String = line[at..].chars().filter(|c| !c.is_whitespace()).collect();
    (squeezed.eq_ignore_ascii_case(close) && !line[..at].trim().is_empty()).then_some(at)
}

/// A callout written as another tool's template tag, read.
struct TagOpening {
    kind: BlockQuoteKind,
    title: Option<String>,
    /// The line that closes it, without spaces.
    close: &'static str,
    /// How it opens, for a warning when nothing closes it.
    marker: String,
    /// For one written whole on its line (`{% hint %} Text {% endhint %}`), where its text is
    /// in the line, and how long: it opens, holds that text and closes there.
    inline: Option<(usize, usize)>,
}

/// Reads GitBook's `{% hint style="warning" %}` and Hugo's `{{% notice warning "Title" %}}`
/// (or `{{< notice … >}}`, or the Relearn theme's `style="…" title="…"`).
fn tag_opening(line: &str) -> Option<TagOpening> {
    let quoted = |text: &str, key: &str| -> Option<String> {
        let at = text.find(&format!("{key}="))? + key.len() + 1;
        let value = &text[at..];
        let quote = value.chars().next().filter(|&q| q == '"' || q == '\'')?;
        let value = &value[1..];
        Some(value[..value.find(quote)?].to_string())
    };
    // The opening tag (its inside, and where it ends), what closes it, and how it is named.
    let (open, close, marker, hint) = if line.starts_with("{{%") {
        ("{{%", "{{%/notice%}}", "{{% notice %}}", false)
    } else if line.starts_with("{{<") {
        ("{{<", "{{</notice>}}", "{{< notice >}}", false)
    } else if line.starts_with("{%") {
        ("{%", "{%endhint%}", "{% hint %}", true)
    } else {
        return None;
    };
    let end_mark = match open {
        "{{%" => "%}}",
        "{{<" => ">}}",
        _ => "%}",
    };
    // Looked for after the opening, which may share its characters (`{{%}}`).
    let end = open.len() + line[open.len()..].find(end_mark)?;
    let inner = line[open.len()..end].trim();
    let after = end + end_mark.len();
    // Text after the tag: one written whole on its line, its closing tag last.
    let inline = if line[after..].trim().is_empty() {
        None
    } else {
        let close_at = line.rfind(open).filter(|&at| at >= after)?;
        let squeezed: String = line[close_at..]
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        if !squeezed.eq_ignore_ascii_case(close) {
            return None;
        }
        let body = &line[after..close_at];
        let lead = body.len() - body.trim_start().len();
        Some((after + lead, body.trim().len()))
    };
    let (kind, title) = if hint {
        if !(inner.starts_with("hint ") || inner == "hint") {
            return None;
        }
        let style = quoted(inner, "style").unwrap_or_else(|| "info".into());
        (
            kind_of(&style),
            default_title(&style).filter(|_| style != "info"),
        )
    } else {
        let rest = inner.strip_prefix("notice")?;
        if !(rest.is_empty() || rest.starts_with(char::is_whitespace)) {
            return None;
        }
        let rest = rest.trim();
        let (style, title) = if rest.contains("style=") || rest.contains("title=") {
            (
                quoted(rest, "style").unwrap_or_else(|| "note".into()),
                quoted(rest, "title"),
            )
        } else {
            // `notice warning "Title"`: the type, then the title if any (`notice` alone: a
            // note).
            let written = rest.split_whitespace().next().unwrap_or("");
            let title = rest[written.len()..]
                .trim()
                .trim_matches(['"', '\''])
                .to_string();
            let style = if written.is_empty() { "note" } else { written };
            (style.to_string(), Some(title).filter(|t| !t.is_empty()))
        };
        (
            kind_of(&style),
            title
                .filter(|t| !t.trim().is_empty())
                .or_else(|| default_title(&style)),
        )
    };
    Some(TagOpening {
        kind,
        title,
        close,
        marker: marker.into(),
        inline,
    })
}

/// The columns of `line`'s leading spaces and tabs, a tab reaching the next multiple of four
/// as MkDocs reads them.
fn indentation(line: &str) -> usize {
    leading(line, usize::MAX).0
}

/// The bytes of `line`'s first `columns` columns of indentation (fewer when it has less).
fn bytes_of_columns(line: &str, columns: usize) -> usize {
    leading(line, columns).1
}

/// `line`'s leading spaces and tabs, up to `columns` columns: their columns and bytes.
fn leading(line: &str, columns: usize) -> (usize, usize) {
    let mut at = 0;
    for (i, b) in line.bytes().enumerate() {
        if at >= columns {
            return (at, i);
        }
        match b {
            b' ' => at += 1,
            b'\t' => at = at / 4 * 4 + 4,
            _ => return (at, i),
        }
    }
    (at, line.len())
}

/// Writes a callout's opening line, `prefix` then `> [!KIND]`: the whole line stands for the
/// opening as written, from `old_prefix` bytes into the line at `old_start`. Returns where
/// its `>` is in the text, by which its title and fold are filed.
fn callout_line(
    (out, lines): (&mut String, &mut Vec<LineMap>),
    prefix: &str,
    kind: BlockQuoteKind,
    ending: &str,
    (old_start, old_prefix): (usize, usize),
) -> usize {
    let quote_at = out.len() + prefix.len();
    let marker = format!("{prefix}> [!{}]", label_of(kind));
    push_line(
        out,
        lines,
        &marker,
        "",
        ending_or_newline(ending),
        old_start,
        old_prefix,
    );
    quote_at
}

fn push_line(
    out: &mut String,
    lines: &mut Vec<LineMap>,
    prefix: &str,
    content: &str,
    ending: &str,
    old_start: usize,
    old_prefix: usize,
) {
    lines.push(LineMap {
        new_start: out.len(),
        old_start,
        new_prefix: prefix.len(),
        old_prefix,
    });
    out.push_str(prefix);
    out.push_str(content);
    out.push_str(ending);
}

/// A line ending for a line the rewrite makes or moves (the last line may have none).
fn ending_or_newline(ending: &str) -> &str {
    if ending.is_empty() { "\n" } else { ending }
}

/// The quote markers of a line `depth` callouts deep.
fn quotes(depth: usize) -> String {
    "> ".repeat(depth)
}

/// The quote markers of a line `depth` callouts deep, written at column `base` (that of the
/// list item the callouts are in): none at depth 0, where a line is as written.
fn quotes_at(base: usize, depth: usize) -> String {
    if depth == 0 {
        String::new()
    } else {
        " ".repeat(base) + &quotes(depth)
    }
}

/// The bytes of `line`'s indentation.
fn lead_bytes(line: &str) -> usize {
    line.len() - line.trim_start_matches([' ', '\t']).len()
}

/// How a `:::` admonition opens, for a warning when nothing closes it: `:::tip`.
fn fenced_marker(line: &str) -> String {
    line.split(|c: char| c.is_whitespace() || c == '[' || c == '{')
        .next()
        .unwrap_or(":::")
        .to_string()
}

/// The column a list item's text starts at, when `line` starts one (`- `, `* `, `+ `, `1. `,
/// `1) `), as CommonMark counts it: after the marker and its spaces (one, when five or more
/// follow it, as such an item starts with indented code).
fn list_item_column(line: &str) -> Option<(usize, usize)> {
    let lead = indentation(line);
    let rest = line.trim_start_matches([' ', '\t']);
    // A rule (`- - -`, `***`) is no item.
    let marks = rest.trim_end();
    if marks.len() >= 3
        && marks.starts_with(['-', '*', '_'])
        && marks
            .chars()
            .all(|c| c == marks.as_bytes()[0] as char || c == ' ' || c == '\t')
    {
        return None;
    }
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let marker = match rest.as_bytes().get(digits)? {
        b'.' | b')' if (1..=9).contains(&digits) => digits + 1,
        b'-' | b'*' | b'+' if digits == 0 => 1,
        _ => return None,
    };
    let after = &rest[marker..];
    if !after.is_empty() && !after.starts_with([' ', '\t']) {
        return None;
    }
    // Spaces and tabs after the marker, a tab to the next multiple of four.
    let start = lead + marker;
    let mut column = start;
    for b in after.bytes() {
        match b {
            b' ' => column += 1,
            b'\t' => column = column / 4 * 4 + 4,
            _ => break,
        }
    }
    let spaces = column - start;
    let column = if (1..=4).contains(&spaces) {
        column
    } else {
        start + 1
    };
    Some((lead, column))
}

fn opens_fence(line: &str) -> Option<(u8, usize)> {
    let ch = *line.as_bytes().first()?;
    if ch != b'`' && ch != b'~' {
        return None;
    }
    let len = line.bytes().take_while(|&b| b == ch).count();
    // A backtick fence's info string has no backtick (else it is inline code).
    (len >= 3 && !(ch == b'`' && line[len..].contains('`'))).then_some((ch, len))
}

fn closes_fence(line: &str, ch: u8, len: usize) -> bool {
    let run = line.bytes().take_while(|&b| b == ch).count();
    run >= len && line[run..].trim().is_empty()
}

/// An admonition's opening line, read.
struct Opening {
    kind: BlockQuoteKind,
    title: Option<String>,
    /// `???` folds closed, `???+` open; `None` for one that does not fold.
    fold: Option<bool>,
    /// Obsidian's `> [!type] Title`: the opening line of a quote that is its body.
    quoted: bool,
    /// `Some(n)` for `:::` (n colons), `None` for MkDocs' indented form.
    colons: Option<usize>,
    /// Quarto's callout without a `title`: a heading on its first line is its title.
    heading_title: bool,
}

/// Reads `!!! type "Title"`, `??? type`, `???+ type`, `:::type[Title]` and `:::type Title`, and
/// MkDocs Material's content tabs, `=== "Linux"` over an indented body: each tab a section
/// that starts open, titled with its label (there is no script to switch tabs, and the reader
/// sees every tab's content, each under its name).
fn opening(line: &str) -> Option<Opening> {
    let line = line.trim_end();
    if let Some(rest) = ["=== ", "===! ", "===+ "]
        .iter()
        .find_map(|m| line.strip_prefix(m))
    {
        let label = rest.trim().strip_prefix('"')?.strip_suffix('"')?;
        return Some(Opening {
            kind: BlockQuoteKind::Note,
            title: Some(label.to_string()).filter(|l| !l.trim().is_empty()),
            fold: Some(true),
            quoted: false,
            colons: None,
            heading_title: false,
        });
    }
    // Python-Markdown needs no space after the marker (`!!!note`), and pymdownx's details
    // no type before a title (`??? "Title"`, a note).
    if let Some((marker, rest)) = ["???+", "!!!", "???"]
        .iter()
        .find_map(|m| Some((*m, line.strip_prefix(m)?)))
        .filter(|(_, rest)| {
            rest.starts_with(|c: char| c == ' ' || c == '"' || c.is_ascii_alphabetic())
        })
    {
        let rest = rest.trim_start();
        let name_end = rest
            .find(|c: char| c.is_whitespace() || c == '"')
            .unwrap_or(rest.len());
        // `!!! note inline end "Title"`: MkDocs' placement words are no part of the title.
        let name = rest[..name_end].split_whitespace().next().unwrap_or("note");
        let word = |w: &str| {
            w.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        };
        // Words, then a quoted title if any: `!!! WARNING !!!` is a shout, not an admonition.
        let before_title = &rest[..rest.find('"').unwrap_or(rest.len())];
        if !before_title.split_whitespace().all(word) {
            return None;
        }
        // More words after a type MkDocs does not know are a sentence shouted, not classes:
        // `!!! Never run this in prod` became a callout titled "Never", the rest gone.
        if before_title.split_whitespace().nth(1).is_some() && !is_known_type(name) {
            return None;
        }
        let title = match rest.find('"') {
            Some(open) => {
                let close = rest[open + 1..].rfind('"')? + open + 1;
                Some(rest[open + 1..close].to_string())
            }
            None => None,
        };
        return Some(Opening {
            kind: kind_of(name),
            title: title.or_else(|| default_title(name)),
            fold: match marker {
                "???" => Some(false),
                "???+" => Some(true),
                _ => None,
            },
            quoted: false,
            colons: None,
            heading_title: false,
        });
    }
    let colons = line.bytes().take_while(|&b| b == b':').count();
    if colons < 3 {
        return None;
    }
    // VitePress writes `::: tip Title`, with a space.
    let rest = line[colons..].trim_start();
    // `::: some text :::` is a line of prose between colons.
    if rest.ends_with(":::") {
        return None;
    }
    if let Some(attributes) = rest.strip_prefix('{') {
        return div_opening(attributes, colons);
    }
    let name_end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .unwrap_or(rest.len());
    let name = &rest[..name_end];
    if name.is_empty() {
        return None;
    }
    let after = rest[name_end..].trim();
    let title = if let Some(bracketed) = after.strip_prefix('[') {
        // `:::note[Title]{attrs}`: the title is up to the matching bracket.
        let close = bracketed.rfind(']')?;
        Some(bracketed[..close].to_string())
    } else if after.starts_with('{') || after.is_empty() {
        None
    } else {
        Some(after.to_string())
    };
    Some(Opening {
        kind: kind_of(name),
        title: title
            .filter(|t| !t.trim().is_empty())
            .or_else(|| default_title(name)),
        // VitePress's `::: details` opens on a click.
        fold: name.eq_ignore_ascii_case("details").then_some(false),
        quoted: false,
        colons: Some(colons),
        heading_title: false,
    })
}

/// Reads the attributes of a pandoc or Quarto fenced div, `::: {.warning}` or `::: {#id
/// .callout-tip title="Before you start"}` (after the `{`): its first class is its type,
/// Quarto's `callout-` taken off, and `title="…"` its title. A div with no class (`::: {#id}`)
/// is no admonition.
fn div_opening(attributes: &str, colons: usize) -> Option<Opening> {
    let attributes = attributes.trim_end().strip_suffix('}')?;
    let class = attributes
        .split_whitespace()
        .find_map(|a| a.strip_prefix('.'))
        .filter(|c| {
            !c.is_empty()
                && c.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        })?;
    let name = class.strip_prefix("callout-").unwrap_or(class);
    let title = attributes.find("title=").and_then(|at| {
        let value = &attributes[at + "title=".len()..];
        let quote = value.chars().next().filter(|&q| q == '"' || q == '\'')?;
        let value = &value[1..];
        Some(value[..value.find(quote)?].to_string())
    });
    let heading_title = class.starts_with("callout-") && title.is_none();
    Some(Opening {
        kind: kind_of(name),
        title: title
            .filter(|t| !t.trim().is_empty())
            .or_else(|| default_title(name)),
        // Quarto's `collapse="true"` folds it closed, `"false"` folds it open.
        fold: match attributes
            .find("collapse=")
            .map(|at| attributes[at + "collapse=".len()..].trim_start_matches(['"', '\'']))
        {
            Some(value) if value.starts_with("true") => Some(false),
            Some(value) if value.starts_with("false") => Some(true),
            _ => None,
        },
        quoted: false,
        colons: Some(colons),
        heading_title,
    })
}

/// How many quotes a line (trimmed) opens, `> > text` two, and the bytes of their markers but
/// the last (with the spaces after them): what is left starts with the innermost `>`.
fn quote_markers(line: &str) -> (usize, usize) {
    let mut depth = 0;
    let mut outer = 0;
    let mut rest = line;
    while let Some(after) = rest.strip_prefix('>') {
        outer = line.len() - rest.len();
        depth += 1;
        rest = after.trim_start_matches([' ', '\t']);
    }
    (depth, outer)
}

/// Reads an Obsidian callout's first line, `> [!type]` with a fold mark (`-` folded, `+`
/// folding but open) and a title after it, as GitHub's callouts are written but for those.
/// `None` for a line that is no callout, or one GitHub's syntax already reads (one of its five
/// types, alone on the line).
fn obsidian_callout(line: &str) -> Option<Opening> {
    let rest = line.strip_prefix('>')?.trim_start_matches([' ', '\t']);
    let rest = rest.strip_prefix("[!")?;
    let close = rest.find(']')?;
    let name = &rest[..close];
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return None;
    }
    let marked = rest[close + 1..].trim_end();
    let fold = match marked.chars().next() {
        Some('-') => Some(false),
        Some('+') => Some(true),
        _ => None,
    };
    let after = marked.strip_prefix(['+', '-']).unwrap_or(marked);
    let title = after.trim();
    let github = match name.to_ascii_uppercase().as_str() {
        "NOTE" => Some(BlockQuoteKind::Note),
        "TIP" => Some(BlockQuoteKind::Tip),
        "IMPORTANT" => Some(BlockQuoteKind::Important),
        "WARNING" => Some(BlockQuoteKind::Warning),
        "CAUTION" => Some(BlockQuoteKind::Caution),
        _ => None,
    };
    if github.is_some() && rest[close + 1..].trim().is_empty() {
        return None;
    }
    // Text right after the `]` with no space (`[!NOTE]text`) is not a title.
    if !title.is_empty() && !after.starts_with([' ', '\t']) {
        return None;
    }
    let kind = github.unwrap_or_else(|| kind_of(name));
    let title = if title.is_empty() {
        default_title(&name.to_ascii_lowercase()).filter(|_| github.is_none())
    } else {
        Some(title.to_string())
    };
    Some(Opening {
        kind,
        title,
        fold,
        quoted: true,
        colons: None,
        heading_title: false,
    })
}

/// The callout of an admonition type: MkDocs' (note, abstract, info, tip, success, question,
/// warning, failure, danger, bug, example, quote and their other names) and Docusaurus's and
/// Starlight's (note, tip, info, caution, warning, danger). Unknown types are notes, as
/// MkDocs shows them.
/// Whether `name` is a type of MkDocs Material's admonitions (or GitHub's).
fn is_known_type(name: &str) -> bool {
    matches!(
        name.to_ascii_lowercase().as_str(),
        "note"
            | "abstract"
            | "summary"
            | "tldr"
            | "info"
            | "todo"
            | "tip"
            | "hint"
            | "important"
            | "success"
            | "check"
            | "done"
            | "question"
            | "help"
            | "faq"
            | "warning"
            | "caution"
            | "attention"
            | "failure"
            | "fail"
            | "missing"
            | "danger"
            | "error"
            | "bug"
            | "example"
            | "quote"
            | "cite"
            | "seealso"
            | "settings"
    )
}

fn kind_of(name: &str) -> BlockQuoteKind {
    match name.to_ascii_lowercase().as_str() {
        "tip" | "hint" | "success" | "check" | "done" => BlockQuoteKind::Tip,
        "important" => BlockQuoteKind::Important,
        "warning" | "caution" | "attention" => BlockQuoteKind::Warning,
        "danger" | "error" | "failure" | "fail" | "missing" | "bug" => BlockQuoteKind::Caution,
        _ => BlockQuoteKind::Note,
    }
}

/// The title an admonition shows without one written: its type's name when the callout's
/// label would say something else (`bug` is a caution, titled "Bug"), as MkDocs does.
fn default_title(name: &str) -> Option<String> {
    let label = label_of(kind_of(name));
    if name.eq_ignore_ascii_case(label) {
        return None;
    }
    let mut chars = name.chars();
    let first = chars.next()?;
    Some(
        first
            .to_uppercase()
            .chain(chars)
            .collect::<String>()
            .replace(['-', '_'], " "),
    )
}

fn label_of(kind: BlockQuoteKind) -> &'static str {
    match kind {
        BlockQuoteKind::Note => "NOTE",
        BlockQuoteKind::Tip => "TIP",
        BlockQuoteKind::Important => "IMPORTANT",
        BlockQuoteKind::Warning => "WARNING",
        BlockQuoteKind::Caution => "CAUTION",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mkdocs_admonitions_become_quoted_callouts_mapped_to_their_lines() {
        let body = "Intro\n\n!!! warning \"Before you restart\"\n    Drain the node.\n\n    ```sh\n    kubectl drain x\n    ```\n\nAfter.\n";
        let r = rewrite(body);
        assert_eq!(
            r.text,
            "Intro\n\n> [!WARNING]\n> Drain the node.\n>\n> ```sh\n> kubectl drain x\n> ```\n>\n\nAfter.\n"
        );
        let quote = r.text.find("> [!WARNING]").unwrap();
        assert_eq!(r.title(quote), Some("Before you restart"));
        // "Drain" in the rewritten text is "Drain" as written, four columns in.
        // Anything on the opening line is the opening as written.
        assert_eq!(r.written_offset(quote + 5), body.find("!!!").unwrap());
        let drain = r.text.find("Drain").unwrap();
        assert_eq!(r.written_offset(drain), body.find("Drain").unwrap());
        let after = r.text.find("After").unwrap();
        assert_eq!(r.written_offset(after), body.find("After").unwrap());
    }

    #[test]
    fn a_body_indented_with_tabs_is_the_admonitions() {
        let body = "!!! note \"Tabbed\"\n\tTab body [bad](m1.md).\n\n\t\tcode\nAfter\n";
        let r = rewrite(body);
        assert_eq!(
            r.text,
            "> [!NOTE]\n> Tab body [bad](m1.md).\n>\n> \tcode\n\nAfter\n"
        );
        let link = r.text.find("m1.md").unwrap();
        assert_eq!(r.written_offset(link), body.find("m1.md").unwrap());
    }

    #[test]
    fn docusaurus_and_starlight_admonitions_nest_and_close() {
        let body = "::::note[Outer]\nText [link](a.md).\n:::danger\nInner\n:::\n::::\nAfter\n";
        let r = rewrite(body);
        assert_eq!(
            r.text,
            "> [!NOTE]\n> Text [link](a.md).\n> > [!CAUTION]\n> > Inner\n> \n\nAfter\n"
        );
        assert_eq!(r.title(0), Some("Outer"));
        let inner = r.text.find("> [!CAUTION]").unwrap();
        assert_eq!(r.title(inner), Some("Danger"));
        let link = r.text.find("a.md").unwrap();
        assert_eq!(r.written_offset(link), body.find("a.md").unwrap());
        assert_eq!(
            r.written_offset(r.text.find("Inner").unwrap()),
            body.find("Inner").unwrap()
        );
        // VitePress's `::: details` opens on a click, as there.
        let r = rewrite("::: details Click me\nHidden.\n:::\n");
        assert_eq!(r.fold(0), Some(false));
        assert_eq!(r.title(0), Some("Click me"));
    }

    #[test]
    fn pandoc_and_quarto_divs_are_callouts_by_their_first_class() {
        let body = "::: {.warning}\nCareful.\n:::\n\n::: {#tip-1 .callout-tip title=\"Before you start\"}\nDrain it.\n:::\n\n::: {#plain}\nText\n:::\n";
        let r = rewrite(body);
        assert_eq!(
            r.text,
            "> [!WARNING]\n> Careful.\n\n\n> [!TIP]\n> Drain it.\n\n\n::: {#plain}\nText\n:::\n"
        );
        assert_eq!(r.title(0), None);
        let tip = r.text.find("> [!TIP]").unwrap();
        assert_eq!(r.title(tip), Some("Before you start"));
        // Quarto's other callouts, and a class of no callout type titled with its name.
        let r = rewrite("::: {.callout-important}\nx\n:::\n\n::: {.checklist}\ny\n:::\n");
        assert!(r.text.starts_with("> [!IMPORTANT]\n> x\n"), "{}", r.text);
        let other = r.text.find("> [!NOTE]").unwrap();
        assert_eq!(r.title(other), Some("Checklist"));
        // Quarto's title from the callout's first heading.
        let r = rewrite("::: {.callout-caution}\n## Heading in div\n\nBody.\n:::\n\n## Outside\n");
        assert_eq!(r.text, "> [!WARNING]\n>\n> Body.\n\n\n## Outside\n");
        assert_eq!(r.title(0), Some("Heading in div"));
        let body = r.text.find("Body").unwrap();
        assert_eq!(
            r.written_offset(body),
            "::: {.callout-caution}\n## Heading in div\n\n".len()
        );
        // Quarto's folded callouts.
        let r = rewrite("::: {.callout-note collapse=\"true\"}\nHidden.\n:::\n");
        assert_eq!(r.fold(0), Some(false));
        let r = rewrite("::: {.callout-note collapse=false}\nShown.\n:::\n");
        assert_eq!(r.fold(0), Some(true));
    }

    #[test]
    fn mkdocs_admonitions_without_a_space_or_a_type() {
        let r = rewrite("!!!note \"No space\"\n    Body.\n\n??? \"Only a title\"\n    Folded.\n");
        assert_eq!(r.text, "> [!NOTE]\n> Body.\n>\n\n> [!NOTE]\n> Folded.\n");
        assert_eq!(r.title(0), Some("No space"));
        let folded = r.text.rfind("> [!NOTE]").unwrap();
        assert_eq!(r.title(folded), Some("Only a title"));
        assert_eq!(r.fold(folded), Some(false));
        // Marks alone, or before punctuation, are text; so is a shout.
        for text in [
            "!!!\n",
            "Wow!!!\n",
            "???\n",
            "!!!!\n",
            "!!! WARNING !!!\nDo not.\n",
            // A sentence after marks, its first word no type: its words were lost.
            "!!! Never run this in prod\n",
            "!!! DO NOT REBOOT\nThe primary must stay up.\n",
            "??? what does this flag do\n",
        ] {
            assert_eq!(rewrite(text).text, text);
        }
        // A type's other words are MkDocs' classes and placement, as before.
        let r = rewrite(
            "!!! note custom-class\n    Body.\n\n!!! warning inline end \"Freeze\"\n    Frozen.\n",
        );
        assert_eq!(r.text, "> [!NOTE]\n> Body.\n>\n\n> [!WARNING]\n> Frozen.\n");
    }

    #[test]
    fn mkdocs_content_tabs_are_open_sections_under_their_labels() {
        let body = "=== \"Linux\"\n\n    ```bash\n    systemctl restart app\n    ```\n\n===+ \"macOS\"\n\n    Restart it.\n\nAfter.\n";
        let r = rewrite(body);
        assert_eq!(
            r.text,
            "> [!NOTE]\n>\n> ```bash\n> systemctl restart app\n> ```\n>\n\n> [!NOTE]\n>\n> Restart it.\n>\n\nAfter.\n"
        );
        assert_eq!(r.title(0), Some("Linux"));
        assert_eq!(r.fold(0), Some(true));
        let mac = r.text.rfind("> [!NOTE]").unwrap();
        assert_eq!(r.title(mac), Some("macOS"));
        // Without its quotes, a label is no tab.
        assert_eq!(rewrite("=== Linux\n    x\n").text, "=== Linux\n    x\n");
    }

    #[test]
    fn gitbook_hints_and_hugo_notices_are_callouts() {
        let body = "{% hint style=\"warning\" %}\nGitBook hint **bold**.\n{% endhint %}\n\n{{% notice tip \"Faster\" %}}\nUse it.\n{{% /notice %}}\n\n{{< notice style=\"danger\" title=\"Stop\" >}}\nNo.\n{{< /notice >}}\n\n{% hint %}\nPlain.\n{%endhint%}\n\n{% raw %}\n";
        let r = rewrite(body);
        assert_eq!(
            r.text,
            "> [!WARNING]\n> GitBook hint **bold**.\n\n\n> [!TIP]\n> Use it.\n\n\n> [!CAUTION]\n> No.\n\n\n> [!NOTE]\n> Plain.\n\n\n{% raw %}\n"
        );
        let tip = r.text.find("> [!TIP]").unwrap();
        assert_eq!(r.title(tip), Some("Faster"));
        let stop = r.text.find("> [!CAUTION]").unwrap();
        assert_eq!(r.title(stop), Some("Stop"));
        assert_eq!(r.title(0), None);
        let bold = r.text.find("**bold**").unwrap();
        assert_eq!(r.written_offset(bold), body.find("**bold**").unwrap());
        // One never closed runs to the end, and says so.
        let r = rewrite("{% hint style=\"info\" %}\nOpen.\n");
        assert_eq!(r.unclosed, [(0, "{% hint %}".to_string())]);
        // A notice of no type is a note; one written whole on its line holds its text there.
        let body = "{{% notice %}}\nHi\n{{% /notice %}}\n\n{% hint style=\"info\" %} Call the lead [first](a.md). {% endhint %}\nNext paragraph.\n\n{{% notice tip %}} Inline {{% /notice %}}\n";
        let r = rewrite(body);
        assert_eq!(
            r.text,
            "> [!NOTE]\n> Hi\n\n\n> [!NOTE]\n> Call the lead [first](a.md).\n\nNext paragraph.\n\n> [!TIP]\n> Inline\n\n"
        );
        assert!(r.unclosed.is_empty());
        let link = r.text.find("a.md").unwrap();
        assert_eq!(r.written_offset(link), body.find("a.md").unwrap());
        // Closed at the end of its last line of text.
        let body = "{% hint style=\"info\" %}\nBody *one*. {% endhint %}\n\nAfter.\n";
        let r = rewrite(body);
        assert_eq!(r.text, "> [!NOTE]\n> Body *one*.\n\n\nAfter.\n");
        assert!(r.unclosed.is_empty());
        let one = r.text.find("*one*").unwrap();
        assert_eq!(r.written_offset(one), body.find("*one*").unwrap());
        // A line of prose between colons is no admonition.
        assert_eq!(
            rewrite("::: some text :::\n\nAfter.\n").text,
            "::: some text :::\n\nAfter.\n"
        );
    }

    #[test]
    fn notion_asides_are_callouts_whose_markdown_is_read() {
        let body = "Before.\n\n<aside>\n💡 Page the commander **first**. See [Runbook](../kb/r.md).\n\n</aside>\n\nAfter.\n\n```html\n<aside>\n```\n";
        let r = rewrite(body);
        assert_eq!(
            r.text,
            "Before.\n\n> [!NOTE]\n> 💡 Page the commander **first**. See [Runbook](../kb/r.md).\n>\n\n\nAfter.\n\n```html\n<aside>\n```\n"
        );
        let link = r.text.find("../kb/r.md").unwrap();
        assert_eq!(r.written_offset(link), body.find("../kb/r.md").unwrap());
        // Inside an HTML block (no blank line before it) it is that block's HTML.
        for html in [
            "<div class=\"grid\">\n<aside>\nSide note\n</aside>\n</div>\n",
            "<details><summary>Sum</summary>\n<aside>\ninside\n</aside>\n</details>\n",
        ] {
            assert_eq!(rewrite(html).text, html);
        }
        // Indented into a list item, it is the item's HTML: a callout would end the list.
        let item = "1. Step one\n\n   <aside>\n   Careful here\n   </aside>\n\n2. Step two\n";
        assert_eq!(rewrite(item).text, item);
        // One never closed runs to the end of the page, and says so.
        let r = rewrite("Text.\n\n<aside>\nNote.\n");
        assert_eq!(r.unclosed, [(7, "<aside>".to_string())]);
    }

    #[test]
    fn obsidian_callouts_are_githubs_with_their_titles() {
        let body = "> [!WARNING] Before you start\n> Drain [the node](a.md).\n\n> [!danger]-\n> Gone.\n\n> [!CAUTION] Careful\n> x\n";
        let r = rewrite(body);
        assert_eq!(
            r.text,
            "> [!WARNING]\n> Drain [the node](a.md).\n\n> [!CAUTION]\n> Gone.\n\n> [!CAUTION]\n> x\n"
        );
        assert_eq!(r.title(0), Some("Before you start"));
        let danger = r.text.find("> [!CAUTION]").unwrap();
        assert_eq!(r.title(danger), Some("Danger"));
        // `-` folds it closed; no mark, no fold.
        assert_eq!((r.fold(0), r.fold(danger)), (None, Some(false)));
        let folding = rewrite(
            "??? note \"More\"\n    Body.\n\n???+ tip\n    Open.\n\n> [!info]+ Shown\n> x\n",
        );
        let folds: Vec<Option<bool>> = folding
            .text
            .match_indices("> [!")
            .map(|(at, _)| folding.fold(at))
            .collect();
        assert_eq!(folds, [Some(false), Some(true), Some(true)]);
        assert_eq!(
            r.title(r.text.rfind("> [!CAUTION]").unwrap()),
            Some("Careful")
        );
        let link = r.text.find("a.md").unwrap();
        assert_eq!(r.written_offset(link), body.find("a.md").unwrap());
    }

    #[test]
    fn an_obsidian_callout_nests_in_another() {
        let body =
            "> [!warning] Outer\n> Text.\n> > [!tip]- Inner\n> > Body.\n>\n> [!tip] Not one\n";
        let r = rewrite(body);
        assert_eq!(
            r.text,
            "> [!WARNING]\n> Text.\n> > [!TIP]\n> > Body.\n>\n> [!tip] Not one\n"
        );
        let inner = r.text.find("> [!TIP]").unwrap();
        assert_eq!(
            (r.title(inner), r.fold(inner)),
            (Some("Inner"), Some(false))
        );
        // Under the inner quote's line, a line one quote deep is the outer quote's text.
        assert_eq!(r.title(r.text.rfind("[!tip]").unwrap() - 2), None);
    }

    #[test]
    fn code_and_text_that_only_look_like_admonitions_are_left_alone() {
        for body in [
            "```\n!!! note\n    not an admonition\n```\n",
            "Plain text with ::: in it and !!! too.\n",
            "    !!! note\n    indented code\n",
            "!!!\n",
            // GitHub's own callouts, which the parser reads; and no callout at all.
            "> [!NOTE]\n> Text.\n",
            "> [!tip]\n> Text.\n",
            "> [!NOTE]text\n",
            "See [!this] and > [!x] here.\n",
            // A quote's later line: text of that quote (its words were lost).
            "> Quote first line\n> [!important] Do not delete the database\n",
            "> [!NOTE]\n> [!TIP] important instruction\n",
        ] {
            let r = rewrite(body);
            assert!(
                matches!(r.text, Cow::Borrowed(_)),
                "{body:?} became {:?}",
                r.text
            );
        }
    }
}
