//! Syntax highlighting of code blocks at build time: syntect's grammars (plus bat's extra
//! ones via `two-face`, for TOML, TypeScript, Dockerfile …) loaded once, each token given the
//! colour it has in the light and in the dark palette, and the stylesheet for those colours.
//!
//! A token is one `<span>` naming its colour in each palette (`<span class="l3 d5">`: colour 3
//! of the light palette, 5 of the dark; `lb`/`li`/`lu` and `db`/`di`/`du` add bold, italic,
//! underline), adjacent tokens of the same colours are one span, and text in the palettes'
//! default colour has none. syntect's own class output names every scope of every token
//! (`<span class="syn-meta syn-function syn-parameters syn-python">`, nested three deep): 3 kB
//! of markup for 170 bytes of code on an average page of the benchmark corpus.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::{Arc, Mutex, OnceLock};

use syntect::highlighting::{Color, FontStyle, Highlighter, Theme, ThemeSet};
use syntect::parsing::{ParseState, Scope, ScopeStack, SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

const LIGHT_THEME: &str = "InspiredGitHub";
const DARK_THEME: &str = "base16-ocean.dark";

// Deserialising the grammar dump takes tens of milliseconds: do it once per process.
fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(two_face::syntax::extra_newlines)
}

/// A theme, and the colours its rules use, in a fixed order: a colour's place in the list is
/// its class.
struct Palette {
    theme: Theme,
    colours: Vec<Color>,
    /// `l` or `d`: the first letter of its classes.
    letter: char,
    /// The code blocks' background in this palette's mode: the theme stylesheet's
    /// `--code-bg`, which the colours are made readable on.
    background: Color,
}

/// `--code-bg` of the default theme's light and dark modes (`opsbook.css`).
const LIGHT_CODE_BG: Color = Color {
    r: 0xf5,
    g: 0xf7,
    b: 0xfa,
    a: 0xff,
};
const DARK_CODE_BG: Color = Color {
    r: 0x16,
    g: 0x1b,
    b: 0x22,
    a: 0xff,
};

/// The contrast WCAG 2 level AA asks of text.
const MIN_CONTRAST: f64 = 4.5;

impl Palette {
    fn new(theme: Theme, letter: char, background: Color) -> Palette {
        let mut colours: Vec<Color> = theme
            .scopes
            .iter()
            .filter_map(|item| item.style.foreground)
            .collect();
        colours.sort_by_key(|c| (c.r, c.g, c.b, c.a));
        colours.dedup();
        Palette {
            theme,
            colours,
            letter,
            background,
        }
    }

    /// The classes of a token's style, written to `out` after a space when there is any;
    /// nothing for the theme's default colour and font.
    fn classes(&self, style: &syntect::highlighting::Style, out: &mut String) {
        let default = self.theme.settings.foreground;
        if Some(style.foreground) != default
            && let Ok(i) = self
                .colours
                .binary_search_by_key(&colour_key(style.foreground), |c| colour_key(*c))
        {
            let _ = write!(out, " {}{i}", self.letter);
        }
        for (flag, suffix) in [
            (FontStyle::BOLD, 'b'),
            (FontStyle::ITALIC, 'i'),
            (FontStyle::UNDERLINE, 'u'),
        ] {
            if style.font_style.contains(flag) {
                let _ = write!(out, " {}{suffix}", self.letter);
            }
        }
    }

    /// The palette's rules, each selector under `scope`.
    fn css(&self, scope: &str) -> String {
        let mut css = String::new();
        for (i, c) in self.colours.iter().enumerate() {
            let _ = writeln!(
                css,
                "{scope}.code .{}{i} {{ color: {} }}",
                self.letter,
                hex(readable(*c, self.background))
            );
        }
        for (suffix, declaration) in [
            ('b', "font-weight: bold"),
            ('i', "font-style: italic"),
            ('u', "text-decoration: underline"),
        ] {
            let _ = writeln!(
                css,
                "{scope}.code .{}{suffix} {{ {declaration} }}",
                self.letter
            );
        }
        css
    }
}

