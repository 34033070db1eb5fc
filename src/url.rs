//! URL arithmetic: where a source file is published (pretty URLs) and how to link from one
//! published path to another with a relative link, so a site works under any base path.

/// The root-relative URL of a page given its path under `content/`:
/// `processes/incident-response.md` → `/processes/incident-response/`,
/// `processes/_index.md` and `processes/index.md` → `/processes/`.
/// Whether a Markdown file named `stem` (its name without `.md`) is its folder's own page:
/// `_index` (Hugo's), `index`, or `README` in any case (what GitHub and GitLab show for a
/// folder, and MkDocs and Docusaurus publish as its page).
pub fn is_index_stem(stem: &str) -> bool {
    matches!(stem, "_index" | "index") || stem.eq_ignore_ascii_case("readme")
}

/// The file names a folder's own page may have, in the order a link to the folder tries them.
pub const INDEX_FILES: [&str; 4] = ["_index.md", "index.md", "README.md", "readme.md"];

/// The extensions of the files read as pages: Markdown's, and Docusaurus's MDX (its
/// imports, exports and components warned as another tool's syntax, the rest read as
/// Markdown: a site moved from Docusaurus keeps its pages and its links to them).
pub const PAGE_EXTENSIONS: [&str; 3] = [".md", ".markdown", ".mdx"];

/// Whether `rel` is a page's file, by its extension in any case (`Notes.MD`, as editors on
/// Windows and macOS save them: published as a file, such a page escaped every check).
pub fn is_page_file(rel: &str) -> bool {
    page_extension_len(rel).is_some()
}

/// `rel` without its page extension (`a/b.md` → `a/b`); as it is when it has none.
pub fn without_page_extension(rel: &str) -> &str {
    page_extension_len(rel).map_or(rel, |len| &rel[..rel.len() - len])
}

fn page_extension_len(rel: &str) -> Option<usize> {
    PAGE_EXTENSIONS
        .iter()
        .find(|ext| {
            rel.len() >= ext.len()
                && rel.as_bytes()[rel.len() - ext.len()..].eq_ignore_ascii_case(ext.as_bytes())
        })
        .map(|ext| ext.len())
}

pub fn page_url(rel: &str) -> String {
    let without_ext = without_page_extension(rel);
    let mut segments: Vec<String> = without_ext.split('/').map(slug_segment).collect();
    if segments.last().is_some_and(|s| is_index_stem(s)) {
        segments.pop();
    }
    let mut url = String::from("/");
    for segment in segments {
        url.push_str(&segment);
        url.push('/');
    }
    url
}

/// Where a non-page file under `content/` is published, from the output folder: in its
/// folder as the pages beside it are (`Team Docs/` → `team-docs/`), under its own name
/// (`Team Docs/Q3 Report.pdf` → `team-docs/Q3 Report.pdf`). Attachments keep their names, as
/// MkDocs, Hugo and Zola keep them: a bookmark to a PDF, an HTML or SVG file that refers to a
/// file beside it and a style sheet's `url()` keep working.
pub fn asset_path(rel: &str) -> String {
    let dir = parent_dir(rel);
    let name = rel[dir.len()..].trim_start_matches('/');
    let mut path: Vec<String> = if dir.is_empty() {
        Vec::new()
    } else {
        // A folder whose name starts with a dot (GitBook's `.gitbook/assets/`) is published
        // without it: static hosts leave hidden folders out (GitHub Pages' Jekyll does).
        dir.split('/')
            .map(|folder| slug_segment(folder.trim_start_matches('.')))
            .collect()
    };
    path.push(name.to_string());
    path.join("/")
}

/// The root-relative URL of a non-page file under `content/`: its [`asset_path`], with what
/// cannot be written in a URL path percent-encoded (`/team-docs/Q3%20Report.pdf`).
pub fn asset_url(rel: &str) -> String {
    encoded(&format!("/{}", asset_path(rel)))
}

