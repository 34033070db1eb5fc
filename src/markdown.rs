//! Markdown to HTML: CommonMark with GitHub's extensions via pulldown-cmark, plus what a wiki
//! needs on top: unique heading ids (the theme's script adds their `#` links), a table of
//! contents, callouts, highlighted code, link rewriting to published URLs, and the list of
//! links to check.

use std::borrow::Cow;

// Fx, not SipHash: keys are the site's own ids and paths, hashed for every heading and link.
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use pulldown_cmark::{
    BlockQuoteKind, CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag,
    TagEnd,
};

use crate::diag::Diagnostic;
use crate::highlight;

/// What a link destination written in a page points at, as decided by the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    /// Outside the site (`https://…`, `mailto:`): left as written.
    External,
    /// Another page (or this one), by index, published at the root-relative `url`.
    Page {
        /// Index of the target page in the site.
        target: usize,
        /// Root-relative URL of the target.
        url: String,
        /// `#fragment`, if any.
        anchor: Option<String>,
    },
    /// A page reached by a link to a file that is no longer there, through the alias the
    /// page keeps for its old address: linked, with a warning to link the page itself.
    Moved {
        /// Index of the page in the site.
        target: usize,
        /// Root-relative URL of the page.
        url: String,
        /// `#fragment`, if any.
        anchor: Option<String>,
        /// What the warning says, and how to fix it.
        message: String,
        help: String,
    },
    /// A file published as is, at the root-relative `url`.
    File {
        /// Root-relative URL of the file.
        url: String,
    },
    /// A fragment on the current page (`#roles`).
    SamePage {
        /// The fragment without `#`.
        anchor: String,
    },
    /// Nothing matches: an error to report.
    Broken {
        /// What is wrong.
        message: String,
        /// How to fix it.
        help: String,
    },
}

/// What a `[[wikilink]]` target names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WikiResolved {
    /// A page.
    Page {
        /// Index of the page.
        target: usize,
        /// Its root-relative URL.
        url: String,
        /// Its title, shown when the link gives a path and no label.
        title: String,
        /// The heading after `#`, as written.
        heading: Option<String>,
        /// The id that heading has on the page (its slug, or the `{#id}` it was given).
        anchor: Option<String>,
    },
    /// No page, or more than one.
    Broken {
        /// What is wrong.
        message: String,
        /// How to fix it, with the candidates.
        help: String,
    },
}

/// Decides where link destinations point; implemented by the site index.
pub trait LinkResolver: Sync {
    /// Resolves `dest` as written in the page at `from` (its path under `content/`).
    fn resolve(&self, from: &str, dest: &str) -> Resolved;
    /// Resolves the target of `[[target]]` written in the page at `from`.
    fn resolve_wiki(&self, from: &str, target: &str) -> WikiResolved;
    /// Turns a root-relative `url` into a link relative to the page at `from`.
    fn relative(&self, from: &str, url: &str) -> String;
    /// The files of the content folder named `name`, wherever they are (Obsidian's
    /// `![[image.png]]`), by their paths in it.
    fn files_named(&self, _name: &str) -> Vec<String> {
        Vec::new()
    }
}

/// How to render.
#[derive(Debug, Clone)]
pub struct RenderOptions {
    /// The theme's words in the site's language: callouts' titles, checkboxes' and
    /// footnotes' labels.
    pub words: std::sync::Arc<crate::i18n::Words>,
    /// Pass raw HTML through (otherwise it is shown as text).
    pub allow_html: bool,
    /// Highlight code with a known language.
    pub highlight: bool,
    /// Write the HTML: `check` needs only the links, anchors, headings and diagnostics.
    pub html: bool,
    /// Write ` ```mermaid ` blocks for the site's Mermaid script to draw (`markdown.mermaid`),
    /// rather than as code.
    pub diagrams: bool,
    /// Show GitHub's emoji shortcodes (`:warning:`) as their emoji (`markdown.emoji`).
    pub emoji: bool,
    /// The site is an Obsidian vault (it has `.obsidian/`): its `%%comments%%` are left out
    /// without a word. Elsewhere a page's first is a warning, as text disappearing from a
    /// page that was not written in Obsidian is more likely a mistake (`%%PATH%%`).
    pub obsidian: bool,
}

/// One entry of a page's table of contents.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TocEntry {
    /// 2 or 3.
    pub level: u8,
    /// The heading's id.
    pub id: String,
    /// Plain text of the heading.
    pub title: String,
}

/// A link to another page, kept to check its `#anchor` once every page is rendered.
#[derive(Debug, Clone)]
pub struct PageLink {
    /// Index of the target page.
    pub target: usize,
    /// The fragment, if any.
    pub anchor: Option<String>,
    /// Byte offset of the destination in the page's file, and its length.
    pub offset: usize,
    /// Length in bytes of the destination as written.
    pub len: usize,
    /// Where the destination is, for a link with an anchor on a page whose body is freed
    /// once rendered ([`crate::parse::render_markdown`]).
    pub spot: Option<Box<crate::diag::Spot>>,
}

/// A link to `#anchor` on the generated page at `url` (a folder URL, `/owners/team-sre/`).
#[derive(Debug, Clone)]
pub struct GeneratedAnchor {
    pub url: String,
    pub anchor: String,
    /// Where the destination is, as [`PageLink`]'s.
    pub offset: usize,
    pub len: usize,
    pub spot: Option<Box<crate::diag::Spot>>,
}

/// A page's Markdown, rendered.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// The HTML body, empty while [`Rendered::compressed`] holds it (read it with
    /// [`Rendered::html`]).
    html: String,
    /// The HTML body, LZ4-compressed by [`Rendered::compress`].
    compressed: Option<Box<[u8]>>,
    /// h2 and h3 headings, in order.
    pub toc: Vec<TocEntry>,
    /// Every id on the page a `#fragment` may point at (headings, footnotes, raw HTML ids).
    pub anchors: HashSet<String>,
    /// Links to pages, for anchor checking and backlinks.
    pub links: Vec<PageLink>,
    /// Links to an anchor of a page the build makes (an owner's, the reviews, a listing):
    /// its ids are known once it is rendered, where `build` and `serve` check them.
    pub generated_anchors: Vec<GeneratedAnchor>,
    /// The first `# H1`, when the body starts with one (removed from `html` when it is used
    /// as or equals the title).
    pub first_h1: Option<String>,
    /// The id of that `# H1`, removed from `html`: the page's title heading takes it, so a
    /// link to it (`#payments-runbook`, a "back to top") still lands.
    pub title_id: Option<String>,
    /// That `# H1` as HTML (its code and emphasis kept) when its text differs from the front
    /// matter's title: the page's heading shows it (the title names the page elsewhere).
    pub heading: Option<String>,
    /// The plain text, cut at headings: what search indexes. Taken (emptied) by the search
    /// stage so the text is not kept twice.
    pub sections: Vec<TextSection>,
    /// Whether the body has a diagram for the Mermaid script to draw (its page loads it).
    pub has_diagram: bool,
    /// A hash of the HTML body, made when first asked for ([`Rendered::html_hash`]).
    html_hash: std::sync::OnceLock<u64>,
}

impl Rendered {
    /// The HTML body.
    pub fn html(&self) -> std::borrow::Cow<'_, str> {
        match &self.compressed {
            None => self.html.as_str().into(),
            Some(bytes) => {
                let html = lz4_flex::decompress_size_prepended(bytes)
                    .expect("the body was compressed by `compress`");
                String::from_utf8(html)
                    .expect("the body was UTF-8 when compressed")
                    .into()
            }
        }
    }

    /// A hash of the HTML body, made once: it stands for the body in the hash of a page's
    /// template context that `serve` compares from one build to the next.
    pub fn html_hash(&self) -> u64 {
        *self.html_hash.get_or_init(|| {
            use std::hash::Hasher;
            let mut hasher = std::hash::DefaultHasher::new();
            hasher.write(self.html().as_bytes());
            hasher.finish()
        })
    }

    /// Holds the HTML body compressed: about half the memory (HTML is the biggest part of a
    /// rendered page, and every page's is held until the templates run), for the time it
    /// takes to compress it now and decompress it once for its template.
    pub fn compress(&mut self) {
        if self.compressed.is_none() {
            self.compressed = Some(lz4_flex::compress_prepend_size(self.html.as_bytes()).into());
            self.html = String::new();
        }
    }
}

/// The plain text of a page between two headings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextSection {
    /// The heading's id (`""` for the text before the first heading).
    pub id: String,
    /// The heading's text.
    pub heading: String,
    /// The text, words separated by single spaces.
    pub text: String,
}

/// The page being rendered.
#[derive(Debug, Clone, Copy)]
pub struct PageSource<'a> {
    /// The file's full text (diagnostics point into it).
    pub file_text: &'a str,
    /// Where the Markdown body starts in `file_text`.
    pub body_offset: usize,
    /// Path under `content/` (links are resolved from it).
    pub rel: &'a str,
    /// Path from the site root (diagnostics name it).
    pub source: &'a str,
    /// The front-matter title: a leading H1 equal to it, or any leading H1 when there is no
    /// title, is dropped because the theme shows the title.
    pub title: Option<&'a str>,
}

/// Renders a page's Markdown body.
pub fn render(
    page: PageSource,
    resolver: &dyn LinkResolver,
    options: &RenderOptions,
    diagnostics: &mut Vec<Diagnostic>,
) -> Rendered {
    let PageSource {
        file_text,
        body_offset,
        rel,
        source,
        title,
    } = page;
    // Other tools' admonitions become callouts before the parser reads the body: from here on
    // event ranges are offsets in `body`, brought back to the file by `state.file_offset`.
    let admonitions = crate::admonition::rewrite(&file_text[body_offset..]);
    let body: &str = &admonitions.text;
    let (body, unclosed_mdx_comment) = match blank_mdx_comments(body) {
        Some((blanked, unclosed)) => (Cow::Owned(blanked), unclosed),
        None => (Cow::Borrowed(body), None),
    };
    let body: &str = &body;
    let (events, maths) = parse(body);
    let (events, comments) = strip_comments(body, without_html_comments(events));
    let unclosed_comment = comments.unclosed;
    if let Some(&(at, len)) = comments.hidden.first()
        && !options.obsidian
    {
        let written = &body[at..at + len];
        let shown: String = written.chars().take(40).collect();
        diagnostics.push(
            Diagnostic::warning(
                "foreign-syntax",
                source,
                format!(
                    "`{}{}` is left out of the page as an Obsidian comment (text between `%%`)",
                    shown.replace('\n', " "),
                    if shown.len() < written.len() { "…" } else { "" }
                ),
            )
            .at_offset(file_text, body_offset + admonitions.written_offset(at), 2)
            .with_help("to show it, write `\\%%` for each `%%` (or `%` once, for a percent sign); in an Obsidian vault (a site with `.obsidian/`) comments are left out without a word"),
        );
    }
    if let Some(at) = unclosed_mdx_comment {
        diagnostics.push(
            Diagnostic::warning(
                "foreign-syntax",
                source,
                "`{/*` opens an MDX comment that is never closed: it shows as text",
            )
            .at_offset(file_text, body_offset + admonitions.written_offset(at), 3)
            .with_help("close it with `*/}`; in Markdown, `<!-- … -->` is a comment too"),
        );
    }
    let events: Vec<(Event, std::ops::Range<usize>)> =
        highlight_marks(body, &maths, autolink(events));
    // An HTML comment never closed runs to the end of the page: all after it vanished
    // without a word (GitHub hides it too, as CommonMark says).
    for (event, range) in &events {
        if let Event::Start(Tag::HtmlBlock) = event {
            let block = &body[range.clone()];
            let opens = block.trim_start().starts_with("<!--");
            if opens && !block.contains("-->") && body[range.end..].trim().is_empty() {
                let at = range.start + (block.len() - block.trim_start().len());
                let hidden = block[block.find('\n').map_or(block.len(), |i| i + 1)..].trim();
                if hidden.is_empty() {
                    continue;
                }
                diagnostics.push(
                    Diagnostic::warning(
                        "hidden-text",
                        source,
                        format!(
                            "this HTML comment is never closed: it hides the rest of the page ({} lines)",
                            hidden.lines().count()
                        ),
                    )
                    .at_offset(file_text, body_offset + admonitions.written_offset(at), 4)
                    .with_help("close it with `-->` where the comment ends"),
                );
            }
        }
    }
    for at in unclosed_comment {
        diagnostics.push(
            Diagnostic::warning(
                "foreign-syntax",
                source,
                "`%%` opens an Obsidian comment that is never closed: it shows as text",
            )
            .at_offset(file_text, body_offset + admonitions.written_offset(at), 2)
            .with_help("close it with `%%` in the same paragraph, or put `%%` at the start of a paragraph and at the end of a later one; write `%` once for a percent sign"),
        );
    }

    foreign_syntax(
        &events,
        file_text,
        body_offset,
        &admonitions,
        source,
        diagnostics,
    );
    for (at, len, image) in links_with_spaces(body, &maths, &events) {
        let written = &body[at..at + len];
        let (open, rest) = written.split_at(written.find("](").unwrap_or(0) + 2);
        let dest = rest.strip_suffix(')').unwrap_or(rest);
        // Azure DevOps's image size, `![d](a.png =300x200)`.
        if let Some((file, size)) = dest.rsplit_once(' ')
            && image
            && let Some((width, height)) = size.strip_prefix('=').and_then(|s| s.split_once('x'))
            && width
                .bytes()
                .chain(height.bytes())
                .all(|b| b.is_ascii_digit())
        {
            let mut sized = format!("<img src=\"{file}\"");
            for (name, value) in [("width", width), ("height", height)] {
                if !value.is_empty() {
                    sized.push_str(&format!(" {name}=\"{value}\""));
                }
            }
            sized.push('>');
            diagnostics.push(
                Diagnostic::warning(
                    "foreign-syntax",
                    source,
                    format!("`{written}` is an image sized as Azure DevOps writes it, which Markdown shows as text"),
                )
                .at_offset(file_text, body_offset + admonitions.written_offset(at), len)
                .with_help(format!("write `{open}{file})` for its own size, or `{sized}`")),
            );
            continue;
        }
        diagnostics.push(
            Diagnostic::error(
                "broken-link",
                source,
                format!(
                    "`{written}` shows as text, not {}: its address has a space, which ends an address in Markdown",
                    if image { "an image" } else { "a link" }
                ),
            )
            .at_offset(file_text, body_offset + admonitions.written_offset(at), len)
            .with_help(format!(
                "write `{open}<{dest}>)` or `{open}{})`",
                dest.replace(' ', "%20")
            )),
        );
    }
    for (event, range) in &events {
        let Event::Start(Tag::Table(columns)) = event else {
            continue;
        };
        let table = &body[range.clone()];
        // A wikilink's `|` ends the cell, as any `|` in a table row does: said as such, and
        // not again as a row with a cell too many.
        let cut_links = wikilinks_cut_by_cells(table);
        for &(at, ref link) in &cut_links {
            diagnostics.push(
                Diagnostic::warning(
                    "foreign-syntax",
                    source,
                    format!(
                        "the `|` of `{link}` ends the table's cell, which cuts the link in two"
                    ),
                )
                .at_offset(
                    file_text,
                    body_offset + admonitions.written_offset(range.start + at),
                    1,
                )
                .with_help(format!(
                    "write `{}` inside a table, as Obsidian does",
                    link.replacen('|', "\\|", 1)
                )),
            );
        }
        let line_of = |at: usize| table[..at].matches('\n').count();
        let cut_lines: Vec<usize> = cut_links.iter().map(|(at, _)| line_of(*at)).collect();
        extra_cells(table, columns.len(), |at, len, shown, cells| {
            if cut_lines.contains(&line_of(at)) {
                return;
            }
            diagnostics.push(
                Diagnostic::warning(
                    "foreign-syntax",
                    source,
                    format!(
                        "this row has {cells} cells and the table's header {}: `{shown}` is not shown",
                        columns.len()
                    ),
                )
                .at_offset(
                    file_text,
                    body_offset + admonitions.written_offset(range.start + at),
                    len,
                )
                .with_help("write `\\|` for a `|` inside a cell (in code too, as GitHub reads it), or add a column to the header"),
            );
        });
    }
    for (at, marker) in &admonitions.unclosed {
        diagnostics.push(
            Diagnostic::warning(
                "foreign-syntax",
                source,
                format!("`{marker}` is never closed: the rest of the page is in it"),
            )
            .at_offset(file_text, body_offset + at, marker.len())
            .with_help(match marker.as_str() {
                "<aside>" => "close it with `</aside>` on a line of its own",
                "{% hint %}" => "close it with `{% endhint %}` on a line of its own",
                "{{% notice %}}" => "close it with `{{% /notice %}}` on a line of its own",
                "{{< notice >}}" => "close it with `{{< /notice >}}` on a line of its own",
                _ => "close it with `:::` on a line of its own",
            }),
        );
    }
    let mut out = Rendered::default();
    // Ids from the text as written, as GitHub makes them: `## :rocket: Launch` is
    // `#rocket-launch`.
    let ids = heading_ids(&events);
    let events = if options.emoji {
        emoji_shortcodes(body, events)
    } else {
        events
    };
    // The events of the page's `# H1`, left out of its body: its first event, or the first
    // after what a README puts above its title (badges, a centred logo).
    let mut skipped = 0..0;
    let h1 = events.iter().position(|(e, _)| {
        matches!(
            e,
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            })
        )
    });
    if let Some(first) = h1.filter(|&at| only_badges(&events[..at])) {
        // The page's heading, whatever its front matter's title (which then names it in
        // menus and the window's title): shown as well, the two made two `<h1>`s, "High CPU"
        // over "High CPU on API nodes". MkDocs and Docusaurus show the H1 alone too.
        let end = end_of(&events, first, |e| {
            matches!(e, Event::End(TagEnd::Heading(_)))
        });
        let text = plain_text(&events[first + 1..end]);
        skipped = first..end + 1;
        out.anchors.insert(ids[0].clone());
        out.title_id = Some(ids[0].clone());
        // The title as written may spell the H1's emoji as shortcodes (`:rocket: Launch`).
        let same = |t: &str| {
            t.trim() == text.trim()
                || options.emoji && with_emoji(t).is_some_and(|t| t.trim() == text.trim())
        };
        if !title.is_none_or(same) {
            out.heading = Some(heading_html(&events[first + 1..end]));
        }
        out.first_h1 = Some(text);
    }

    let mut footnote_numbers: HashMap<String, usize> = HashMap::default();
    // How many times each footnote is referred to: a definition links back to each reference.
    let mut footnote_refs: HashMap<String, usize> = HashMap::default();
    for (event, _) in &events {
        if let Event::FootnoteReference(name) = event {
            *footnote_refs.entry(slug(name)).or_default() += 1;
        }
    }
    let mut rewritten: Vec<Event> = Vec::with_capacity(events.len());
    let mut state = RenderState {
        file_text,
        body_offset,
        body,
        admonitions: &admonitions,
        rel,
        source,
        resolver,
        options,
        diagnostics,
        out: &mut out,
        footnote_numbers: &mut footnote_numbers,
        footnote_refs_seen: HashMap::default(),
        raw_text_until: None,
    };
    let mut heading_index = 0;
    // Footnotes go to the end of the page, as GitHub puts them, wherever they are written:
    // each definition's events, cut out of `rewritten`, by number.
    let mut footnotes: Vec<(usize, Vec<Event>)> = Vec::new();
    let mut footnote_start: Option<(usize, usize, String)> = None;
    // How each callout open now ends (`</div>` or `</details>`), innermost last.
    let mut callout_ends: Vec<&str> = Vec::new();
    let mut i = 0;
    while i < events.len() {
        let (event, range) = &events[i];
        if matches!(event, Event::End(TagEnd::FootnoteDefinition))
            && let Some((start, number, id)) = footnote_start.take()
        {
            let mut definition: Vec<Event> = rewritten.drain(start..).collect();
            // The ways back to its references (none for a footnote never referred to) end the
            // definition's last paragraph, numbered from the second on, as on GitHub.
            let refs = footnote_refs.get(&id).copied().unwrap_or(0);
            let back = Event::Html(
                (1..=refs)
                    .map(|k| {
                        let (suffix, mark) = match k {
                            1 => (String::new(), String::new()),
                            _ => (format!("-{k}"), format!("<sup>{k}</sup>")),
                        };
                        let label = escape(
                            &state
                                .options
                                .words
                                .format("footnote_back", &[("n", &format!("{number}{suffix}"))]),
                        );
                        format!(
                            " <a href=\"#fnref-{id}{suffix}\" class=\"footnote-backref\" aria-label=\"{label}\">↩{mark}</a>"
                        )
                    })
                    .collect::<String>()
                    .into(),
            );
            match definition
                .iter()
                .rposition(|e| matches!(e, Event::End(TagEnd::Paragraph)))
            {
                Some(at) => definition.insert(at, back),
                None => definition.push(back),
            }
            definition.push(Event::Html("</div>\n".into()));
            footnotes.push((number, definition));
            i += 1;
            continue;
        }
        if skipped.contains(&i) {
            if matches!(event, Event::Start(Tag::Heading { .. })) {
                heading_index += 1;
            }
            i += 1;
            continue;
        }
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                let id = &ids[heading_index];
                heading_index += 1;
                let end = end_of(&events, i, |e| matches!(e, Event::End(TagEnd::Heading(_))));
                let level_number = *level as u8;
                if matches!(level, HeadingLevel::H2 | HeadingLevel::H3) {
                    state.out.toc.push(TocEntry {
                        level: level_number,
                        id: id.clone(),
                        title: plain_text(&events[i + 1..end]),
                    });
                }
                state.out.anchors.insert(id.clone());
                rewritten.push(Event::Html(
                    format!("<h{level_number} id=\"{}\">", escape(id)).into(),
                ));
                let mut j = i + 1;
                while j < end {
                    j = push_inline(&events, j, &mut rewritten, &mut state);
                }
                // The theme's script adds a `#` link to each heading: written here it took
                // 0.4 kB of an average page, and feeds had to strip it again.
                rewritten.push(Event::Html(format!("</h{level_number}>\n").into()));
                i = end + 1;
                continue;
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = fence_language(kind).to_string();
                let (title, lines) = match kind {
                    CodeBlockKind::Fenced(info) => (fence_title(info), LineMarks::of(info)),
                    CodeBlockKind::Indented => (None, LineMarks::default()),
                };
                let mut code = String::new();
                let mut j = i + 1;
                while let Some((Event::Text(t), _)) = events.get(j) {
                    code.push_str(t);
                    j += 1;
                }
                if options.diagrams && is_diagram(&lang) {
                    // The script reads the diagram from the text; until it runs (or without
                    // scripts) the source shows, as code does.
                    rewritten.push(Event::Html(
                        format!("<pre class=\"mermaid\">{}</pre>\n", escape(&code)).into(),
                    ));
                    state.out.has_diagram = true;
                    i = j + 1;
                    continue;
                }
                let mut html = code_block(&code, &lang, options.highlight, &lines);
                if let Some(title) = title {
                    // Shown where the language is (see the theme's `pre.code[data-title]`).
                    html.insert_str(
                        "<pre class=\"code\"".len(),
                        &format!(" data-title=\"{}\"", escape(&title)),
                    );
                }
                rewritten.push(Event::Html(html.into()));
                i = j + 1; // past End(CodeBlock)
                continue;
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                let class = callout(*kind);
                let words = &state.options.words;
                // An admonition's own title (`!!! warning "Before you restart"`); a type's
                // name standing for its title (`!!! danger` is "Danger") in the site's language.
                let title = admonitions.title(range.start);
                let label = match title {
                    Some(title) if !title.trim().is_empty() => {
                        let key = format!("callout_{}", title.trim().to_lowercase());
                        match crate::i18n::english_text(&key) {
                            Some(english) if english == title.trim() => escape(words.text(&key)),
                            _ => inline_html(title),
                        }
                    }
                    _ => escape(words.text(&format!("callout_{class}"))),
                };
                // One that folds (MkDocs' `???`, Obsidian's `-`) is a `<details>`, its title
                // the summary to click; one titled `""` (MkDocs' way) has no title bar.
                let (html, close) = match admonitions.fold(range.start) {
                    None if title.is_some_and(|t| t.trim().is_empty()) => (
                        format!("<div class=\"callout callout-{class}\" role=\"note\">\n"),
                        "</div>\n",
                    ),
                    Some(open) => (
                        format!(
                            "<details class=\"callout callout-{class}\"{}><summary class=\"callout-title\">{label}</summary>\n",
                            if open { " open" } else { "" }
                        ),
                        "</details>\n",
                    ),
                    None => (
                        format!(
                            "<div class=\"callout callout-{class}\" role=\"note\"><p class=\"callout-title\">{label}</p>\n"
                        ),
                        "</div>\n",
                    ),
                };
                callout_ends.push(close);
                rewritten.push(Event::Html(html.into()));
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => {
                let close = callout_ends.pop().unwrap_or("</div>\n");
                rewritten.push(Event::Html(close.into()))
            }
            Event::Start(Tag::Table(_)) => {
                rewritten.push(Event::Html("<div class=\"table-wrap\">".into()));
                rewritten.push(event.clone());
            }
            Event::End(TagEnd::Table) => {
                rewritten.push(event.clone());
                rewritten.push(Event::Html("</div>\n".into()));
            }
            Event::Start(Tag::Item)
                if matches!(events.get(i + 1), Some((Event::TaskListMarker(_), _))) =>
            {
                rewritten.push(Event::Html("<li class=\"task\">".into()));
            }
            // A checkbox needs a name for screen readers (axe's `label` rule, WCAG A): the
            // parser's has none.
            Event::TaskListMarker(done) => {
                let words = &state.options.words;
                rewritten.push(Event::Html(
                    if *done {
                        format!(
                            "<input type=\"checkbox\" disabled=\"\" checked=\"\" aria-label=\"{}\"> ",
                            escape(words.text("task_done"))
                        )
                    } else {
                        format!(
                            "<input type=\"checkbox\" disabled=\"\" aria-label=\"{}\"> ",
                            escape(words.text("task_not_done"))
                        )
                    }
                    .into(),
                ));
            }
            Event::Start(Tag::FootnoteDefinition(name)) => {
                let number = footnote_number(state.footnote_numbers, name);
                let id = format!("fn-{}", slug(name));
                state.out.anchors.insert(id.clone());
                footnote_start = Some((rewritten.len(), number, slug(name)));
                rewritten.push(Event::Html(
                    format!(
                        "<div class=\"footnote-definition\" id=\"{id}\"><sup class=\"footnote-definition-label\">{number}</sup>"
                    )
                    .into(),
                ));
            }
            _ => {
                i = push_inline(&events, i, &mut rewritten, &mut state);
                continue;
            }
        }
        i += 1;
    }
    if !footnotes.is_empty() {
        footnotes.sort_by_key(|(number, _)| *number);
        rewritten.push(Event::Html(
            "<section class=\"footnotes\" role=\"doc-endnotes\">\n".into(),
        ));
        rewritten.extend(footnotes.into_iter().flat_map(|(_, events)| events));
        rewritten.push(Event::Html("</section>\n".into()));
    }
    if options.html {
        // Every page's HTML is held until the pages render: a buffer grown by doubling held
        // almost half as much again as its text (5 kB a page on the benchmark corpus).
        out.html.reserve(body.len() * 2);
        pulldown_cmark::html::push_html(&mut out.html, rewritten.into_iter());
        if has_right_to_left(body) {
            out.html = with_block_directions(&out.html);
        }
        out.html.shrink_to_fit();
    }
    out.sections = text_sections(&events, &ids, skipped, options.diagrams, &admonitions);
    out
}