/// `colour`, darkened on a light background or lightened on a dark one, as little as it takes
/// to be read on `background` ([`MIN_CONTRAST`]): the palettes were made for their own
/// backgrounds, and some of their greys and greens are too faint on ours (a comment of the
/// light palette was 2.7:1).
fn readable(colour: Color, background: Color) -> Color {
    let towards = if luminance(background) > 0.5 {
        0.0
    } else {
        255.0
    };
    let mix = |channel: u8, share: f64| {
        (f64::from(channel) * (1.0 - share) + towards * share).round() as u8
    };
    (0..=50)
        .map(|step| {
            let share = f64::from(step) / 50.0;
            Color {
                r: mix(colour.r, share),
                g: mix(colour.g, share),
                b: mix(colour.b, share),
                a: colour.a,
            }
        })
        .find(|c| contrast(*c, background) >= MIN_CONTRAST)
        .unwrap_or(colour)
}

/// WCAG 2's relative luminance of an sRGB colour.
fn luminance(c: Color) -> f64 {
    let linear = |channel: u8| {
        let v = f64::from(channel) / 255.0;
        if v <= 0.04045 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * linear(c.r) + 0.7152 * linear(c.g) + 0.0722 * linear(c.b)
}

/// WCAG 2's contrast ratio of two colours, 1 to 21.
fn contrast(a: Color, b: Color) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

fn colour_key(c: Color) -> (u8, u8, u8, u8) {
    (c.r, c.g, c.b, c.a)
}

fn hex(c: Color) -> String {
    if c.a == 0xff {
        format!("#{:02x}{:02x}{:02x}", c.r, c.g, c.b)
    } else {
        format!("#{:02x}{:02x}{:02x}{:02x}", c.r, c.g, c.b, c.a)
    }
}

/// The light and the dark palette, loaded once.
fn palettes() -> &'static [Palette; 2] {
    static PALETTES: OnceLock<[Palette; 2]> = OnceLock::new();
    PALETTES.get_or_init(|| {
        let mut themes = ThemeSet::load_defaults().themes;
        let mut take = |name: &str| themes.remove(name).unwrap_or_default();
        [
            Palette::new(take(LIGHT_THEME), 'l', LIGHT_CODE_BG),
            Palette::new(take(DARK_THEME), 'd', DARK_CODE_BG),
        ]
    })
}

/// Blocks highlighted so far, by language and code: wikis repeat snippets (the same
/// `kubectl` line in twenty runbooks), and highlighting is the costliest step of a page.
type Highlighted = HashMap<(String, String), Option<Arc<str>>>;

/// Past this many blocks the cache starts over, so a long `serve` session stays small.
const CACHE_LIMIT: usize = 20_000;

fn cache() -> &'static Mutex<Highlighted> {
    static CACHE: OnceLock<Mutex<Highlighted>> = OnceLock::new();
    CACHE.get_or_init(Mutex::default)
}

/// Highlights `code` written in `lang` (a fence token such as `rust`, `yaml`, `ts`) into HTML
/// spans. `None` when the language is unknown, so the caller shows the code plain.
pub fn highlight(code: &str, lang: &str) -> Option<Arc<str>> {
    let key = (lang.to_string(), code.to_string());
    if let Some(done) = cache().lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
        return done.clone();
    }
    // Not under the lock: two threads may highlight the same new block once each, which is
    // cheaper than making every other block wait.
    let done = highlight_uncached(code, lang).map(Arc::from);
    let mut cache = cache().lock().unwrap_or_else(|e| e.into_inner());
    if cache.len() >= CACHE_LIMIT {
        cache.clear();
    }
    cache.insert(key, done.clone());
    done
}

/// Fence names other tools and GitHub (linguist) know that the grammars do not, and the
/// grammar's name for them: `shell` is the most common fence in ops docs.
const ALIASES: &[(&str, &str)] = &[
    ("shell", "bash"),
    ("shellscript", "bash"),
    ("csharp", "cs"),
    ("golang", "go"),
    ("pwsh", "ps1"),
    ("posh", "ps1"),
    ("batch", "bat"),
    ("batchfile", "bat"),
    ("apache", "htaccess"),
    ("apacheconf", "htaccess"),
    ("ignore", "gitignore"),
    ("docker", "dockerfile"),
    ("containerfile", "dockerfile"),
    ("objc", "m"),
    ("objective-c", "m"),
    ("mysql", "sql"),
    ("postgresql", "sql"),
    ("postgres", "sql"),
    ("psql", "sql"),
    ("pgsql", "sql"),
    ("plsql", "sql"),
    ("json5", "json"),
    ("jsonc", "json"),
    ("python3", "python"),
    ("py3", "python"),
];

