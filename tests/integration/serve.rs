//! `opsbook serve` over HTTP: a real server on port 0 over a temporary copy of a fixture,
//! driven with raw requests on a `TcpStream` (no HTTP client needed). Every wait is bounded,
//! and the server is killed when the test ends, whether it passed or not.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::support::{SiteTest, TODAY, copy_dir};

/// How long the first build may take (a debug binary, a cold syntax set).
const STARTUP: Duration = Duration::from_secs(60);
/// How long any later step may take.
const STEP: Duration = Duration::from_secs(10);

const PAGE: &str = "content/processes/incidents/incident-response.md";
const PAGE_URL: &str = "/processes/incidents/incident-response/";
const PAGE_FILE: &str = "processes/incidents/incident-response/index.html";

/// A running `opsbook serve`, killed on drop.
struct Serve {
    child: Child,
    port: u16,
    site: SiteTest,
    output: Receiver<String>,
    /// What it printed up to the line with its URL.
    startup: Vec<String>,
}

impl Serve {
    fn start(fixture: &str) -> Serve {
        Self::start_with(fixture, Command::new(env!("CARGO_BIN_EXE_opsbook")), |_| {})
    }

    /// `opsbook serve` on the fixture as `arrange` leaves it.
    fn start_arranged(fixture: &str, arrange: impl FnOnce(&SiteTest)) -> Serve {
        Self::start_with(
            fixture,
            Command::new(env!("CARGO_BIN_EXE_opsbook")),
            arrange,
        )
    }

    /// `opsbook serve` allowed `limit` open files (through the shell's `ulimit -n`).
    #[cfg(unix)]
    fn start_with_file_limit(fixture: &str, limit: u32) -> Serve {
        let mut shell = Command::new("sh");
        shell.args([
            "-c",
            &format!("ulimit -n {limit} && exec \"$0\" \"$@\""),
            env!("CARGO_BIN_EXE_opsbook"),
        ]);
        Self::start_with(fixture, shell, |_| {})
    }

    fn start_with(fixture: &str, command: Command, arrange: impl FnOnce(&SiteTest)) -> Serve {
        Self::start_until(fixture, command, arrange, "serving at ")
    }