/// Whether `text` holds Hebrew, Arabic, Syriac or Thaana letters (U+0590 to U+07FF: the
/// UTF-8 sequences that start with bytes 0xD6 to 0xDF, Armenian's last letters among them).
/// Looked for in every page with a letter past ASCII (most): with SIMD searches, as a loop
/// over the bytes cost 1.3% of a build.
fn has_right_to_left(text: &str) -> bool {
    let bytes = text.as_bytes();
    !text.is_ascii()
        && (memchr::memchr3(0xD6, 0xD7, 0xD8, bytes).is_some()
            || memchr::memchr3(0xD9, 0xDA, 0xDB, bytes).is_some()
            || memchr::memchr3(0xDC, 0xDD, 0xDE, bytes).is_some()
            || memchr::memchr(0xDF, bytes).is_some())
}

/// `html` with each block of text (paragraph, heading, table cell, the item of a tight list)
/// laid out in the direction of its own first letters, as GitHub does: an Arabic paragraph in
/// an English page was laid out left to right, its full stop at its start. Never a block
/// holding others (a quote, a loose list's item): a browser reads an `auto` direction from
/// the text outside its children with one of their own, and found none in a quote.
fn with_block_directions(html: &str) -> String {
    const AUTO: &[(&str, &str)] = &[
        ("<p>", "<p dir=\"auto\">"),
        ("<td>", "<td dir=\"auto\">"),
        ("<th>", "<th dir=\"auto\">"),
        ("<td style=", "<td dir=\"auto\" style="),
        ("<th style=", "<th dir=\"auto\" style="),
        ("<h2 id=", "<h2 dir=\"auto\" id="),
        ("<h3 id=", "<h3 dir=\"auto\" id="),
        ("<h4 id=", "<h4 dir=\"auto\" id="),
        ("<h5 id=", "<h5 dir=\"auto\" id="),
        ("<h6 id=", "<h6 dir=\"auto\" id="),
    ];
    let mut out = html.to_string();
    for (plain, directed) in AUTO {
        if out.contains(plain) {
            out = out.replace(plain, directed);
        }
    }
    // A tight list's item holds its text; a loose one's, paragraphs (`<li>\n<p`).
    let mut items = String::with_capacity(out.len());
    let mut rest = out.as_str();
    while let Some(at) = rest.find("<li>") {
        items.push_str(&rest[..at]);
        let after = &rest[at + 4..];
        if after.starts_with('\n') {
            items.push_str("<li>");
        } else {
            items.push_str("<li dir=\"auto\">");
        }
        rest = after;
    }
    items.push_str(rest);
    items
}

/// Warns, once a line, where a page uses another tool's syntax that opsbook shows as plain
/// text: MkDocs admonitions and content tabs, Docusaurus admonitions, Hugo shortcodes, and
/// ERB or Liquid tags. A line's source is read where the parser found text on it (not in code,
/// so an example in a code block or span is no mistake): the parser cuts such syntax into
/// several pieces of text (at `<`, `[`, quotes).
/// Calls `found(offset, length, text, cells)` for each row of a GFM table (its source
/// `table`) with more cells than its header's `columns`, at the first cell left out: the
/// parser drops them without a word, and a `|` in code (`a|b`, kept by MkDocs) cuts a cell.
/// The wikilinks with a label (`[[page|label]]`) in a table's rows, whose `|` ends a cell:
/// where that `|` is in the table's text, and the link.
fn wikilinks_cut_by_cells(table: &str) -> Vec<(usize, String)> {
    let mut cut = Vec::new();
    let mut offset = 0;
    for line in table.split_inclusive('\n') {
        let mut from = 0;
        while let Some(open) = line[from..].find("[[").map(|i| from + i) {
            let Some(close) = line[open..].find("]]").map(|i| open + i) else {
                break;
            };
            let inside = &line[open + 2..close];
            if let Some(pipe) = inside.find('|')
                && !inside[..pipe].ends_with('\\')
            {
                cut.push((offset + open + 2 + pipe, line[open..close + 2].to_string()));
            }
            from = close + 2;
        }
        offset += line.len();
    }
    cut
}

fn extra_cells(table: &str, columns: usize, mut found: impl FnMut(usize, usize, &str, usize)) {
    let mut offset = 0;
    for (n, line) in table.split_inclusive('\n').enumerate() {
        let at = offset;
        offset += line.len();
        // The header and the delimiter row make the columns.
        if n < 2 {
            continue;
        }
        // A table in a quote or a list: what comes before its first `|` is no cell.
        let lead = line.len() - line.trim_start_matches([' ', '\t', '>']).len();
        let row = line[lead..].trim_end();
        let mut pipes: Vec<usize> = Vec::new();
        let mut escaped = false;
        for (i, b) in row.bytes().enumerate() {
            match b {
                b'\\' => escaped = !escaped,
                b'|' if !escaped => pipes.push(i),
                _ => escaped = false,
            }
            if b != b'\\' {
                escaped = false;
            }
        }
        // Cells between pipes, the outer pipes optional.
        let leading = pipes.first() == Some(&0);
        let trailing = !row.is_empty() && pipes.last() == Some(&(row.len() - 1));
        let cells = pipes.len() + 1 - usize::from(leading) - usize::from(trailing);
        if cells <= columns || row.is_empty() {
            continue;
        }
        // The first cell left out starts after the pipe that ends the last column shown.
        let cut = pipes[columns - 1 + usize::from(leading)] + 1;
        let end = if trailing { row.len() - 1 } else { row.len() };
        let shown = row[cut..end].trim();
        // Cells left empty (`| a | b |   |`) lose nothing.
        if shown.chars().all(|c| c == '|' || c.is_whitespace()) {
            continue;
        }
        let start = cut + (row[cut..].len() - row[cut..].trim_start().len());
        found(at + lead + start, shown.len().max(1), shown, cells);
    }
}

/// mdBook's tags that put a file's text in the page.
const MDBOOK_INCLUDES: [&str; 4] = [
    "{{#include",
    "{{#rustdoc_include",
    "{{#playground",
    "{{#template",
];
/// Where an mdBook include tag starts in `line`, unless escaped as mdBook escapes it
/// (`\{{#include …}}` shows the tag).
fn mdbook_include_at(line: &str) -> Option<usize> {
    MDBOOK_INCLUDES
        .iter()
        .flat_map(|m| line.match_indices(m).map(|(i, _)| i))
        .filter(|&i| !line[..i].ends_with('\\'))
        .min()
}

const MDBOOK_INCLUDE: &str = "`{{#include …}}` is an mdBook include, which opsbook does not run: the line shows as text, and the file's text is missing";
const MDBOOK_INCLUDE_HELP: &str = "paste the text in, or move the file into the content folder and link to it (`[config](config.yaml)`): a file outside the content folder is not published, and a link to it is broken";

fn foreign_syntax(
    events: &Events,
    file_text: &str,
    body_offset: usize,
    admonitions: &crate::admonition::Rewritten,
    source: &str,
    diagnostics: &mut Vec<Diagnostic>,
) {
    const IN_MARKDOWN: &str = "write what it makes in Markdown or HTML";
    const IN_LIST: &str = "start it at the beginning of a line, after the list, or write a callout in the item: `> [!NOTE]` on a line, then the text on `> ` lines";
    let body: &str = &admonitions.text;
    if !may_hold_foreign_syntax(body) {
        return;
    }
    let mut in_code = 0usize;
    let mut text: Vec<std::ops::Range<usize>> = Vec::new();
    // Confluence's storage format is told once a page, where it first is (an export holds it
    // everywhere): its offset in `body` and length.
    let mut confluence: Option<(usize, usize)> = None;
    let mut first_confluence = |at: usize, len: usize| {
        if confluence.is_none_or(|(first, _)| at < first) {
            confluence = Some((at, len));
        }
    };
    for (event, range) in events {
        let is_confluence = match event {
            Event::Html(html) | Event::InlineHtml(html) => ["<ac:", "<ri:", "<![CDATA["]
                .iter()
                .any(|m| html.trim_start().starts_with(m)),
            // `<ac:plain-text-body>` reads as a link to a web address of the `ac:` scheme.
            Event::Start(Tag::Link {
                link_type: LinkType::Autolink,
                dest_url,
                ..
            }) => dest_url.starts_with("ac:") || dest_url.starts_with("ri:"),
            _ => false,
        };
        if is_confluence && in_code == 0 {
            let len = body[range.clone()].find('>').map_or(1, |i| i + 1);
            first_confluence(range.start, len);
        }
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code += 1,
            Event::End(TagEnd::CodeBlock) => in_code = in_code.saturating_sub(1),
            Event::Text(_) if in_code == 0 => text.push(range.clone()),
            // mdBook includes a file's code into a code block: here the block shows the tag.
            Event::Text(code) if code.contains("{{#") => {
                for line_start in
                    std::iter::once(0).chain(code.match_indices('\n').map(|(i, _)| i + 1))
                {
                    let line = &code[line_start..];
                    let line = &line[..line.find('\n').unwrap_or(line.len())];
                    let Some(i) = mdbook_include_at(line) else {
                        continue;
                    };
                    let at = range.start + line_start + i;
                    if body.get(at..at + 3) != Some("{{#") {
                        continue;
                    }
                    diagnostics.push(
                        Diagnostic::warning("foreign-syntax", source, MDBOOK_INCLUDE)
                            .at_offset(file_text, body_offset + admonitions.written_offset(at), 3)
                            .with_help(MDBOOK_INCLUDE_HELP),
                    );
                }
            }
            // MDX's components (`<Tabs>`, `<TabItem value="mac">`), which Docusaurus reads in
            // `.md` files too: to a browser an unknown element, its text run together. Named
            // in PascalCase, unlike HTML's elements, even in old capitals (`<BR>`).
            Event::Html(html) | Event::InlineHtml(html)
                if html.starts_with('<')
                    && html[1..].starts_with(|c: char| c.is_ascii_uppercase())
                    && component_name(html).chars().any(|c| c.is_ascii_lowercase())
                    && placeholder_tag(html).is_none() =>
            {
                let name = component_name(html);
                diagnostics.push(
                    Diagnostic::warning(
                        "foreign-syntax",
                        source,
                        format!("`<{name}>` is an MDX component (Docusaurus's), which opsbook does not run: its text shows run together"),
                    )
                    .at_offset(
                        file_text,
                        body_offset + admonitions.written_offset(range.start),
                        name.len() + 1,
                    )
                    .with_help(match name {
                        // Docusaurus's admonition as a component: its Markdown form is read.
                        "Admonition" => "write it as Docusaurus's Markdown admonition, which opsbook reads: `:::tip Title` … `:::`",
                        "Tabs" | "TabItem" => "write what it shows in Markdown: a heading for each tab",
                        "Details" => "write it as HTML, which opsbook shows: `<details><summary>Title</summary>` … `</details>`",
                        _ => "write what it shows in Markdown",
                    }),
                );
            }
            _ => {}
        }
    }
    let is_text = |at: usize| text.iter().any(|r| r.contains(&at));
    // Text comes in the page's order: a line's pieces one after the other.
    let mut last_line = None;
    for range in &text {
        let start = body[..range.start].rfind('\n').map_or(0, |i| i + 1);
        if last_line.replace(start) == Some(start) {
            continue;
        }
        let line = &body[start..body[start..].find('\n').map_or(body.len(), |i| start + i)];
        let lead = line.len() - line.trim_start().len();
        let trimmed = line.trim_start();
        // Admonitions are callouts by now (see `crate::admonition`): one still here is
        // indented (in a list item), or a `:::` that closes none.
        let colons = (lead <= 3 && trimmed.starts_with(":::")).then(|| {
            trimmed
                .split(|c: char| c.is_whitespace() || c == '[' || c == '{')
                .next()
                .unwrap_or(":::")
                .to_string()
        });
        // An admonition left as text: MkDocs' (`!!! note`) or a named `:::tip`.
        let indented = if ["!!! ", "??? ", "???+ "]
            .iter()
            .any(|m| trimmed.starts_with(m))
        {
            Some(
                trimmed
                    .split_whitespace()
                    .take(2)
                    .collect::<Vec<_>>()
                    .join(" "),
            )
        } else {
            colons.clone().filter(|marker| marker.len() > 3)
        };
        let attributes = ["){", "]{", ") {"].iter().find_map(|m| {
            let at = line.find(m)? + m.len() - 1;
            let inside = line[at + 1..].trim_start();
            (inside.starts_with(['.', '#', ':']) || inside.contains("=\"")).then_some(at)
        });
        let attributes_help = attributes.map(|at| attribute_list_help(&line[..at], &line[at..]));
        // (`:::` opens only at the line's start, `!!!` up to three spaces in.)
        let found: Option<(usize, usize, String, &str)> = if let Some(marker) = &indented
            && (lead > 3 || marker.starts_with(':') && lead > 0)
        {
            Some((
                lead,
                marker.len(),
                format!(
                    "`{marker}` is read as an admonition only at the start of a line, not indented (in a list item), so it shows as text"
                ),
                IN_LIST,
            ))
        } else if let Some(marker) = indented {
            Some((
                lead,
                marker.len(),
                format!("`{marker}` is not read as an admonition, so it shows as text"),
                "write `:::tip[Title]` or `!!! tip \"Title\"` whole on one line, the title's brackets or quotes closed; for the line as text, write `\\` before its first mark (`\\!!!`)",
            ))
        } else if lead <= 3 && trimmed.starts_with("{:") && trimmed.trim_end().ends_with('}') {
            Some((
                lead,
                trimmed.trim_end().len(),
                "`{: … }` is a kramdown attribute list (Jekyll's), which opsbook shows as text"
                    .into(),
                "remove it; for a callout, write `> [!NOTE]` on the line above the paragraph and `> ` before each of its lines",
            ))
        } else if lead <= 3 && trimmed.starts_with("--8<--") {
            Some((
                lead,
                6,
                "`--8<--` is an MkDocs snippet, which opsbook does not include: the line shows as text, and the file's text is missing".into(),
                "paste the text in, or link to the page it is on",
            ))
        } else if lead <= 3
            && trimmed.starts_with("import ")
            && (trimmed.contains(" from '") || trimmed.contains(" from \""))
        {
            Some((
                lead,
                6,
                "`import … from` is an MDX import (Docusaurus's), which opsbook does not run: it shows as text".into(),
                "remove it, and write what its component shows in Markdown",
            ))
        } else if lead <= 3
            && (trimmed.starts_with("export const ")
                || trimmed.starts_with("export function ")
                || trimmed.starts_with("export default "))
        {
            Some((
                lead,
                6,
                "`export` is an MDX export (Docusaurus's), which opsbook does not run: it shows as text".into(),
                "remove it, and write what it shows in Markdown",
            ))
        } else if let (Some(at), Some(help)) = (attributes, &attributes_help) {
            Some((
                at,
                1,
                "`{ … }` after a link or an image is an attribute list (MkDocs' attr_list), which opsbook shows as text".into(),
                help.as_str(),
            ))
        } else if let Some(marker) = colons
            .as_ref()
            .filter(|m| trimmed[m.len()..].trim_start().starts_with('{'))
        {
            // A pandoc div whose attributes name no class (those that do are callouts).
            Some((
                lead,
                marker.len(),
                format!(
                    "`{}` is a fenced div (pandoc's) with no class, which opsbook does not read: it shows as text",
                    trimmed.trim_end()
                ),
                "give it a callout's type, `::: {.note}` (or tip, warning, danger), or remove its `:::` lines",
            ))
        } else if let Some(marker) = colons {
            Some((
                lead,
                marker.len(),
                format!("`{marker}` closes no admonition, so it shows as text"),
                "open an admonition with `:::note` (or tip, info, warning, danger) on a line of its own and close it with `:::`",
            ))
        } else if lead <= 3
            && trimmed.starts_with("*[")
            && trimmed.find("]:").is_some_and(|end| end > 2)
        {
            // Python-Markdown's abbreviations: `*[HTML]: Hyper Text Markup Language`.
            Some((
                lead,
                trimmed.find("]:").map_or(2, |end| end + 2),
                "`*[…]:` defines an abbreviation (MkDocs' abbr), which opsbook shows as text"
                    .into(),
                "write the term out where it is first used, `Hyper Text Markup Language (HTML)`, and remove the line",
            ))
        } else if let Some((at, icon)) = theme_icon(line) {
            Some((
                at,
                icon.len(),
                format!(
                    "`{icon}` is an icon of MkDocs Material's, which opsbook does not draw: it shows as text"
                ),
                "use an emoji shortcode (`:white_check_mark:`, `:warning:`), or remove it",
            ))
        } else if lead <= 3 && trimmed.trim_end() == "[TOC]" {
            Some((
                lead,
                5,
                "`[TOC]` asks for a table of contents, which opsbook makes itself (\"On this page\"): it shows as text".into(),
                "remove the line",
            ))
        } else if lead <= 3 && trimmed.starts_with("=== \"") {
            Some((
                lead,
                3,
                "`=== \"…\"` is an MkDocs content tab, which opsbook shows as text".into(),
                "write each tab's content under a heading of its own",
            ))
        } else if let Some(i) = ["{{<", "{{%"].iter().filter_map(|m| line.find(m)).min() {
            let help = if line[i..].contains("ref ") || line[i..].contains("ref\"") {
                "link to the page itself: `[text](../other/page.md#heading)`, which opsbook checks"
            } else {
                IN_MARKDOWN
            };
            let shortcode = if line[i..].starts_with("{{%") {
                "{{% … %}}"
            } else {
                "{{< … >}}"
            };
            Some((
                i,
                3,
                format!(
                    "`{shortcode}` is a Hugo shortcode, which opsbook does not run: it shows as text"
                ),
                help,
            ))
        } else if let Some(i) = mdbook_include_at(line) {
            Some((i, 3, MDBOOK_INCLUDE.into(), MDBOOK_INCLUDE_HELP))
        } else if let Some(i) = line.find("<%").filter(|&i| line[i..].contains("%>")) {
            Some((i, 2, "`<% … %>` is an ERB tag (the GOV.UK template's), which opsbook does not run: it shows as text".into(), IN_MARKDOWN))
        } else if let Some(i) = line.find("{%").filter(|&i| line[i..].contains("%}")) {
            Some((i, 2, "`{% … %}` is a template tag (Liquid, Jinja), which opsbook does not run: it shows as text".into(), IN_MARKDOWN))
        } else {
            None
        };
        // A macro's tag with attributes is no HTML tag (`ac:` is no element name): text.
        if memchr::memchr(b'<', line.as_bytes()).is_some()
            && let Some(i) = ["<ac:", "<ri:"].iter().filter_map(|m| line.find(m)).min()
            && is_text(start + i)
        {
            let len = line[i..].find('>').map_or(4, |end| end + 1);
            first_confluence(start + i, len);
        }
        let Some((at, len, message, help)) = found.filter(|(at, ..)| is_text(start + at)) else {
            continue;
        };
        diagnostics.push(
            Diagnostic::warning("foreign-syntax", source, message)
                .at_offset(
                    file_text,
                    body_offset + admonitions.written_offset(start + at),
                    len,
                )
                .with_help(help),
        );
    }
    if let Some((at, len)) = confluence {
        diagnostics.push(
            Diagnostic::warning(
                "foreign-syntax",
                source,
                "`<ac:…>` is Confluence's storage format, which browsers do not show: the macro's text is hidden or shows as stray tags",
            )
            .at_offset(file_text, body_offset + admonitions.written_offset(at), len)
            .with_help("write what the macro showed in Markdown: a ``` code block, a `> [!NOTE]` callout, a link"),
        );
    }
}

/// Whether `events`, before a page's `# H1`, are only what a README puts above its title:
/// badges and logos (images, linked or not) and HTML (`<p align="center">`, a comment).
fn only_badges(events: &[(Event, std::ops::Range<usize>)]) -> bool {
    let mut in_image = 0usize;
    events.iter().all(|(event, _)| match event {
        Event::Start(Tag::Image { .. }) => {
            in_image += 1;
            true
        }
        Event::End(TagEnd::Image) => {
            in_image = in_image.saturating_sub(1);
            true
        }
        _ if in_image > 0 => true,
        Event::Start(Tag::Paragraph | Tag::Link { .. } | Tag::HtmlBlock)
        | Event::End(TagEnd::Paragraph | TagEnd::Link | TagEnd::HtmlBlock)
        | Event::Html(_)
        | Event::InlineHtml(_)
        | Event::SoftBreak
        | Event::HardBreak => true,
        Event::Text(text) => text.trim().is_empty(),
        _ => false,
    })
}

/// The page's plain text cut at its headings (the dropped leading H1 excluded). Blocks
/// (paragraphs, list items, table cells, code blocks, quotes) are joined by a line break, not
/// a space: search reads a run of words across one as two runs (a phrase does not span two
/// table cells or list items).
fn text_sections(
    events: &Events,
    ids: &[String],
    skipped: std::ops::Range<usize>,
    diagrams: bool,
    // The titles of admonitions (`!!! warning "Title"`, a content tab's label): text a
    // reader searches for, though the page shows it as HTML.
    admonitions: &crate::admonition::Rewritten,
) -> Vec<TextSection> {
    let mut sections = vec![TextSection::default()];
    let mut heading_index = 0;
    let mut in_heading = false;
    // A diagram's source (`flowchart LR`, `A --> B`) is no text a reader searches for.
    let mut in_diagram = false;
    // A block ended since the last text.
    let mut block_ended = false;
    // The end of an HTML comment, script or style the lines of raw HTML are in.
    let mut html_skipping: Option<String> = None;
    for (i, (event, range)) in events.iter().enumerate() {
        match event {
            Event::Start(Tag::BlockQuote(Some(_)))
                if !skipped.contains(&i)
                    && let Some(title) = admonitions.title(range.start) =>
            {
                let target = text_of(&mut sections, in_heading);
                if !target.is_empty() {
                    target.truncate(target.trim_end().len());
                    target.push('\n');
                }
                target.push_str(inline_text(title).trim());
                block_ended = true;
            }
            Event::Start(Tag::Heading { .. }) => {
                if !skipped.contains(&i) {
                    sections.push(TextSection {
                        id: ids[heading_index].clone(),
                        ..TextSection::default()
                    });
                    in_heading = true;
                    block_ended = false;
                }
                heading_index += 1;
            }
            Event::End(TagEnd::Heading(_)) => in_heading = false,
            Event::Start(Tag::CodeBlock(kind)) if diagrams && is_diagram(fence_language(kind)) => {
                in_diagram = true;
                block_ended = true;
            }
            Event::End(TagEnd::CodeBlock) if in_diagram => in_diagram = false,
            Event::Text(_) if in_diagram => {}
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::CodeBlock
                | TagEnd::BlockQuote(_)
                | TagEnd::FootnoteDefinition
                | TagEnd::DefinitionListTitle
                | TagEnd::DefinitionListDefinition,
            )
            | Event::HardBreak => block_ended = true,
            // A block that starts inside another before it ends: a list nested in a tight
            // list's item, whose text ran into the item's ("nodeCordon").
            Event::Start(
                Tag::List(_) | Tag::Item | Tag::Paragraph | Tag::CodeBlock(_) | Tag::BlockQuote(_),
            ) => block_ended = true,
            Event::SoftBreak if !skipped.contains(&i) => {
                let target = text_of(&mut sections, in_heading);
                if !target.is_empty() && !target.ends_with([' ', '\n']) {
                    target.push(' ');
                }
            }
            // What raw HTML shows (a Confluence export's `<table>`, a `<summary>`), each
            // block a line: it was left out, and such a page was found by its title alone.
            Event::Html(html) if !skipped.contains(&i) && !in_heading => {
                let target = text_of(&mut sections, in_heading);
                let shown = html_text(html, &mut html_skipping);
                for line in shown.lines().map(str::trim).filter(|l| !l.is_empty()) {
                    if !target.is_empty() {
                        target.truncate(target.trim_end().len());
                        target.push('\n');
                    }
                    target.push_str(line);
                }
                block_ended = true;
            }
            Event::Text(t) | Event::Code(t) if !skipped.contains(&i) => {
                let target = text_of(&mut sections, in_heading);
                // Inline pieces keep the spaces written between them ("a [link](x)." is
                // "a link.", not "a link ."), and blocks are lines.
                let t: &str = t;
                let piece = if block_ended && !target.is_empty() {
                    target.truncate(target.trim_end().len());
                    target.push('\n');
                    t.trim_start()
                } else if target.is_empty() || target.ends_with([' ', '\n']) {
                    t.trim_start()
                } else {
                    t
                };
                block_ended = false;
                target.push_str(piece);
            }
            _ => {}
        }
    }
    for section in &mut sections {
        section.text.truncate(section.text.trim_end().len());
        section.heading.truncate(section.heading.trim_end().len());
    }
    if sections[0].text.is_empty() && sections.len() > 1 {
        sections.remove(0);
    }
    sections
}