/// Fences of a terminal session, as GitHub (linguist's `ShellSession`) reads them: commands
/// after a prompt, and what they printed, which is no shell (`NAME READY` was coloured as
/// commands).
const SESSIONS: &[&str] = &["console", "shell-session", "sh-session", "terminal"];

fn highlight_uncached(code: &str, lang: &str) -> Option<String> {
    let set = syntaxes();
    let lower = lang.to_ascii_lowercase();
    if SESSIONS.contains(&lower.as_str()) {
        return highlight_session(code, set);
    }
    let lang = ALIASES
        .iter()
        .find(|(alias, _)| *alias == lower)
        .map_or(lang, |(_, name)| name);
    let syntax = set
        .find_syntax_by_token(lang)
        .or_else(|| set.find_syntax_by_token(&lower))?;
    let mut out = String::with_capacity(code.len() * 2);
    write_highlighted(code, syntax, set, &mut out)?;
    Some(out)
}

/// A terminal session: each line after a prompt (`$ `, `# `, `% `, after a `user@host:~`
/// of no spaces) highlighted as a shell command, the prompt and the output as written.
fn highlight_session(code: &str, set: &SyntaxSet) -> Option<String> {
    let shell = set.find_syntax_by_token("bash")?;
    let mut out = String::with_capacity(code.len() * 2);
    for line in LinesWithEndings::from(code) {
        let trimmed = line.trim_start();
        let prompt = ["$ ", "# ", "% "]
            .iter()
            .filter_map(|p| trimmed.find(p).map(|at| at + p.len()))
            .min()
            .filter(|&end| end <= 64 && !trimmed[..end - 2].contains(char::is_whitespace));
        match prompt {
            Some(end) => {
                let end = line.len() - trimmed.len() + end;
                escape_into(&line[..end], &mut out);
                write_highlighted(&line[end..], shell, set, &mut out)?;
            }
            None => escape_into(line, &mut out),
        }
    }
    Some(out)
}

/// Writes `code` highlighted by `syntax` into `out`; `None` when the grammar fails on it.
fn write_highlighted(
    code: &str,
    syntax: &SyntaxReference,
    set: &SyntaxSet,
    out: &mut String,
) -> Option<()> {
    let mut parser = ParseState::new(syntax);
    let mut stack = ScopeStack::new();
    // The classes of the span being written (empty when none is open).
    let mut open: Arc<str> = Arc::from("");
    let mut classes = classes_of(&stack);
    for line in LinesWithEndings::from(code) {
        // A grammar failing on odd input must not fail the build: fall back to plain text.
        let ops = parser.parse_line(line, set).ok()?;
        let mut start = 0;
        // Text up to each change of scope has the classes of the scopes before it.
        for (end, op) in ops
            .iter()
            .map(|(at, op)| (*at, Some(op)))
            .chain([(line.len(), None)])
        {
            if end > start {
                if classes != open {
                    if !open.is_empty() {
                        out.push_str("</span>");
                    }
                    if !classes.is_empty() {
                        let _ = write!(out, "<span class=\"{classes}\">");
                    }
                    open = classes.clone();
                }
                escape_into(&line[start..end], out);
                start = end;
            }
            if let Some(op) = op {
                stack.apply(op).ok()?;
                classes = classes_of(&stack);
            }
        }
    }
    if !open.is_empty() {
        out.push_str("</span>");
    }
    Some(())
}

/// The classes of text under `stack` in both palettes (empty in their default colours),
/// remembered by stack: matching a stack against every rule of two themes was half the time
/// of highlighting, and a site's code has a few hundred distinct stacks.
fn classes_of(stack: &ScopeStack) -> Arc<str> {
    thread_local! {
        // Fx: hashed at every change of scope, SipHash was 1% of a build.
        static BY_STACK: std::cell::RefCell<rustc_hash::FxHashMap<Box<[Scope]>, Arc<str>>> =
            std::cell::RefCell::default();
    }
    BY_STACK.with_borrow_mut(|known| {
        if let Some(classes) = known.get(stack.as_slice()) {
            return classes.clone();
        }
        let mut classes = String::new();
        for palette in palettes() {
            let style = Highlighter::new(&palette.theme).style_for_stack(stack.as_slice());
            palette.classes(&style, &mut classes);
        }
        let classes: Arc<str> = Arc::from(classes.trim_start());
        known.insert(stack.as_slice().into(), classes.clone());
        classes
    })
}

/// Escapes code for HTML text.
fn escape_into(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
}