    /// `opsbook serve` started, once it prints a line with `ready` and its URL.
    fn start_until(
        fixture: &str,
        mut command: Command,
        arrange: impl FnOnce(&SiteTest),
        ready: &str,
    ) -> Serve {
        let site = SiteTest::fixture(fixture);
        arrange(&site);
        let mut child = command
            .current_dir(&site.root)
            .args(["serve", ".", "--port", "0", "--today", TODAY])
            .env_remove("SOURCE_DATE_EPOCH")
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("starting opsbook serve");
        let (tx, output) = channel();
        let stdout = child.stdout.take().unwrap();
        let stderr = child.stderr.take().unwrap();
        for stream in [
            Box::new(stdout) as Box<dyn Read + Send>,
            Box::new(stderr) as Box<dyn Read + Send>,
        ] {
            let tx = tx.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines() {
                    let Ok(line) = line else { break };
                    if tx.send(line).is_err() {
                        break;
                    }
                }
            });
        }
        let mut serve = Serve {
            child,
            port: 0,
            site,
            output,
            startup: Vec::new(),
        };
        let deadline = Instant::now() + STARTUP;
        let mut seen = Vec::new();
        while serve.port == 0 {
            let left = deadline.saturating_duration_since(Instant::now());
            match serve.output.recv_timeout(left) {
                Ok(line) => {
                    if let Some(rest) = line
                        .contains(ready)
                        .then(|| line.split("http://127.0.0.1:").nth(1))
                        .flatten()
                    {
                        serve.port = rest
                            .split('/')
                            .next()
                            .and_then(|p| p.parse().ok())
                            .expect("a port in the URL");
                    }
                    seen.push(line);
                }
                Err(_) => panic!(
                    "opsbook serve printed no URL within {STARTUP:?}:\n{}",
                    seen.join("\n")
                ),
            }
        }
        serve.startup = seen;
        serve
    }

    fn get(&self, target: &str) -> Reply {
        request(self.port, "GET", target)
    }

    /// Waits for a line of the terminal's output holding `text`, and returns it.
    fn printed(&self, text: &str) -> String {
        let deadline = Instant::now() + STEP;
        let mut seen = Vec::new();
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.output.recv_timeout(left) {
                Ok(line) if line.contains(text) => return line,
                Ok(line) => seen.push(line),
                Err(_) => panic!("`{text}` not printed within {STEP:?}:\n{}", seen.join("\n")),
            }
        }
    }

    /// The terminal's lines up to the next one holding `text`, that one included.
    fn lines_until(&self, text: &str) -> Vec<String> {
        let deadline = Instant::now() + STEP;
        let mut seen = Vec::new();
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.output.recv_timeout(left) {
                Ok(line) => {
                    let done = line.contains(text);
                    seen.push(line);
                    if done {
                        return seen;
                    }
                }
                Err(_) => panic!("`{text}` not printed within {STEP:?}:\n{}", seen.join("\n")),
            }
        }
    }

    fn write(&self, rel: &str, text: &str) {
        self.site.write(rel, text);
    }

    fn path(&self, rel: &str) -> std::path::PathBuf {
        self.site.path(rel)
    }

    /// Polls `target` until `check` passes, for states reached through several rebuilds.
    fn eventually(&self, target: &str, what: &str, check: impl Fn(&Reply) -> bool) -> Reply {
        let deadline = Instant::now() + STEP;
        loop {
            let reply = self.get(target);
            if check(&reply) {
                return reply;
            }
            if Instant::now() > deadline {
                panic!(
                    "GET {target}: {what} not seen within {STEP:?}; last reply {}:\n{}",
                    reply.status,
                    reply.text()
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An HTTP response.
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

fn connect(port: u16) -> TcpStream {
    let stream = TcpStream::connect(("127.0.0.1", port)).expect("connecting to the server");
    stream.set_read_timeout(Some(STEP)).unwrap();
    stream.set_write_timeout(Some(STEP)).unwrap();
    stream
}

/// Sends `METHOD target` exactly as given (no client-side normalisation) and reads the reply.
fn request(port: u16, method: &str, target: &str) -> Reply {
    let mut stream = connect(port);
    write!(
        stream,
        "{method} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut reader = BufReader::new(stream);
    let (status, headers) = read_head(&mut reader);
    let reply = Reply {
        status,
        headers,
        body: Vec::new(),
    };
    if method == "HEAD" {
        return reply;
    }
    let body = if reply
        .header("Transfer-Encoding")
        .is_some_and(|v| v.eq_ignore_ascii_case("chunked"))
    {
        let mut body = Vec::new();
        while let Some(chunk) = read_chunk(&mut reader) {
            body.extend(chunk);
        }
        body
    } else if let Some(len) = reply.header("Content-Length") {
        let mut body = vec![0; len.parse().expect("a numeric Content-Length")];
        reader.read_exact(&mut body).expect("reading the body");
        body
    } else {
        let mut body = Vec::new();
        reader.read_to_end(&mut body).expect("reading the body");
        body
    };
    Reply { body, ..reply }
}

fn read_line(reader: &mut BufReader<TcpStream>) -> String {
    let mut line = String::new();
    reader
        .read_line(&mut line)
        .unwrap_or_else(|e| panic!("reading from the server: {e}"));
    line.trim_end_matches(['\r', '\n']).to_string()
}

fn read_head(reader: &mut BufReader<TcpStream>) -> (u16, Vec<(String, String)>) {
    let status_line = read_line(reader);
    let status = status_line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("bad status line {status_line:?}"));
    let mut headers = Vec::new();
    loop {
        let line = read_line(reader);
        if line.is_empty() {
            break;
        }
        let (name, value) = line.split_once(':').expect("a header line");
        headers.push((name.trim().to_string(), value.trim().to_string()));
    }
    (status, headers)
}

/// One chunk of a chunked body; `None` after the last.
fn read_chunk(reader: &mut BufReader<TcpStream>) -> Option<Vec<u8>> {
    try_read_chunk(reader).unwrap_or_else(|e| panic!("reading a chunk: {e}"))
}

fn try_read_chunk(reader: &mut BufReader<TcpStream>) -> std::io::Result<Option<Vec<u8>>> {
    let mut size_line = String::new();
    reader.read_line(&mut size_line)?;
    let size_line = size_line.trim_end();
    let size = usize::from_str_radix(size_line.split(';').next().unwrap().trim(), 16)
        .unwrap_or_else(|_| panic!("bad chunk size {size_line:?}"));
    let mut chunk = vec![0; size];
    reader.read_exact(&mut chunk)?;
    let mut end = [0; 2];
    reader.read_exact(&mut end)?;
    assert_eq!(&end, b"\r\n", "a chunk ends with CRLF");
    Ok((size > 0).then_some(chunk))
}

/// An open `/__opsbook/events` stream.
struct Events {
    reader: BufReader<TcpStream>,
    pending: String,
    seen: Vec<String>,
}

impl Events {
    fn open(serve: &Serve) -> Events {
        let mut stream = connect(serve.port);
        write!(
            stream,
            "GET /__opsbook/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        let mut reader = BufReader::new(stream);
        let (status, headers) = read_head(&mut reader);
        let header = |name: &str| {
            headers
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        assert_eq!(status, 200);
        assert!(header("Content-Type").starts_with("text/event-stream"));
        assert_eq!(header("Cache-Control"), "no-cache");
        assert_eq!(header("Transfer-Encoding"), "chunked");
        Events {
            reader,
            pending: String::new(),
            seen: Vec::new(),
        }
    }

    /// Waits for an event whose JSON data passes `check`, skipping others.
    fn wait_for(&mut self, what: &str, check: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + STEP;
        loop {
            while let Some(end) = self.pending.find("\n\n") {
                let block: String = self.pending.drain(..end + 2).collect();
                for line in block.lines() {
                    if let Some(data) = line.strip_prefix("data: ") {
                        self.seen.push(data.to_string());
                        let event: Value = serde_json::from_str(data).expect("event JSON");
                        if check(&event) {
                            return event;
                        }
                    }
                }
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                panic!(
                    "no event with {what} within {STEP:?}; events seen:\n{}",
                    self.seen.join("\n")
                );
            }
            self.reader.get_ref().set_read_timeout(Some(left)).unwrap();
            match try_read_chunk(&mut self.reader) {
                Ok(Some(chunk)) => self.pending.push_str(&String::from_utf8_lossy(&chunk)),
                Ok(None) => panic!("the event stream ended"),
                Err(e) => panic!(
                    "no event with {what} within {STEP:?} ({e}); events seen:\n{}",
                    self.seen.join("\n")
                ),
            }
        }
    }
}

fn changed(event: &Value, file: &str) -> bool {
    event["changed"]
        .as_array()
        .is_some_and(|c| c.iter().any(|p| p == file || p == "*"))
}

fn no_errors(event: &Value) -> bool {
    event["errors"].as_array().is_some_and(Vec::is_empty)
}

// Checks the plain HTTP side: pages with the live-reload hook, MIME types, folder redirects,
// the 404 page, and that no request reaches a file outside the built site.
#[test]
fn serve_answers_pages_and_assets_and_never_leaves_the_site() {
    let serve = Serve::start("basic");

    let home = serve.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("Content-Type"),
        Some("text/html; charset=utf-8")
    );
    assert!(
        home.text().contains("/__opsbook/live.js"),
        "{}",
        home.text()
    );
    // The build it comes from, for live.js to notice a rebuild it did not hear about.
    let timing = home
        .header("Server-Timing")
        .expect("a Server-Timing header");
    assert!(
        timing.starts_with("opsbook-generation;desc=\"") && timing.ends_with('"'),
        "{timing}"
    );

    let script = serve.get("/__opsbook/live.js");
    assert_eq!(script.status, 200);
    assert!(
        script
            .header("Content-Type")
            .unwrap()
            .starts_with("text/javascript")
    );
    assert!(script.text().contains("EventSource"));

    let css = serve.get("/assets/opsbook.css");
    assert_eq!(css.status, 200);
    assert_eq!(css.header("Content-Type"), Some("text/css; charset=utf-8"));
    // A file copied from beside a page.
    let svg = serve.get("/processes/incidents/ladder.svg");
    assert_eq!(svg.status, 200);
    assert_eq!(svg.header("Content-Type"), Some("image/svg+xml"));
    assert_eq!(
        svg.body,
        std::fs::read(serve.path("content/processes/incidents/ladder.svg")).unwrap()
    );

    let page = serve.get(PAGE_URL);
    assert_eq!(page.status, 200);
    assert!(
        page.text()
            .contains("The incident commander runs the call.")
    );
    let redirect = serve.get(PAGE_URL.trim_end_matches('/'));
    assert_eq!(redirect.status, 301);
    assert_eq!(redirect.header("Location"), Some(PAGE_URL));

    let missing = serve.get("/no/such/page/");
    assert_eq!(missing.status, 404);
    assert!(
        missing.text().contains("Page not found"),
        "{}",
        missing.text()
    );

    let owners = std::fs::read_to_string(serve.path("owners.yaml")).unwrap();
    for target in [
        "/../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/..%2f..%2fetc/passwd",
        "/..%5c..%5cetc%5cpasswd",
        "/../owners.yaml",
        "/%2e%2e/owners.yaml",
        "/a/..%2f..%2fowners.yaml",
        "//etc/passwd",
        "/etc/passwd",
        "/owners.yaml",
        "/content/processes/incidents/incident-response.md",
        "/ladder.svg%00.html",
        "/processes/incidents/ladder.svg/..",
    ] {
        let reply = serve.get(target);
        assert!(
            reply.status == 400 || reply.status == 404,
            "GET {target}: status {}",
            reply.status
        );
        let text = reply.text();
        assert!(!text.contains("root:"), "GET {target} served /etc/passwd");
        assert!(
            !text.contains(owners.trim()),
            "GET {target} served owners.yaml"
        );
    }

    // Other methods, and requests that are not HTTP at all, leave the server standing.
    assert_eq!(request(serve.port, "POST", "/").status, 405);
    let head = request(serve.port, "HEAD", "/");
    assert_eq!(head.status, 200);
    let mut garbage = connect(serve.port);
    let _ = garbage.write_all(b"\x00\xff NOT HTTP\r\n\r\n");
    let mut ignored = Vec::new();
    let _ = garbage.read_to_end(&mut ignored);
    drop(garbage);
    assert_eq!(serve.get("/").status, 200);

    // serve builds in memory: the output folder is never written.
    assert!(!serve.path("public").exists());
}

// Checks live reload: an edit sends an event naming the page and the new text is served; a
// broken front matter sends the errors and the edit is served all the same (a preview frozen
// by one error showed nothing of the writer's other edits); an `opsbook.yaml` that cannot be
// read keeps the last good build; the fixes clear the errors.
#[test]
fn serve_reloads_edits_and_shows_content_errors_over_the_latest_edit() {
    let serve = Serve::start("basic");
    let mut events = Events::open(&serve);
    let original = std::fs::read_to_string(serve.path(PAGE)).unwrap();

    let edited = original.replace("runs the call", "runs the bridge call");
    serve.write(PAGE, &edited);
    let event = events.wait_for("the edited page", |e| changed(e, PAGE_FILE));
    assert!(no_errors(&event), "{event}");
    assert!(event["generation"].as_u64().unwrap() >= 2, "{event}");
    assert!(serve.get(PAGE_URL).text().contains("runs the bridge call"));
    // The search index follows once edits pause.
    let deadline = Instant::now() + STEP;
    while !indexed(&serve, "bridge") {
        assert!(
            Instant::now() < deadline,
            "`bridge` not in the search index within {STEP:?}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }

    serve.write(
        PAGE,
        "---\ntitle: Incident response\nowner: team-sre\n\nThe front matter never ends.\n",
    );
    let event = events.wait_for("errors", |e| !no_errors(e));
    // The broken page is not published, so links to it break too: find its own error.
    let error = event["errors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["code"] == "front-matter-unclosed")
        .unwrap_or_else(|| panic!("no front-matter-unclosed error in {event}"));
    assert_eq!(error["path"], PAGE, "{event}");
    assert_eq!(error["line"], 1, "{event}");
    assert_eq!(error["severity"], "error", "{event}");
    assert!(error["message"].as_str().unwrap().contains("never closed"));
    assert!(changed(&event, PAGE_FILE), "{event}");
    assert_eq!(event["showing"], "latest", "{event}");
    // The edit is served, and pages opened now learn about the errors.
    let page = serve.get(PAGE_URL);
    assert_eq!(page.status, 200);
    assert!(page.text().contains("The front matter never ends."));
    let state: Value = serde_json::from_slice(&serve.get("/__opsbook/state").body).unwrap();
    assert_eq!(state["errors"], event["errors"], "{state}");
    assert_eq!(state["generation"], event["generation"]);

    // A configuration that cannot be read makes nothing: the build before is served.
    serve.write("opsbook.yaml", "title: [unclosed\n");
    let event = events.wait_for("the config error", |e| {
        e["errors"]
            .as_array()
            .is_some_and(|errors| errors.iter().any(|d| d["path"] == "opsbook.yaml"))
    });
    assert_eq!(event["showing"], "last-good", "{event}");
    assert_eq!(event["changed"], serde_json::json!([]), "{event}");
    assert!(
        serve
            .get(PAGE_URL)
            .text()
            .contains("The front matter never ends.")
    );
    serve.write(
        "opsbook.yaml",
        "title: \"Fixture Wiki\"\ndescription: \"A small site the integration tests build.\"\n",
    );

    serve.write(
        PAGE,
        &original.replace("runs the call", "runs the fixed call"),
    );
    let event = events.wait_for("no errors", no_errors);
    assert!(changed(&event, PAGE_FILE), "{event}");
    assert!(serve.get(PAGE_URL).text().contains("runs the fixed call"));
    let state: Value = serde_json::from_slice(&serve.get("/__opsbook/state").body).unwrap();
    assert_eq!(state["errors"], serde_json::json!([]), "{state}");
}

/// Whether the search index `serve` serves has `term`, looked up as the browser does.
fn indexed(serve: &Serve, term: &str) -> bool {
    let manifest = serve.get("/search/manifest.json");
    assert_eq!(manifest.status, 200, "the search index is served");
    let manifest: Value = serde_json::from_slice(&manifest.body).unwrap();
    let starts = manifest["chunks"].as_array().expect("chunk starts");
    let chunk = starts
        .iter()
        .rposition(|start| start.as_str().unwrap() <= term)
        .unwrap_or(0);
    let chunk: Value =
        serde_json::from_slice(&serve.get(&format!("/search/chunks/{chunk}.json")).body).unwrap();
    chunk["terms"].get(term).is_some()
}

// Checks that a change of front matter, which rebuilds the site, is served with the search
// index before it until the new one is made apart, and that the new one follows: a page's new
// title is found. (Pages no longer wait for the index: 6 s of a rebuild at 100,000 pages.)
#[test]
fn serve_rebuilds_pages_then_their_search_index() {
    let serve = Serve::start("basic");
    let mut events = Events::open(&serve);
    assert!(!indexed(&serve, "bridgework"));
    let original = std::fs::read_to_string(serve.path(PAGE)).unwrap();
    serve.write(
        PAGE,
        &original.replace("title: Incident response", "title: Incident bridgework"),
    );
    let event = events.wait_for("the retitled page", |e| changed(e, PAGE_FILE));
    assert!(no_errors(&event), "{event}");
    assert!(serve.get(PAGE_URL).text().contains("Incident bridgework"));
    let deadline = Instant::now() + STEP;
    while !indexed(&serve, "bridgework") {
        assert!(
            Instant::now() < deadline,
            "the new title is not in the search index within {STEP:?}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

// Checks that a bug of opsbook's met while rebuilding a save (a panic: the debug build's
// fault injection stands for one) ends that rebuild, not the preview: the last good build is
// served with the error over it, and the next save builds again. One such panic, on a
// non-breaking space before `%%`, ended the server.
#[test]
fn serve_survives_a_bug_met_while_rebuilding() {
    let mut command = Command::new(env!("CARGO_BIN_EXE_opsbook"));
    command.env("OPSBOOK_TEST_PANIC", "TRIGGER-A-BUG");
    let serve = Serve::start_with("basic", command, |_| {});
    let mut events = Events::open(&serve);
    let original = std::fs::read_to_string(serve.path(PAGE)).unwrap();
    serve.write(PAGE, &original.replace("runs the call", "TRIGGER-A-BUG"));
    let event = events.wait_for("the bug's error", |e| !no_errors(e));
    let message = event["errors"][0]["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("opsbook stopped on a bug of its own") && message.contains("report it"),
        "{event}"
    );
    assert_eq!(event["showing"], "last-good", "{event}");
    let page = serve.get(PAGE_URL);
    assert_eq!(page.status, 200);
    assert!(page.text().contains("runs the call"));
    serve.write(
        PAGE,
        &original.replace("runs the call", "runs the mended call"),
    );
    let event = events.wait_for("no errors", no_errors);
    assert!(changed(&event, PAGE_FILE), "{event}");
    assert!(serve.get(PAGE_URL).text().contains("runs the mended call"));
}

// Checks renames, deletes, editors' save patterns and a burst of new files.
#[test]
fn serve_follows_renames_deletes_editor_saves_and_bursts() {
    let serve = Serve::start("basic");
    let mut events = Events::open(&serve);

    std::fs::rename(
        serve.path("content/misc/crlf.md"),
        serve.path("content/misc/moved.md"),
    )
    .unwrap();
    let event = events.wait_for("the renamed page", |e| changed(e, "misc/moved/index.html"));
    assert!(changed(&event, "misc/crlf/index.html"), "{event}");
    assert_eq!(serve.get("/misc/crlf/").status, 404);
    assert_eq!(serve.get("/misc/moved/").status, 200);

    std::fs::remove_file(serve.path("content/misc/empty.md")).unwrap();
    events.wait_for("the deleted page", |e| changed(e, "misc/empty/index.html"));
    assert_eq!(serve.get("/misc/empty/").status, 404);

    // Save through a temporary file, then rename over the page (Vim, VS Code, JetBrains).
    let page = "content/misc/no-front-matter.md";
    serve.write(
        "content/misc/.no-front-matter.md.swp",
        "# Page without front matter\n\nSaved through a temporary file.\n",
    );
    std::fs::rename(
        serve.path("content/misc/.no-front-matter.md.swp"),
        serve.path(page),
    )
    .unwrap();
    events.wait_for("the page saved by rename", |e| {
        changed(e, "misc/no-front-matter/index.html")
    });
    assert!(
        serve
            .get("/misc/no-front-matter/")
            .text()
            .contains("Saved through a temporary file.")
    );

    // Truncate, then write a moment later.
    {
        let mut file = std::fs::File::create(serve.path(page)).unwrap();
        file.flush().unwrap();
        std::thread::sleep(Duration::from_millis(30));
        file.write_all(b"# Page without front matter\n\nTruncated, then written.\n")
            .unwrap();
    }
    serve.eventually("/misc/no-front-matter/", "the rewritten text", |r| {
        r.text().contains("Truncated, then written.")
    });

    // A burst, like a `git checkout`: many files at once.
    for i in 0..30 {
        serve.write(
            &format!("content/misc/burst-{i}.md"),
            &format!("# Burst page {i}\n\nNumber {i}.\n"),
        );
    }
    for i in [0, 17, 29] {
        serve.eventually(&format!("/misc/burst-{i}/"), "the new page", |r| {
            r.status == 200 && r.text().contains(&format!("Number {i}."))
        });
    }
    assert!(!Path::new(&serve.path("public")).exists());
}

// A page load is a burst of connections that browsers then keep open. Every one must be
// answered promptly, with an event stream open (as on every previewed page): a server that
// parks a connection behind another client's idle one leaves the page half loaded.
#[test]
fn serve_answers_every_connection_of_a_burst() {
    let serve = Serve::start("basic");
    let _events = Events::open(&serve);
    let targets = ["/", "/__opsbook/live.js", "/search/", PAGE_URL];
    for burst in 0..5 {
        let streams: Vec<TcpStream> = (0..12)
            .map(|i| {
                let mut stream = connect(serve.port);
                stream
                    .set_read_timeout(Some(Duration::from_secs(5)))
                    .unwrap();
                // Keep-alive, as browsers ask.
                write!(
                    stream,
                    "GET {} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n",
                    targets[i % targets.len()]
                )
                .unwrap();
                stream
            })
            .collect();
        // Like a browser, a connection is kept open after its answer unless the server said
        // `Connection: close`; the kept ones stay open until the whole burst is answered.
        let mut kept = Vec::new();
        for (i, stream) in streams.into_iter().enumerate() {
            let mut reader = BufReader::new(stream);
            let mut status_line = String::new();
            if let Err(e) = reader.read_line(&mut status_line) {
                panic!("burst {burst}: connection {i} got no answer: {e}");
            }
            assert!(
                status_line.starts_with("HTTP/1.1 200"),
                "burst {burst}: connection {i}: {status_line:?}"
            );
            let mut close = false;
            loop {
                let line = read_line(&mut reader);
                if line.is_empty() {
                    break;
                }
                close |= line.eq_ignore_ascii_case("connection: close");
            }
            if !close {
                kept.push(reader);
            }
        }
        drop(kept);
    }
}

/// Sends `head` (a request line and headers, without the blank line ending them) and reads
/// the whole answer until the server closes the connection, as a client that ignores
/// `Content-Length` does: (status, headers, body).
fn exchange(port: u16, head: &str) -> (u16, Vec<(String, String)>, Vec<u8>) {
    let mut stream = connect(port);
    write!(stream, "{head}\r\n\r\n").unwrap();
    let mut reader = BufReader::new(stream);
    let (status, headers) = read_head(&mut reader);
    let mut body = Vec::new();
    reader
        .read_to_end(&mut body)
        .unwrap_or_else(|e| panic!("{head:?}: the server did not close the connection: {e}"));
    (status, headers, body)
}

// Checks what a preview server must get right beyond the pages: it answers only requests
// naming a local host (a page elsewhere could otherwise read the wiki through DNS
// rebinding), closes every connection after its answer, answers HEAD without a body (the
// event stream too), and keeps the query string when it adds a folder's `/`.
#[test]
fn serve_answers_local_hosts_only_and_closes_every_connection() {
    let serve = Serve::start("basic");
    let port = serve.port;
    let (status, _, body) = exchange(
        port,
        &format!("GET / HTTP/1.1\r\nHost: attacker.example:{port}"),
    );
    assert_eq!(status, 403, "{}", String::from_utf8_lossy(&body));
    for host in [format!("localhost:{port}"), format!("127.0.0.1:{port}")] {
        let (status, headers, body) = exchange(port, &format!("GET / HTTP/1.1\r\nHost: {host}"));
        assert_eq!(status, 200, "{host}");
        let length = headers.iter().find(|(n, _)| n == "Content-Length").unwrap();
        assert_eq!(length.1, body.len().to_string());
        // Shown in no other site's frame.
        assert!(
            headers
                .iter()
                .any(|(n, v)| n == "Content-Security-Policy" && v == "frame-ancestors 'self'"),
            "{headers:?}"
        );
    }
    // Two `Host`s, a local one first: which is checked would be a guess.
    let (status, _, _) = exchange(
        port,
        &format!("GET / HTTP/1.1\r\nHost: localhost:{port}\r\nHost: attacker.example"),
    );
    assert_eq!(status, 400);
    // HTTP/1.0 sends no Host.
    assert_eq!(exchange(port, "GET / HTTP/1.0").0, 200);
    let (status, headers, body) =
        exchange(port, "HEAD /__opsbook/events HTTP/1.1\r\nHost: localhost");
    assert_eq!(status, 200);
    assert!(body.is_empty(), "{}", String::from_utf8_lossy(&body));
    assert!(
        headers
            .iter()
            .any(|(_, v)| v.starts_with("text/event-stream"))
    );
    let (status, headers, _) = exchange(port, "GET /processes?x=1 HTTP/1.1\r\nHost: localhost");
    assert_eq!(status, 301);
    assert!(
        headers
            .iter()
            .any(|(n, v)| n == "Location" && v == "/processes/?x=1"),
        "{headers:?}"
    );
    assert_eq!(exchange(port, "BREW / HTCPCP/1.0").0, 400);
}

// Checks that files can be fetched in parts, as a browser fetches a video (Safari plays none
// from a server without ranges) or a PDF: the part asked for with its place in the file, 416
// past the end, and the whole file for what is not one plain range.
#[test]
fn serve_answers_range_requests_for_files() {
    let serve = Serve::start("basic");
    let port = serve.port;
    let svg = "/processes/incidents/ladder.svg";
    let whole = std::fs::read(
        serve
            .site
            .root
            .join("content/processes/incidents/ladder.svg"),
    )
    .unwrap();
    let len = whole.len();
    let ask = |range: &str| {
        exchange(
            port,
            &format!("GET {svg} HTTP/1.1\r\nHost: localhost{range}"),
        )
    };
    let header = |headers: &[(String, String)], name: &str| {
        headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    };

    let (status, headers, body) = ask("");
    assert_eq!((status, body.as_slice()), (200, whole.as_slice()));
    assert_eq!(header(&headers, "Accept-Ranges").as_deref(), Some("bytes"));

    for (range, part) in [
        ("bytes=0-9", 0..10),
        ("bytes=10-", 10..len),
        ("bytes=-5", len - 5..len),
        ("bytes=4-99999", 4..len),
    ] {
        let (status, headers, body) = ask(&format!("\r\nRange: {range}"));
        assert_eq!(status, 206, "{range}");
        assert_eq!(body, &whole[part.clone()], "{range}");
        assert_eq!(
            header(&headers, "Content-Range"),
            Some(format!("bytes {}-{}/{len}", part.start, part.end - 1)),
            "{range}"
        );
        assert_eq!(
            header(&headers, "Content-Length"),
            Some(part.len().to_string())
        );
    }

    let (status, headers, _) = ask(&format!("\r\nRange: bytes={len}-"));
    assert_eq!(status, 416);
    assert_eq!(
        header(&headers, "Content-Range"),
        Some(format!("bytes */{len}"))
    );

    // Several parts, another unit, nonsense or a validator opsbook never sent: the whole file.
    for extra in [
        "\r\nRange: bytes=0-1,5-6",
        "\r\nRange: lines=1-2",
        "\r\nRange: bytes=9-2",
        "\r\nRange: bytes=0-9\r\nIf-Range: \"abc\"",
    ] {
        let (status, _, body) = ask(extra);
        assert_eq!((status, body.len()), (200, len), "{extra:?}");
    }
    // A HEAD gets the whole file's head; a page past the site's end is no part of a file.
    let (status, headers, body) =
        exchange(port, &format!("HEAD {svg} HTTP/1.1\r\nRange: bytes=0-9"));
    assert_eq!(status, 200);
    assert!(body.is_empty());
    assert_eq!(header(&headers, "Content-Length"), Some(len.to_string()));
    let (status, _, _) = exchange(port, "GET /no/such/page/ HTTP/1.1\r\nRange: bytes=0-9");
    assert_eq!(status, 404);
}

// Checks that the pages a writer closes free their place at once: with the server's 200
// connections all open event streams (200 preview tabs, or a tool's), a page load is 503,
// and once those tabs close, pages load again within a few seconds. Closed streams were
// noticed only by the pings that failed, up to 30 seconds later, all that time refusing
// every page.
#[test]
fn closed_event_streams_free_their_connections_at_once() {
    let serve = Serve::start("basic");
    let streams: Vec<Events> = (0..200).map(|_| Events::open(&serve)).collect();
    let (status, _, _) = exchange(serve.port, "GET / HTTP/1.1\r\nHost: 127.0.0.1");
    assert_eq!(status, 503, "the server's connections are all taken");
    drop(streams);
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let (status, _, _) = exchange(serve.port, "GET / HTTP/1.1\r\nHost: 127.0.0.1");
        if status == 200 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "still {status} five seconds after the event streams closed"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

// Checks that the server outlives clients that take every file descriptor it may open (idle
// connections past its limit, as many open tabs or a stuck tool make): once they go, it
// answers again. An HTTP server whose accept loop gives up on "too many open files" would
// stay up answering nothing.
#[cfg(unix)]
#[test]
fn serve_answers_again_after_clients_took_every_file_descriptor() {
    let serve = Serve::start_with_file_limit("basic", 64);
    assert_eq!(serve.get("/").status, 200);
    let idle: Vec<TcpStream> = (0..120)
        .filter_map(|_| TcpStream::connect(("127.0.0.1", serve.port)).ok())
        .collect();
    assert!(idle.len() > 64, "only {} connections opened", idle.len());
    // A page edited meanwhile cannot be rebuilt (no descriptor to read it with): the rebuild
    // is tried again by itself once they are back, with no other save needed.
    let original = std::fs::read_to_string(serve.path(PAGE)).unwrap();
    serve.write(
        PAGE,
        &original.replace("runs the call", "runs the starved call"),
    );
    std::thread::sleep(Duration::from_millis(600));
    drop(idle);
    let deadline = Instant::now() + STEP;
    loop {
        let answer = std::panic::catch_unwind(|| serve.get("/").status);
        if answer.as_ref().is_ok_and(|&status| status == 200) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "no answer within {STEP:?} after the idle clients left: {answer:?}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    serve.eventually(PAGE_URL, "the edit made while out of descriptors", |r| {
        r.text().contains("runs the starved call")
    });
}

// Checks that a site-wide error stays on screen while pages are edited: a page's edit is
// applied on its own only to a site that built, and the broken `opsbook.yaml` is reported
// until it is fixed. And that an unreadable `content/` is an error that keeps the last good
// site, not a site of no pages.
#[test]
fn serve_keeps_site_errors_shown_while_pages_are_edited() {
    let serve = Serve::start("basic");
    let mut events = Events::open(&serve);
    let config = std::fs::read_to_string(serve.path("opsbook.yaml")).unwrap();
    serve.write("opsbook.yaml", &format!("{config}title: [unclosed\n"));
    events.wait_for("the configuration error", |e| !no_errors(e));
    let page = std::fs::read_to_string(serve.path(PAGE)).unwrap();
    serve.write(PAGE, &format!("{page}\nOne more line.\n"));
    let event = events.wait_for("the edit", |e| {
        e["generation"].as_u64() > Some(2) && e["changed"] == serde_json::json!([])
    });
    assert!(
        event["errors"][0]["path"] == "opsbook.yaml",
        "the configuration error went: {event}"
    );
    serve.write("opsbook.yaml", &config);
    let event = events.wait_for("the fix", no_errors);
    assert!(changed(&event, PAGE_FILE), "{event}");
    // After a configuration change every page reloads, and the terminal says so (it had
    // said "1 output file changed").
    let line = serve.printed("opsbook.yaml changed: built");
    assert!(line.contains("every page reloads"), "{line}");
    assert!(serve.get(PAGE_URL).text().contains("One more line."));

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let content = serve.path("content");
        std::fs::set_permissions(&content, std::fs::Permissions::from_mode(0o000)).unwrap();
        // Root reads any folder: the check only means something for other users.
        if std::fs::read_dir(&content).is_err() {
            let event = events.wait_for("the unreadable folder", |e| !no_errors(e));
            let _ = std::fs::set_permissions(&content, std::fs::Permissions::from_mode(0o755));
            assert!(
                event["errors"]
                    .to_string()
                    .contains("cannot read the `content` folder"),
                "{event}"
            );
            assert_eq!(serve.get(PAGE_URL).status, 200);
            events.wait_for("the folder readable again", no_errors);
        } else {
            std::fs::set_permissions(&content, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
    }
}

// Checks that every page served carries the live-reload script, even from a site template
// that leaves it out (an empty `page.html`, a `base.html` from an older theme): a tab showing
// such a page never reloaded again, even once the template was fixed.
#[test]
fn serve_puts_the_live_script_in_pages_of_any_template() {
    let serve = Serve::start("basic");
    let page = "/processes/incidents/incident-response/";
    let script = "<script src=\"/__opsbook/live.js\" defer></script>";
    assert_eq!(serve.get(page).text().matches(script).count(), 1);
    serve.write(
        "templates/page.html",
        "<!doctype html>\n<html><head><title>{{ page.title }}</title></head><body><h1>{{ page.title }}</h1></body></html>\n",
    );
    let reply = serve.eventually(page, "the site's own template", |r| {
        r.text().contains("<body><h1>Incident response</h1>")
    });
    assert!(
        reply
            .text()
            .contains(&format!("<h1>Incident response</h1>{script}</body>")),
        "{}",
        reply.text()
    );
    // In capitals, or with no body at all.
    serve.write(
        "templates/page.html",
        "<HTML><BODY>UPPER {{ page.title }}</BODY></HTML>",
    );
    let reply = serve.eventually(page, "the template in capitals", |r| {
        r.text().contains("UPPER")
    });
    assert!(
        reply
            .text()
            .contains(&format!("UPPER Incident response{script}</BODY>")),
        "{}",
        reply.text()
    );
    serve.write("templates/page.html", "BARE {{ page.title }}");
    let reply = serve.eventually(page, "the template without a body", |r| {
        r.text().contains("BARE")
    });
    assert!(reply.text().ends_with(&script), "{}", reply.text());
    // Files that are not pages are sent as they are.
    let svg = serve.get("/processes/incidents/ladder.svg").text();
    assert!(!svg.contains("live.js"), "{svg}");
}

// Checks that a client trickling its request a byte at a time is cut off once the time for a
// whole request is up: a timeout for each read renewed with every byte, so such clients held
// their connections for as long as they liked, and 200 of them shut everyone out.
#[test]
fn serve_cuts_off_a_client_that_trickles_its_request() {
    let serve = Serve::start("basic");
    let mut stream = connect(serve.port);
    stream
        .set_read_timeout(Some(Duration::from_millis(900)))
        .unwrap();
    let request =
        b"GET / HTTP/1.1\r\nHost: localhost\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    let mut closed_after = None;
    for (i, byte) in request.iter().enumerate().take(30) {
        if stream.write_all(&[*byte]).is_err() {
            closed_after = Some(i);
            break;
        }
        let mut buffer = [0u8; 64];
        match stream.read(&mut buffer) {
            Ok(_) => {
                closed_after = Some(i);
                break;
            }
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) => {}
            Err(_) => {
                closed_after = Some(i);
                break;
            }
        }
    }
    let after = closed_after.expect("the connection was still open after 30 bytes at one a second");
    assert!(
        after >= 5,
        "cut off after {after} bytes: too soon for a 10 s allowance"
    );
    // Others are still answered.
    assert_eq!(serve.get("/").status, 200);
}

// Checks that with `content_dir: wiki/content`, the folder it is in removed and made again
// (a branch switch, a copy from elsewhere) is watched again: edits after it were never seen.
#[test]
fn serve_watches_a_nested_content_folder_made_again() {
    let serve = Serve::start_arranged("basic", |site| {
        std::fs::create_dir_all(site.path("wiki")).unwrap();
        std::fs::rename(site.path("content"), site.path("wiki/content")).unwrap();
        let config = std::fs::read_to_string(site.path("opsbook.yaml")).unwrap();
        site.write(
            "opsbook.yaml",
            &format!("{config}content_dir: wiki/content\n"),
        );
    });
    let mut events = Events::open(&serve);
    let page = "wiki/content/processes/incidents/incident-response.md";
    let original = std::fs::read_to_string(serve.path(page)).unwrap();
    let keep = serve.site.root.parent().unwrap().join("kept-wiki");
    std::fs::rename(serve.path("wiki"), &keep).unwrap();
    events.wait_for("the missing content folder", |e| !no_errors(e));
    copy_dir(&keep, &serve.path("wiki"));
    events.wait_for("the content folder back", no_errors);
    serve.write(
        page,
        &original.replace("runs the call", "runs the watched call"),
    );
    serve.eventually(PAGE_URL, "the edit after the folder came back", |r| {
        r.text().contains("runs the watched call")
    });
}

// Checks that the terminal prints each diagnostic once: an error left as it is was printed
// again at every save of another page, and every warning of the site again once a broken
// `opsbook.yaml` was fixed. Each save's summary line still counts them.
#[test]
fn serve_prints_each_diagnostic_once() {
    let serve = Serve::start("basic");
    let page = std::fs::read_to_string(serve.path(PAGE)).unwrap();
    serve.write(PAGE, &format!("{page}\nSee [the plan](plan.md).\n"));
    let lines = serve.lines_until("incident-response.md changed:");
    assert_eq!(
        lines
            .iter()
            .filter(|l| l.starts_with("error[broken-link]"))
            .count(),
        1,
        "{lines:?}"
    );
    let other = "content/tools/pagerduty.md";
    let tool = std::fs::read_to_string(serve.path(other)).unwrap();
    serve.write(other, &format!("{tool}\nOne more line.\n"));
    let lines = serve.lines_until("pagerduty.md changed:");
    assert!(
        !lines.iter().any(|l| l.starts_with("error[")),
        "printed again: {lines:?}"
    );
    assert!(lines.last().unwrap().contains("1 error"), "{lines:?}");

    let config = std::fs::read_to_string(serve.path("opsbook.yaml")).unwrap();
    serve.write("opsbook.yaml", &format!("{config}title: [unclosed\n"));
    serve.lines_until("opsbook.yaml changed:");
    serve.write("opsbook.yaml", &config);
    let lines = serve.lines_until("opsbook.yaml changed:");
    assert!(
        !lines
            .iter()
            .any(|l| l.starts_with("warning[") || l.starts_with("error[broken-link]")),
        "printed again after the fix: {lines:?}"
    );
}

// Checks that a site folder removed and made again (a checkout re-cloned, a folder restored)
// is watched again once it is back: the server said it did not exist, then never rebuilt.
#[test]
fn serve_watches_the_site_folder_made_again() {
    let serve = Serve::start("basic");
    let mut events = Events::open(&serve);
    let original = std::fs::read_to_string(serve.path(PAGE)).unwrap();
    let keep = serve.site.root.parent().unwrap().join("kept-site");
    std::fs::rename(&serve.site.root, &keep).unwrap();
    events.wait_for("the missing site folder", |e| !no_errors(e));
    copy_dir(&keep, &serve.site.root);
    events.wait_for("the site folder back", no_errors);
    serve.write(
        PAGE,
        &original.replace("runs the call", "runs the restored call"),
    );
    serve.eventually(PAGE_URL, "the edit after the folder came back", |r| {
        r.text().contains("runs the restored call")
    });
}

// Checks that a file that cannot be read is printed before what it may cause: its links
// broken everywhere, which came first by path and cut it off after the first 20.
#[cfg(unix)]
#[test]
fn serve_prints_a_file_it_cannot_read_before_the_rest() {
    let serve = Serve::start_arranged("basic", |site| {
        for i in 0..25 {
            site.write(
                &format!("content/aa/page-{i:02}.md"),
                &format!("---\ntitle: Page {i}\n---\nSee [the lost page](../processes/lost.md).\n"),
            );
        }
        std::os::unix::fs::symlink(
            "/nonexistent/lost.md",
            site.path("content/processes/lost.md"),
        )
        .unwrap();
    });
    let first = serve
        .startup
        .iter()
        .position(|l| l.starts_with("error["))
        .expect("errors printed");
    assert!(
        serve.startup[first].starts_with("error[unreadable]"),
        "{}",
        serve.startup.join("\n")
    );
}

// Checks that removing opsbook.yaml or owners.yaml while serving is said: the site builds
// without them (the defaults; owners free-form), so its title became "Wiki" without a word.
#[test]
fn serve_says_when_the_configuration_is_removed() {
    let serve = Serve::start("basic");
    std::fs::remove_file(serve.path("owners.yaml")).unwrap();
    serve.printed("warning: owners.yaml was removed: owners are no longer checked against it");
    std::fs::remove_file(serve.path("opsbook.yaml")).unwrap();
    serve.printed("warning: opsbook.yaml was removed: the site is built with the defaults");
}

// Checks `serve --poll`, for a site in a folder shared with a container or virtual machine
// (Docker, WSL, NFS), whose changes the system does not announce: an edit is found by reading
// the folders, and served.
#[cfg(unix)]
#[test]
fn serve_polls_for_changes_when_asked() {
    let mut shell = Command::new("sh");
    shell.args([
        "-c",
        "exec \"$0\" \"$@\" --poll",
        env!("CARGO_BIN_EXE_opsbook"),
    ]);
    let serve = Serve::start_with("basic", shell, |_| {});
    let original = std::fs::read_to_string(serve.path(PAGE)).unwrap();
    serve.write(
        PAGE,
        &original.replace("runs the call", "runs the polled call"),
    );
    serve.eventually(PAGE_URL, "the edit, polled", |r| {
        r.text().contains("runs the polled call")
    });
    // Saved again at once, within the same second (notify's poller, to the second, missed it).
    serve.write(
        PAGE,
        &original.replace("runs the call", "runs the twice polled call"),
    );
    serve.eventually(PAGE_URL, "the second edit, polled", |r| {
        r.text().contains("runs the twice polled call")
    });
    std::fs::remove_file(serve.path(PAGE)).unwrap();
    serve.eventually(PAGE_URL, "the page removed", |r| r.status == 404);
}

// Checks that serve, which renders every page, shows a link to an anchor that a page the
// build makes has not (an owner's page), as `build` refuses it; and takes it back once fixed.
#[test]
fn serve_shows_a_broken_anchor_on_a_page_the_build_makes() {
    let serve = Serve::start("basic");
    let mut events = Events::open(&serve);
    serve.write(
        "content/misc/links.md",
        "---\ntitle: Links\n---\nSee [the team](/owners/team-sre/#nope).\n",
    );
    let event = events.wait_for("the broken anchor", |e| !no_errors(e));
    assert!(
        event["errors"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["code"] == "broken-anchor" && d["path"] == "content/misc/links.md"),
        "{event}"
    );
    serve.write(
        "content/misc/links.md",
        "---\ntitle: Links\n---\nSee [the team](/owners/team-sre/#pages-heading).\n",
    );
    events.wait_for("the anchor fixed", no_errors);
}

// Checks that a site folder replaced whole in one step (a copy moved over it, a fresh
// checkout renamed into place) is the one watched: the server kept watching the old folder,
// wherever it went, and showed the old build as the latest without a word.
#[test]
fn serve_watches_the_site_folder_that_replaced_it() {
    let serve = Serve::start("basic");
    let original = std::fs::read_to_string(serve.path(PAGE)).unwrap();
    let parent = serve.site.root.parent().unwrap().to_path_buf();
    let fresh = parent.join("fresh-site");
    copy_dir(&serve.site.root, &fresh);
    std::fs::write(
        fresh.join(PAGE),
        original.replace("runs the call", "runs the swapped call"),
    )
    .unwrap();
    std::fs::rename(&serve.site.root, parent.join("old-site")).unwrap();
    std::fs::rename(&fresh, &serve.site.root).unwrap();
    serve.eventually(PAGE_URL, "the folder moved into place", |r| {
        r.text().contains("runs the swapped call")
    });
    serve.write(
        PAGE,
        &original.replace("runs the call", "runs the edited call"),
    );
    serve.eventually(PAGE_URL, "an edit in the folder moved into place", |r| {
        r.text().contains("runs the edited call")
    });
}

// Checks that what `ignore:` leaves out of the site is no change to it: an `npm install` in
// the content folder was a rebuild, an event and a line for each burst of its files.
#[test]
fn serve_takes_no_change_where_the_configuration_ignores_content() {
    let serve = Serve::start_arranged("basic", |site| {
        let config = std::fs::read_to_string(site.path("opsbook.yaml")).unwrap();
        site.write("opsbook.yaml", &format!("{config}ignore: [node_modules]\n"));
    });
    let mut events = Events::open(&serve);
    for i in 0..20 {
        serve.write(
            &format!("content/node_modules/pkg{i}/README.md"),
            "# Package\n",
        );
    }
    std::thread::sleep(Duration::from_millis(500));
    let original = std::fs::read_to_string(serve.path(PAGE)).unwrap();
    serve.write(
        PAGE,
        &original.replace("runs the call", "runs the kept call"),
    );
    events.wait_for("the page's edit", |e| changed(e, PAGE_FILE));
    assert_eq!(
        events.seen.len(),
        1,
        "only the page's edit: {:?}",
        events.seen
    );
}

// Checks that a page `serve` does not rebuild shows its tags as the site now spells them:
// when an edit elsewhere changed the spelling most pages use (`Foo` to `foo`), an unedited
// page kept the old one, unlinked, where `build` writes the new.
#[test]
fn serve_spells_tags_as_the_site_now_does_on_unedited_pages() {
    let page = |tag: &str| {
        format!(
            "---\ntitle: T\nowner: team-sre\nlast_reviewed: 2026-11-01\ntags: [{tag}]\n---\nText.\n"
        )
    };
    let serve = Serve::start_arranged("basic", |site| {
        site.write("content/misc/a.md", &page("Foo"));
        site.write("content/misc/b.md", &page("Foo"));
        site.write("content/misc/c.md", &page("foo"));
    });
    let mut events = Events::open(&serve);
    assert!(
        serve
            .get("/misc/b/")
            .text()
            .contains("<a class=\"tag\" href=\"../../tags/foo/\">Foo</a>")
    );
    serve.write("content/misc/a.md", &page("foo"));
    events.wait_for("the edit", |e| {
        changed(e, "misc/a/index.html") && no_errors(e)
    });
    let b = serve.get("/misc/b/").text();
    assert!(
        b.contains("<a class=\"tag\" href=\"../../tags/foo/\">foo</a>"),
        "{b}"
    );
}

// Checks that renaming a heading that has an id of its own (`## Renamed {#sec}`) breaks a
// wikilink that named it by its text, in `serve` as in `build`: the edit kept the page's ids,
// so serve applied it alone and showed no error.
#[test]
fn serve_reports_a_wikilink_to_a_heading_renamed_under_its_own_id() {
    let serve = Serve::start_arranged("basic", |site| {
        site.write(
            "content/misc/target.md",
            "---\ntitle: Target\n---\n## Sec Title {#sec}\n\nText.\n",
        );
        site.write(
            "content/misc/linker.md",
            "---\ntitle: Linker\n---\nSee [[Target#Sec Title]].\n",
        );
    });
    let mut events = Events::open(&serve);
    serve.write(
        "content/misc/target.md",
        "---\ntitle: Target\n---\n## Renamed Heading {#sec}\n\nText.\n",
    );
    let event = events.wait_for("the broken wikilink", |e| !no_errors(e));
    assert!(
        event["errors"]
            .to_string()
            .contains("content/misc/linker.md"),
        "{event}"
    );
}

// Checks that with `content_dir: .` (an Obsidian vault, a GitHub wiki's clone: pages beside
// `opsbook.yaml`) an edit of a page at the root or in a folder, and a page in a folder made
// after `serve` started, are served: nothing under the root was watched, and every edit was
// silently missed.
#[test]
fn serve_follows_edits_when_the_site_root_is_the_content_folder() {
    let serve = Serve::start_arranged("basic", |site| {
        for entry in std::fs::read_dir(site.path("content")).unwrap() {
            let entry = entry.unwrap();
            std::fs::rename(
                entry.path(),
                site.path(&entry.file_name().to_string_lossy()),
            )
            .unwrap();
        }
        std::fs::remove_dir(site.path("content")).unwrap();
        let config = std::fs::read_to_string(site.path("opsbook.yaml")).unwrap();
        site.write("opsbook.yaml", &format!("{config}content_dir: .\n"));
        site.write("note.md", "---\ntitle: Note\n---\nFirst words.\n");
    });
    serve.write("note.md", "---\ntitle: Note\n---\nFirst words, edited.\n");
    serve.eventually("/note/", "the edit of a page at the root", |r| {
        r.text().contains("First words, edited.")
    });
    let page = "processes/incidents/incident-response.md";
    let original = std::fs::read_to_string(serve.path(page)).unwrap();
    serve.write(
        page,
        &original.replace("runs the call", "runs the rooted call"),
    );
    serve.eventually(PAGE_URL, "the edit of a page in a folder", |r| {
        r.text().contains("runs the rooted call")
    });
    std::fs::create_dir(serve.path("Runbooks")).unwrap();
    // The folder's watch is made once the folder is seen: a page written at once may come
    // before it, and is then read by the rebuild the folder caused.
    serve.write(
        "Runbooks/failover.md",
        "---\ntitle: Failover\n---\nPromote the replica.\n",
    );
    serve.eventually("/runbooks/failover/", "a page in a new folder", |r| {
        r.text().contains("Promote the replica.")
    });
    serve.write(
        "Runbooks/failover.md",
        "---\ntitle: Failover\n---\nPromote the replica, then page the DBA.\n",
    );
    serve.eventually("/runbooks/failover/", "an edit in the new folder", |r| {
        r.text().contains("then page the DBA")
    });
}

// Checks that a file of the site swapped for a link to a file outside it, while the preview
// shows an older build (the configuration broken meanwhile, as a branch checkout can do), is
// not served: the build that listed it checked the file, not the link (the preview served
// `/etc/shadow` under the file's name).
#[cfg(unix)]
#[test]
fn serve_never_serves_a_file_swapped_for_a_link_outside_the_site() {
    let serve = Serve::start_arranged("basic", |site| {
        site.write("static/extra.css", "body { color: navy }\n");
    });
    let mut events = Events::open(&serve);
    assert!(serve.get("/extra.css").text().contains("navy"));
    let outside = serve.site.root.parent().unwrap().join("secret.txt");
    std::fs::write(&outside, "TOP-SECRET\n").unwrap();
    serve.write("opsbook.yaml", "title: [unclosed\n");
    events.wait_for("the config error", |e| e["showing"] == "last-good");
    std::fs::remove_file(serve.path("static/extra.css")).unwrap();
    std::os::unix::fs::symlink(&outside, serve.path("static/extra.css")).unwrap();
    // Whatever the watcher makes of it, the secret is never what the address answers.
    for _ in 0..10 {
        let reply = serve.get("/extra.css");
        assert!(
            !reply.text().contains("TOP-SECRET"),
            "served the file outside"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert_eq!(serve.get("/extra.css").status, 404);
}

// Checks that an edit reached through a symbolic link to elsewhere in the site (a folder of
// shared pages linked into the content, or one page) reloads the page the build publishes
// from the link: the preview kept the first text, with no word, while `build` had the new.
#[cfg(unix)]
#[test]
fn serve_follows_edits_through_links_in_the_site() {
    let page = |text: &str| {
        format!("---\ntitle: Shared\nowner: team-sre\nlast_reviewed: 2026-11-01\n---\n{text}\n")
    };
    let serve = Serve::start_arranged("basic", |site| {
        site.write("shared-src/shared-doc.md", &page("SHARED-V1"));
        site.write("one-src/linked.md", &page("LINKED-V1"));
        std::os::unix::fs::symlink("../shared-src", site.path("content/shared")).unwrap();
        std::os::unix::fs::symlink(
            "../../one-src/linked.md",
            site.path("content/tools/linked.md"),
        )
        .unwrap();
    });
    assert!(
        serve
            .get("/shared/shared-doc/")
            .text()
            .contains("SHARED-V1")
    );
    assert!(serve.get("/tools/linked/").text().contains("LINKED-V1"));
    serve.write("shared-src/shared-doc.md", &page("SHARED-V2"));
    serve.eventually(
        "/shared/shared-doc/",
        "the edit of the linked folder's page",
        |r| r.text().contains("SHARED-V2"),
    );
    serve.write("one-src/linked.md", &page("LINKED-V2"));
    serve.eventually("/tools/linked/", "the edit of the linked page", |r| {
        r.text().contains("LINKED-V2")
    });
    // Through the link's own path too.
    serve.write("content/shared/shared-doc.md", &page("SHARED-V3"));
    serve.eventually("/shared/shared-doc/", "the edit through the link", |r| {
        r.text().contains("SHARED-V3")
    });
    // Through a link in the linked folder.
    serve.write("nested-src/nested.md", &page("NESTED-V1"));
    std::os::unix::fs::symlink("../nested-src", serve.path("shared-src/sub")).unwrap();
    serve.eventually("/shared/sub/nested/", "the page behind two links", |r| {
        r.text().contains("NESTED-V1")
    });
    serve.write("nested-src/nested.md", &page("NESTED-V2"));
    serve.eventually("/shared/sub/nested/", "the edit behind two links", |r| {
        r.text().contains("NESTED-V2")
    });
    // A link made before what it leads to: the page appears once that is made, and follows
    // its edits.
    std::os::unix::fs::symlink("../late-src", serve.path("content/late")).unwrap();
    serve.eventually("/__opsbook/state", "the dangling link's error", |r| {
        r.text().contains("content/late")
    });
    serve.write("late-src/late.md", &page("LATE-V1"));
    serve.eventually("/late/late/", "the page of the link made early", |r| {
        r.text().contains("LATE-V1")
    });
    serve.write("late-src/late.md", &page("LATE-V2"));
    serve.eventually("/late/late/", "its edit", |r| r.text().contains("LATE-V2"));
}

// Checks that the server answers while the first build runs (a minute at 100,000 pages): a
// page saying the site is being built, which shows it once built; the port took connections
// and answered none, and the browser spun without a word. Then the site.
#[test]
fn the_first_build_is_answered_with_a_page_that_waits_for_it() {
    let mut command = Command::new(env!("CARGO_BIN_EXE_opsbook"));
    command.env("OPSBOOK_TEST_FIRST_BUILD_DELAY_MS", "3000");
    let serve = Serve::start_until("basic", command, |_| {}, "building the site; ");
    let reply = serve.get(PAGE_URL);
    assert_eq!(reply.status, 503);
    assert_eq!(reply.header("retry-after"), Some("2"));
    assert!(
        reply.text().contains("Building the site") && reply.text().contains("/__opsbook/live.js"),
        "{}",
        reply.text()
    );
    assert!(
        reply
            .header("server-timing")
            .is_some_and(|t| t.contains("desc=\"0\"")),
        "generation 0: any build since is news to the page"
    );
    // Readable on a phone, and no request for an icon the server cannot answer yet.
    assert!(
        reply
            .text()
            .contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            && reply.text().contains("<link rel=\"icon\" href=\"data:,\">"),
        "{}",
        reply.text()
    );
    serve.printed("serving at ");
    let reply = serve.get(PAGE_URL);
    assert_eq!(reply.status, 200);
    assert!(
        reply.text().contains("Incident response"),
        "{}",
        reply.text()
    );
}

// Checks that a rebuild prints its first 20 new diagnostics, errors first, and counts the rest
// (a wiki of 100,000 pages printed 110,074 lines of overdue reviews before its URL).
#[test]
fn a_rebuild_prints_its_first_diagnostics_and_counts_the_rest() {
    let serve = Serve::start_arranged("basic", |site| {
        for n in 0..30 {
            site.write(
                &format!("content/processes/old-{n:02}.md"),
                &format!("---\ntitle: Old {n:02}\nowner: team-sre\nlast_reviewed: 2024-01-01\n---\nText.\n"),
            );
        }
        site.write(
            "content/processes/zz-broken.md",
            "---\ntitle: Broken\nowner: team-sre\nlast_reviewed: 2026-11-01\n---\n[x](nope.md)\n",
        );
    });
    let printed = serve.startup.join("\n");
    let headlines: Vec<&str> = serve
        .startup
        .iter()
        .map(String::as_str)
        .filter(|l| l.starts_with("error[") || l.starts_with("warning[") || l.starts_with("note["))
        .collect();
    assert_eq!(headlines.len(), 20, "{printed}");
    assert!(headlines[0].starts_with("error[broken-link]"), "{printed}");
    // The 31 new pages' 30 overdue reviews and broken link, and the fixture's own warnings.
    let more = serve
        .startup
        .iter()
        .find_map(|l| l.strip_prefix("… and "))
        .unwrap_or_else(|| panic!("no count of the rest: {printed}"));
    let n: usize = more.split(' ').next().unwrap().parse().unwrap();
    assert!(n >= 11, "{printed}");
    assert!(
        more.ends_with(&format!(
            " more (0 errors, {n} warnings), not printed: `opsbook check` lists them all"
        )),
        "{printed}"
    );
}