/// The text of a block of raw HTML as a browser shows it: tags left out, a line for each
/// block element, entities read; comments, scripts and styles are no text.
///
/// A block of HTML comes a line at a time: `skipping` carries, from one line to the next,
/// the end of the comment, script or style being skipped (`-->`, `</script`, `</style`).
fn html_text(html: &str, skipping: &mut Option<String>) -> String {
    const BLOCKS: &[&str] = &[
        "p",
        "div",
        "br",
        "li",
        "tr",
        "td",
        "th",
        "table",
        "summary",
        "details",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "dt",
        "dd",
        "section",
        "aside",
        "blockquote",
        "pre",
        "hr",
        "caption",
        "figcaption",
    ];
    let mut text = String::new();
    let mut rest = html;
    loop {
        if let Some(end) = skipping.as_deref() {
            match rest.to_ascii_lowercase().find(end) {
                Some(at) => {
                    rest = &rest[at + end.len()..];
                    if end == "-->" {
                        *skipping = None;
                    } else {
                        // The closing tag's own `>` is read as a tag below.
                        rest = rest.find('>').map_or("", |e| &rest[e + 1..]);
                        *skipping = None;
                    }
                }
                None => return text,
            }
        }
        let Some(open) = rest.find('<') else { break };
        text.push_str(&unescape_attribute(&rest[..open]));
        rest = &rest[open..];
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after;
            *skipping = Some("-->".to_string());
            continue;
        }
        let end = rest.find('>').map_or(rest.len(), |e| e + 1);
        let tag = rest[1..end].trim_end_matches('>');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase();
        rest = &rest[end..];
        if !tag.starts_with('/') && (name == "script" || name == "style") {
            *skipping = Some(format!("</{name}"));
            continue;
        }
        if BLOCKS.contains(&name.as_str()) {
            text.push('\n');
        }
    }
    text.push_str(&unescape_attribute(rest));
    text
}

/// The text being gathered: the last section's heading, or its body.
fn text_of(sections: &mut [TextSection], in_heading: bool) -> &mut String {
    let section = sections.last_mut().expect("one section at least");
    if in_heading {
        &mut section.heading
    } else {
        &mut section.text
    }
}

type Events<'e> = [(Event<'e>, std::ops::Range<usize>)];

/// A page's events with their ranges in its body, and where its maths is, which later steps
/// leave as written.
type Parsed<'e> = (
    Vec<(Event<'e>, std::ops::Range<usize>)>,
    Vec<std::ops::Range<usize>>,
);

/// The parser's events for `body`, with their ranges in it, and where the maths is.
fn parse(body: &str) -> Parsed<'_> {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
        | Options::ENABLE_WIKILINKS
        | Options::ENABLE_MATH;
    // `Term` over `: definition`, as Hugo, PHP Markdown Extra and MkDocs' def_list write
    // glossaries (without it they show as a paragraph with stray colons). Those tools want a
    // space after the colon; the parser does not, and would make a term of the paragraph
    // before a `:warning:` emoji code or a stray `:::` at the start of a line. A page where it
    // did is read again without definition lists, as GitHub reads it.
    let events: Vec<_> = Parser::new_ext(body, options | Options::ENABLE_DEFINITION_LIST)
        .into_offset_iter()
        .collect();
    let marker_without_space = |range: &std::ops::Range<usize>| {
        let marker = body[range.start..].trim_start_matches([' ', '\t']);
        marker.starts_with(':')
            && !marker[1..].starts_with([' ', '\t', '\n', '\r'])
            && marker.len() > 1
    };
    let misread = events.iter().any(|(event, range)| {
        matches!(event, Event::Start(Tag::DefinitionListDefinition)) && marker_without_space(range)
    });
    let events = if misread {
        Parser::new_ext(body, options).into_offset_iter().collect()
    } else {
        events
    };
    let (events, maths) = math_as_written(body, events);
    (joined_text(body, events), maths)
}

/// Links and images the parser left as text because their address has a space
/// (`[form](Leave form.docx)`, as a file name is written): where each starts in `body`, its
/// length, and whether it is an image. Only text written as it shows, outside code and
/// maths, and only an address that reads as one: a file name with its extension, a folder
/// (`/`), a fragment (`#`) or a web address; prose in brackets and parentheses (`[sic](but
/// not really)`, `[1](see page 4)`) is prose.
fn links_with_spaces(
    body: &str,
    maths: &[std::ops::Range<usize>],
    events: &Events,
) -> Vec<(usize, usize, bool)> {
    static OPEN: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new("]("));
    let mut found = Vec::new();
    if OPEN.find(body.as_bytes()).is_none() {
        return found;
    }
    let mut in_code = 0usize;
    for (event, range) in events {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code += 1,
            Event::End(TagEnd::CodeBlock) => in_code = in_code.saturating_sub(1),
            Event::Text(text) if in_code == 0 && body.get(range.clone()) == Some(text.as_ref()) => {
                for middle in OPEN.find_iter(text.as_bytes()) {
                    let Some(open) = text[..middle].rfind('[') else {
                        continue;
                    };
                    let Some(close) = text[middle..].find(')').map(|i| middle + i) else {
                        continue;
                    };
                    let dest = &text[middle + 2..close];
                    let label = &text[open + 1..middle];
                    // A name with an extension: a dot between a letter or digit and one to
                    // four letters or digits that end a word (`form.docx`, `Page.md#x`).
                    let extension = dest.match_indices('.').any(|(at, _)| {
                        let ext: String = dest[at + 1..]
                            .chars()
                            .take_while(char::is_ascii_alphanumeric)
                            .collect();
                        at > 0
                            && dest[..at].ends_with(|c: char| c.is_alphanumeric())
                            && (1..=4).contains(&ext.len())
                            && dest[at + 1 + ext.len()..]
                                .chars()
                                .next()
                                .is_none_or(|c| matches!(c, ' ' | '#' | '?' | '/'))
                    });
                    let address =
                        extension || dest.contains(['/', '#', '\\']) || dest.contains("://");
                    if label.is_empty()
                        || label.contains(']')
                        || dest.trim() != dest
                        || !dest.contains(' ')
                        || dest.contains(['(', '<', '"', '\''])
                        || !address
                        || maths.iter().any(|m| m.contains(&(range.start + open)))
                    {
                        continue;
                    }
                    let image = text[..open].ends_with('!');
                    let start = open - usize::from(image);
                    found.push((range.start + start, close + 1 - start, image));
                }
            }
            _ => {}
        }
    }
    found
}

/// Highlighted text, `==like this==` as Obsidian, Typora and MkDocs' `pymdownx.mark` write
/// it, as `<mark>`: shown as text, the writer's emphasis was lost and the marks left in. Read
/// as emphasis is: a `==` opens before a letter and not after one, closes after a letter and
/// not before one (`x==1 and y==2` and `a == b` stay text), and pairs with the next in the
/// same element, maybe around other marks (`==**bold** too==`). Only text written as it shows
/// is read (`\==` is not a mark), outside code, maths and an image's alt text, and not in
/// arrows (`==>`, `<==`). The `<mark>` and `</mark>` come as raw HTML with an empty
/// range, which no HTML the writer wrote has: that is how the rendering tells them from raw
/// HTML a site may refuse.
fn highlight_marks<'a>(
    body: &str,
    maths: &[std::ops::Range<usize>],
    events: Vec<(Event<'a>, std::ops::Range<usize>)>,
) -> Vec<(Event<'a>, std::ops::Range<usize>)> {
    static MARK: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new("=="));
    if MARK.find(body.as_bytes()).is_none() {
        return events;
    }
    // Each `==` of a text that may open or close: (event, byte offset, opens, closes).
    let mut marks: Vec<(usize, usize, bool, bool)> = Vec::new();
    // Code is verbatim, and so is maths (its text kept with its `$`); an image's alt text is
    // plain text.
    let (mut in_code, mut in_image) = (0usize, 0usize);
    for (e, (event, range)) in events.iter().enumerate() {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code += 1,
            Event::End(TagEnd::CodeBlock) => in_code = in_code.saturating_sub(1),
            Event::Start(Tag::Image { .. }) => in_image += 1,
            Event::End(TagEnd::Image) => in_image = in_image.saturating_sub(1),
            _ => {}
        }
        let Event::Text(text) = event else { continue };
        if in_code > 0 || in_image > 0 || body.get(range.clone()) != Some(text.as_ref()) {
            continue;
        }
        for at in MARK.find_iter(text.as_bytes()) {
            if maths.iter().any(|m| m.contains(&(range.start + at))) {
                continue;
            }
            // The characters around it as written, past the text's ends (`==**bold**`).
            let before = body[..range.start + at].chars().next_back();
            let after = body[range.start + at + 2..].chars().next();
            // Arrows (`==>`, `<==`) too.
            if before == Some('=')
                || after == Some('=')
                || before == Some('\\')
                || after == Some('>')
                || before == Some('<')
            {
                continue;
            }
            let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
            let space = |c: Option<char>| c.is_none_or(char::is_whitespace);
            let opens = !space(after) && !word(before);
            let closes = !space(before) && !word(after);
            if opens || closes {
                marks.push((e, at, opens, closes));
            }
        }
    }
    if marks.is_empty() {
        return events;
    }
    // How deep in elements each event is: an opener pairs with a closer at its depth, with
    // no end of its element between them.
    let mut depth_at = Vec::with_capacity(events.len());
    let mut depth = 0usize;
    for (event, _) in &events {
        if matches!(event, Event::End(_)) {
            depth = depth.saturating_sub(1);
        }
        depth_at.push(depth);
        if matches!(event, Event::Start(_)) {
            depth += 1;
        }
    }
    let mut cuts: Vec<(usize, usize, &'static str)> = Vec::new();
    let mut opener: Option<(usize, usize)> = None;
    for &(e, at, opens, closes) in &marks {
        if let Some((open_e, open_at)) = opener {
            let same_element = depth_at[open_e..=e].iter().all(|&d| d >= depth_at[e])
                && depth_at[open_e] == depth_at[e];
            if same_element && closes && (open_e, open_at + 2) < (e, at) {
                cuts.extend([(open_e, open_at, "<mark>"), (e, at, "</mark>")]);
                opener = None;
                continue;
            }
        }
        if opens {
            opener = Some((e, at));
        }
    }
    if cuts.is_empty() {
        return events;
    }
    let mut out = Vec::with_capacity(events.len() + cuts.len() * 2);
    let mut cuts = cuts.into_iter().peekable();
    for (e, (event, range)) in events.into_iter().enumerate() {
        if cuts.peek().is_none_or(|&(ce, _, _)| ce != e) {
            out.push((event, range));
            continue;
        }
        let Event::Text(text) = event else {
            unreachable!("marks are found in text")
        };
        let mut rest = 0;
        while let Some((_, at, tag)) = cuts.next_if(|&(ce, _, _)| ce == e) {
            if at > rest {
                let piece = range.start + rest..range.start + at;
                out.push((Event::Text(text[rest..at].to_string().into()), piece));
            }
            let mark = range.start + at;
            out.push((Event::InlineHtml(tag.into()), mark..mark));
            rest = at + 2;
        }
        if rest < text.len() {
            let piece = range.start + rest..range.end;
            out.push((Event::Text(text[rest..].to_string().into()), piece));
        }
    }
    out
}

/// Pieces of text the parser cut where nothing is (at a `$` that opened no maths, at `[` or
/// `_`), joined into one as written, where they are the page's text exactly: the steps after
/// read a line's words and marks (`%%`) within one text.
fn joined_text<'a>(
    body: &'a str,
    events: Vec<(Event<'a>, std::ops::Range<usize>)>,
) -> Vec<(Event<'a>, std::ops::Range<usize>)> {
    let exact = |event: &Event, range: &std::ops::Range<usize>| matches!(event, Event::Text(t) if body.get(range.clone()) == Some(t.as_ref()));
    let mut out: Vec<(Event<'a>, std::ops::Range<usize>)> = Vec::with_capacity(events.len());
    for (event, range) in events {
        if let Some((last, last_range)) = out.last_mut()
            && last_range.end == range.start
            && exact(last, last_range)
            && exact(&event, &range)
        {
            last_range.end = range.end;
            *last = Event::Text(CowStr::Borrowed(&body[last_range.clone()]));
            continue;
        }
        out.push((event, range));
    }
    out
}

/// TeX between `$` (or `$$`), as GitHub, GitLab and MkDocs' arithmatex write it, kept as
/// written, dollars and all: read as Markdown, `$p*q*r$` lost its stars to emphasis and
/// `\\` in `\begin{aligned}` became `\`. The theme draws no maths; the text is exact for a
/// reader, and for a script of the site's that would.
fn math_as_written<'a>(
    body: &'a str,
    events: Vec<(Event<'a>, std::ops::Range<usize>)>,
) -> Parsed<'a> {
    if !events
        .iter()
        .any(|(e, _)| matches!(e, Event::InlineMath(_) | Event::DisplayMath(_)))
    {
        return (events, Vec::new());
    }
    let mut maths = Vec::new();
    let events = events
        .into_iter()
        .map(|(event, range)| match event {
            Event::InlineMath(_) | Event::DisplayMath(_) => {
                maths.push(range.clone());
                (Event::Text(CowStr::Borrowed(&body[range.clone()])), range)
            }
            event => (event, range),
        })
        .collect();
    (events, maths)
}

/// GitHub's literal autolinks, which pulldown-cmark leaves as text: a bare `https://…`,
/// `http://…` or `www.…` in running text becomes a link (a `www.` one to `https://`), its
/// trailing punctuation and unbalanced `)` left out, as GitHub does. Not in code, links or
/// images. The parser cuts text at `&`, `<`, `[` and the like, so the pieces of text between
/// two other events are read as one.
fn autolink(
    events: Vec<(Event<'_>, std::ops::Range<usize>)>,
) -> Vec<(Event<'_>, std::ops::Range<usize>)> {
    if !events
        .iter()
        .any(|(e, _)| matches!(e, Event::Text(t) if may_hold_url(t)))
    {
        return events;
    }
    let mut out = Vec::with_capacity(events.len() + 8);
    let (mut in_code, mut in_link) = (0usize, 0usize);
    let mut events = events.into_iter().peekable();
    while let Some((event, range)) = events.next() {
        match &event {
            Event::Start(Tag::CodeBlock(_)) => in_code += 1,
            Event::End(TagEnd::CodeBlock) => in_code = in_code.saturating_sub(1),
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => in_link += 1,
            Event::End(TagEnd::Link | TagEnd::Image) => in_link = in_link.saturating_sub(1),
            _ => {}
        }
        let Event::Text(first) = event else {
            out.push((event, range));
            continue;
        };
        let alone = !matches!(events.peek(), Some((Event::Text(_), _)));
        if in_code > 0 || in_link > 0 || (alone && !may_hold_url(&first)) {
            out.push((Event::Text(first), range));
            continue;
        }
        let (text, std::ops::Range { start, end }) = text_run(&first, range, &mut events);
        if !may_hold_url(&text) {
            out.push((Event::Text(text.into()), start..end));
            continue;
        }
        // Source offsets are those of the whole run: a link's are approximate when the run
        // was cut (they only place diagnostics, and autolinks to the web have none).
        let urls = literal_urls(&text);
        let mut found: Vec<(usize, usize)> = literal_emails(&text)
            .into_iter()
            .filter(|&(at, len)| !urls.iter().any(|&(u, ul)| at < u + ul && u < at + len))
            .chain(urls.iter().copied())
            .collect();
        found.sort_unstable();
        let mut rest = 0;
        for (at, len) in found {
            if at > rest {
                out.push((Event::Text(text[rest..at].to_string().into()), start..end));
            }
            let shown = &text[at..at + len];
            let email = !urls.contains(&(at, len));
            // An e-mail link's destination is its address: `mailto:` comes with its type.
            let dest = if email {
                shown.to_string()
            } else if shown.starts_with("www.") {
                format!("https://{shown}")
            } else {
                shown.to_string()
            };
            let link = Tag::Link {
                link_type: if email {
                    LinkType::Email
                } else {
                    LinkType::Autolink
                },
                dest_url: dest.into(),
                title: "".into(),
                id: "".into(),
            };
            out.push((Event::Start(link), start..end));
            out.push((Event::Text(shown.to_string().into()), start..end));
            out.push((Event::End(TagEnd::Link), start..end));
            rest = at + len;
        }
        if rest < text.len() {
            out.push((Event::Text(text[rest..].to_string().into()), start..end));
        }
    }
    out
}

/// Searchers built once for strings looked for in every page: the standard library's
/// substring search, run on every piece of text, was a sixth of a `check` of 10,000 pages.
fn finders(needles: &'static [&'static str]) -> Vec<memchr::memmem::Finder<'static>> {
    needles
        .iter()
        .map(|n| memchr::memmem::Finder::new(n.as_bytes()))
        .collect()
}

/// Whether a line may hold inline Markdown (marks, code, links, maths, escapes, entities):
/// one without any of their characters reads as its text. Listings show a summary a card, and
/// parsing each was 2% of a 1,000-page build.
fn may_hold_inline_markdown(line: &str) -> bool {
    line.bytes().any(|b| {
        matches!(
            b,
            b'*' | b'_' | b'`' | b'~' | b'[' | b'<' | b'!' | b'$' | b'\\' | b'&'
        )
    })
}

/// One line (an admonition's title, a summary) read as inline Markdown, `None` when the parser
/// reads it as a block of its own (`1. Prepare`, `# Heading`): then it is text as written.
fn title_events(title: &str) -> Option<Vec<Event<'_>>> {
    // Maths read as in a body, so that `$a*b*c$` keeps its stars (shown as written below).
    let options = Options::ENABLE_STRIKETHROUGH | Options::ENABLE_MATH;
    let events: Vec<Event> = Parser::new_ext(title, options).collect();
    matches!(events.first(), Some(Event::Start(Tag::Paragraph))).then_some(events)
}

/// One line of Markdown — an admonition's title, a page's summary — as HTML: its inline
/// formatting (`**bold**`, `` `code` ``, emphasis, strikethrough) kept as MkDocs and Docusaurus
/// show a title, a link reduced to its text (the line is not checked as the body's links are,
/// and a summary is shown inside a card's link), raw HTML and the rest escaped once.
pub fn inline_html(title: &str) -> String {
    if !may_hold_inline_markdown(title) {
        return escape(title);
    }
    let Some(events) = title_events(title) else {
        return escape(title);
    };
    let mut html = String::new();
    for event in events {
        match event {
            Event::Text(text) | Event::Html(text) | Event::InlineHtml(text) => {
                html.push_str(&escape(&text));
            }
            Event::Code(code) => {
                html.push_str("<code>");
                html.push_str(&escape(&code));
                html.push_str("</code>");
            }
            Event::Start(Tag::Strong) => html.push_str("<strong>"),
            Event::End(TagEnd::Strong) => html.push_str("</strong>"),
            Event::Start(Tag::Emphasis) => html.push_str("<em>"),
            Event::End(TagEnd::Emphasis) => html.push_str("</em>"),
            Event::Start(Tag::Strikethrough) => html.push_str("<del>"),
            Event::End(TagEnd::Strikethrough) => html.push_str("</del>"),
            Event::InlineMath(maths) => html.push_str(&escape(&format!("${maths}$"))),
            Event::DisplayMath(maths) => html.push_str(&escape(&format!("$${maths}$$"))),
            Event::SoftBreak | Event::HardBreak => html.push(' '),
            _ => {}
        }
    }
    html
}

/// One line of Markdown as the text a reader sees in [`inline_html`]'s: its marks and a link's
/// address left out (`Run `x` *now*` is "Run x now"), raw HTML kept as the text it is shown as.
pub fn inline_text(title: &str) -> String {
    if !may_hold_inline_markdown(title) {
        return title.to_string();
    }
    let Some(events) = title_events(title) else {
        return title.to_string();
    };
    let mut text = String::new();
    for event in events {
        match event {
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                text.push_str(&t)
            }
            Event::InlineMath(maths) => text.push_str(&format!("${maths}$")),
            Event::DisplayMath(maths) => text.push_str(&format!("$${maths}$$")),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text
}

/// `body` with its MDX comments, `{/* … */}` (Docusaurus's), blanked out: every byte of each
/// but its line breaks made a space, so that the offsets of everything else stay as written.
/// They are the writer's own, never published or indexed (published, a migrated page's
/// comments were on it and in the search index). Code keeps its `{/*`. `None` when there is
/// nothing to blank; with the blanked text, where a `{/*` that nothing closes is.
fn blank_mdx_comments(body: &str) -> Option<(String, Option<usize>)> {
    static OPEN: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new("{/*"));
    OPEN.find(body.as_bytes())?;
    // Code spans and blocks, and raw HTML, as the parser sees them.
    let code: Vec<std::ops::Range<usize>> = Parser::new_ext(body, Options::ENABLE_TABLES)
        .into_offset_iter()
        .filter(|(event, _)| {
            matches!(
                event,
                Event::Start(Tag::CodeBlock(_)) | Event::Code(_) | Event::Html(_)
            )
        })
        .map(|(_, range)| range)
        .collect();
    let in_code = |at: usize| code.iter().any(|r| r.contains(&at));
    let mut bytes = body.as_bytes().to_vec();
    let mut from = 0;
    let mut unclosed = None;
    let mut blanked = false;
    while let Some(found) = OPEN.find(&body.as_bytes()[from..]) {
        let start = from + found;
        if in_code(start) {
            from = start + 3;
            continue;
        }
        let Some(end) = body[start + 3..].find("*/}").map(|i| start + 3 + i + 3) else {
            unclosed = Some(start);
            break;
        };
        for b in &mut bytes[start..end] {
            if *b != b'\n' && *b != b'\r' {
                *b = b' ';
            }
        }
        blanked = true;
        from = end;
    }
    if !blanked && unclosed.is_none() {
        return None;
    }
    // Whole characters were replaced, byte for byte, by spaces: still UTF-8.
    Some((String::from_utf8(bytes).ok()?, unclosed))
}

/// Leaves out Obsidian's comments: `%%a note to self%%` within a paragraph (a heading, a list
/// item, a table cell), or from a paragraph that starts with `%%` to one that ends with it,
/// whatever is between (`%%` lines around paragraphs). They are the writer's own, never
/// published or indexed (Obsidian Publish drops them; published, a migrated vault's comments
/// were on the page and in the search index). A `%%` opens one only after a space or the
/// start of its text (not `50%%`), and closes one only before a space or the end (not
/// `%%i`); one that opens and finds nothing to close it stays text, and its offset in `body`
/// is returned for a warning: nothing is left out across what the writer did not mark. So is
/// where each comment starts, with the length of its first line's part.
fn strip_comments<'a>(
    body: &str,
    events: Vec<(Event<'a>, std::ops::Range<usize>)>,
) -> (Vec<(Event<'a>, std::ops::Range<usize>)>, StrippedComments) {
    let mut stripped = StrippedComments::default();
    // Most pages have no `%%` at all.
    static MARK: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new("%%"));
    if MARK.find(body.as_bytes()).is_none() {
        return (events, stripped);
    }
    let comments = CommentMarks::find(body, &events);
    if comments.unclosed.is_empty() && comments.ranges.is_empty() {
        return (events, stripped);
    }
    stripped.unclosed = comments
        .unclosed
        .iter()
        .map(|&(e, at)| events[e].1.start + at)
        .collect();
    if comments.ranges.is_empty() {
        return (events, stripped);
    }
    stripped.hidden = comments
        .ranges
        .iter()
        .filter_map(|&((e, at), (end_e, end_at))| {
            // Offsets within a text the parser changed (an escape) may not fall on the page's
            // characters: such a comment is left out of the warning, not of the page.
            let start = events[e].1.start + at;
            let end = if end_e < events.len() && end_at > 0 {
                events[end_e].1.start + end_at
            } else {
                events.get(end_e).map_or(body.len(), |(_, r)| r.start)
            };
            let written = body.get(start..end.clamp(start, body.len()))?;
            let first_line = written.split('\n').next().unwrap_or("").trim_end();
            Some((start, first_line.len()))
        })
        .collect();
    let inside = |pos: (usize, usize)| comments.ranges.iter().any(|r| r.0 <= pos && pos < r.1);
    let mut out: Vec<(Event, std::ops::Range<usize>)> = Vec::with_capacity(events.len());
    // For each tag open, whether it opened inside a comment (and goes with it).
    let mut dropped: Vec<bool> = Vec::new();
    for (e, (event, range)) in events.into_iter().enumerate() {
        match event {
            Event::Start(tag) => {
                let gone = inside((e, 0));
                dropped.push(gone);
                if !gone {
                    out.push((Event::Start(tag), range));
                }
            }
            Event::End(tag) => {
                if dropped.pop().unwrap_or(false) {
                    continue;
                }
                // A paragraph or heading left empty (`%%` lines of their own, a heading that
                // was all comment) goes too.
                let emptied = matches!(
                    (&tag, out.last()),
                    (TagEnd::Paragraph, Some((Event::Start(Tag::Paragraph), _)))
                        | (
                            TagEnd::Heading(_),
                            Some((Event::Start(Tag::Heading { .. }), _))
                        )
                );
                if emptied {
                    out.pop();
                    continue;
                }
                out.push((Event::End(tag), range));
            }
            // A tag written as HTML is markup, not the comment's text: kept, so that what it
            // opened before the comment is closed (`<span>a %%note</span> b%%`). One of no
            // element (a placeholder, `%%ask <owner-name>%%`) is the comment's text.
            Event::InlineHtml(html) if inside((e, 0)) && placeholder_tag(&html).is_some() => {}
            Event::InlineHtml(html) if dropped.last() != Some(&true) => {
                out.push((Event::InlineHtml(html), range));
            }
            Event::Text(text) => {
                let cut: Vec<(usize, usize)> = comments
                    .ranges
                    .iter()
                    .filter(|r| r.0 <= (e, text.len()) && (e, 0) < r.1)
                    .map(|r| {
                        let from = if r.0.0 == e { r.0.1 } else { 0 };
                        let to = if r.1.0 == e { r.1.1 } else { text.len() };
                        (from, to)
                    })
                    .collect();
                if cut.is_empty() {
                    out.push((Event::Text(text), range));
                    continue;
                }
                let mut kept = String::new();
                let mut at = 0;
                for (from, to) in cut {
                    kept.push_str(&text[at..from]);
                    at = to;
                    // "Keep %%note%% this" is "Keep this", not "Keep  this".
                    if kept.ends_with(' ') && text[at..].starts_with(' ') {
                        at += 1;
                    }
                }
                kept.push_str(&text[at..]);
                if !kept.is_empty() {
                    out.push((Event::Text(kept.into()), range));
                }
            }
            event if inside((e, 0)) => drop(event),
            event => out.push((event, range)),
        }
    }
    (out, stripped)
}