/// A site path with what may not be written in a URL path percent-encoded, the bytes of
/// other scripts' letters among it (`/運用/` is `/%E9%81%8B%E7%94%A8/`), as a sitemap needs
/// (RFC 3986).
pub fn encoded(path: &str) -> String {
    let mut url = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~!$&'()*+,;=:@".contains(&byte) {
            url.push(char::from(byte));
        } else {
            url.push_str(&format!("%{byte:02X}"));
        }
    }
    url
}

/// A Markdown file's name without its folder and extension: `processes/index.md` → `index`.
pub fn page_stem(rel: &str) -> &str {
    let name = &rel[parent_dir(rel).len()..];
    let name = name.trim_start_matches('/');
    without_page_extension(name)
}

/// The content folder of a content path: `processes/x.md` → `processes`, `x.md` → ``.
pub fn parent_dir(rel: &str) -> &str {
    rel.rfind('/').map_or("", |i| &rel[..i])
}

/// Makes one path segment safe and tidy: whitespace becomes `-`, ASCII is lowercased and
/// characters with a meaning in URLs (`?`, `#`, `%` …) are dropped.
pub fn slug_segment(segment: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    use unicode_normalization::char::is_combining_mark;
    let mut out = String::with_capacity(segment.len());
    // Composed first (NFC): macOS writes `ö` in a file name as `o` and a mark, which gave
    // `/storungsmeldung/` where the same name typed elsewhere gave `/störungsmeldung/`. The
    // marks no letter composes with (Devanagari's, Thai's) are kept, as GitHub keeps them.
    let composed: std::borrow::Cow<str> = if segment.is_ascii() {
        segment.into()
    } else {
        segment.nfc().collect::<String>().into()
    };
    for c in composed.chars() {
        if c.is_whitespace() {
            out.push('-');
        } else if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') || is_combining_mark(c) {
            out.extend(c.to_lowercase());
        }
    }
    if out.is_empty() || out.chars().all(|c| c == '.') {
        out = "page".into();
    }
    out
}

/// The folder name of a tag's or an owner's page: [`slug_segment`] without leading dots and
/// underscores (`.NET` → `net`), which GitHub Pages' Jekyll leaves out of a site and web
/// servers hardened against dotfiles refuse.
pub fn label_segment(label: &str) -> String {
    let slug = slug_segment(&spell_marks(label));
    match slug.trim_start_matches(['.', '_']) {
        _ if !label.is_ascii() && !label.chars().any(char::is_alphanumeric) => code_points(label),
        // Nothing but dots and underscores: as a name made of no letters is (`page`).
        "" => slug_segment(""),
        // The folder of the tag `index.html` would be the file of the tags' directory.
        "index.html" => "index-html".to_string(),
        trimmed => trimmed.to_string(),
    }
}

/// `C++` and `C#` (and `F#`, `Notepad++`) are names of their own: their marks are read out
/// (`c-plus-plus`, `c-sharp`), as a slug would drop them (both were `/tags/c/`, a
/// duplicate-url error).
pub fn spell_marks(label: &str) -> std::borrow::Cow<'_, str> {
    if !label.contains(['+', '#']) {
        return label.into();
    }
    let mut out = String::with_capacity(label.len() + 8);
    let mut previous: Option<char> = None;
    for c in label.chars() {
        match c {
            '+' | '#' if previous.is_some_and(|p| p.is_alphanumeric() || p == '+') => {
                out.push_str(if c == '+' { "-plus" } else { "-sharp" });
            }
            c => out.push(c),
        }
        previous = Some(c);
    }
    out.into()
}

/// A name of no letters (`🚨`, `🔥`) by its characters' code points (`u1f6a8`), so that two
/// such names are not one, nor `page`.
pub fn code_points(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| format!("u{:x}", u32::from(c)))
        .collect::<Vec<_>>()
        .join("-")
}