/// The stylesheet for highlighted code: the light palette unless the reader chose dark or
/// the system prefers dark (and the reader did not choose light). Each palette applies only
/// in its own mode, so that a token one palette leaves plain is plain there. The code's
/// default colour and background are the theme stylesheet's (`--code-fg`, `--code-bg`).
pub fn stylesheet() -> String {
    let [light, dark] = palettes();
    let mut out = String::from("/* Generated by opsbook: code highlighting palettes. */\n");
    out.push_str(&light.css(":root[data-theme=\"light\"] "));
    out.push_str("@media not all and (prefers-color-scheme: dark) {\n");
    out.push_str(&light.css(":root:not([data-theme=\"dark\"]) "));
    out.push_str("}\n");
    // The dark palette is for screens only: paper is white whatever the reader's theme (the
    // print styles make code blocks light), and dark tokens there were 1.05:1 to 2.6:1.
    out.push_str("@media screen {\n");
    out.push_str(&dark.css(":root[data-theme=\"dark\"] "));
    out.push_str("}\n");
    out.push_str("@media screen and (prefers-color-scheme: dark) {\n");
    out.push_str(&dark.css(":root:not([data-theme=\"light\"]) "));
    out.push_str("}\n");
    out.push_str("@media print {\n");
    out.push_str(&light.css(":root "));
    out.push_str("}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The classes of every span in `html`.
    fn classes(html: &str) -> Vec<&str> {
        html.split("<span class=\"")
            .skip(1)
            .flat_map(|rest| rest[..rest.find('"').unwrap()].split(' '))
            .collect()
    }

    #[test]
    fn every_colour_of_the_stylesheet_reads_on_its_background() {
        let css = stylesheet();
        let mut checked = 0;
        for line in css.lines().filter(|l| l.contains("{ color: #")) {
            let hex = &line[line.find("color: #").unwrap() + 8..][..6];
            let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).unwrap();
            let colour = Color {
                r: channel(0),
                g: channel(2),
                b: channel(4),
                a: 0xff,
            };
            let background = if line.contains(".code .l") {
                LIGHT_CODE_BG
            } else {
                DARK_CODE_BG
            };
            let ratio = contrast(colour, background);
            assert!(ratio >= MIN_CONTRAST, "{line}: {ratio:.2}");
            checked += 1;
        }
        assert!(checked > 20, "{checked} colours");
        // The backgrounds are the theme's.
        let theme_css = include_str!("../themes/default/static/assets/opsbook.css");
        assert!(
            theme_css.contains("--code-bg: #f5f7fa;") && theme_css.contains("--code-bg: #161b22;")
        );
        // A colour that reads already is kept as it is.
        let blue = Color {
            r: 0x0b,
            g: 0x5c,
            b: 0xd5,
            a: 0xff,
        };
        assert_eq!(colour_key(readable(blue, LIGHT_CODE_BG)), colour_key(blue));
        assert_eq!(contrast(LIGHT_CODE_BG, LIGHT_CODE_BG), 1.0);
    }

    #[test]
    fn highlights_known_languages_including_extra_grammars() {
        let html = highlight("fn main() {}\n", "rust").unwrap();
        assert!(html.starts_with("<span class=\"l"), "{html}");
        assert!(html.contains(">fn</span>"), "{html}");
        assert!(highlight("[a]\nb = 1\n", "toml").is_some());
        assert!(highlight("let x: number = 1;\n", "typescript").is_some());
        assert!(highlight("x", "no-such-language").is_none());
        // Other names for a language, as GitHub reads fences.
        for (alias, name, code) in [
            ("shell", "bash", "kubectl get pods --all-namespaces\n"),
            ("csharp", "cs", "public class A {}\n"),
            ("jsonc", "json", "{\"a\": 1}\n"),
            ("python3", "python", "def f(): return 1\n"),
            ("golang", "go", "func main() { fmt.Println(1) }\n"),
            (
                "pwsh",
                "ps1",
                "Get-Process | Where-Object { $_.CPU -gt 1 }\n",
            ),
            ("batch", "bat", "@echo off\nset X=1\n"),
            ("apache", "htaccess", "RewriteEngine On\n"),
            ("ignore", "gitignore", "*.log\n!keep.log\n"),
            ("docker", "dockerfile", "FROM debian\nRUN apt-get update\n"),
            ("postgresql", "sql", "SELECT 1 FROM t;\n"),
        ] {
            let html = highlight(code, alias);
            assert!(html.is_some(), "{alias}");
            assert!(html.as_deref().unwrap().contains("<span class="), "{alias}");
            assert_eq!(html, highlight(code, name), "{alias}");
        }
    }

    #[test]
    fn a_terminal_session_colours_its_commands_and_not_what_they_print() {
        let code = "$ kubectl get pods\nNAME READY\napi-1 1/1\nroot@db:~# echo $HOME\n";
        let html = highlight(code, "Console").unwrap();
        let lines: Vec<&str> = html.lines().collect();
        assert!(
            lines[0].starts_with("$ ") && lines[0].contains("<span"),
            "{html}"
        );
        assert_eq!(lines[1], "NAME READY");
        assert_eq!(lines[2], "api-1 1/1");
        assert!(
            lines[3].starts_with("root@db:~# ") && lines[3].contains("<span"),
            "{html}"
        );
        // Every character kept.
        assert_eq!(crate::markdown::heading_text(&html), code);
    }

    #[test]
    fn a_token_names_its_colour_in_each_palette_and_plain_text_has_no_span() {
        let html = highlight("let count = 1; // total\n", "rust").unwrap();
        // The keyword is coloured in both palettes; the comment too, with the light palette's
        // italic; the variable name and the spaces are in the default colour.
        let keyword = html.split(">let</span>").next().unwrap();
        let keyword = &keyword[keyword.rfind("<span").unwrap()..];
        assert!(keyword.contains(" d"), "{html}");
        assert!(html.contains(" count "), "{html}");
        assert!(html.contains("li") && html.contains("// total"), "{html}");
        // Spans are not nested: each closes before the next opens.
        assert_eq!(
            html.matches("<span").count(),
            html.matches("</span>").count()
        );
        let mut depth = 0;
        for piece in html.split('<').skip(1) {
            depth += if piece.starts_with("span") { 1 } else { -1 };
            assert!((0..=1).contains(&depth), "{html}");
        }
    }

    #[test]
    fn adjacent_tokens_of_the_same_colours_share_a_span() {
        // In YAML a key's characters and the colon after it are separate tokens.
        let html = highlight("a: 1\nb: 2\n", "yaml").unwrap();
        let spans = html.matches("<span").count();
        let text: String = html
            .split('<')
            .map(|p| p.split_once('>').map_or(p, |(_, t)| t))
            .collect();
        assert_eq!(text, "a: 1\nb: 2\n");
        assert!(spans <= 8, "{spans} spans: {html}");
    }

    #[test]
    fn code_is_escaped() {
        let html = highlight("<script>alert(1)</script>\n", "html").unwrap();
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;"), "{html}");
        let html = highlight("a && b\n", "bash").unwrap();
        assert!(html.contains("&amp;&amp;"), "{html}");
    }

    #[test]
    fn every_class_used_is_styled_in_both_modes() {
        let css = stylesheet();
        assert!(!css.contains("background"), "{css}");
        let samples = [
            (
                "rust",
                "/// Docs\n#[derive(Debug)]\npub fn main() -> Result<(), String> { let s = \"x\"; Ok(()) }\n",
            ),
            (
                "python",
                "def f(x: int) -> bool:\n    return x > 0  # positive\n",
            ),
            ("yaml", "key: value\nlist:\n  - 1\n  - true\n"),
            ("sql", "select count(*) from t where a = 'b';\n"),
            ("bash", "for f in *.md; do echo \"$f\"; done\n"),
        ];
        for (lang, code) in samples {
            let html = highlight(code, lang).unwrap();
            let used = classes(&html);
            assert!(used.iter().any(|c| c.starts_with('l')), "{lang}: {html}");
            assert!(used.iter().any(|c| c.starts_with('d')), "{lang}: {html}");
            for class in used {
                let palette = &class[..1];
                let (light_or_dark, other) = if palette == "l" {
                    (
                        ":root[data-theme=\"light\"] .code .",
                        ":root:not([data-theme=\"dark\"]) .code .",
                    )
                } else {
                    (
                        ":root[data-theme=\"dark\"] .code .",
                        ":root:not([data-theme=\"light\"]) .code .",
                    )
                };
                for scope in [light_or_dark, other] {
                    assert!(
                        css.contains(&format!("{scope}{class} {{")),
                        "{lang}: no rule for .{class} under {scope}"
                    );
                }
            }
        }
    }
}