/// What [`strip_comments`] found, as offsets in the body.
#[derive(Default)]
struct StrippedComments {
    /// Each `%%` that opens a comment never closed.
    unclosed: Vec<usize>,
    /// Each comment left out: where it starts, and the length of its first line.
    hidden: Vec<(usize, usize)>,
}

/// Raw HTML without its comments (`<!-- note to the next writer -->`), which browsers do not
/// show: they were published in every page's source (a public wiki's too), and the links in
/// a commented-out block were checked as if they were on the page. A comment's lines come as
/// one event each; what is written before or after it on its lines is kept.
fn without_html_comments(
    events: Vec<(Event<'_>, std::ops::Range<usize>)>,
) -> Vec<(Event<'_>, std::ops::Range<usize>)> {
    if !events
        .iter()
        .any(|(e, _)| matches!(e, Event::Html(h) | Event::InlineHtml(h) if h.contains("<!--")))
    {
        return events;
    }
    let mut out = Vec::with_capacity(events.len());
    let mut in_comment = false;
    for (event, range) in events {
        let (html, inline) = match &event {
            Event::Html(h) => (h, false),
            Event::InlineHtml(h) => (h, true),
            _ => {
                out.push((event, range));
                continue;
            }
        };
        if !in_comment && !html.contains("<!--") {
            out.push((event, range));
            continue;
        }
        let mut kept = String::new();
        let mut rest: &str = html;
        loop {
            if in_comment {
                match rest.find("-->") {
                    Some(end) => {
                        rest = &rest[end + 3..];
                        in_comment = false;
                    }
                    None => break,
                }
            } else {
                match rest.find("<!--") {
                    Some(start) => {
                        kept.push_str(&rest[..start]);
                        rest = &rest[start + 4..];
                        in_comment = true;
                    }
                    None => {
                        kept.push_str(rest);
                        break;
                    }
                }
            }
        }
        if kept.trim().is_empty() {
            continue;
        }
        let kept = CowStr::from(kept);
        out.push((
            if inline {
                Event::InlineHtml(kept)
            } else {
                Event::Html(kept)
            },
            range,
        ));
    }
    out
}

/// Where a page's Obsidian comments are, found by [`CommentMarks::find`].
struct CommentMarks {
    /// Each comment, from its first position to the one past it, a position being an event's
    /// index and a byte offset in it (0 for an event that is no text).
    ranges: Vec<((usize, usize), (usize, usize))>,
    /// The `%%` that open a comment and find nothing to close it: (event, byte offset).
    unclosed: Vec<(usize, usize)>,
}

/// One `%%` in a page's text.
struct Mark {
    event: usize,
    at: usize,
    /// The innermost block it is in (its `Start` event's index), and whether it is a paragraph.
    block: usize,
    paragraph: bool,
    opens: bool,
    closes: bool,
    /// Whether it is the first, or the last, of its block's content.
    starts_block: bool,
    ends_block: bool,
}

impl CommentMarks {
    fn find(body: &str, events: &[(Event, std::ops::Range<usize>)]) -> CommentMarks {
        // The blocks text is in, innermost last: (its `Start`'s index, is it a paragraph).
        let mut blocks: Vec<(usize, bool)> = Vec::new();
        // Each block's first content and where its last content ends, as positions.
        let mut first: HashMap<usize, (usize, usize)> = HashMap::default();
        let mut last_end: HashMap<usize, (usize, usize)> = HashMap::default();
        let mut marks: Vec<Mark> = Vec::new();
        // Code blocks, code written as HTML and links to web addresses keep their `%%`.
        let mut in_code = 0usize;
        // The links open, innermost last: whether each is a web or mail address as written.
        let mut links: Vec<bool> = Vec::new();
        let mut previous_text: Option<(usize, bool)> = None;
        for (e, (event, range)) in events.iter().enumerate() {
            let block = blocks.last().copied();
            let content = |first: &mut HashMap<_, _>, last: &mut HashMap<_, _>, from, to| {
                if let Some((b, _)) = block {
                    first.entry(b).or_insert(from);
                    last.insert(b, to);
                }
            };
            match event {
                Event::Start(Tag::CodeBlock(_)) => in_code += 1,
                Event::End(TagEnd::CodeBlock) => in_code = in_code.saturating_sub(1),
                Event::Start(Tag::Link { link_type, .. }) => {
                    let address = matches!(link_type, LinkType::Autolink | LinkType::Email);
                    if in_code == 0 {
                        content(&mut first, &mut last_end, (e, 0), (e, usize::MAX));
                    }
                    links.push(address);
                    in_code += usize::from(address);
                }
                Event::End(TagEnd::Link) => {
                    let address = links.pop() == Some(true);
                    in_code = in_code.saturating_sub(usize::from(address));
                }
                Event::InlineHtml(html) => match raw_code_tag(html) {
                    Some(true) => in_code += 1,
                    Some(false) => in_code = in_code.saturating_sub(1),
                    None => content(&mut first, &mut last_end, (e, 0), (e, usize::MAX)),
                },
                Event::Start(
                    tag @ (Tag::Paragraph
                    | Tag::Heading { .. }
                    | Tag::TableCell
                    | Tag::Item
                    | Tag::DefinitionListTitle
                    | Tag::DefinitionListDefinition),
                ) => blocks.push((e, matches!(tag, Tag::Paragraph))),
                Event::End(
                    TagEnd::Paragraph
                    | TagEnd::Heading(_)
                    | TagEnd::TableCell
                    | TagEnd::Item
                    | TagEnd::DefinitionListTitle
                    | TagEnd::DefinitionListDefinition,
                ) => {
                    blocks.pop();
                }
                Event::Text(t) if in_code == 0 => {
                    let trimmed = t.trim();
                    if !trimmed.is_empty() {
                        let lead = t.len() - t.trim_start().len();
                        content(
                            &mut first,
                            &mut last_end,
                            (e, lead),
                            (e, lead + trimmed.len()),
                        );
                    }
                    let after_alphanumeric = previous_text
                        .filter(|&(p, _)| p + 1 == e)
                        .is_some_and(|(_, alnum)| alnum);
                    for at in memchr::memmem::find_iter(t.as_bytes(), b"%%") {
                        // In a bare web address (`https://e.com/%%x%%`), the address's.
                        let word_start = t[..at]
                            .char_indices()
                            .rfind(|&(_, c)| c.is_whitespace())
                            .map_or(0, |(i, c)| i + c.len_utf8());
                        let word = &t[word_start..];
                        if word.contains("://") || word.starts_with("www.") {
                            continue;
                        }
                        // What is written before it, in the page: the parser cuts text at
                        // quotes (`'%%x%%'`), so the text's start is not the line's.
                        let in_body = range.start + at;
                        let before = if body.get(in_body..in_body + 2) == Some("%%") {
                            body[..in_body].chars().next_back()
                        } else {
                            t[..at].chars().next_back()
                        };
                        let before = before.filter(|&c| c != '\n');
                        let after = t[at + 2..].chars().next();
                        let Some((block, paragraph)) = block else {
                            continue;
                        };
                        marks.push(Mark {
                            event: e,
                            at,
                            block,
                            paragraph,
                            // After a space or a line's start, before a word (`%%note`) or
                            // its line's end: not `50%%`, `'%%x'`, `("%%d`, `5 %% of`.
                            opens: before.map_or(!after_alphanumeric, char::is_whitespace)
                                && after.is_none_or(|c| !c.is_whitespace()),
                            // After a word, before a space, a punctuation mark or the line's
                            // end: not `%%i`, `a %% b`.
                            closes: before.is_none_or(|c| !c.is_whitespace())
                                && after.is_none_or(|c| !c.is_alphanumeric()),
                            starts_block: false,
                            ends_block: false,
                        });
                    }
                    previous_text =
                        Some((e, t.chars().next_back().is_some_and(char::is_alphanumeric)));
                }
                Event::SoftBreak | Event::HardBreak => {}
                Event::End(_) => {}
                _ if in_code == 0 => content(&mut first, &mut last_end, (e, 0), (e, usize::MAX)),
                _ => {}
            }
        }
        for mark in &mut marks {
            mark.starts_block = first.get(&mark.block) == Some(&(mark.event, mark.at));
            mark.ends_block = last_end.get(&mark.block) == Some(&(mark.event, mark.at + 2));
        }
        // Where the block starting at event `b` ends (its `End`'s index).
        let block_end = |b: usize| {
            let mut depth = 0usize;
            events[b..]
                .iter()
                .position(|(event, _)| {
                    match event {
                        Event::Start(_) => depth += 1,
                        Event::End(_) => depth -= 1,
                        _ => {}
                    }
                    depth == 0
                })
                .map_or(events.len() - 1, |i| b + i)
        };
        let mut comments = CommentMarks {
            ranges: Vec::new(),
            unclosed: Vec::new(),
        };
        let mut i = 0;
        while i < marks.len() {
            let open = &marks[i];
            if !open.opens {
                i += 1;
                continue;
            }
            let same_block = marks[i + 1..]
                .iter()
                .position(|m| m.block == open.block && m.closes)
                .map(|j| i + 1 + j);
            // From a paragraph starting with `%%` to one ending with it.
            let across = || {
                (open.paragraph && open.starts_block)
                    .then(|| {
                        marks[i + 1..]
                            .iter()
                            .position(|m| m.paragraph && m.ends_block && m.closes)
                            .map(|j| i + 1 + j)
                    })
                    .flatten()
            };
            if let Some(j) = same_block {
                let close = &marks[j];
                comments
                    .ranges
                    .push(((open.event, open.at), (close.event, close.at + 2)));
                i = j + 1;
            } else if let Some(j) = across() {
                comments
                    .ranges
                    .push(((open.block, 0), (block_end(marks[j].block) + 1, 0)));
                i = j + 1;
            } else {
                // Told once a block: `for %%i in … echo %%i` is one mistake.
                let told = marks[..i]
                    .iter()
                    .any(|m| m.block == open.block && comments.unclosed.contains(&(m.event, m.at)));
                if !told {
                    comments.unclosed.push((open.event, open.at));
                }
                i += 1;
            }
        }
        comments
    }
}

/// Replaces GitHub's emoji shortcodes in the text, outside code (`:warning:` → ⚠️). Pieces of
/// text the parser cut (at `_`, as in `:white_check_mark:`) are joined first.
fn emoji_shortcodes<'a>(
    body: &str,
    events: Vec<(Event<'a>, std::ops::Range<usize>)>,
) -> Vec<(Event<'a>, std::ops::Range<usize>)> {
    if !may_hold_shortcode(body) {
        return events;
    }
    let mut out = Vec::with_capacity(events.len());
    // Code blocks, code written as HTML (`<code>`, `<kbd>`, as GitHub leaves them) and a
    // bare URL shown as its link's text keep their colons.
    let mut in_code = 0usize;
    let mut in_url = 0usize;
    let mut events = events.into_iter().peekable();
    while let Some((event, range)) = events.next() {
        match &event {
            Event::Start(Tag::CodeBlock(_)) => in_code += 1,
            Event::End(TagEnd::CodeBlock) => in_code = in_code.saturating_sub(1),
            Event::InlineHtml(html) => match raw_code_tag(html) {
                Some(true) => in_code += 1,
                Some(false) => in_code = in_code.saturating_sub(1),
                None => {}
            },
            Event::Start(Tag::Link {
                link_type: LinkType::Autolink,
                ..
            }) => in_url += 1,
            Event::End(TagEnd::Link) if in_url > 0 => in_url -= 1,
            _ => {}
        }
        let Event::Text(first) = event else {
            out.push((event, range));
            continue;
        };
        if in_code > 0 || in_url > 0 || memchr::memchr(b':', first.as_bytes()).is_none() {
            out.push((Event::Text(first), range));
            continue;
        }
        let (text, std::ops::Range { start, end }) = text_run(&first, range, &mut events);
        let text = with_emoji(&text).unwrap_or(text);
        out.push((Event::Text(text.into()), start..end));
    }
    out
}

/// Whether raw inline HTML opens (`Some(true)`) or closes (`Some(false)`) an element whose
/// text is code (`<code>`, `<kbd>`, `<pre>`, `<samp>`, `<tt>`), which Markdown's own passes
/// leave as written, as GitHub does.
fn raw_code_tag(html: &str) -> Option<bool> {
    let tag = html.trim_start_matches('<').to_ascii_lowercase();
    let is_code = |name: &str| {
        ["code", "kbd", "pre", "samp", "tt"].iter().any(|c| {
            name.strip_prefix(c)
                .is_some_and(|rest| rest.starts_with(['>', ' ', '/']))
        })
    };
    match tag.strip_prefix('/') {
        Some(closing) => is_code(closing).then_some(false),
        None => (is_code(&tag) && !tag.ends_with("/>")).then_some(true),
    }
}

/// Whether `body` has a `:` followed by a shortcode's characters and another `:`: most
/// pages have none (their colons end a label, `Status: done`, or start a URL's `://`), and
/// are not looked at again.
fn may_hold_shortcode(body: &str) -> bool {
    let bytes = body.as_bytes();
    memchr::memchr_iter(b':', bytes).any(|at| {
        let name = bytes[at + 1..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || b"_+-".contains(b))
            .count();
        name > 0 && bytes.get(at + 1 + name) == Some(&b':')
    })
}

/// `text` with each `:shortcode:` GitHub knows as its emoji, or `None` when it has none. A
/// shortcode between letters or digits is left alone: `a:b:c` is no `🅱️`.
fn with_emoji(text: &str) -> Option<String> {
    let mut out = String::new();
    let mut copied = 0;
    let mut at = 0;
    while let Some(open) = text[at..].find(':').map(|i| at + i) {
        let name_start = open + 1;
        let Some(close) = text[name_start..].find(':').map(|i| name_start + i) else {
            break;
        };
        let name = &text[name_start..close];
        let bounded = !text[..open].ends_with(char::is_alphanumeric)
            && !text[close + 1..].starts_with(char::is_alphanumeric);
        let emoji = (bounded
            && !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"_+-".contains(&b)))
        .then(|| emojis::get_by_shortcode(name))
        .flatten();
        match emoji {
            Some(emoji) => {
                out.push_str(&text[copied..open]);
                out.push_str(emoji.as_str());
                copied = close + 1;
                at = close + 1;
            }
            // The closing colon may open the next shortcode (`:x::y:` or `10:30 :ok:`).
            None => at = close,
        }
    }
    if copied == 0 {
        return None;
    }
    out.push_str(&text[copied..]);
    Some(out)
}

/// The run of text pieces starting with `first` (at `range`) as one, taking the pieces after
/// it from `events`: the parser cuts text at characters that may be Markdown (`_`, `*`), so a
/// URL or a `:white_check_mark:` can be in several. The range is the whole run's.
fn text_run<'a>(
    first: &str,
    range: std::ops::Range<usize>,
    events: &mut std::iter::Peekable<std::vec::IntoIter<(Event<'a>, std::ops::Range<usize>)>>,
) -> (String, std::ops::Range<usize>) {
    let mut text = first.to_string();
    let mut end = range.end;
    while let Some((Event::Text(next), next_range)) = events.peek() {
        text.push_str(next);
        end = next_range.end;
        events.next();
    }
    (text, range.start..end)
}

/// Whether `text` has a `://` or a `www.`.
fn may_hold_url(text: &str) -> bool {
    static FINDERS: std::sync::LazyLock<Vec<memchr::memmem::Finder<'static>>> =
        std::sync::LazyLock::new(|| finders(&["://", "www.", "@"]));
    FINDERS.iter().any(|f| f.find(text.as_bytes()).is_some())
}

/// The element name an HTML tag `<Name …>` starts with.
fn component_name(html: &str) -> &str {
    let rest = &html[1..];
    let end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '.'))
        .unwrap_or(rest.len());
    &rest[..end]
}

/// The first icon of MkDocs Material's in `line` (`:material-check:`, `:octicons-alert-16:`,
/// `:fontawesome-solid-user:`, `:simple-github:`): where it is, and as written.
fn theme_icon(line: &str) -> Option<(usize, &str)> {
    // At each colon (a pattern searcher made for each line and set was a third of `check`).
    memchr::memchr_iter(b':', line.as_bytes()).find_map(|at| {
        let rest = &line[at + 1..];
        ["material-", "octicons-", "fontawesome-", "simple-"]
            .iter()
            .any(|set| rest.starts_with(set))
            .then_some(())?;
        let end = rest.find(':')?;
        rest[..end]
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
            .then_some((at, &line[at..at + end + 2]))
    })
}

/// What to write instead of an attribute list: for an image (`![Arch](a.svg){ width="640" }`)
/// the same image as HTML, with its size; for a link (`[Go](a.md){ .md-button }`), nothing.
/// `before` is the line up to the `{`, `list` the rest.
fn attribute_list_help(before: &str, list: &str) -> String {
    let list = &list[..list.find('}').map_or(list.len(), |i| i + 1)];
    let image = before.rfind("![").and_then(|start| {
        let image = &before[start + 2..];
        let (alt, rest) = image.split_once("](")?;
        let src = rest.strip_suffix(')')?.split_whitespace().next()?;
        Some((alt, src))
    });
    match image {
        Some((alt, src)) => {
            let size: String = ["width", "height"]
                .iter()
                .filter_map(|key| {
                    let at = list.find(&format!("{key}="))? + key.len() + 1;
                    let value = list[at..].trim_start_matches(['"', '\'']);
                    let value = &value[..value.find(['"', '\'', ' ', '}']).unwrap_or(value.len())];
                    Some(format!(" {key}=\"{value}\""))
                })
                .collect();
            format!(
                "write the image as HTML, `<img src=\"{src}\" alt=\"{alt}\"{size}>`; classes are the theme's"
            )
        }
        None => format!(
            "remove `{list}`: the link works without it, and classes (`.md-button`) are the theme's"
        ),
    }
}

/// Whether `body` may hold what [`foreign_syntax`] reports: most pages hold none, and skip
/// the line-by-line look.
fn may_hold_foreign_syntax(body: &str) -> bool {
    static FINDERS: std::sync::LazyLock<Vec<memchr::memmem::Finder<'static>>> =
        std::sync::LazyLock::new(|| {
            finders(&[
                "{{",
                "{%",
                "<%",
                "!!! ",
                "??? ",
                "???+ ",
                ":::",
                "=== \"",
                "--8<--",
                "){",
                "]{",
                "import ",
                // `export` alone is a word of prose ("the export worker").
                "export const ",
                "export function ",
                "export default ",
                "[TOC]",
                "*[",
                "{:",
            ])
        });
    let bytes = body.as_bytes();
    FINDERS.iter().any(|f| f.find(bytes).is_some())
        // MkDocs Material's icons, looked for at the page's colons (one pass for the four).
        || memchr::memchr_iter(b':', bytes).any(|at| {
            let after = &bytes[at + 1..];
            [&b"material-"[..], b"octicons-", b"fontawesome-", b"simple-"]
                .iter()
                .any(|set| after.starts_with(set))
        })
        // An MDX component's tag, `<Tabs`, or Confluence's `<ac:…>` and CDATA.
        || memchr::memchr_iter(b'<', bytes).any(|at| {
            let after = &bytes[at + 1..];
            after.first().is_some_and(u8::is_ascii_uppercase)
                || [&b"ac:"[..], b"ri:", b"![CDATA["]
                    .iter()
                    .any(|m| after.starts_with(m))
        })
}

/// Where bare URLs are in `text`: (byte offset, length) each, by GitHub's rules in short: after
/// the start, a space or one of `*_~(`, an `http://`, `https://` or `www.` with something
/// after it, up to a space or `<`, less trailing punctuation and unbalanced `)`.
fn literal_urls(text: &str) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    let mut from = 0;
    while from < text.len() {
        let next = ["https://", "http://", "www."]
            .iter()
            .filter_map(|prefix| text[from..].find(prefix).map(|i| (from + i, prefix.len())))
            .min();
        let Some((at, prefix)) = next else { break };
        let boundary = text[..at]
            .chars()
            .next_back()
            .is_none_or(|c| c.is_whitespace() || "*_~(".contains(c));
        let end = text[at..]
            .find(|c: char| c.is_whitespace() || c == '<')
            .map_or(text.len(), |i| at + i);
        let mut url = &text[at..end];
        loop {
            let trimmed = url.trim_end_matches(['?', '!', '.', ',', ':', '*', '_', '~', '\'', '"']);
            let trimmed = if trimmed.ends_with(')')
                && trimmed.matches(')').count() > trimmed.matches('(').count()
            {
                &trimmed[..trimmed.len() - 1]
            } else {
                trimmed
            };
            if trimmed.len() == url.len() {
                break;
            }
            url = trimmed;
        }
        let host = &url[prefix.min(url.len())..];
        let valid = if url.starts_with("www.") {
            host.contains('.')
        } else {
            !host.is_empty()
        };
        if boundary && valid {
            found.push((at, url.len()));
            from = at + url.len().max(1);
        } else {
            from = at + prefix;
        }
    }
    found
}

/// Where the bare e-mail addresses in `text` are, as GitHub links them (`ops@northwind.example`):
/// a local part of letters, digits and `._+-`, an `@`, and a domain of two labels or more, the
/// last of letters. Not an address followed by `:` or `/` (`git@github.com:org/repo`), nor one
/// inside a word or a URL.
fn literal_emails(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let local = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'+' | b'-');
    let domain = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_');
    let mut found = Vec::new();
    for (at, _) in text.match_indices('@') {
        let start = bytes[..at]
            .iter()
            .rposition(|&b| !local(b))
            .map_or(0, |i| i + 1);
        let mut end = bytes[at + 1..]
            .iter()
            .position(|&b| !domain(b))
            .map_or(text.len(), |i| at + 1 + i);
        while end > at + 1 && matches!(bytes[end - 1], b'.' | b'-' | b'_') {
            end -= 1;
        }
        let (name, host) = (&text[start..at], &text[at + 1..end]);
        let last = host.rsplit('.').next().unwrap_or("");
        let before_ok = start == 0 || !matches!(bytes[start - 1], b'/' | b':' | b'@');
        let after_ok = !matches!(bytes.get(end), Some(b':' | b'/' | b'@'));
        if !name.is_empty()
            && !name.starts_with('.')
            && host.contains('.')
            && !host.split('.').any(str::is_empty)
            && last.len() >= 2
            && last.bytes().all(|b| b.is_ascii_alphabetic())
            && before_ok
            && after_ok
            && found
                .last()
                .is_none_or(|&(s, l): &(usize, usize)| s + l <= start)
        {
            found.push((start, end - start));
        }
    }
    found
}

/// Index of the first event after `start` for which `is_end` holds.
fn end_of(events: &Events, start: usize, is_end: impl Fn(&Event) -> bool) -> usize {
    start
        + events[start..]
            .iter()
            .position(|(e, _)| is_end(e))
            .unwrap_or(events.len() - start - 1)
}

struct RenderState<'a, 'o> {
    file_text: &'a str,
    body_offset: usize,
    /// The body the parser read (see [`crate::admonition`]): event ranges are offsets in it.
    body: &'a str,
    admonitions: &'a crate::admonition::Rewritten<'a>,
    rel: &'a str,
    source: &'a str,
    resolver: &'a dyn LinkResolver,
    options: &'a RenderOptions,
    diagnostics: &'o mut Vec<Diagnostic>,
    out: &'o mut Rendered,
    footnote_numbers: &'o mut HashMap<String, usize>,
    /// References to each footnote (by its id) rendered so far.
    footnote_refs_seen: HashMap<String, usize>,
    /// Raw HTML is inside a `<script>` or `<style>` (its code is no tags): the end tag looked for.
    raw_text_until: Option<&'static str>,
}

impl RenderState<'_, '_> {
    /// The offset in the file of offset `at` of the body the parser read.
    fn file_offset(&self, at: usize) -> usize {
        self.body_offset + self.admonitions.written_offset(at)
    }
}

/// Handles the event at `i`, which may sit inside a heading as well as elsewhere (links,
/// wikilinks, images, footnote references, raw HTML); returns the index of the next event.
fn push_inline<'e>(
    events: &Events<'e>,
    i: usize,
    rewritten: &mut Vec<Event<'e>>,
    state: &mut RenderState,
) -> usize {
    let (event, range) = &events[i];
    match event.clone() {
        Event::Start(Tag::Link {
            link_type: LinkType::WikiLink { has_pothole },
            dest_url,
            ..
        }) => return wikilink(events, i, &dest_url, has_pothole, rewritten, state),
        Event::Start(Tag::Image {
            link_type: LinkType::WikiLink { has_pothole },
            dest_url,
            ..
        }) => return embed(events, i, &dest_url, has_pothole, rewritten, state),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) if !matches!(link_type, LinkType::Email) => {
            let at = reference_definition(link_type, &id, state.body).unwrap_or(range.clone());
            let dest_url = if runs_script(&dest_url) {
                unsafe_link(&dest_url, &at, state)
            } else {
                rewrite_destination(&dest_url, &at, state).map_or(dest_url, CowStr::from)
            };
            rewritten.push(Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }));
        }
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            // An image's `data:` is a picture; a `javascript:` one is published as nothing.
            let at = reference_definition(link_type, &id, state.body).unwrap_or(range.clone());
            let dest_url = if runs_script(&dest_url) && !is_data_url(&dest_url) {
                unsafe_link(&dest_url, &at, state)
            } else {
                rewrite_destination(&dest_url, &at, state).map_or(dest_url, CowStr::from)
            };
            rewritten.push(Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }));
        }
        Event::FootnoteReference(name) => {
            let number = footnote_number(state.footnote_numbers, &name);
            let id = slug(&name);
            // Each reference its own id (`fnref-1`, `fnref-1-2` …), for the way back to it.
            let seen = state.footnote_refs_seen.entry(id.clone()).or_default();
            *seen += 1;
            let own = match *seen {
                1 => format!("fnref-{id}"),
                k => format!("fnref-{id}-{k}"),
            };
            rewritten.push(Event::Html(
                format!(
                    "<sup class=\"footnote-reference\" id=\"{own}\"><a href=\"#fn-{id}\">{number}</a></sup>"
                )
                .into(),
            ));
        }
        // `<mark>` for `==text==` (see `highlight_marks`), not the writer's HTML.
        Event::InlineHtml(html) if range.is_empty() => rewritten.push(Event::InlineHtml(html)),
        Event::Html(html) | Event::InlineHtml(html) if !state.options.allow_html => {
            rewritten.push(Event::Text(html));
        }
        Event::Html(ref html) | Event::InlineHtml(ref html) => {
            collect_html_ids(html, &mut state.out.anchors);
            unknown_elements(html, range, state);
            // Links and images in raw HTML (`<img src="diagram.svg" width="400">`, the way to
            // size an image) are checked and rewritten like Markdown's: the page is published
            // a folder deeper than its file, and a folder's published name is not always its
            // own (`Team Docs/` is `team-docs/`).
            let mut html_out = String::new();
            let mut copied = 0;
            // Where the HTML is written as it reads (not inside a quote's `> `), each value is
            // located exactly: a value such as `x` is found in `onerror="window.x"` too.
            let verbatim = state.body.get(range.clone()) == Some(&**html);
            for value in html_link_values(html) {
                let dest = &html[value.clone()];
                if dest.is_empty() || runs_script(dest) {
                    continue;
                }
                let written = if verbatim {
                    range.start + value.start..range.start + value.end
                } else {
                    range.clone()
                };
                if let Some(new) = rewrite_destination(&unescape_attribute(dest), &written, state) {
                    html_out.push_str(&html[copied..value.start]);
                    html_out.push_str(&escape(&new));
                    copied = value.end;
                }
            }
            if copied == 0 {
                rewritten.push(event.clone());
            } else {
                html_out.push_str(&html[copied..]);
                rewritten.push(match event {
                    Event::InlineHtml(_) => Event::InlineHtml(html_out.into()),
                    _ => Event::Html(html_out.into()),
                });
            }
        }
        other => rewritten.push(other),
    }
    i + 1
}