/// A relative link from the page published at `from` (a folder URL such as `/a/b/`) to the
/// root-relative `to` (`/a/c/`, `/img/x.svg`): `../c/`, `../../img/x.svg`.
///
/// Every page makes dozens of these (navigation, owners, tags, backlinks): it works on the
/// bytes, without splitting either path into a list ('/' is one byte in UTF-8, never part of
/// another character).
pub fn relative(from: &str, to: &str) -> String {
    if !from.ends_with('/') && !from.is_empty() {
        return relative(&format!("{from}/"), to);
    }
    if from.contains("//") || to.contains("//") {
        return relative_by_segments(from, to);
    }
    let from = from.trim_start_matches('/');
    let to = to.trim_start_matches('/');
    // The longest common start of both that ends where a folder of `from` does: past it,
    // each folder left in `from` is a `../`, and the rest of `to` follows.
    let same = from
        .bytes()
        .zip(to.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    // (A file in `to`, without a trailing slash, so never shares its own name.)
    let shared = if same == from.len() {
        same
    } else {
        // Bytes, not text: two names may part inside a character (`Ä` and `Ü` share their
        // first byte), where text cannot be cut.
        from.as_bytes()[..same]
            .iter()
            .rposition(|&b| b == b'/')
            .map_or(0, |i| i + 1)
    };
    let ups = from[shared..].bytes().filter(|&b| b == b'/').count();
    let mut out = String::with_capacity(3 * ups + to.len() - shared + 2);
    for _ in 0..ups {
        out.push_str("../");
    }
    // A first name with a `:` (a file `javascript:alert(1).pdf`, `c:notes`) is read by
    // browsers as a scheme, not a path: `./` keeps it a path.
    let rest = &to[shared..];
    if ups == 0
        && rest
            .split('/')
            .next()
            .is_some_and(|first| first.contains(':'))
    {
        out.push_str("./");
    }
    out.push_str(rest);
    if out.is_empty() {
        out.push_str("./");
    }
    out
}

/// [`relative`] for paths with empty segments (`//`), which it skips.
fn relative_by_segments(from: &str, to: &str) -> String {
    let from_dir: Vec<&str> = from.split('/').filter(|s| !s.is_empty()).collect();
    let to_parts: Vec<&str> = to.split('/').filter(|s| !s.is_empty()).collect();
    let to_is_dir = to.ends_with('/');
    // A file (no trailing slash) only shares folders with `from`, never its own name.
    let comparable = if to_is_dir {
        to_parts.len()
    } else {
        to_parts.len().saturating_sub(1)
    };
    let common = from_dir
        .iter()
        .zip(&to_parts[..comparable])
        .take_while(|(a, b)| a == b)
        .count();
    let mut out = "../".repeat(from_dir.len() - common);
    if out.is_empty()
        && to_parts
            .get(common)
            .is_some_and(|first| first.contains(':'))
    {
        out.push_str("./");
    }
    out.push_str(&to_parts[common..].join("/"));
    if to_is_dir && common < to_parts.len() {
        out.push('/');
    }
    if out.is_empty() {
        out.push_str("./");
    }
    out
}

/// The path prefix from a page at `from` to the site root: `./`, `../`, `../../` …
pub fn root_prefix(from: &str) -> String {
    let depth = from.split('/').filter(|s| !s.is_empty()).count();
    if depth == 0 {
        "./".into()
    } else {
        "../".repeat(depth)
    }
}

/// Joins a relative link target onto a content folder, resolving `.` and `..`.
/// `None` when it climbs above the content root.
pub fn join(dir: &str, target: &str) -> Option<String> {
    let mut parts: Vec<&str> = if target.starts_with('/') {
        Vec::new()
    } else {
        dir.split('/').filter(|s| !s.is_empty()).collect()
    };
    for part in target.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_agrees_with_the_segment_by_segment_reading() {
        // Every pair of a set of paths that share starts, names and prefixes of names.
        let names = ["", "a", "ab", "b", "a.svg", "b.md", "é"];
        let mut paths = vec!["/".to_string()];
        for x in names.iter().filter(|n| !n.is_empty()) {
            paths.push(format!("/{x}/"));
            paths.push(format!("/{x}"));
            for y in names.iter().filter(|n| !n.is_empty()) {
                paths.push(format!("/{x}/{y}/"));
                paths.push(format!("/{x}/{y}"));
                for z in ["a", "b.md"] {
                    paths.push(format!("/{x}/{y}/{z}/"));
                    paths.push(format!("/{x}/{y}/{z}"));
                }
            }
        }
        let folders: Vec<&String> = paths.iter().filter(|p| p.ends_with('/')).collect();
        for from in &folders {
            for to in &paths {
                assert_eq!(
                    relative(from, to),
                    relative_by_segments(from, to),
                    "from {from} to {to}"
                );
            }
        }
    }

    #[test]
    fn pretty_urls() {
        assert_eq!(
            page_url("processes/incident-response.md"),
            "/processes/incident-response/"
        );
        assert_eq!(page_url("processes/_index.md"), "/processes/");
        assert_eq!(page_url("tools/figma/index.md"), "/tools/figma/");
        assert_eq!(page_url("_index.md"), "/");
        assert_eq!(page_url("Ops Notes/What? Now.md"), "/ops-notes/what-now/");
    }

    #[test]
    fn segments_are_composed_and_symbols_alone_named_by_code_point() {
        assert_eq!(slug_segment("Sto\u{308}rung"), slug_segment("Störung"));
        assert_eq!(slug_segment("स्थापना और जाँच"), "स्थापना-और-जाँच");
        assert_eq!(label_segment("🚨"), "u1f6a8");
        assert_eq!(label_segment("🔥 🚒"), "u1f525-u1f692");
        assert_eq!(label_segment("page"), "page");
        assert_eq!(label_segment("C++"), "c-plus-plus");
        assert_eq!(label_segment("C#"), "c-sharp");
        assert_eq!(label_segment("#sre"), "sre");
        assert_eq!(label_segment("..."), "page");
    }

    #[test]
    fn relative_links() {
        // A first name with a `:` stays a path, never a scheme.
        assert_eq!(
            relative("/", "/javascript:alert(1).pdf"),
            "./javascript:alert(1).pdf"
        );
        assert_eq!(relative("/a/", "/a/c:notes/"), "./c:notes/");
        assert_eq!(relative("/a/b/", "/a/c:d/"), "../c:d/");
        assert_eq!(relative("//a/", "//a/x:y"), "./x:y");
        assert_eq!(relative("/a/b/", "/a/c/"), "../c/");
        assert_eq!(relative("/a/b/", "/a/b/"), "./");
        assert_eq!(relative("/", "/a/"), "a/");
        assert_eq!(relative("/a/b/", "/"), "../../");
        assert_eq!(relative("/a/b/", "/a/b/c/"), "c/");
        assert_eq!(relative("/a/b/", "/a/x.svg"), "../x.svg");
        assert_eq!(relative("/a/", "/a/x.svg"), "x.svg");
        assert_eq!(relative("/a/", "/a"), "../a");
        assert_eq!(relative("/a/b/", "/a/bc/"), "../bc/");
        assert_eq!(relative("/a/bc/", "/a/b/"), "../b/");
        assert_eq!(relative("/a/b", "/a/b/c/"), "c/");
        assert_eq!(relative("/a//b/", "/a/c/"), "../c/");
        // Names that part inside a character: `ä` and `ü` share their first byte, as do
        // `障` and `運`.
        assert_eq!(relative("/p/änderungen/", "/p/übergabe/"), "../übergabe/");
        assert_eq!(relative("/障害対応/", "/運用手順/"), "../運用手順/");
    }

    #[test]
    fn joining_relative_targets() {
        assert_eq!(join("a/b", "../c.md").as_deref(), Some("a/c.md"));
        assert_eq!(join("a/b", "./c.md").as_deref(), Some("a/b/c.md"));
        assert_eq!(join("a", "../../c.md"), None);
        assert_eq!(join("a/b", "/x/y.md").as_deref(), Some("x/y.md"));
    }
}