/// Every element of HTML, SVG and MathML, lower-cased, and the obsolete ones browsers still
/// show: a tag of another name is shown as nothing.
const ELEMENTS: &[&str] = &[
    "a",
    "abbr",
    "acronym",
    "address",
    "area",
    "article",
    "aside",
    "audio",
    "b",
    "base",
    "bdi",
    "bdo",
    "big",
    "blink",
    "blockquote",
    "body",
    "br",
    "button",
    "canvas",
    "caption",
    "center",
    "cite",
    "code",
    "col",
    "colgroup",
    "data",
    "datalist",
    "dd",
    "del",
    "details",
    "dfn",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "em",
    "embed",
    "fieldset",
    "figcaption",
    "figure",
    "font",
    "footer",
    "form",
    "frame",
    "frameset",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hgroup",
    "hr",
    "html",
    "i",
    "iframe",
    "img",
    "input",
    "ins",
    "kbd",
    "label",
    "legend",
    "li",
    "link",
    "main",
    "map",
    "mark",
    "marquee",
    "menu",
    "meta",
    "meter",
    "nav",
    "nobr",
    "noscript",
    "object",
    "ol",
    "optgroup",
    "option",
    "output",
    "p",
    "param",
    "picture",
    "plaintext",
    "pre",
    "progress",
    "q",
    "rp",
    "rt",
    "ruby",
    "s",
    "samp",
    "script",
    "search",
    "section",
    "select",
    "slot",
    "small",
    "source",
    "span",
    "strike",
    "strong",
    "style",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "template",
    "textarea",
    "tfoot",
    "th",
    "thead",
    "time",
    "title",
    "tr",
    "track",
    "tt",
    "u",
    "ul",
    "var",
    "video",
    "wbr",
    "xmp",
    // SVG
    "animate",
    "animatemotion",
    "animatetransform",
    "circle",
    "clippath",
    "defs",
    "desc",
    "ellipse",
    "feblend",
    "fecolormatrix",
    "fecomposite",
    "feflood",
    "fegaussianblur",
    "feimage",
    "femerge",
    "femergenode",
    "feoffset",
    "filter",
    "foreignobject",
    "g",
    "image",
    "line",
    "lineargradient",
    "marker",
    "mask",
    "metadata",
    "mpath",
    "path",
    "pattern",
    "polygon",
    "polyline",
    "radialgradient",
    "rect",
    "set",
    "stop",
    "svg",
    "switch",
    "symbol",
    "text",
    "textpath",
    "tspan",
    "use",
    "view",
    // MathML
    "math",
    "mi",
    "mn",
    "mo",
    "ms",
    "mspace",
    "mtext",
    "mrow",
    "mfrac",
    "msqrt",
    "mroot",
    "msub",
    "msup",
    "msubsup",
    "munder",
    "mover",
    "munderover",
    "mtable",
    "mtr",
    "mtd",
    "mstyle",
    "merror",
    "mpadded",
    "mphantom",
    "semantics",
    "annotation",
];

/// MDX's components Docusaurus and Starlight pages use, which [`foreign_syntax`] names.
const MDX_COMPONENTS: &[&str] = &[
    "Admonition",
    "Aside",
    "Badge",
    "BrowserWindow",
    "Card",
    "CardGrid",
    "CodeBlock",
    "Details",
    "DocCardList",
    "FileTree",
    "Icon",
    "LinkCard",
    "Steps",
    "TabItem",
    "Tabs",
];

/// The name of the tag `html` opens with when it is no element, nor an MDX component: a
/// placeholder such as `<service-name>` or `<Describe the change here>`, which a browser reads
/// as a tag and shows as nothing.
fn placeholder_tag(html: &str) -> Option<&str> {
    let rest = html
        .strip_prefix('<')?
        .strip_prefix('/')
        .unwrap_or(&html[1..]);
    let end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.'))
        .unwrap_or(rest.len());
    let name = &rest[..end];
    let after = &rest[end..];
    // A namespaced tag (`<ac:link>`) is another check's; a name must start with a letter.
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) || after.starts_with(':') {
        return None;
    }
    if ELEMENTS.contains(&name.to_ascii_lowercase().as_str()) {
        return None;
    }
    let tag = &after[..after.find('>').unwrap_or(after.len())];
    let pascal = name.starts_with(|c: char| c.is_ascii_uppercase())
        && name.chars().any(|c| c.is_ascii_lowercase());
    let component = MDX_COMPONENTS.contains(&name)
        || tag.contains('=')
        || tag.contains('{')
        || tag.trim_end().ends_with('/');
    (!(pascal && component)).then_some(name)
}

/// The elements whose content is text to their end tag, not tags: what they hold is no
/// placeholder.
const RAW_TEXT_ELEMENTS: [(&str, &str); 6] = [
    ("<script", "</script"),
    ("<style", "</style"),
    ("<textarea", "</textarea"),
    ("<title", "</title"),
    ("<xmp", "</xmp"),
    ("<iframe", "</iframe"),
];

/// The length of the tag `html` starts with, to its `>` outside quoted values (all of
/// `html` when it has none).
fn tag_length(html: &str) -> usize {
    let mut quote = None;
    for (i, c) in html.char_indices().skip(1) {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return i + 1,
            _ => {}
        }
    }
    html.len()
}

/// Reports each tag of `html` (raw HTML of a page) that is no element ([`placeholder_tag`]),
/// but in the code of a `<script>` or `<style>`, which may run over several pieces.
fn unknown_elements(html: &str, range: &std::ops::Range<usize>, state: &mut RenderState) {
    let verbatim = state.body.get(range.clone()) == Some(html);
    let lower = html.to_ascii_lowercase();
    let mut from = 0;
    for at in memchr::memchr_iter(b'<', html.as_bytes()) {
        if at < from {
            continue;
        }
        if let Some(end) = state.raw_text_until {
            match lower[at..].find(end) {
                Some(i) => {
                    state.raw_text_until = None;
                    from = at + i + end.len();
                }
                None => return,
            }
            continue;
        }
        // A tag's own text (its attributes' values: `title="<service-name>"`) is no tag.
        let tag_len = tag_length(&html[at..]);
        from = at + tag_len;
        // Elements whose text is text, not tags, to their end tag.
        for (open, end) in RAW_TEXT_ELEMENTS {
            if lower[at..].starts_with(open)
                && !lower[at + open.len()..]
                    .starts_with(|c: char| c.is_ascii_alphanumeric() || c == '-')
            {
                state.raw_text_until = Some(end);
            }
        }
        let Some(name) = placeholder_tag(&html[at..]) else {
            continue;
        };
        let tag = &html[at..at + tag_len];
        // A custom element given attributes (`<status-badge level="2">`) is the site's.
        if html[at..].starts_with("</") || (name.contains('-') && tag.contains('=')) {
            continue;
        }
        let (start, len) = if verbatim {
            (range.start + at, tag_len)
        } else {
            (range.start, name.len() + 1)
        };
        let tag = tag.split_whitespace().collect::<Vec<_>>().join(" ");
        state.diagnostics.push(
            Diagnostic::warning(
                "unknown-element",
                state.source,
                format!("`{tag}` is read as an HTML tag, and no element is named `{name}`: the page does not show it"),
            )
            .at_offset(state.file_text, state.file_offset(start), len)
            .with_help(format!(
                "to show it as written, put it in backticks, `` {tag} ``, or write its `<` as `\\<`: `\\{tag}`"
            )),
        );
    }
}

/// Where a reference link's address is written, its definition (`[rt]: release-train.md`),
/// for a reference link (`[the train][rt]`, `[rt][]`, `[rt]`): what is wrong with the address
/// is fixed there, not where the link is used (reported there, the line to edit went unnamed).
/// Labels match without case and with runs of spaces as one, as CommonMark says.
fn reference_definition(
    link_type: LinkType,
    label: &str,
    body: &str,
) -> Option<std::ops::Range<usize>> {
    if !matches!(
        link_type,
        LinkType::Reference | LinkType::Collapsed | LinkType::Shortcut
    ) || label.is_empty()
    {
        return None;
    }
    let normal = |text: &str| {
        text.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    let wanted = normal(label);
    let mut start = 0;
    for line in body.split_inclusive('\n') {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let rest = &line[indent..];
        if indent <= 3
            && let Some(inside) = rest.strip_prefix('[')
            && let Some(end) = inside.find("]:")
            && normal(&inside[..end]) == wanted
        {
            return Some(start..start + line.trim_end().len());
        }
        start += line.len();
    }
    None
}

/// The address a link to page `target` (at root-relative `url`) is published with, noting the
/// link for anchor checks and backlinks.
fn link_to_page(
    state: &mut RenderState,
    dest: &str,
    target: usize,
    url: &str,
    anchor: Option<String>,
    offset: usize,
    len: usize,
) -> Option<String> {
    let mut href = state.resolver.relative(state.rel, url);
    href.push_str(query_of(dest));
    if let Some(a) = &anchor {
        href.push('#');
        href.push_str(a);
    }
    state.out.links.push(PageLink {
        target,
        anchor,
        offset,
        len,
        spot: None,
    });
    Some(href)
}

/// Renders `[[target]]`, `[[target|label]]` or `[[target#Heading]]` starting at event `i`;
/// returns the index after its end.
fn wikilink<'e>(
    events: &Events<'e>,
    i: usize,
    target: &str,
    has_label: bool,
    rewritten: &mut Vec<Event<'e>>,
    state: &mut RenderState,
) -> usize {
    // A link, or an embed of a note linked to instead (see [`embed`]).
    let end = end_of(events, i, |e| {
        matches!(e, Event::End(TagEnd::Link | TagEnd::Image))
    });
    let range = &events[i].1;
    // The target as written, just inside `[[` (or `![[`).
    let bang = usize::from(state.body[range.clone()].starts_with('!'));
    let offset = state.file_offset(range.start + bang + 2);
    // In a table cell the label's `|` is written `\|`, which leaves its `\` on the target.
    let target = if has_label {
        target.strip_suffix('\\').unwrap_or(target)
    } else {
        target
    };
    // `[[page|]]`: no label, so the page's name shows (an empty link could not be seen).
    let has_label = has_label
        && events[i + 1..end]
            .iter()
            .any(|(e, _)| !matches!(e, Event::Text(t) if t.trim().is_empty()));
    if target.trim() == "_TOC_" {
        // GitLab's wikis' table of contents: opsbook makes its own.
        state.diagnostics.push(
            Diagnostic::warning(
                "foreign-syntax",
                state.source,
                "`[[_TOC_]]` asks for a table of contents (GitLab's), which opsbook makes itself (\"On this page\"): it is left out",
            )
            .at_offset(state.file_text, offset - 2, target.len() + 4)
            .with_help("remove it"),
        );
        return end + 1;
    }
    if target.trim().is_empty() {
        state.diagnostics.push(
            Diagnostic::error("broken-link", state.source, "this wikilink names no page")
                .at_offset(state.file_text, offset, target.len().max(1))
                .with_help("write a page's title or path between `[[` and `]]`"),
        );
        rewritten.push(Event::Text(format!("[[{target}]]").into()));
        return end + 1;
    }
    // GitHub's wikis write the text first, `[[How to deploy|Deploy-Guide]]`: the other way
    // round from Obsidian's, and opsbook's. When the label names a page and the target does
    // not (or names this page), the writer most likely meant it so.
    // The URL of the page the label names, and the link with the two swapped (asked only of
    // a link to this page or to none).
    let reversed = |resolver: &dyn LinkResolver| {
        if !has_label {
            return None;
        }
        let label = plain_text(&events[i + 1..end]);
        let label = label.trim();
        match resolver.resolve_wiki(state.rel, label) {
            WikiResolved::Page { url, .. } => {
                Some((url, format!("`[[{label}|{}]]`", target.trim())))
            }
            WikiResolved::Broken { .. } => None,
        }
    };
    match state.resolver.resolve_wiki(state.rel, target) {
        WikiResolved::Page {
            target: page,
            url,
            title,
            heading,
            anchor,
        } => {
            let anchor = anchor.filter(|a| !a.is_empty());
            let mut href = state.resolver.relative(state.rel, &url);
            let to_itself = heading.is_none() && (href == "./" || href.is_empty());
            if to_itself
                && let Some((other, swapped)) = reversed(state.resolver)
                && other != url
            {
                let help = format!(
                    "GitHub's wikis write the text first; here, write the page first: {swapped}"
                );
                state.diagnostics.push(
                    Diagnostic::warning(
                        "foreign-syntax",
                        state.source,
                        format!(
                            "`[[{target}|…]]` links to this page itself, and its text names another page"
                        ),
                    )
                    .at_offset(state.file_text, offset, target.len())
                    .with_help(help),
                );
            }
            if let Some(anchor) = &anchor {
                href.push('#');
                href.push_str(anchor);
            }
            state.out.links.push(PageLink {
                target: page,
                anchor,
                offset,
                len: target.len(),
                spot: None,
            });
            rewritten.push(Event::Html(
                format!("<a class=\"wikilink\" href=\"{}\">", escape(&href)).into(),
            ));
            if has_label {
                let mut j = i + 1;
                while j < end {
                    j = push_inline(events, j, rewritten, state);
                }
            } else {
                // A path reads badly as link text: show the page's title instead.
                let (name, _) = target.split_once('#').unwrap_or((target, ""));
                let shown = if name.contains('/') || name.trim().is_empty() {
                    title
                } else {
                    name.trim().to_string()
                };
                let shown = match &heading {
                    Some(h) if !shown.is_empty() => format!("{shown} › {h}"),
                    Some(h) => h.clone(),
                    None => shown,
                };
                rewritten.push(Event::Text(shown.into()));
            }
            rewritten.push(Event::Html("</a>".into()));
        }
        WikiResolved::Broken { message, help } => {
            // A name mistyped, and the label the page's: "did you mean" says it better.
            let help = match reversed(state.resolver) {
                Some((_, swapped)) if !help.starts_with("did you mean") => format!(
                    "GitHub's wikis write the text first; here, write the page first: {swapped}"
                ),
                Some((_, swapped)) => format!(
                    "{help} If the text came first, as GitHub's wikis write it, write the page first: {swapped}"
                ),
                None => help,
            };
            state.diagnostics.push(
                Diagnostic::error("broken-link", state.source, message)
                    .at_offset(state.file_text, offset, target.len())
                    .with_help(help),
            );
            rewritten.push(Event::Text(format!("[[{target}]]").into()));
        }
    }
    end + 1
}

/// What an embed shows as an image, by the file's extension.
const IMAGE_EXTENSIONS: &[&str] = &[
    "png", "jpg", "jpeg", "gif", "svg", "webp", "avif", "bmp", "ico",
];

/// Renders Obsidian's embed `![[target]]` or `![[target|label]]` starting at event `i`;
/// returns the index after its end. An image shows, found by its path or, as Obsidian finds
/// it, by its name alone wherever it is (`![[Pasted image 20240301.png]]`), `|400` or
/// `|400x300` being its size as Obsidian reads it. A note or another file is linked to, with a
/// warning: opsbook does not put one page's text in another (shown as a broken image, the
/// embedded text was silently missing).
fn embed<'e>(
    events: &Events<'e>,
    i: usize,
    target: &str,
    has_label: bool,
    rewritten: &mut Vec<Event<'e>>,
    state: &mut RenderState,
) -> usize {
    let end = end_of(events, i, |e| matches!(e, Event::End(TagEnd::Image)));
    let range = events[i].1.clone();
    let target = if has_label {
        target.strip_suffix('\\').unwrap_or(target)
    } else {
        target
    };
    let path = target
        .split_once('#')
        .map_or(target, |(path, _)| path)
        .trim();
    let name = path.rsplit('/').next().unwrap_or(path);
    let extension = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    let label = if has_label {
        plain_text(&events[i + 1..end]).trim().to_string()
    } else {
        String::new()
    };
    // Found by its path from the page, else from the content folder (Obsidian's "absolute
    // path in vault"), else by its name alone; `None` once reported broken.
    let file_url = |state: &mut RenderState| {
        if !matches!(
            state.resolver.resolve(state.rel, path),
            Resolved::Broken { .. }
        ) {
            return rewrite_destination(path, &range, state);
        }
        let from_root = format!("/{path}");
        if path.contains('/')
            && !matches!(
                state.resolver.resolve(state.rel, &from_root),
                Resolved::Broken { .. }
            )
        {
            return rewrite_destination(&from_root, &range, state);
        }
        match state.resolver.files_named(name).as_slice() {
            [] => rewrite_destination(path, &range, state),
            [one] => Some(
                state
                    .resolver
                    .relative(state.rel, &crate::url::asset_url(one)),
            ),
            many => {
                let paths: Vec<String> = many.iter().map(|p| format!("`{p}`")).collect();
                state.diagnostics.push(
                    Diagnostic::error(
                        "broken-link",
                        state.source,
                        format!("`{name}` is ambiguous: {} files have this name", many.len()),
                    )
                    .at_offset(
                        state.file_text,
                        state.file_offset(range.start),
                        target.len() + 5,
                    )
                    .with_help(format!("write its path instead: {}", paths.join(" or "))),
                );
                None
            }
        }
    };
    if extension
        .as_deref()
        .is_some_and(|e| IMAGE_EXTENSIONS.contains(&e))
    {
        let src = file_url(state).unwrap_or_else(|| path.to_string());
        let size = label
            .split_once('x')
            .map_or((label.as_str(), ""), |(w, h)| (w, h));
        let is_number = |n: &str| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit());
        let (alt, size) = if is_number(size.0) && (size.1.is_empty() || is_number(size.1)) {
            let height = if size.1.is_empty() {
                String::new()
            } else {
                format!(" height=\"{}\"", size.1)
            };
            (name, format!(" width=\"{}\"{height}", size.0))
        } else if label.is_empty() {
            (name, String::new())
        } else {
            (label.as_str(), String::new())
        };
        rewritten.push(Event::Html(
            format!(
                "<img src=\"{}\" alt=\"{}\"{size} />",
                escape(&src),
                escape(alt)
            )
            .into(),
        ));
        return end + 1;
    }
    let bang_offset = state.file_offset(range.start);
    state.diagnostics.push(
        Diagnostic::warning(
            "foreign-syntax",
            state.source,
            format!("`![[{target}]]` shows a note or file inside the page in Obsidian; opsbook links to it instead"),
        )
        .at_offset(state.file_text, bang_offset, target.len() + 5)
        .with_help(format!(
            "to show a note's text here, copy it into this page; `[[{target}]]` writes the link"
        )),
    );
    if extension.is_none() || matches!(extension.as_deref(), Some("md" | "markdown" | "mdx")) {
        return wikilink(events, i, target, has_label, rewritten, state);
    }
    let shown = if label.is_empty() {
        name
    } else {
        label.as_str()
    };
    match file_url(state) {
        Some(href) => rewritten.push(Event::Html(
            format!("<a href=\"{}\">{}</a>", escape(&href), escape(shown)).into(),
        )),
        None => rewritten.push(Event::Text(format!("![[{target}]]").into())),
    }
    end + 1
}

/// Whether following a link to `dest` runs what it holds: a script (`javascript:`,
/// `vbscript:`) or a document written into the URL (`data:`). Read the way browsers read it:
/// leading spaces and control characters, and tabs and newlines anywhere, are ignored.
fn runs_script(dest: &str) -> bool {
    let scheme: String = dest
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .take(11)
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:"]
        .iter()
        .any(|s| scheme.starts_with(s))
}

/// Whether `dest` is a `data:` URL, read as [`runs_script`] reads schemes.
fn is_data_url(dest: &str) -> bool {
    dest.trim_start_matches(|c: char| c <= ' ')
        .get(..5)
        .is_some_and(|s| s.eq_ignore_ascii_case("data:"))
}

/// A link that would run a script is published pointing nowhere (its text kept), as GitHub
/// and GitLab do with Markdown links: anyone who can edit a page could otherwise put a
/// script in front of every reader who clicks, even with `allow_html: false`. Raw HTML, where
/// allowed, stays the one deliberate way to write one.
fn unsafe_link<'a>(
    dest: &str,
    range: &std::ops::Range<usize>,
    state: &mut RenderState,
) -> CowStr<'a> {
    let written = &state.body[range.clone()];
    let len = written
        .len()
        .min(written.find('\n').unwrap_or(written.len()));
    let scheme = dest.trim_start().split(':').next().unwrap_or("").trim();
    state.diagnostics.push(
        Diagnostic::warning(
            "unsafe-link",
            state.source,
            format!("a link to a `{scheme}:` URL can run code in the reader's browser"),
        )
        .at_offset(state.file_text, state.file_offset(range.start), len)
        .with_help("link to a page or an https:// address; the link is published without it"),
    );
    CowStr::from("#")
}

/// Resolves a link destination; returns the rewritten destination, or `None` to keep it.
fn rewrite_destination(
    dest: &str,
    range: &std::ops::Range<usize>,
    state: &mut RenderState,
) -> Option<String> {
    let resolved = state.resolver.resolve(state.rel, dest);
    // Point diagnostics at the destination itself when it is written inline.
    let written = &state.body[range.clone()];
    let (offset, len) = match written.rfind(dest).filter(|_| !dest.is_empty()) {
        Some(i) => (state.file_offset(range.start + i), dest.len()),
        None => (
            state.file_offset(range.start),
            written
                .len()
                .min(written.find('\n').unwrap_or(written.len())),
        ),
    };
    match resolved {
        Resolved::External => None,
        Resolved::SamePage { anchor } => {
            // A heading named by its text (`#Part%20one`), or by GitHub's id for it
            // (`#user-content-roles`), is written as its id.
            let href = (dest.strip_prefix('#') != Some(anchor.as_str())
                && (anchor_named_by_text(dest) || dest.starts_with("#user-content-")))
            .then(|| format!("#{anchor}"));
            state.out.links.push(PageLink {
                target: usize::MAX,
                anchor: Some(anchor),
                offset,
                len,
                spot: None,
            });
            href
        }
        Resolved::Moved {
            target,
            url,
            anchor,
            message,
            help,
        } => {
            state.diagnostics.push(
                Diagnostic::warning("link-to-alias", state.source, message)
                    .at_offset(state.file_text, offset, len)
                    .with_help(help),
            );
            link_to_page(state, dest, target, &url, anchor, offset, len)
        }
        Resolved::Page {
            target,
            url,
            anchor,
        } => link_to_page(state, dest, target, &url, anchor, offset, len),
        Resolved::File { url } => {
            // A file's fragment is the file's business (`#page=3` of a PDF): kept as written.
            let fragment = dest.find('#').map_or("", |i| &dest[i..]);
            // A page the build makes (a folder's address): its fragment is an id of it.
            let anchor = fragment.trim_start_matches('#');
            if url.ends_with('/') && !anchor.is_empty() && anchor != "top" {
                state.out.generated_anchors.push(GeneratedAnchor {
                    url: url.clone(),
                    anchor: anchor.to_string(),
                    offset,
                    len,
                    spot: None,
                });
            }
            Some(state.resolver.relative(state.rel, &url) + query_of(dest) + fragment)
        }
        Resolved::Broken { message, help } => {
            state.diagnostics.push(
                Diagnostic::error("broken-link", state.source, message)
                    .at_offset(state.file_text, offset, len)
                    .with_help(help),
            );
            None
        }
    }
}

/// Whether a destination's fragment names a heading by its text (it has a space, written
/// or as `%20`), which the link index turned into the heading's id.
fn anchor_named_by_text(dest: &str) -> bool {
    dest.split_once('#')
        .is_some_and(|(_, fragment)| fragment.contains([' ', '\t']) || fragment.contains("%20"))
}

/// The `?query` of a link's destination as written (`/search/?q=refund`), or "".
fn query_of(dest: &str) -> &str {
    let path = dest.split('#').next().unwrap_or(dest);
    path.find('?').map_or("", |i| &path[i..])
}

/// A footnote's number, by its label as CommonMark matches labels: in any case, its spaces
/// collapsed (`[^Note]` is `[^note]`'s: each got a number of its own).
fn footnote_number(numbers: &mut HashMap<String, usize>, name: &str) -> usize {
    let next = numbers.len() + 1;
    let label = name.split_whitespace().collect::<Vec<_>>().join(" ");
    *numbers.entry(label.to_lowercase()).or_insert(next)
}

/// The ids the default theme gives its own elements on a page (the skip link's `#main`, the
/// search box): a heading of the same id would take them, and its own links would go nowhere.
pub const THEME_IDS: &[&str] = &[
    "due-soon-heading",
    "home-title",
    "kinds-heading",
    "main",
    "nav-toggle",
    "older-releases",
    "overdue-heading",
    "owners-heading",
    "pages-heading",
    "people-heading",
    "recent-heading",
    "search-filters",
    "search-page-input",
    "search-results",
    "sections-heading",
    "sidebar",
    "site-search",
    "site-search-form",
    "site-search-input",
    "subsections-heading",
    "template-source",
    "template-use-heading",
    "toc-heading",
    "unowned-heading",
];

/// Unique ids for every heading, in order: `{#custom}` when given, else the GitHub-style slug
/// of its text, with `-1`, `-2` … appended to repeats and to the theme's own ids
/// ([`THEME_IDS`]: `## Main` is `#main-1`).
fn heading_ids(events: &[(Event, std::ops::Range<usize>)]) -> Vec<String> {
    // The ids a footnote or the writer's HTML takes are taken (`## FN 1` was `#fn-1`, the
    // first footnote's, which its reference then led to).
    let mut seen: HashSet<String> = HashSet::default();
    for (event, _) in events {
        match event {
            Event::Start(Tag::FootnoteDefinition(name)) | Event::FootnoteReference(name) => {
                seen.insert(format!("fn-{}", slug(name)));
                seen.insert(format!("fnref-{}", slug(name)));
            }
            Event::Html(html) | Event::InlineHtml(html) => collect_html_ids(html, &mut seen),
            _ => {}
        }
    }
    // The next suffix to try for each base, so that a page repeating one heading a thousand
    // times is not a million tries.
    let mut next: HashMap<String, usize> = HashMap::default();
    let mut ids = Vec::new();
    for (i, (event, _)) in events.iter().enumerate() {
        if let Event::Start(Tag::Heading { id, .. }) = event {
            let base = match id {
                Some(custom) => custom.to_string(),
                None => {
                    let end = i + events[i..]
                        .iter()
                        .position(|(e, _)| matches!(e, Event::End(TagEnd::Heading(_))))
                        .unwrap_or(0);
                    untrimmed_slug(&id_text(&events[i + 1..end]))
                }
            };
            let base = if base.is_empty() {
                "section".to_string()
            } else {
                base
            };
            let mut n = next.get(&base).copied().unwrap_or(0);
            let mut candidate = if n == 0 {
                base.clone()
            } else {
                format!("{base}-{n}")
            };
            while THEME_IDS.contains(&candidate.as_str()) || !seen.insert(candidate.clone()) {
                n += 1;
                candidate = format!("{base}-{n}");
            }
            next.insert(base, n + 1);
            ids.push(candidate);
        }
    }
    ids
}

/// The headings of a Markdown `body` given an id of their own (`## Afterwards {#after}`): the
/// slug of each one's text, and its id, so that a wikilink naming the heading by its text
/// (`[[Incident response#Afterwards]]`) finds it. A line scan for ATX headings outside fenced
/// code, run on every page before any is rendered, so kept to what can carry such an id.
pub fn custom_heading_ids(body: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    if memchr::memmem::find(body.as_bytes(), b"{#").is_none() {
        return found;
    }
    let mut fence: Option<&str> = None;
    for line in body.lines() {
        let trimmed = line.trim_start();
        for marker in ["```", "~~~"] {
            if trimmed.starts_with(marker) {
                fence = match fence {
                    Some(open) if open == marker => None,
                    None => Some(marker),
                    other => other,
                };
            }
        }
        if fence.is_some() || line.len() - trimmed.len() > 3 {
            continue;
        }
        let hashes = trimmed.chars().take_while(|c| *c == '#').count();
        let Some(rest) = trimmed[hashes..]
            .strip_prefix(' ')
            .filter(|_| (1..=6).contains(&hashes))
        else {
            continue;
        };
        let rest = rest.trim_end();
        let Some(open) = rest.rfind('{').filter(|_| rest.ends_with('}')) else {
            continue;
        };
        let id = rest[open + 1..rest.len() - 1]
            .split_whitespace()
            .find_map(|attr| attr.strip_prefix('#'));
        if let Some(id) = id.filter(|id| !id.is_empty()) {
            let text = rest[..open].trim_end().trim_end_matches('#').trim_end();
            found.push((slug(&plain_heading_text(text)), id.to_string()));
        }
    }
    found
}

/// A heading's Markdown as the text it shows, near enough for its slug: emphasis, code and
/// link marks taken out (`**Roll back** [now](x)` → `Roll back now`).
fn plain_heading_text(markdown: &str) -> String {
    let mut text = String::with_capacity(markdown.len());
    let mut in_destination = false;
    let mut chars = markdown.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            ']' if chars.peek() == Some(&'(') => {
                chars.next();
                in_destination = true;
            }
            ')' if in_destination => in_destination = false,
            _ if in_destination => {}
            '*' | '_' | '`' | '[' | ']' => {}
            c => text.push(c),
        }
    }
    text
}

/// GitHub's heading slug: lowercase, keep letters, digits, `-` and `_`, spaces become `-`.
pub fn slug(text: &str) -> String {
    untrimmed_slug(text.trim())
}

/// [`slug`] of a heading's text as GitHub reads it, spaces at its ends kept: an image or HTML
/// first (`## ![icon](x.png) Install`) leaves one, which GitHub's id begins with (`-install`).
fn untrimmed_slug(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    use unicode_normalization::char::is_combining_mark;
    // Composed (NFC), so that a heading typed on macOS and a link typed elsewhere agree; the
    // marks that compose with no letter (`जाँच`, `ติดตั้ง`) kept, as GitHub keeps them.
    let composed: Cow<str> = if text.is_ascii() {
        text.into()
    } else {
        text.nfc().collect::<String>().into()
    };
    composed
        .chars()
        .filter_map(|c| {
            if c == ' ' {
                Some('-')
            } else if c.is_alphanumeric() || c == '-' || c == '_' || is_combining_mark(c) {
                Some(c)
            } else {
                None
            }
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// A heading's text as GitHub makes its id from it: what the reader sees as text, so an
/// image's alt text is none of it (`## ![icon](x.png) Install` is `#-install` on GitHub, and
/// a link written for GitHub went nowhere here).
fn id_text(events: &[(Event, std::ops::Range<usize>)]) -> String {
    let mut text = String::new();
    let mut in_image = 0usize;
    for (event, _) in events {
        match event {
            Event::Start(Tag::Image { .. }) => in_image += 1,
            Event::End(TagEnd::Image) => in_image = in_image.saturating_sub(1),
            Event::Text(t) | Event::Code(t) if in_image == 0 => text.push_str(t),
            Event::SoftBreak | Event::HardBreak if in_image == 0 => text.push(' '),
            _ => {}
        }
    }
    text
}

fn plain_text(events: &[(Event, std::ops::Range<usize>)]) -> String {
    let mut text = String::new();
    for (event, _) in events {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text
}

/// A heading's inline text as HTML, for the page's own heading: its code, emphasis and
/// struck text kept (`# The \`kubectl\` runbook`), links and images as their text (a link
/// in a title leads nowhere one expects), raw HTML left out.
fn heading_html(events: &[(Event, std::ops::Range<usize>)]) -> String {
    let mut html = String::new();
    for (event, _) in events {
        match event {
            Event::Text(t) => html.push_str(&escape(t)),
            Event::Code(t) => {
                html.push_str("<code>");
                html.push_str(&escape(t));
                html.push_str("</code>");
            }
            Event::SoftBreak | Event::HardBreak => html.push(' '),
            Event::Start(Tag::Emphasis) => html.push_str("<em>"),
            Event::End(TagEnd::Emphasis) => html.push_str("</em>"),
            Event::Start(Tag::Strong) => html.push_str("<strong>"),
            Event::End(TagEnd::Strong) => html.push_str("</strong>"),
            Event::Start(Tag::Strikethrough) => html.push_str("<del>"),
            Event::End(TagEnd::Strikethrough) => html.push_str("</del>"),
            _ => {}
        }
    }
    html
}

/// The text of HTML made by [`heading_html`]: its tags left out, its escapes read.
pub fn heading_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// A callout's class, which names the word of its title too (`callout_note` in the catalogs).
fn callout(kind: BlockQuoteKind) -> &'static str {
    match kind {
        BlockQuoteKind::Note => "note",
        BlockQuoteKind::Tip => "tip",
        BlockQuoteKind::Important => "important",
        BlockQuoteKind::Warning => "warning",
        BlockQuoteKind::Caution => "caution",
    }
}

/// The language of a code block: the first word of a fence's info string (```` ```yaml ````,
/// ```` ```{.python} ````, MkDocs' ```` ``` { .python title="x.py" } ````), none for an
/// indented block or a fence with only a title (```` ```title="x.txt" ````).
fn fence_language<'a>(kind: &'a CodeBlockKind) -> &'a str {
    let CodeBlockKind::Fenced(info) = kind else {
        return "";
    };
    let lang = info
        .trim_start_matches(['{', ' ', '\t'])
        .split(|c: char| c.is_whitespace() || c == ',' || c == '{' || c == '}')
        .next()
        .unwrap_or("")
        .trim_start_matches('.');
    // `{1,3-4}` marks lines (see `LineMarks`): no language.
    let line_numbers = lang.bytes().all(|b| b.is_ascii_digit() || b == b'-');
    if lang.contains('=') || line_numbers {
        ""
    } else {
        lang
    }
}

/// Whether a code block of language `lang` is a diagram for Mermaid to draw.
fn is_diagram(lang: &str) -> bool {
    lang.eq_ignore_ascii_case("mermaid")
}

/// The file name a fence's info string gives its code, as Docusaurus and MkDocs Material
/// write it: ```` ```yaml title="values.yaml" ````.
fn fence_title(info: &str) -> Option<String> {
    let at = info.find("title=")?;
    if at > 0 && !info[..at].ends_with([' ', '\t', '{', ',']) {
        return None;
    }
    let value = &info[at + "title=".len()..];
    let title = match value.chars().next()? {
        quote @ ('"' | '\'') => value[1..].split(quote).next()?,
        _ => value.split([' ', '\t', '}', ',']).next()?,
    };
    (!title.trim().is_empty()).then(|| title.trim().to_string())
}

/// The lines of a code block its fence marks, as Docusaurus, MkDocs, Zola and Hugo write
/// them: lines to highlight (```` ```yaml {1,3-4} ````, `hl_lines="2 3"`, `hl_lines=[8,"15-17"]`)
/// and numbers shown beside the lines (`showLineNumbers`, `linenums="1"`, `linenos`), from
/// a first number (`showLineNumbers=5`, `linenums="5"`, `linenostart=5`). They were dropped.
#[derive(Debug, Default, PartialEq)]
struct LineMarks {
    highlighted: Vec<std::ops::RangeInclusive<u32>>,
    numbered_from: Option<u32>,
}

impl LineMarks {
    fn of(info: &str) -> LineMarks {
        // Line numbers and ranges in `spec` (`1,3-4`, `"2 3"`, `[8,"15-17"]`).
        let ranges = |spec: &str| -> Vec<std::ops::RangeInclusive<u32>> {
            spec.split(|c: char| !(c.is_ascii_digit() || c == '-'))
                .filter_map(|part| {
                    let (from, to) = part.split_once('-').unwrap_or((part, part));
                    let (from, to) = (from.parse().ok()?, to.parse().ok()?);
                    (from >= 1 && from <= to).then_some(from..=to)
                })
                .collect()
        };
        // The value of `key=` in the info string: quoted, bracketed or a bare word.
        let value = |key: &str| -> Option<&str> {
            let at = info.match_indices(key).find_map(|(at, _)| {
                let before_ok = at == 0 || info[..at].ends_with([' ', '\t', '{', ',']);
                (before_ok && info[at + key.len()..].starts_with('=')).then_some(at)
            })?;
            let rest = &info[at + key.len() + 1..];
            Some(match rest.chars().next()? {
                quote @ ('"' | '\'') => rest[1..].split(quote).next()?,
                '[' => rest[1..].split(']').next()?,
                _ => rest.split([' ', '\t', '}', ',']).next()?,
            })
        };
        let has_word = |word: &str| {
            info.split(|c: char| c.is_whitespace() || c == ',' || c == '{' || c == '}')
                .any(|w| w == word || w.starts_with(&format!("{word}=")))
        };
        let mut highlighted = value("hl_lines").map(ranges).unwrap_or_default();
        // Docusaurus's `{1,3-4}`: a brace group of numbers only, outside quotes (a title's
        // `"a {1}.yaml"` is a name).
        let mut unquoted = String::with_capacity(info.len());
        let mut quote = None;
        for c in info.chars() {
            match quote {
                Some(q) if c == q => quote = None,
                Some(_) => {}
                None if c == '"' || c == '\'' => quote = Some(c),
                None => unquoted.push(c),
            }
        }
        for group in unquoted
            .split('{')
            .skip(1)
            .filter_map(|g| g.split('}').next())
        {
            if !group.is_empty()
                && group
                    .chars()
                    .all(|c| c.is_ascii_digit() || matches!(c, ',' | '-' | ' '))
            {
                highlighted.extend(ranges(group));
            }
        }
        let start = |key: &str| value(key).and_then(|v| v.trim().parse::<u32>().ok());
        let numbered_from = if has_word("showLineNumbers") {
            Some(start("showLineNumbers").unwrap_or(1))
        } else if let Some(from) = start("linenums") {
            Some(from.max(1))
        } else if has_word("linenos") && value("linenos") != Some("false") {
            Some(start("linenostart").unwrap_or(1))
        } else {
            None
        };
        LineMarks {
            highlighted,
            numbered_from,
        }
    }

    fn is_empty(&self) -> bool {
        self.highlighted.is_empty() && self.numbered_from.is_none()
    }
}

/// A code block's HTML (`body`, highlighted or escaped, its spans never nested) with each line
/// in a `<span class="line">` (`line hl` when highlighted): a span open at a line's end is
/// closed there and opened again on the next line.
fn marked_lines(body: &str, marks: &LineMarks) -> String {
    let mut out = String::with_capacity(body.len() + body.len() / 4);
    let mut open: Option<&str> = None;
    let mut segments: Vec<&str> = body.split('\n').collect();
    // What follows the last line break is a last line, unless it is nothing, or only the
    // close of the span open across it.
    if segments
        .last()
        .is_some_and(|last| last.is_empty() || *last == "</span>")
        && segments.len() > 1
    {
        segments.pop();
    }
    for (n, segment) in segments.iter().enumerate() {
        let number = n as u32 + 1;
        let hl = marks.highlighted.iter().any(|r| r.contains(&number));
        out.push_str(if hl {
            "<span class=\"line hl\">"
        } else {
            "<span class=\"line\">"
        });
        if let Some(tag) = open {
            out.push_str(tag);
        }
        // The span open at this line's end: the last one opened and not closed.
        let mut at = 0;
        while let Some(i) = segment[at..].find('<').map(|i| at + i) {
            let end = segment[i..].find('>').map_or(segment.len(), |e| i + e + 1);
            let tag = &segment[i..end];
            open = if tag.starts_with("</") {
                None
            } else {
                Some(tag)
            };
            at = end;
        }
        out.push_str(segment);
        if open.is_some() {
            out.push_str("</span>");
        }
        out.push_str("\n</span>");
    }
    out
}

fn code_block(code: &str, lang: &str, highlight: bool, marks: &LineMarks) -> String {
    let highlighted = (highlight && !lang.is_empty())
        .then(|| highlight::highlight(code, lang))
        .flatten();
    let escaped;
    let body: &str = match &highlighted {
        Some(html) => html,
        None => {
            escaped = escape(code);
            &escaped
        }
    };
    let lined;
    let body = if marks.is_empty() {
        body
    } else {
        lined = marked_lines(body, marks);
        &lined
    };
    // Numbers come from the stylesheet (a counter), so that copying the code leaves them out.
    let numbers = marks.numbered_from.map_or(String::new(), |from| {
        format!(
            " data-line-numbers style=\"counter-reset: line {}\"",
            from - 1
        )
    });
    if lang.is_empty() {
        format!("<pre class=\"code\"{numbers}><code>{body}</code></pre>\n")
    } else {
        let lang = escape(lang);
        format!(
            "<pre class=\"code\" data-lang=\"{lang}\"{numbers}><code class=\"language-{lang}\">{body}</code></pre>\n"
        )
    }
}

/// Adds `id="…"` and `name="…"` values found in raw HTML to the page's anchors.
fn collect_html_ids(html: &str, anchors: &mut HashSet<String>) {
    collect_attribute(html, &["id=\"", "name=\""], anchors);
}

/// Adds the `id="…"` values of a page the build makes (`build` and `serve`, for the anchors
/// links point at on it): its `name`s are its form's and its metadata's.
pub fn collect_ids(html: &str, ids: &mut HashSet<String>) {
    collect_attribute(html, &[" id=\""], ids);
}

fn collect_attribute(html: &str, attributes: &[&str], anchors: &mut HashSet<String>) {
    for attr in attributes {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            let after = &rest[i + attr.len()..];
            if let Some(end) = after.find('"') {
                anchors.insert(after[..end].to_string());
            }
            rest = after;
        }
    }
}

/// Where the URLs of `href`, `src` and `srcset` attributes are in `html` (a `srcset` holds
/// several, each before its width or density), quoted or not.
pub(crate) fn html_link_values(html: &str) -> Vec<std::ops::Range<usize>> {
    let bytes = html.as_bytes();
    let mut values = Vec::new();
    let mut at = 0;
    while let Some(eq) = html[at..].find('=').map(|i| at + i) {
        at = eq + 1;
        let name_end = html[..eq].trim_end().len();
        // Bytes: an attribute's name is ASCII, and what is not ends it (`é=1` in a `<div>`'s
        // text, where the character after it is two bytes).
        let name_start = bytes[..name_end]
            .iter()
            .rposition(|&b| !b.is_ascii_alphanumeric() && b != b'-')
            .map_or(0, |i| i + 1);
        let name = &html[name_start..name_end];
        let spaced = name_start > 0 && bytes[name_start - 1].is_ascii_whitespace();
        let is = |n: &str| name.eq_ignore_ascii_case(n);
        // `poster`: a video's still; `data`: an `<object>`'s file (a PDF shown in the page).
        if !spaced
            || !["href", "src", "srcset", "poster", "data"]
                .into_iter()
                .any(is)
        {
            continue;
        }
        let start = eq + 1 + (html[eq + 1..].len() - html[eq + 1..].trim_start().len());
        let value = match bytes.get(start) {
            Some(&quote @ (b'"' | b'\'')) => match html[start + 1..].find(quote as char) {
                Some(len) => start + 1..start + 1 + len,
                None => continue,
            },
            Some(_) => {
                let len = html[start..]
                    .find(|c: char| c.is_ascii_whitespace() || c == '>')
                    .unwrap_or(html.len() - start);
                start..start + len
            }
            None => continue,
        };
        at = value.end;
        if is("srcset") {
            // `a.png 1x, b.png 2x`: each candidate's URL, up to its descriptor.
            let mut from = value.start;
            for candidate in html[value.clone()].split(',') {
                let lead = candidate.len() - candidate.trim_start().len();
                let url_len = candidate
                    .trim_start()
                    .find(char::is_whitespace)
                    .unwrap_or(candidate.trim_start().len());
                if url_len > 0 {
                    values.push(from + lead..from + lead + url_len);
                }
                from += candidate.len() + 1;
            }
        } else {
            values.push(value);
        }
    }
    values
}

/// An attribute value as the browser reads it: `&amp;` is `&` (a `?a=1&amp;b=2` query),
/// `&#32;` a space.
/// The character of an HTML named entity that text pasted from an editor or an export holds:
/// letters with their accents (`&eacute;` is é, `&Uuml;` Ü), other letters of Latin-1, and
/// punctuation (`&nbsp;`, `&mdash;`, `&rsquo;`). Not all of HTML's 2,000: the rest stay as
/// written.
fn named_entity(name: &str) -> Option<char> {
    use unicode_normalization::UnicodeNormalization;
    let fixed = match name {
        "nbsp" => '\u{a0}',
        "shy" => '\u{ad}',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "hellip" => '…',
        "mdash" => '—',
        "ndash" => '–',
        "lsquo" => '\u{2018}',
        "rsquo" => '\u{2019}',
        "ldquo" => '\u{201c}',
        "rdquo" => '\u{201d}',
        "laquo" => '«',
        "raquo" => '»',
        "middot" => '·',
        "bull" => '•',
        "deg" => '°',
        "euro" => '€',
        "pound" => '£',
        "times" => '×',
        "szlig" => 'ß',
        "aelig" => 'æ',
        "AElig" => 'Æ',
        "oslash" => 'ø',
        "Oslash" => 'Ø',
        "eth" => 'ð',
        "ETH" => 'Ð',
        "thorn" => 'þ',
        "THORN" => 'Þ',
        _ => {
            // A letter and its accent, composed: `eacute`, `Ccedil`, `aring`.
            let mut chars = name.chars();
            let letter = chars.next()?;
            let mark = match chars.as_str() {
                "acute" => '\u{301}',
                "grave" => '\u{300}',
                "circ" => '\u{302}',
                "tilde" => '\u{303}',
                "uml" => '\u{308}',
                "ring" => '\u{30a}',
                "cedil" => '\u{327}',
                _ => return None,
            };
            let mut composed = [letter, mark].into_iter().nfc();
            let c = composed.next()?;
            // HTML's are Latin-1's letters (and `&Yuml;`): not every letter with a mark.
            return (composed.next().is_none() && c != letter && c < '\u{180}').then_some(c);
        }
    };
    Some(fixed)
}

fn unescape_attribute(value: &str) -> String {
    if !value.contains('&') {
        return value.to_string();
    }
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let decoded = after.find(';').filter(|&end| end <= 10).and_then(|end| {
            let entity = &after[..end];
            let c = match entity {
                "amp" => Some('&'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "lt" => Some('<'),
                "gt" => Some('>'),
                named if named.chars().all(|c| c.is_ascii_alphabetic()) => named_entity(named),
                _ => entity
                    .strip_prefix("#x")
                    .or_else(|| entity.strip_prefix("#X"))
                    .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                    .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            };
            c.map(|c| (c, end))
        });
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &after[end + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Escapes text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(text, &mut out);
    out
}

/// [`escape`] onto the end of `out` (as Tera escapes `{{ value }}`).
pub fn escape_into(text: &str, out: &mut String) {
    let mut plain = 0;
    for (at, byte) in text.bytes().enumerate() {
        let entity = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&text[plain..at]);
        out.push_str(entity);
        plain = at + 1;
    }
    out.push_str(&text[plain..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Resolves `x.md` to page 1 at `/x/` and everything else as broken.
    struct Fake;
    impl LinkResolver for Fake {
        fn resolve(&self, _from: &str, dest: &str) -> Resolved {
            let (path, anchor) = match dest.split_once('#') {
                Some((p, a)) => (p, Some(a.to_string())),
                None => (dest, None),
            };
            match path {
                "" => Resolved::SamePage {
                    anchor: anchor.unwrap_or_default(),
                },
                "x.md" => Resolved::Page {
                    target: 1,
                    url: "/x/".into(),
                    anchor,
                },
                p if p.starts_with("https:") || p.starts_with("data:") => Resolved::External,
                _ => Resolved::Broken {
                    message: "not found".into(),
                    help: "fix".into(),
                },
            }
        }
        fn resolve_wiki(&self, _from: &str, target: &str) -> WikiResolved {
            match target {
                "X" => WikiResolved::Page {
                    target: 1,
                    url: "/x/".into(),
                    title: "X page".into(),
                    heading: None,
                    anchor: None,
                },
                _ => WikiResolved::Broken {
                    message: "no page".into(),
                    help: "fix".into(),
                },
            }
        }
        fn relative(&self, _from: &str, url: &str) -> String {
            format!("..{url}")
        }
    }

    fn md(text: &str) -> (Rendered, Vec<Diagnostic>) {
        md_with(text, true)
    }

    #[test]
    fn raw_htmls_text_is_searched_but_not_its_comments_scripts_or_tags() {
        let (r, _) = md(
            "Intro.\n\n<table>\n<tr><th>Vendor</th><td>Zuricorp &amp; Sons</td></tr>\n</table>\n\n<details><summary>Escalation contacts</summary>\n\nCall the lead.\n\n</details>\n\n<!-- writer's note:\nsecretword -->\n\n<script>\nvar hiddenscript = 1;\n</script>\n\n<p>Shown <b>paragraph</b> text</p>\n",
        );
        let text: String = r.sections.iter().map(|s| s.text.clone()).collect();
        for shown in [
            "Vendor\nZuricorp & Sons",
            "Escalation contacts",
            "Call the lead.",
            "Shown paragraph text",
        ] {
            assert!(text.contains(shown), "{shown:?} in {text:?}");
        }
        // A tag left open on its last line, before a letter of two bytes, is no panic.
        let _ = md("<div>x\n<é");
        let (r, _) = md(
            "<p>caf&eacute; r&eacute;sum&eacute; &Uuml;ber&nbsp;alles &mdash; &bogus; &xuml;</p>\n",
        );
        assert_eq!(
            r.sections[0].text,
            "café résumé Über\u{a0}alles — &bogus; &xuml;"
        );
        for hidden in ["secretword", "hiddenscript", "<td", "table"] {
            assert!(!text.contains(hidden), "{hidden:?} in {text:?}");
        }
    }

    #[test]
    fn fences_mark_lines_to_highlight_and_number() {
        let of = LineMarks::of;
        assert_eq!(of("yaml {1,3-4}").highlighted, [1..=1, 3..=4]);
        assert_eq!(
            of("{ .python hl_lines=\"2 5-6\" linenums=\"10\" }").highlighted,
            [2..=2, 5..=6]
        );
        assert_eq!(
            of("{ .python hl_lines=\"2 5-6\" linenums=\"10\" }").numbered_from,
            Some(10)
        );
        assert_eq!(
            of("go {linenos=table,hl_lines=[8,\"15-17\"],linenostart=199}").highlighted,
            [8..=8, 15..=17]
        );
        assert_eq!(
            of("go {linenos=table,hl_lines=[8,\"15-17\"],linenostart=199}").numbered_from,
            Some(199)
        );
        assert_eq!(of("js showLineNumbers").numbered_from, Some(1));
        assert_eq!(of("js showLineNumbers=5 {2}").numbered_from, Some(5));
        assert_eq!(of("yaml title=\"a {1}.yaml\"").highlighted, []);
        assert_eq!(of("rust"), LineMarks::default());
        assert_eq!(of("text {0} {3-2}"), LineMarks::default());

        // A span open across a line break is closed and opened again around it.
        let (r, _) = md(
            "```python {2}\ndef f():\n    \"\"\"doc\n    string\"\"\"\n```\n\n``` {1} showLineNumbers\na < b\nc\n```\n",
        );
        let lines: Vec<&str> = r.html.split("<span class=\"line").skip(1).collect();
        assert_eq!(lines.len(), 5, "{}", r.html);
        assert!(
            lines[1].starts_with(" hl\">") && lines[0].starts_with("\">"),
            "{}",
            r.html
        );
        for line in &lines[..3] {
            let body = line.split_once("\n</span>").map_or(*line, |(b, _)| b);
            assert_eq!(
                body.matches("<span").count(),
                body.matches("</span>").count(),
                "{line}"
            );
        }
        assert!(
            r.html.contains("<pre class=\"code\" data-line-numbers style=\"counter-reset: line 0\"><code><span class=\"line hl\">a &lt; b\n</span><span class=\"line\">c\n</span></code></pre>"),
            "{}",
            r.html
        );
    }

    #[test]
    fn bare_email_addresses_are_links_as_on_github() {
        let (r, d) = md(
            "Mail ops@northwind.example or first.last+wiki@mail.corp.example. Not @ana, git@github.com:org/repo, pkg@1.2.3, user@host, https://x.example/a@b.example/ or `a@b.example`.\n",
        );
        assert!(
            r.html.contains("<a href=\"mailto:ops@northwind.example\">ops@northwind.example</a>")
                && r.html.contains("<a href=\"mailto:first.last+wiki@mail.corp.example\">first.last+wiki@mail.corp.example</a>."),
            "{}",
            r.html
        );
        assert_eq!(r.html.matches("mailto:").count(), 2, "{}", r.html);
        assert!(
            r.html
                .contains("<a href=\"https://x.example/a@b.example/\">"),
            "{}",
            r.html
        );
        assert!(d.is_empty(), "{d:?}");
    }

    #[test]
    fn html_comments_are_not_published_nor_their_links_checked() {
        let (r, d) = md(
            "Before <!-- inline note --> after.\n\n<!--\nTODO: ask legal about the $40k price.\n[old](gone.md) <a href=\"gone.md\">x</a>\n-->\n\n<div>kept <!-- hidden --> too</div>\n\n```\n<!-- in code -->\n```\n",
        );
        for gone in ["inline note", "TODO", "40k", "hidden", "gone.md"] {
            assert!(!r.html.contains(gone), "{gone} in {}", r.html);
        }
        for kept in [
            "Before  after.",
            "<div>kept  too</div>",
            "&lt;!-- in code --&gt;",
        ] {
            assert!(r.html.contains(kept), "{kept} in {}", r.html);
        }
        assert!(d.iter().all(|d| d.code != "broken-link"), "{d:?}");
    }

    #[test]
    fn math_is_kept_as_written_and_dollars_stay_text() {
        let (r, d) = md(
            "The rate $r_{1h}$ and $p*q*r$ stay.\n\n$$\\begin{aligned} a &= b \\\\ c &= d \\end{aligned}$$\n\nCosts $5 and $10, or $5-$10; *real* emphasis.\n",
        );
        for kept in [
            "<p>The rate $r_{1h}$ and $p*q*r$ stay.</p>",
            "<p>$$\\begin{aligned} a &amp;= b \\\\ c &amp;= d \\end{aligned}$$</p>",
            "<p>Costs $5 and $10, or $5-$10; <em>real</em> emphasis.</p>",
        ] {
            assert!(r.html.contains(kept), "{kept} in {}", r.html);
        }
        assert!(d.is_empty(), "{d:?}");
        let text: String = r.sections.iter().map(|s| s.text.clone()).collect();
        assert!(text.contains("p*q*r"), "{text}");
    }

    fn md_with(text: &str, html: bool) -> (Rendered, Vec<Diagnostic>) {
        md_page(text, html, "Title")
    }

    fn md_titled(text: &str, title: &str) -> (Rendered, Vec<Diagnostic>) {
        md_page(text, true, title)
    }

    fn md_page(text: &str, html: bool, title: &str) -> (Rendered, Vec<Diagnostic>) {
        let mut d = Vec::new();
        let options = RenderOptions {
            words: std::sync::Arc::new(crate::i18n::Words::english()),
            obsidian: true,
            allow_html: true,
            highlight: true,
            html,
            diagrams: false,
            emoji: true,
        };
        let page = PageSource {
            file_text: text,
            body_offset: 0,
            rel: "a/p.md",
            source: "content/a/p.md",
            title: Some(title),
        };
        let r = render(page, &Fake, &options, &mut d);
        (r, d)
    }

    #[test]
    fn a_check_finds_the_same_links_anchors_and_problems_without_writing_html() {
        let text = "# Title\n\n## Setup {#custom}\n\nSee [a](other.md#x), [b](missing.md) and \
                    [c](#nowhere).\n\n```sh\necho hi\n```\n\n[^n]: note\n";
        let (written, found) = md_with(text, true);
        let (checked, found_by_check) = md_with(text, false);
        assert!(!written.html().is_empty());
        assert!(checked.html().is_empty(), "{}", checked.html());
        assert_eq!(
            format!("{:?}", checked.links),
            format!("{:?}", written.links)
        );
        assert_eq!(checked.anchors, written.anchors);
        assert_eq!(format!("{:?}", checked.toc), format!("{:?}", written.toc));
        assert_eq!(checked.first_h1, written.first_h1);
        assert_eq!(format!("{found_by_check:?}"), format!("{found:?}"));
        assert!(!found.is_empty(), "the missing page is reported");
    }

    #[test]
    fn links_that_run_code_are_published_pointing_nowhere() {
        let text = "[a](javascript:alert(1)) [b](&#106;avascript:alert(2)) \
                    [c](<Java\tScript:x>) [d](data:text/html,hi) [e](VBScript:x)\n\n\
                    ![f](data:image/png;base64,AAAA) [g](https://example.com/javascript:)\n\n\
                    ![h](javascript:alert(3))\n";
        let (r, d) = md(text);
        assert_eq!(r.html.matches("<a href=\"#\">").count(), 5, "{}", r.html);
        assert!(r.html.contains("<img src=\"#\" alt=\"h\""), "{}", r.html);
        assert!(
            !r.html.to_ascii_lowercase().contains("script:x"),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("src=\"data:image/png;base64,AAAA\""),
            "{}",
            r.html
        );
        assert!(r.html.contains("href=\"https://example.com/javascript:\""));
        let found: Vec<_> = d.iter().map(|d| (d.code, d.line, d.column)).collect();
        assert_eq!(
            found,
            [
                ("unsafe-link", 1, 1),
                ("unsafe-link", 1, 26),
                ("unsafe-link", 1, 56),
                ("unsafe-link", 1, 77),
                ("unsafe-link", 1, 100),
                ("unsafe-link", 5, 1),
            ]
        );
        assert!(
            d[0].message.contains("`javascript:` URL"),
            "{}",
            d[0].message
        );
    }

    #[test]
    fn repeated_headings_number_on_past_ids_already_taken() {
        let (r, _) = md("## Same\n\n## Same\n\n## Same 1\n\n## Same\n\n## Same-2\n\n## Same\n");
        let ids: Vec<_> = r.toc.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(
            ids,
            ["same", "same-1", "same-1-1", "same-2", "same-2-1", "same-3"]
        );
    }

    #[test]
    fn headings_leave_the_themes_ids_to_it() {
        let (r, _) = md("## Main\n\n## Site search\n\n## Sidebar\n");
        let ids: Vec<&str> = r.toc.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["main-1", "site-search-1", "sidebar-1"]);
        // Every id the theme's templates and scripts give is in the list.
        let theme = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        let mut files = vec![theme.join("static/assets/search.js")];
        for dir in ["templates", "templates/partials"] {
            for entry in std::fs::read_dir(theme.join(dir)).unwrap() {
                files.push(entry.unwrap().path());
            }
        }
        for file in files.iter().filter(|f| f.is_file()) {
            let text = std::fs::read_to_string(file).unwrap();
            for (i, _) in text
                .match_indices("id=\"")
                .chain(text.match_indices(".id = \""))
            {
                let rest = &text[i..];
                let value = rest[rest.find('"').unwrap() + 1..]
                    .split('"')
                    .next()
                    .unwrap();
                // Made from a variable (`{{ id }}`) or numbered by the script (`site-search-` + n).
                if value.is_empty() || value.contains('{') || value.ends_with('-') {
                    continue;
                }
                assert!(THEME_IDS.contains(&value), "{value} in {}", file.display());
            }
        }
    }

    #[test]
    fn headings_get_unique_github_ids_and_toc() {
        let (r, _) = md("## Roles & duties\n\n### Roles & duties\n\n## Setup {#custom}\n");
        assert!(
            r.html
                .contains("<h2 id=\"roles--duties\">Roles &amp; duties</h2>\n"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<h3 id=\"roles--duties-1\">"), "{}", r.html);
        let ids: Vec<_> = r.toc.iter().map(|t| (t.level, t.id.as_str())).collect();
        assert_eq!(
            ids,
            [(2, "roles--duties"), (3, "roles--duties-1"), (2, "custom")]
        );
    }

    #[test]
    fn search_text_joins_inline_text_by_spaces_and_blocks_by_line_breaks() {
        let (r, _) = md(
            "Intro with `code` and [a link](x.md)\nwrapped, *fire*s [here](x.md).\n\n- one\n- two\n\n|a|b|\n|-|-|\n|c d|e|\n\n```\nline 1\nline 2\n```\n## Next *step*\n\nLast.\n",
        );
        let texts: Vec<(&str, &str, &str)> = r
            .sections
            .iter()
            .map(|s| (s.id.as_str(), s.heading.as_str(), s.text.as_str()))
            .collect();
        assert_eq!(
            texts,
            [
                (
                    "",
                    "",
                    "Intro with code and a link wrapped, fires here.\none\ntwo\na\nb\nc d\ne\nline 1\nline 2"
                ),
                ("next-step", "Next step", "Last."),
            ]
        );
    }

    #[test]
    fn nested_list_items_are_lines_of_their_own() {
        let (r, _) = md("- Drain the node\n  - Cordon first\n- Reboot it\n  1. Wait for ready\n");
        assert_eq!(
            r.sections[0].text,
            "Drain the node\nCordon first\nReboot it\nWait for ready"
        );
    }

    #[test]
    fn a_compressed_body_reads_back_the_same() {
        let (mut r, _) =
            md("## Café ☕\n\nText with **bold** and `code`.\n\n```json\n{\"a\": 1}\n```\n");
        let html = r.html().into_owned();
        assert!(html.contains("Café ☕"), "{html}");
        r.compress();
        assert!(r.html.is_empty(), "the plain body is not kept");
        assert_eq!(r.html(), html);
        r.compress();
        assert_eq!(r.html(), html, "compressing twice changes nothing");
    }

    #[test]
    fn leading_h1_matching_title_is_dropped() {
        let (r, _) = md("# Title\n\nText\n");
        assert!(!r.html.contains("<h1"), "{}", r.html);
        assert_eq!(r.first_h1.as_deref(), Some("Title"));
        // Its id is the title heading's, a place to link to.
        assert_eq!(r.title_id.as_deref(), Some("title"));
        assert!(r.anchors.contains("title"));
        // One that is not the title is the page's heading, still one `<h1>`.
        let (r, _) = md("# Other\n\nText\n");
        assert!(!r.html.contains("<h1"), "{}", r.html);
        assert_eq!(r.heading.as_deref(), Some("Other"));
        assert_eq!(r.title_id.as_deref(), Some("other"));
        // As HTML: its code and emphasis kept, a link as its text, its text escaped.
        let (r, _) = md("# The `kubectl` *and* [link](x.md) <b>&</b>\n\nText\n");
        assert_eq!(
            r.heading.as_deref(),
            Some("The <code>kubectl</code> <em>and</em> link &amp;")
        );
        assert_eq!(
            heading_text(r.heading.as_deref().unwrap()),
            "The kubectl and link &"
        );
        // Not first: a heading of the text.
        let (r, _) = md("Intro.\n\n# Other\n\nText\n");
        assert!(r.html.contains("<h1 id=\"other\">"), "{}", r.html);
        assert_eq!(r.heading, None);
    }

    #[test]
    fn callouts_tables_tasks_and_footnotes() {
        let (r, _) = md(
            "> [!WARNING]\n> Careful\n\n|a|b|\n|-|-|\n|1|2|\n\n- [x] done\n- [ ] todo\n\nSee[^n].\n\n[^n]: Note.\n",
        );
        assert!(r.html.contains("<div class=\"callout callout-warning\" role=\"note\"><p class=\"callout-title\">Warning</p>"), "{}", r.html);
        assert!(
            r.html.contains("<div class=\"table-wrap\"><table>"),
            "{}",
            r.html
        );
        assert!(
            r.html.contains(
                "<li class=\"task\"><input type=\"checkbox\" disabled=\"\" checked=\"\" aria-label=\"Done\"> done</li>"
            ),
            "{}",
            r.html
        );
        assert!(r.html.contains("<a href=\"#fn-n\">1</a>"), "{}", r.html);
        assert!(r.anchors.contains("fn-n"));
    }

    #[test]
    fn definition_lists_as_glossaries_write_them() {
        let (r, _) = md(
            "RTO\n: Recovery time objective: how long the service may be down.\n\nRPO\n: How much data may be lost,\n  in minutes.\n: See [backups](x.md).\n",
        );
        assert!(
            r.html.contains("<dl>\n<dt>RTO</dt>\n<dd>Recovery time objective: how long the service may be down.</dd>\n<dt>RPO</dt>"),
            "{}",
            r.html
        );
        assert!(
            r.html
                .contains("<dd>See <a href=\"../x/\">backups</a>.</dd>\n</dl>"),
            "{}",
            r.html
        );
        let texts: Vec<&str> = r.sections.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "RTO\nRecovery time objective: how long the service may be down.\nRPO\nHow much data may be lost, in minutes.\nSee backups."
            ]
        );
        // Only with a space after the colon, as the tools that write them want: an emoji code
        // or a stray `:::` at the start of a line stays text, as on GitHub.
        for (text, expected) in [
            (
                "Before you deploy\n:warning: check the graphs\n",
                "<p>Before you deploy\n⚠️ check the graphs</p>",
            ),
            ("Term\n: a\n:b\n", "<p>Term\n: a\n:b</p>"),
            ("> Term\n> :x\n", "<blockquote>\n<p>Term\n:x</p>"),
            (
                "> Term\n> :\tx\n",
                "<blockquote>\n<dl>\n<dt>Term</dt>\n<dd>x</dd>",
            ),
        ] {
            let (r, _) = md(text);
            assert!(r.html.contains(expected), "{text:?}: {}", r.html);
        }
    }

    #[test]
    fn wikilinks_empty_unlabelled_and_in_tables() {
        let (r, d) = md(
            "A [[ |x]] here.\n\n[[X|]] and [[X|the x]].\n\n| a |\n|---|\n| [[X\\|in a table]] |\n",
        );
        let found: Vec<_> = d
            .iter()
            .map(|d| (d.code, d.message.as_str(), d.line))
            .collect();
        assert_eq!(found, [("broken-link", "this wikilink names no page", 1)]);
        assert!(r.html.contains("A [[ ]] here."), "{}", r.html);
        assert!(r.html.contains("<a class=\"wikilink\" href=\"../x/\">X</a> and <a class=\"wikilink\" href=\"../x/\">the x</a>"), "{}", r.html);
        assert!(
            r.html
                .contains("<a class=\"wikilink\" href=\"../x/\">in a table</a>"),
            "{}",
            r.html
        );
    }

    #[test]
    fn headings_given_their_own_id_are_found_by_their_text() {
        let body = "# Top {#top}\n\n## **Roll back** [now](x.md) {#rb .wide}\n\n```\n## In code {#no}\n```\n\n    ## Indented code {#no2}\n\n### Plain\n## Closed ## {#closed}\n";
        assert_eq!(
            custom_heading_ids(body),
            [
                ("top".to_string(), "top".to_string()),
                ("roll-back-now".to_string(), "rb".to_string()),
                ("closed".to_string(), "closed".to_string()),
            ]
        );
        assert!(custom_heading_ids("## No ids here\n").is_empty());
    }

    #[test]
    fn bare_urls_become_links_as_on_github() {
        let (r, _) = md(
            "Dashboards: https://grafana.example.com/d/abc?x=1&y=2. Also www.example.com, \
             (see https://en.example.org/wiki/Rust_(language)) and http://localhost:3000!\n\n\
             Not `https://in.code`, nor [a link](https://y.example/) or <https://z.example/>; \
             not xhttps://no.example or www.nodot.\n\n```\nhttps://in.block\n```\n",
        );
        let hrefs: Vec<&str> = r
            .html
            .split("href=\"")
            .skip(1)
            .map(|h| &h[..h.find('"').unwrap()])
            .collect();
        assert_eq!(
            hrefs,
            [
                "https://grafana.example.com/d/abc?x=1&amp;y=2",
                "https://www.example.com",
                "https://en.example.org/wiki/Rust_(language)",
                "http://localhost:3000",
                "https://y.example/",
                "https://z.example/",
            ],
            "{}",
            r.html
        );
        assert!(r.html.contains(">www.example.com</a>,"), "{}", r.html);
        assert!(
            r.html.contains("<code>https://in.code</code>"),
            "{}",
            r.html
        );
    }

    #[test]
    fn footnote_labels_match_in_any_case_and_keep_their_ids_from_headings() {
        let (r, _) = md(
            "One[^a] two[^Note].\n\n[^a]: A.\n[^note]: N.\n\n## FN 1\n\nSee[^1].\n\n[^1]: One.\n",
        );
        assert!(r.html.contains("<a href=\"#fn-note\">2</a>"), "{}", r.html);
        assert!(
            r.html
                .contains("id=\"fn-note\"><sup class=\"footnote-definition-label\">2</sup>"),
            "{}",
            r.html
        );
        // The heading gives way: the footnote's reference leads to the footnote.
        assert!(r.html.contains("<h2 id=\"fn-1-1\">"), "{}", r.html);
        assert_eq!(r.html.matches("id=\"fn-1\"").count(), 1, "{}", r.html);
    }

    #[test]
    fn headings_led_by_an_image_or_html_have_githubs_ids() {
        let (r, _) = md(
            "## ![icon](x.png) Icon title\n\n## <img src=\"x.png\" width=\"20\"> HTML icon\n\n<a id=\"taken\"></a>\n\n## Taken\n",
        );
        assert!(r.html.contains("<h2 id=\"-icon-title\">"), "{}", r.html);
        assert!(r.html.contains("<h2 id=\"-html-icon\">"), "{}", r.html);
        assert!(r.html.contains("<h2 id=\"taken-1\">"), "{}", r.html);
    }

    #[test]
    fn footnotes_go_to_the_end_with_a_way_back() {
        let (r, _) = md(
            "First[^b] and second[^a].\n\n[^a]: Note A with [a link](x.md).\n\n## Later\n\nText.\n\n[^b]: Note B.\n",
        );
        let notes = r
            .html
            .find("<section class=\"footnotes\"")
            .expect("a footnotes section");
        assert!(r.html.find("<h2").unwrap() < notes, "{}", r.html);
        assert!(r.html.find("Text.").unwrap() < notes, "{}", r.html);
        let b = r.html.find("id=\"fn-b\"").unwrap();
        let a = r.html.find("id=\"fn-a\"").unwrap();
        assert!(notes < b && b < a, "numbered as referenced: {}", r.html);
        assert!(r.html.contains("Note A with <a href=\"../x/\">a link</a>. <a href=\"#fnref-a\" class=\"footnote-backref\" aria-label=\"Back to reference 2\">↩</a></p>\n</div>"), "{}", r.html);
        assert!(r.html.trim_end().ends_with("</section>"), "{}", r.html);

        // A footnote referred to twice: two references, two ways back; none for one never
        // referred to (its way back went nowhere).
        let (r, _) = md("A[^1] and B[^1].\n\n[^1]: Shared.\n[^unused]: Alone.\n");
        assert!(r.html.contains("<sup class=\"footnote-reference\" id=\"fnref-1\"><a href=\"#fn-1\">1</a></sup> and B<sup class=\"footnote-reference\" id=\"fnref-1-2\"><a href=\"#fn-1\">1</a></sup>"), "{}", r.html);
        assert!(r.html.contains("Shared. <a href=\"#fnref-1\" class=\"footnote-backref\" aria-label=\"Back to reference 1\">↩</a> <a href=\"#fnref-1-2\" class=\"footnote-backref\" aria-label=\"Back to reference 1-2\">↩<sup>2</sup></a></p>"), "{}", r.html);
        assert!(r.html.contains("Alone.</p>"), "{}", r.html);
        assert!(!r.html.contains("#fnref-unused"), "{}", r.html);
    }

    #[test]
    fn obsidian_comments_are_left_out_and_a_lone_mark_stays_text() {
        let (r, d) = md(
            "# Notes\n\nKeep %%private: the vendor costs $40k%% this.\n\n%%\nA whole paragraph.\n\n## Hidden heading\n\nSee [secret](https://x.example/).\n%%\n\nAfter, `%%code%%` and:\n\n```\n%% in code %%\n```\n",
        );
        let html = &r.html;
        assert!(html.contains("<p>Keep this.</p>"), "{html}");
        for gone in [
            "private",
            "vendor",
            "whole paragraph",
            "Hidden heading",
            "x.example",
            "<p></p>",
        ] {
            assert!(!html.contains(gone), "{gone} published: {html}");
        }
        assert!(
            html.contains("<code>%%code%%</code>") && html.contains("%% in code %%"),
            "{html}"
        );
        assert!(
            !r.anchors.contains("hidden-heading") && r.toc.is_empty(),
            "{:?}",
            r.toc
        );
        let text: String = r.sections.iter().map(|s| s.text.clone()).collect();
        assert!(
            !text.contains("vendor") && !text.contains("whole paragraph"),
            "{text}"
        );
        assert!(d.iter().all(|d| d.code != "foreign-syntax"), "{d:?}");

        // `50%%` and `%%i` neither open nor close one: no text is lost between them.
        let text = "Discount is 50%% off.\n\nIn a batch file write for %%i in (*.txt) do echo %%i to loop.\n";
        let (r, d) = md(text);
        assert!(
            r.html.contains("<p>Discount is 50%% off.</p>")
                && r.html.contains(
                    "<p>In a batch file write for %%i in (*.txt) do echo %%i to loop.</p>"
                ),
            "{}",
            r.html
        );
        let unclosed = "`%%` opens an Obsidian comment that is never closed: it shows as text";
        assert_eq!(foreign_syntax_found(&d), [(3, 27, unclosed)]);
        // A comment left open across blocks (paragraphs, list items, table cells) is text, and
        // each block stays whole; one in a heading goes, its id made from what is left.
        let text = "One %%hidden\n\nmiddle\n\nend%% two.\n\n- item A %%secret\n- item B secret%% B\n\n| C | V |\n|---|---|\n| a %%x | y |\n| b | z%% w |\n\n## Heading %%secret%% kept\n";
        let (r, d) = md(text);
        for kept in [
            "<p>One %%hidden</p>",
            "<p>end%% two.</p>",
            "<li>item A %%secret</li>",
            "<li>item B secret%% B</li>",
            "<td>a %%x</td>",
            "<td>z%% w</td>",
            "<h2 id=\"heading-kept\">Heading kept</h2>",
        ] {
            assert!(r.html.contains(kept), "{kept}: {}", r.html);
        }
        assert_eq!(
            foreign_syntax_found(&d),
            [(1, 5, unclosed), (7, 10, unclosed), (12, 5, unclosed)]
        );
        // Web addresses and code written as HTML keep theirs; a tag written as HTML is kept
        // (what it opened is closed); a heading that was all comment goes, from the contents too.
        let text = "Open https://e.com/%%x%% now, <https://e.com/%%q%%>, <code>a %%b%% c</code>.\n\nP <span>a %%note</span> b%% c\n\n## %%draft heading%%\n\nText.\n";
        let (r, d) = md(text);
        for kept in [
            "<a href=\"https://e.com/%%x%%\">https://e.com/%%x%%</a>",
            "<a href=\"https://e.com/%%q%%\">https://e.com/%%q%%</a>",
            "<code>a %%b%% c</code>",
            "<p>P <span>a </span> c</p>",
        ] {
            assert!(r.html.contains(kept), "{kept}: {}", r.html);
        }
        assert!(!r.html.contains("<h2") && r.toc.is_empty(), "{}", r.html);
        assert!(foreign_syntax_found(&d).is_empty(), "{d:?}");
    }

    #[test]
    fn emoji_shortcodes_become_emoji_outside_code() {
        let (r, _) = md(
            "## :rocket: Launch\n\n| Check | Done |\n|---|---|\n| Backups | :white_check_mark: |\n\n\
             :warning: at 10:30:00, a:b:c, :not_a_code: and `:x:`:\n\n```\n:ok:\n```\n",
        );
        assert!(
            r.html.contains("<h2 id=\"rocket-launch\">🚀 Launch</h2>"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<td>✅</td>"), "{}", r.html);
        assert!(
            r.html
                .contains("⚠️ at 10:30:00, a:b:c, :not_a_code: and <code>:x:</code>:"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<code>:ok:\n</code>"), "{}", r.html);
        let (r, _) =
            md("<code>:warning:</code>, <kbd>:x:</kbd> and http://example.com/:smile:/x :smile:\n");
        assert!(
            r.html.contains("<code>:warning:</code>, <kbd>:x:</kbd> and <a href=\"http://example.com/:smile:/x\">http://example.com/:smile:/x</a> 😄"),
            "{}",
            r.html
        );
        // A title written with a shortcode is the H1 written with it, dropped as the title.
        let (r, _) = md_titled("# :rocket: Launch plan\n\nText.\n", ":rocket: Launch plan");
        assert!(
            !r.html.contains("<h1") && r.title_id.is_some(),
            "{}",
            r.html
        );
        assert_eq!(with_emoji(":x::+1:"), Some("❌👍".into()));
        assert_eq!(with_emoji("ratio 16:9 :ok:"), Some("ratio 16:9 🆗".into()));
        assert_eq!(with_emoji("no codes: here"), None);
    }

    #[test]
    fn code_is_highlighted_with_language_label() {
        // A file name given to the code is shown in the label's place.
        let (r, _) =
            md("```yaml title=\"values.yaml\" {2-3}\na: 1\n```\n\n```sh title=run<1>.sh\nx\n```\n");
        assert!(
            r.html
                .contains("<pre class=\"code\" data-title=\"values.yaml\" data-lang=\"yaml\">"),
            "{}",
            r.html
        );
        assert!(
            r.html
                .contains("<pre class=\"code\" data-title=\"run&lt;1&gt;.sh\" data-lang=\"sh\">"),
            "{}",
            r.html
        );
        assert_eq!(fence_title("python subtitle=x"), None);
        // Pandoc's and Quarto's braces.
        for info in ["{.sh}", " {.sh}", "{sh}"] {
            let (r, _) = md(&format!("```{info}\necho a\n```\n"));
            assert!(r.html.contains("data-lang=\"sh\""), "{info}: {}", r.html);
        }
        // MkDocs' braces, with spaces inside.
        let (r, _) = md("``` { .python title=\"brace.py\" linenums=\"1\" }\nx = 1\n```\n");
        assert!(
            r.html
                .contains("<pre class=\"code\" data-title=\"brace.py\" data-lang=\"python\" data-line-numbers style=\"counter-reset: line 0\">"),
            "{}",
            r.html
        );
        let (r, _) = md("```title=\"notes.txt\"\nplain\n```\n");
        assert!(
            r.html
                .contains("<pre class=\"code\" data-title=\"notes.txt\"><code>plain"),
            "{}",
            r.html
        );
        let (r, _) = md("```rust\nfn main() {}\n```\n\n```\n<b>\n```\n");
        assert!(r.html.contains("<pre class=\"code\" data-lang=\"rust\"><code class=\"language-rust\"><span class=\"l"), "{}", r.html);
        assert!(
            r.html.contains("<pre class=\"code\"><code>&lt;b&gt;"),
            "{}",
            r.html
        );
    }

    #[test]
    fn links_are_rewritten_and_broken_ones_reported_at_their_position() {
        let (r, d) =
            md("See [x](x.md#roles) and\n[y](missing.md) and [z](#top) [w](https://e.com).\n");
        assert!(r.html.contains("href=\"../x/#roles\""), "{}", r.html);
        assert!(r.html.contains("href=\"https://e.com\""), "{}", r.html);
        assert_eq!(r.links.len(), 2);
        assert_eq!(r.links[0].anchor.as_deref(), Some("roles"));
        assert_eq!(d.len(), 1);
        assert_eq!((d[0].line, d[0].column, d[0].width), (2, 5, 10));
    }

    #[test]
    fn wikilinks_render_and_missing_ones_are_reported() {
        let (r, d) = md("See [[X]], [[X|the x page]] and\n[[Nope]].\n");
        assert!(
            r.html
                .contains("<a class=\"wikilink\" href=\"../x/\">X</a>"),
            "{}",
            r.html
        );
        assert!(
            r.html
                .contains("<a class=\"wikilink\" href=\"../x/\">the x page</a>"),
            "{}",
            r.html
        );
        assert_eq!(r.links.len(), 2);
        assert_eq!(d.len(), 1);
        assert_eq!((d[0].line, d[0].column, d[0].width), (2, 3, 4));
    }

    #[test]
    fn raw_html_can_be_disabled() {
        let mut d = Vec::new();
        let options = RenderOptions {
            words: std::sync::Arc::new(crate::i18n::Words::english()),
            obsidian: true,
            allow_html: false,
            highlight: false,
            html: true,
            diagrams: false,
            emoji: true,
        };
        let page = PageSource {
            file_text: "<script>x</script>\n\nhi <b>b</b>\n",
            body_offset: 0,
            rel: "p.md",
            source: "content/p.md",
            title: None,
        };
        let r = render(page, &Fake, &options, &mut d);
        assert!(!r.html.contains("<script>"), "{}", r.html);
        assert!(!r.html.contains("<b>"), "{}", r.html);
    }

    #[test]
    fn text_between_double_equals_is_highlighted_as_written() {
        let text = "Run ==**only** after the drain==, x==1 and y==2, a == b == c, ===rule===, \\==not==, `==code==`.\n\n## A ==hot== path\n\n==open alone\n\n```\na == b ==x==\n```\n\n$x ==y== z$ and ![==a== d](x.png) and A ==> B <== C\n";
        for allow_html in [true, false] {
            let mut d = Vec::new();
            let options = RenderOptions {
                words: std::sync::Arc::new(crate::i18n::Words::english()),
                obsidian: true,
                allow_html,
                highlight: false,
                html: true,
                diagrams: false,
                emoji: true,
            };
            let page = PageSource {
                file_text: text,
                body_offset: 0,
                rel: "p.md",
                source: "content/p.md",
                title: None,
            };
            let r = render(page, &Fake, &options, &mut d);
            assert!(
                r.html.contains("<p>Run <mark><strong>only</strong> after the drain</mark>, x==1 and y==2, a == b == c, ===rule===, ==not==, <code>==code==</code>.</p>"),
                "{}",
                r.html
            );
            assert!(
                r.html.contains("A <mark>hot</mark> path</h2>"),
                "{}",
                r.html
            );
            assert!(r.html.contains("<p>==open alone</p>"), "{}", r.html);
            // Code, maths, alt text and arrows as written.
            assert!(
                r.html.contains("<code>a == b ==x==\n</code></pre>")
                    && r.html.contains("<p>$x ==y== z$ and <img src=\"x.png\" alt=\"==a== d\" /> and A ==&gt; B &lt;== C</p>"),
                "{}",
                r.html
            );
            let text: String = r
                .sections
                .iter()
                .map(|s| s.heading.clone() + &s.text)
                .collect();
            assert!(
                text.contains("A hot path") && text.contains("Run only after"),
                "{text}"
            );
        }
    }

    /// The `foreign-syntax` warnings of `d`: (line, column, message).
    fn foreign_syntax_found(d: &[Diagnostic]) -> Vec<(u32, u32, &str)> {
        d.iter()
            .filter(|d| d.code == "foreign-syntax")
            .map(|d| (d.line, d.column, d.message.as_str()))
            .collect()
    }

    #[test]
    fn mkdocs_abbreviations_and_theme_icons_are_warned() {
        let text = "The HTML page :material-check: works.\n\n*[HTML]: Hyper Text Markup Language\n\n`:material-x:` and *[emphasis](a.md)*.\n";
        let (_, d) = md(text);
        let mut found = foreign_syntax_found(&d);
        found.sort();
        assert_eq!(
            found,
            [
                (
                    1,
                    15,
                    "`:material-check:` is an icon of MkDocs Material's, which opsbook does not draw: it shows as text"
                ),
                (
                    3,
                    1,
                    "`*[…]:` defines an abbreviation (MkDocs' abbr), which opsbook shows as text"
                ),
            ],
            "{d:#?}"
        );
    }

    #[test]
    fn mdx_comments_are_neither_published_nor_indexed() {
        let text = "Intro {/* inline note */} here.\n\n{/*\nSecret: db-prod-7 ünïcode\n*/}\n\nSee [gone](missing.md).\n\n`{/* code */}` stays.\n\n```jsx\n{/* in a block */}\n```\n\nexport const Box = () => 1;\n\n{/* never closed\n";
        let (r, d) = md(text);
        assert!(
            !r.html.contains("note") && !r.html.contains("db-prod-7"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<p>Intro"), "{}", r.html);
        assert!(r.html.contains("<code>{/* code */}</code>"), "{}", r.html);
        assert!(r.html.contains("/* in a block */"), "{}", r.html);
        let indexed: String = r.sections.iter().map(|s| s.text.as_str()).collect();
        assert!(
            !indexed.contains("db-prod") && !indexed.contains("inline note"),
            "{indexed}"
        );
        // What follows a comment keeps its line and column.
        let broken = d.iter().find(|d| d.code == "broken-link").unwrap();
        assert_eq!((broken.line, broken.column), (7, 12), "{broken:?}");
        let mut found = foreign_syntax_found(&d);
        found.sort();
        assert_eq!(
            found,
            [
                (
                    15,
                    1,
                    "`export` is an MDX export (Docusaurus's), which opsbook does not run: it shows as text"
                ),
                (
                    17,
                    1,
                    "`{/*` opens an MDX comment that is never closed: it shows as text"
                ),
            ],
            "{d:#?}"
        );
    }

    #[test]
    fn blocks_of_a_page_with_right_to_left_text_take_their_own_direction() {
        let (r, _) = md(
            "## Steps\n\nRestart it.\n\nأعد تشغيل الخادم.\n\n> اقتباس.\n\n- [link](https://x.example) أولًا\n- second\n\n1. loose\n\n2. items\n\n| a | b |\n|---|---|\n| ج | d |\n",
        );
        for directed in [
            "<h2 dir=\"auto\" id=\"steps\">",
            "<p dir=\"auto\">أعد تشغيل الخادم.</p>",
            "<li dir=\"auto\"><a href=\"https://x.example\">link</a> أولًا</li>",
            "<td dir=\"auto\">ج</td>",
        ] {
            assert!(r.html.contains(directed), "{directed}: {}", r.html);
        }
        // Blocks that hold blocks take their direction from their parent: `auto` would find
        // no text of theirs.
        assert!(
            r.html.contains("<blockquote>\n<p dir=\"auto\">"),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("<li>\n<p dir=\"auto\">loose</p>"),
            "{}",
            r.html
        );
        // A page of left-to-right text alone is left as it was.
        let (r, _) = md("Restart it.\n\n- one\n");
        assert!(!r.html.contains("dir="), "{}", r.html);
    }

    #[test]
    fn a_wikilinks_pipe_in_a_table_is_warned_once() {
        // Three columns: the cut link leaves no cell past the header, and was lost unsaid.
        let text = "| Tool | Page | Notes |\n|---|---|---|\n| Grafana | [[Ids|dash tool]] |\n| Loki | [[Logs\\|logs]] | ok |\n";
        let (_, d) = md(text);
        let d: Vec<_> = d
            .into_iter()
            .filter(|d| d.code == "foreign-syntax")
            .collect();
        let found: Vec<_> = d
            .iter()
            .map(|d| (d.line, d.column, d.message.clone()))
            .collect();
        assert_eq!(
            found,
            [(
                3,
                18,
                "the `|` of `[[Ids|dash tool]]` ends the table's cell, which cuts the link in two"
                    .to_string()
            )]
        );
        assert_eq!(
            d[0].help.as_deref(),
            Some("write `[[Ids\\|dash tool]]` inside a table, as Obsidian does")
        );
        // With two columns, not also as a row with a cell too many.
        let (_, d) = md("| Tool | Page |\n|---|---|\n| Grafana | [[Ids|dash tool]] |\n");
        assert_eq!(d.len(), 1, "{d:?}");
    }

    #[test]
    fn a_rows_cells_past_the_header_are_warned() {
        let (r, d) = md(
            "| A | B |\n|---|---|\n| 1 | 2 |\n| 3 | `a|b` in code |\n| 1 | 2 | extra |\n| ok \\| escaped | 2 |\n| empty | trailing |   |\n\n> | Q | R |\n> |---|---|\n> | x | y | z |\n",
        );
        let found: Vec<(u32, u32, String)> = d
            .iter()
            .filter(|d| d.code == "foreign-syntax")
            .map(|d| (d.line, d.column, d.message.clone()))
            .collect();
        assert_eq!(
            found,
            [
                (
                    4,
                    10,
                    "this row has 3 cells and the table's header 2: `b` in code` is not shown"
                        .to_string()
                ),
                (
                    5,
                    11,
                    "this row has 3 cells and the table's header 2: `extra` is not shown"
                        .to_string()
                ),
                (
                    11,
                    13,
                    "this row has 3 cells and the table's header 2: `z` is not shown".to_string()
                ),
            ]
        );
        assert!(r.html.contains("ok | escaped"), "{}", r.html);
    }

    #[test]
    fn mdbook_includes_are_warned_where_written() {
        let (_, d) = md(
            "Intro.\n\n{{#include snippets/setup.md}}\n\n```rust\n{{#rustdoc_include ../src/main.rs:2:5}}\n```\n\nEscaped: \\{{#include shown.md}}\n\n```\n\\{{#include shown.rs}}\n```\n",
        );
        let include = "`{{#include …}}` is an mdBook include, which opsbook does not run: the line shows as text, and the file's text is missing";
        let mut found = foreign_syntax_found(&d);
        found.sort();
        assert_eq!(found, [(3, 1, include), (6, 1, include)]);
    }

    #[test]
    fn mkdocs_snippets_attribute_lists_and_mdx_are_warned_where_written() {
        let text = "import Tabs from '@theme/Tabs';\n\n--8<-- \"snippets/note.md\"\n\n![d](a.png){ width=\"300\" } and [B](p.md){ .md-button }\n\n<Tabs><TabItem value=\"a\">x<BR></TabItem></Tabs>\n\n:::tip[\nbody\n\n{{% include \"x.md\" %}}\n\nA [link](x.md) {not attributes} and `import x from 'y'`.\n";
        let (_, d) = md(text);
        let mut found = foreign_syntax_found(&d);
        found.sort();
        assert_eq!(
            found,
            [
                (
                    1,
                    1,
                    "`import … from` is an MDX import (Docusaurus's), which opsbook does not run: it shows as text"
                ),
                (
                    3,
                    1,
                    "`--8<--` is an MkDocs snippet, which opsbook does not include: the line shows as text, and the file's text is missing"
                ),
                (
                    5,
                    12,
                    "`{ … }` after a link or an image is an attribute list (MkDocs' attr_list), which opsbook shows as text"
                ),
                (
                    7,
                    1,
                    "`<Tabs>` is an MDX component (Docusaurus's), which opsbook does not run: its text shows run together"
                ),
                (
                    7,
                    7,
                    "`<TabItem>` is an MDX component (Docusaurus's), which opsbook does not run: its text shows run together"
                ),
                (
                    9,
                    1,
                    "`:::tip` is not read as an admonition, so it shows as text"
                ),
                (
                    12,
                    1,
                    "`{{% … %}}` is a Hugo shortcode, which opsbook does not run: it shows as text"
                ),
            ],
            "{d:#?}"
        );
        // The help for a component says what to write for it.
        let tabs = d
            .iter()
            .find(|d| d.message.starts_with("`<Tabs>`"))
            .unwrap();
        assert_eq!(
            tabs.help.as_deref(),
            Some("write what it shows in Markdown: a heading for each tab")
        );
        let (_, admonition) = md_page(
            "<Admonition type=\"tip\" title=\"Dashboards\">\nUse them.\n</Admonition>\n",
            true,
            "Title",
        );
        assert_eq!(
            admonition[0].help.as_deref(),
            Some(
                "write it as Docusaurus's Markdown admonition, which opsbook reads: `:::tip Title` … `:::`"
            ),
            "{admonition:#?}"
        );
        let attributes = d
            .iter()
            .find(|d| d.message.contains("attribute list"))
            .unwrap();
        assert_eq!(
            attributes.help.as_deref(),
            Some(
                "write the image as HTML, `<img src=\"a.png\" alt=\"d\" width=\"300\">`; classes are the theme's"
            )
        );
        let (_, d) = md("[Go](a.md){ .md-button }\n");
        assert_eq!(
            d[0].help.as_deref(),
            Some(
                "remove `{ .md-button }`: the link works without it, and classes (`.md-button`) are the theme's"
            ),
            "{d:?}"
        );
    }

    #[test]
    fn confluence_macros_and_toc_markers_are_warned() {
        let text = "[TOC]\n\nIntro.\n\n<ac:structured-macro ac:name=\"code\">\n<ac:plain-text-body><![CDATA[kubectl get pods]]></ac:plain-text-body>\n</ac:structured-macro>\n\n<ac:link><ri:page ri:content-title=\"X\" /></ac:link>\n\n[[_TOC_]]\n\n```\n[TOC]\n<ac:x>\n```\n";
        let (r, d) = md(text);
        let mut found = foreign_syntax_found(&d);
        found.sort();
        assert_eq!(
            found,
            [
                (
                    1,
                    1,
                    "`[TOC]` asks for a table of contents, which opsbook makes itself (\"On this page\"): it shows as text"
                ),
                (
                    5,
                    1,
                    "`<ac:…>` is Confluence's storage format, which browsers do not show: the macro's text is hidden or shows as stray tags"
                ),
                (
                    11,
                    1,
                    "`[[_TOC_]]` asks for a table of contents (GitLab's), which opsbook makes itself (\"On this page\"): it is left out"
                ),
            ]
        );
        assert!(
            d.iter().all(|d| d.code != "broken-link" || d.line != 11),
            "{d:?}"
        );
        assert!(!r.html.contains("_TOC_"), "{}", r.html);
    }

    #[test]
    fn an_mdx_component_alone_on_a_page_is_warned() {
        let (_, d) = md("Install:\n\n<Tabs>\n\nbrew install x\n\n</Tabs>\n");
        assert_eq!(foreign_syntax_found(&d).len(), 1, "{d:?}");
    }

    #[test]
    fn foreign_template_tags_render_as_text() {
        let (r, d) = md("Use {% include x %} and <%= name %> here.\n");
        assert_eq!(d.len(), 1, "one warning a line: {d:?}");
        assert!(r.html.contains("{% include x %}"), "{}", r.html);
    }

    #[test]
    fn other_tools_syntax_is_a_located_warning_outside_code() {
        let text = "!!! note \"Heads up\"\n    Body.\n\n:::tip[Pro tip]\nText\n:::\n\nSee {{< relref \"x.md\" >}} and <%= partial 'a' %>.\n\n=== \"Linux\"\n\n```md\n!!! note\n{{< x >}}\n```\n\nInline `{{< y >}}` is fine. So is 3 ::: 4.\n\n:::\n\n::: {#plain}\nDiv.\n";
        let (r, d) = md(text);
        let found = foreign_syntax_found(&d);
        // The admonitions are callouts, not warnings; the lines after them keep their numbers.
        assert_eq!(
            found,
            [
                (
                    8,
                    5,
                    "`{{< … >}}` is a Hugo shortcode, which opsbook does not run: it shows as text"
                ),
                (19, 1, "`:::` closes no admonition, so it shows as text"),
                (
                    21,
                    1,
                    "`::: {#plain}` is a fenced div (pandoc's) with no class, which opsbook does not read: it shows as text"
                ),
            ]
        );
        assert!(
            d[0].help
                .as_deref()
                .unwrap()
                .starts_with("link to the page itself")
        );
        for callout in [
            "<div class=\"callout callout-note\" role=\"note\"><p class=\"callout-title\">Heads up</p>\n<p>Body.</p>",
            "<div class=\"callout callout-tip\" role=\"note\"><p class=\"callout-title\">Pro tip</p>\n<p>Text</p>",
        ] {
            assert!(r.html.contains(callout), "{callout}\n{}", r.html);
        }
    }

    #[test]
    fn links_and_images_in_raw_html_are_checked_and_rewritten() {
        let text = "<a href='x.md#x'>b</a> and <img src=\"gone.png\" width=\"400\">\n\n<p><a class=\"x\" href=\"missing.md\">m</a> <a href=\"https://e.com\">e</a></p>\n";
        let (r, d) = md(text);
        assert!(r.html.contains("<a href='../x/#x'>b</a>"), "{}", r.html);
        assert!(
            r.html.contains("<img src=\"gone.png\" width=\"400\">"),
            "{}",
            r.html
        );
        assert!(r.html.contains("href=\"https://e.com\""), "{}", r.html);
        let broken: Vec<(u32, u32)> = d.iter().map(|d| (d.line, d.column)).collect();
        assert_eq!(broken, [(1, 38), (3, 23)], "{d:?}");
        assert!(html_link_values("<a data-href=\"x\" title=\"src=y\">").is_empty());
        // A value found again further on (`y` in the alt text) is located where it is.
        let (_, d) = md("<img src=\"y\" alt=\"y\">\n\n> <a href=\"z\" title=\"z\">z</a>\n");
        let broken: Vec<(u32, u32)> = d.iter().map(|d| (d.line, d.column)).collect();
        assert_eq!(broken, [(1, 11), (3, 12)], "{d:?}");
        // Unquoted, and each URL of a srcset.
        let html = "<a href=x.md>a</a><img srcset=\"a.png 1x, b c.png 2x\" src=a.png><video poster='p.jpg'></video><object data=\"r.pdf\" data-x=\"no\"></object>";
        let found: Vec<&str> = html_link_values(html)
            .into_iter()
            .map(|r| &html[r])
            .collect();
        assert_eq!(found, ["x.md", "a.png", "b", "a.png", "p.jpg", "r.pdf"]);
        assert_eq!(
            unescape_attribute("Network&#32;Map.svg?a=1&amp;b=&#x32;&bogus"),
            "Network Map.svg?a=1&b=2&bogus"
        );
    }

    #[test]
    fn list_item_admonitions_as_mkdocs_writes_them_and_code_left_alone() {
        let callout = |html: &str| html.contains("<div class=\"callout callout-warning\"");
        // Four spaces under the item, with nothing else on the page to look for.
        let (r, _) =
            md("- Step one\n\n    !!! warning \"Careful\"\n        Body line one.\n\n- Step two\n");
        assert!(
            callout(&r.html) && r.html.contains("<li>\n<p>Step one</p>\n<div"),
            "{}",
            r.html
        );
        // Under the parent item after its sub-list; after a tab following the marker.
        let (r, _) = md(
            "1. Install the agent\n    - on Linux\n    - on macOS\n\n    !!! warning \"Restart\"\n        Reboot the host.\n",
        );
        assert!(callout(&r.html), "{}", r.html);
        let (r, _) = md("-\tTabbed marker\n\n\t!!! warning \"T\"\n\t\ttab body\n");
        assert!(
            callout(&r.html) && r.html.contains("tab body"),
            "{}",
            r.html
        );
        // A GitBook hint under an item.
        let (r, _) =
            md("1. Step\n\n    {% hint style=\"warning\" %}\n    Careful.\n    {% endhint %}\n");
        assert!(
            callout(&r.html) && r.html.contains("<p>Careful.</p>"),
            "{}",
            r.html
        );
        // One written whole on its line, under an item: the list stays one.
        let (r, d) =
            md("- y\n\n  {% hint style=\"warning\" %} In [item](gone.md). {% endhint %}\n\n- z\n");
        assert!(
            callout(&r.html) && r.html.contains("In <a") && r.html.matches("<ul>").count() == 1,
            "{}",
            r.html
        );
        let broken = d.iter().find(|d| d.code == "broken-link").unwrap();
        assert_eq!((broken.line, broken.column), (3, 40), "{broken:?}");
        // Written on the item's next line, with no blank line, it is the item's text: the list
        // stays whole.
        let (r, _) = md("1. Step\n   !!! note \"lazy\"\n       body\n2. Two\n");
        assert!(
            !r.html.contains("callout") && !r.html.contains("start=\"2\""),
            "{}",
            r.html
        );
        // Code under an item, after a rule, after a heading ending a list: left as written.
        for text in [
            "!!! tip\n    Indent by four.\n\n1. Paste this:\n\n    ```markdown\n    !!! warning \"Careful\"\n        Body.\n    ```\n",
            "- - -\n\n    !!! note \"Example\"\n        Literal example.\n",
            "- item\n## Heading\n\n    !!! note \"Example\"\n        Literal example.\n",
        ] {
            let (r, _) = md(text);
            assert!(
                r.html.contains("!!! ") && !r.html.contains("&gt; [!"),
                "{text}\n{}",
                r.html
            );
        }
    }

    #[test]
    fn admonition_titles_keep_their_inline_markdown_escaped_once() {
        let text = "!!! info \"With **bold**, `code` & A &amp; B < C\"\n    Body.\n\n!!! danger \"\"\n    No title bar.\n\n:::tip[1. Prepare <b>x</b>]\nText\n:::\n";
        let (r, _) = md(text);
        assert!(
            r.html.contains("<p class=\"callout-title\">With <strong>bold</strong>, <code>code</code> &amp; A &amp; B &lt; C</p>"),
            "{}",
            r.html
        );
        assert!(
            r.html.contains(
                "<div class=\"callout callout-caution\" role=\"note\">\n<p>No title bar.</p>"
            ),
            "{}",
            r.html
        );
        assert!(
            r.html
                .contains("<p class=\"callout-title\">1. Prepare &lt;b&gt;x&lt;/b&gt;</p>"),
            "{}",
            r.html
        );
        // Titles and tabs' labels are searched, as the text under them is.
        let (r, _) = md(
            "Intro.\n\n!!! warning \"Zebrafish `rollback`\"\n    Body.\n\n=== \"Quokkaos\"\n\n    Tab text.\n\n:::tip[Use [linky](other.md) **boldo**]\nx\n:::\n",
        );
        let indexed: String = r.sections.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(
            indexed,
            "Intro.\nZebrafish rollback\nBody.\nQuokkaos\nTab text.\nUse linky boldo\nx"
        );
    }

    #[test]
    fn admonitions_in_list_items_are_the_items_and_left_open_are_warned() {
        let text = "- step\n\n    !!! warning \"In list\"\n        Body [x](missing.md).\n\n- bullet\n\n  :::tip\n  Inside.\n  :::\n\nPara\n  :::tip\n  x\n\n::: tip VitePress\nText\n:::\n\n:::note[Open]\nRest.\n";
        let (r, d) = md(text);
        let found = foreign_syntax_found(&d);
        assert_eq!(
            found,
            [
                (
                    13,
                    3,
                    "`:::tip` is read as an admonition only at the start of a line, not indented (in a list item), so it shows as text"
                ),
                (
                    20,
                    1,
                    "`:::note` is never closed: the rest of the page is in it"
                ),
            ],
            "{d:?}"
        );
        // Under a list item, as MkDocs and Docusaurus read them: the item's callouts.
        for expected in [
            "<li>\n<p>step</p>\n<div class=\"callout callout-warning\" role=\"note\"><p class=\"callout-title\">In list</p>\n<p>Body",
            "<li>\n<p>bullet</p>\n<div class=\"callout callout-tip\" role=\"note\"><p class=\"callout-title\">Tip</p>\n<p>Inside.</p>\n</div>\n</li>",
            "<p class=\"callout-title\">VitePress</p>",
        ] {
            assert!(r.html.contains(expected), "{expected}\n{}", r.html);
        }
        let broken = d.iter().find(|d| d.code == "broken-link").unwrap();
        assert_eq!((broken.line, broken.column), (4, 18), "{broken:?}");
    }

    #[test]
    fn links_inside_admonitions_are_checked_where_they_are_written() {
        let text = "Intro.\n\n!!! danger \"Careful\"\n    See [the runbook](missing.md) first.\n\n    !!! bug\n        Nested [[Nowhere]].\n";
        let (r, d) = md(text);
        let at: Vec<(u32, u32)> = d.iter().map(|d| (d.line, d.column)).collect();
        assert_eq!(at, [(4, 23), (7, 18)], "{d:?}");
        assert!(
            r.html.contains("<p class=\"callout-title\">Careful</p>"),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("<p class=\"callout-title\">Bug</p>"),
            "{}",
            r.html
        );
    }
}
