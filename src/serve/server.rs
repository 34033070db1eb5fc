//! The HTTP side of `opsbook serve`: serves the last good build from memory, streams rebuild
//! events over Server-Sent Events, and answers the live-reload script.
//!
//! Connections are accepted here, one thread each, one request each (`Connection: close`),
//! and request heads are parsed by `httparse`. A preview must outlive whatever a browser or a
//! stray client does, which is why this is not tiny_http: its accept thread panics when the
//! process runs out of file descriptors (tiny-http issue 195, open since 2021) and the server
//! then answers nothing ever again, and its pool can leave a keep-alive connection queued
//! behind idle ones for minutes. Here a failed accept waits and accepts again, a client gets
//! [`READ_TIMEOUT`] to send its whole request and [`WRITE_TIMEOUT`] to take each part of
//! the answer, and past [`MAX_CONNECTIONS`] a client is told 503 at once.
//!
//! Request paths are never joined to a folder: they are decoded and checked by
//! [`normalize`], then looked up in the in-memory output. Files the build copies from the site
//! (`Content::Copy`) are read from the exact path recorded in the output, never from a path made
//! from the request, so no request can reach a file outside the site.

use std::collections::{HashMap, VecDeque};
use std::io::{Read, Write};
use std::net::{IpAddr, Shutdown, TcpListener, TcpStream};
use std::ops::Range;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant, SystemTime};

use serde::Serialize;

use crate::diag::Diagnostic;
use crate::render::{Content, Output, OutputFile};

/// Prefix of the paths the server keeps for itself; no site file can use it (the checks say
/// so: [`crate::render::SERVE_RESERVED`]).
pub const RESERVED: &str = crate::render::SERVE_RESERVED;
/// The event stream.
pub const EVENTS_PATH: &str = "__opsbook/events";
/// The live-reload script.
pub const SCRIPT_PATH: &str = "__opsbook/live.js";
/// The shared worker holding one event stream for every tab (see `live-worker.js`).
pub const WORKER_PATH: &str = "__opsbook/live-worker.js";
/// The current generation and errors, and (`?since=N`) what changed after generation N: asked
/// by a page each time its event stream opens, to catch up on the events it missed.
pub const STATE_PATH: &str = "__opsbook/state";

/// How many rebuilds' changed paths the server remembers for `state?since=N`; a page further
/// behind than that is told everything changed.
const HISTORY: usize = 64;

/// The live-reload script (reload on change, keep the scroll position, show the overlay).
const LIVE_JS: &str = include_str!("live.js");
const LIVE_WORKER_JS: &str = include_str!("live-worker.js");

/// How often an idle event stream gets a comment, so proxies and browsers keep it open and a
/// client that went away is noticed.
const PING_EVERY: Duration = Duration::from_secs(15);

/// How often an idle event stream looks whether its client closed it. A ping finds out only
/// on the write after the one the closed socket takes: tabs closed at once held their
/// connections for up to two pings, and past [`MAX_CONNECTIONS`] every page load got 503.
const HANGUP_CHECK_EVERY: Duration = Duration::from_millis(500);

/// Connections served at once, open event streams included (one per open page); past this a
/// client gets 503 at once. Each takes a thread and a file descriptor, so this also keeps the
/// server within the usual limit of 1,024 descriptors (256 on macOS) with room for the
/// watcher and the build.
const MAX_CONNECTIONS: usize = 200;

/// How long a client may take to send its request head, and to take one write of the answer:
/// a client that stalls frees its thread after this.
const READ_TIMEOUT: Duration = Duration::from_secs(10);
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);

/// The largest request head read (request line and headers).
const MAX_HEAD: usize = 32 * 1024;

/// Bytes shared between the build in memory and the responses sending them (no copy).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Bytes(Arc<Vec<u8>>);

impl From<Vec<u8>> for Bytes {
    fn from(bytes: Vec<u8>) -> Bytes {
        Bytes(Arc::new(bytes))
    }
}

impl From<&[u8]> for Bytes {
    fn from(bytes: &[u8]) -> Bytes {
        Bytes(Arc::new(bytes.to_vec()))
    }
}

/// One built file, as served.
#[derive(Debug, Clone)]
enum Data {
    /// Rendered by the build.
    Bytes(Bytes),
    /// Copied from the site: read from `path` when asked for. `stamp` (size, modified time)
    /// tells whether it changed between two builds. `resolved`: the file `path` was when the
    /// build checked it (its canonical path), for a file swapped for a link to elsewhere
    /// since then is not served.
    Disk {
        path: PathBuf,
        stamp: Option<(u64, SystemTime)>,
        resolved: Option<PathBuf>,
    },
}

impl PartialEq for Data {
    fn eq(&self, other: &Data) -> bool {
        match (self, other) {
            (Data::Bytes(a), Data::Bytes(b)) => a == b,
            (
                Data::Disk {
                    path: a, stamp: x, ..
                },
                Data::Disk {
                    path: b, stamp: y, ..
                },
            ) => a == b && x.is_some() && x == y,
            _ => false,
        }
    }
}

impl From<Content> for Data {
    fn from(content: Content) -> Data {
        match content {
            Content::Bytes(bytes) => Data::Bytes(bytes.into()),
            Content::Shared(bytes) => Data::Bytes(Bytes(bytes)),
            Content::Copy(path) => {
                let stamp = std::fs::metadata(&path)
                    .ok()
                    .and_then(|m| Some((m.len(), m.modified().ok()?)));
                let resolved = path.canonicalize().ok();
                Data::Disk {
                    path,
                    stamp,
                    resolved,
                }
            }
        }
    }
}

/// A complete build held in memory, by output path (`processes/x/index.html`).
#[derive(Debug, Default)]
pub struct Files {
    files: HashMap<String, Data>,
}

impl Files {
    /// Takes the files of a build.
    pub fn from_output(output: Output) -> Files {
        let files = output
            .files
            .into_iter()
            .map(|f| (f.path, Data::from(f.content)))
            .collect();
        Files { files }
    }

    /// These files with the search index of `old`: a rebuild that leaves its index for later
    /// serves the one before until then, rather than none.
    pub fn with_search_index_of(mut self, old: &Files) -> Files {
        for (path, data) in &old.files {
            if crate::search::is_index_file(path) && !self.files.contains_key(path) {
                self.files.insert(path.clone(), data.clone());
            }
        }
        self
    }

    /// These files with `files` added or replacing theirs and, when `owned` is given, without
    /// the other files it owns (`files` being all of them: the search index). Also returns the
    /// paths that changed, sorted.
    pub fn updated(
        &self,
        files: Vec<OutputFile>,
        owned: Option<fn(&str) -> bool>,
    ) -> (Files, Vec<String>) {
        let mut next = self.files.clone();
        let mut changed = Vec::new();
        if let Some(owned) = owned {
            let kept: std::collections::HashSet<&str> =
                files.iter().map(|f| f.path.as_str()).collect();
            next.retain(|path, _| {
                let gone = owned(path) && !kept.contains(path.as_str());
                if gone {
                    changed.push(path.clone());
                }
                !gone
            });
        }
        for file in files {
            let data = Data::from(file.content);
            if next.get(&file.path) != Some(&data) {
                changed.push(file.path.clone());
                next.insert(file.path, data);
            }
        }
        changed.sort();
        (Files { files: next }, changed)
    }

    /// Number of files.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// True when the build has no files.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Whether `path` is a file of the build.
    pub fn contains(&self, path: &str) -> bool {
        self.files.contains_key(path)
    }

    /// Output paths that differ between `old` and `self` (added, removed or changed), sorted.
    pub fn changed_since(&self, old: &Files) -> Vec<String> {
        let mut changed: Vec<String> = self
            .files
            .iter()
            .filter(|(path, data)| old.files.get(*path) != Some(*data))
            .map(|(path, _)| path.clone())
            .chain(
                old.files
                    .keys()
                    .filter(|path| !self.files.contains_key(*path))
                    .cloned(),
            )
            .collect();
        changed.sort();
        changed
    }

    /// What to send for `path`: its bytes, or for a file copied from the site, the file
    /// (sent from disk part by part, never read whole: a 1 GB video's 64 kB range is 64 kB).
    fn read(&self, path: &str) -> Option<Body> {
        match self.files.get(path)? {
            Data::Bytes(bytes) => Some(Body::Bytes(bytes.clone())),
            Data::Disk { path, resolved, .. } => {
                // Still the file the build checked (the site's, not a link put in its place
                // to `/etc/shadow` while the preview shows an older build), and readable: an
                // unreadable one is no 200 with nothing after it.
                let resolved = resolved.as_ref()?;
                if path.canonicalize().ok().as_ref() != Some(resolved) {
                    return None;
                }
                let meta = std::fs::symlink_metadata(resolved)
                    .ok()
                    .filter(|m| m.is_file())?;
                std::fs::File::open(resolved).ok()?;
                Some(Body::File {
                    path: resolved.clone(),
                    len: meta.len(),
                })
            }
        }
    }
}

/// What the server shows: the latest build that could be made, and the errors of the latest
/// rebuild.
#[derive(Debug, Default)]
pub struct State {
    /// Counts rebuilds; every event carries it.
    pub generation: u64,
    /// The latest build: the latest rebuild's (its content errors shown over it), or, when
    /// it could not be made at all (an unusable `opsbook.yaml`, a template that does not
    /// compile), the one before (`stale`); `None` until there is one.
    pub site: Option<Arc<Files>>,
    /// Error diagnostics of the latest rebuild (empty when it succeeded).
    pub errors: Vec<Diagnostic>,
    /// `site` is older than the latest rebuild, which made nothing.
    pub stale: bool,
}

/// The event sent to browsers after each rebuild (the `data:` of one Server-Sent Event).
#[derive(Debug, Serialize)]
pub struct Event<'a> {
    /// The rebuild's number.
    pub generation: u64,
    /// Output paths whose content changed, or `["*"]` when every page may have.
    pub changed: &'a [String],
    /// The rebuild's errors, as `--format json` prints them; empty when it succeeded.
    pub errors: &'a [Diagnostic],
    /// What the pages show: `latest` (the latest edit, errors and all), `last-good` (an
    /// older build: the latest rebuild made nothing) or `none` (nothing built yet).
    pub showing: &'static str,
}

impl State {
    /// See [`Event::showing`].
    fn showing(&self) -> &'static str {
        match (&self.site, self.stale) {
            (None, _) => "none",
            (Some(_), true) => "last-good",
            (Some(_), false) => "latest",
        }
    }
}

/// State shared by the rebuild loop, the request workers and the event streams.
pub struct Shared {
    state: RwLock<Arc<State>>,
    /// Held while a new state is made from the current one ([`Shared::update`]), so that the
    /// rebuild loop and the search indexer never overwrite each other's work.
    updating: Mutex<()>,
    clients: Mutex<Vec<Sender<Arc<str>>>>,
    /// The changed paths of the latest [`HISTORY`] generations, oldest first. A page served
    /// from generation N whose event stream opens after N+1 (a rebuild, or only the search
    /// index catching up) reloads only if one of those changes touches it.
    history: Mutex<VecDeque<(u64, Arc<[String]>)>>,
    /// Tells one run of the server from the next, so a page that reconnects to a restarted
    /// server reloads.
    instance: String,
}

impl Shared {
    /// Shared state with nothing built yet.
    pub fn new() -> Arc<Shared> {
        let instance = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map(|d| format!("{:x}-{:x}", d.as_nanos(), std::process::id()))
            .unwrap_or_default();
        Arc::new(Shared {
            state: RwLock::new(Arc::new(State::default())),
            updating: Mutex::new(()),
            clients: Mutex::new(Vec::new()),
            history: Mutex::new(VecDeque::new()),
            instance,
        })
    }

    /// The state requests are answered from.
    pub fn current(&self) -> Arc<State> {
        self.state.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Makes what `next` returns from the current state (the new state and the output paths
    /// that changed) current, and sends it to every open event stream; nothing when `next`
    /// returns `None`. Updates happen one at a time, each from the state the previous left.
    pub fn update(&self, next: impl FnOnce(&State) -> Option<(State, Vec<String>)>) {
        let _one_at_a_time = self.updating.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((state, changed)) = next(&self.current()) {
            self.publish(state, &changed);
        }
    }

    /// Makes `state` current and sends `changed` and its errors to every open event stream.
    fn publish(&self, state: State, changed: &[String]) {
        let event = Event {
            generation: state.generation,
            changed,
            errors: &state.errors,
            showing: state.showing(),
        };
        let json: Arc<str> = serde_json::to_string(&event)
            .expect("events serialize")
            .into();
        // Remembered before the state is current, so that every generation a state answer
        // can name is in the history.
        {
            let mut history = self.history.lock().unwrap_or_else(|e| e.into_inner());
            if history.len() == HISTORY {
                history.pop_front();
            }
            history.push_back((state.generation, changed.into()));
        }
        *self.state.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(state);
        // A client whose stream ended dropped its receiver: forget it.
        self.clients
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|client| client.send(json.clone()).is_ok());
    }

    fn subscribe(&self) -> Receiver<Arc<str>> {
        let (tx, rx) = channel();
        self.clients
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(tx);
        rx
    }

    /// The current generation, its errors, this run's instance, and, given `since`, the
    /// output paths changed by the generations after it (`["*"]` when they are no longer
    /// remembered).
    fn state_json(&self, since: Option<u64>) -> String {
        let state = self.current();
        let mut json = serde_json::json!({
            "generation": state.generation,
            "errors": state.errors,
            "showing": state.showing(),
            "instance": self.instance,
        });
        if let Some(since) = since {
            json["changed"] = self.changed_between(since, state.generation).into();
        }
        json.to_string()
    }

    /// The output paths changed by generations `since + 1 ..= until`, each once.
    fn changed_between(&self, since: u64, until: u64) -> Vec<String> {
        if since >= until {
            return Vec::new();
        }
        let history = self.history.lock().unwrap_or_else(|e| e.into_inner());
        let remembered = history
            .front()
            .is_some_and(|(first, _)| *first <= since + 1);
        if !remembered {
            return vec!["*".to_string()];
        }
        let mut changed: Vec<String> = history
            .iter()
            .filter(|(generation, _)| (since + 1..=until).contains(generation))
            .flat_map(|(_, paths)| paths.iter().cloned())
            .collect();
        changed.sort_unstable();
        changed.dedup();
        if changed.iter().any(|p| p == "*") {
            return vec!["*".to_string()];
        }
        changed
    }
}

/// Which `Host` a request may name. A page on any web site can make the browser send requests
/// to 127.0.0.1 under its own name, by pointing that name at 127.0.0.1 (DNS rebinding); the
/// `Host` header still carries the name, so answering only local names and addresses keeps the
/// wiki from being read that way, as the dev servers of Vite and webpack do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hosts {
    /// `localhost`, `*.localhost` and IP addresses only (the server listens on one address).
    Local,
    /// Any (the server listens on every interface: it is reached by whatever name the
    /// network gives the machine, and the writer chose to show it there).
    Any,
}

impl Hosts {
    /// Whether a request with this `Host` header (or none, as HTTP/1.0 allows) is answered.
    pub fn allow(self, host: Option<&str>) -> bool {
        let Some(host) = host else {
            return true;
        };
        if self == Hosts::Any {
            return true;
        }
        // `name:port`, `[v6]:port`, or either without the port, which is digits (a Host of
        // `127.0.0.1:3000,evil.example` is none of these).
        let (name, port) = match host.strip_prefix('[') {
            Some(rest) => match rest.split_once(']') {
                Some((name, "")) => (name, None),
                Some((name, after)) => match after.strip_prefix(':') {
                    Some(port) => (name, Some(port)),
                    None => return false,
                },
                None => return false,
            },
            None => match host.rsplit_once(':') {
                Some((name, port)) => (name, Some(port)),
                None => (host, None),
            },
        };
        if port.is_some_and(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit())) {
            return false;
        }
        let name = name.trim_end_matches('.').to_ascii_lowercase();
        name == "localhost" || name.ends_with(".localhost") || name.parse::<IpAddr>().is_ok()
    }
}

/// Accepts connections on `listener` and answers each on a thread of its own, until the
/// process ends.
pub fn start(listener: TcpListener, shared: Arc<Shared>, hosts: Hosts) {
    std::thread::Builder::new()
        .name("opsbook-accept".into())
        .spawn(move || accept_forever(listener, shared, hosts))
        .expect("spawning the HTTP accept thread");
}

/// Counts a connection as open until dropped.
struct OpenConnection(Arc<AtomicUsize>);

impl Drop for OpenConnection {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

fn accept_forever(listener: TcpListener, shared: Arc<Shared>, hosts: Hosts) {
    let open = Arc::new(AtomicUsize::new(0));
    let refusing = Arc::new(AtomicUsize::new(0));
    loop {
        let stream = match listener.accept() {
            Ok((stream, _)) => stream,
            // Out of file descriptors (or a connection reset before it was accepted): the
            // client waits in the listen queue until a connection closes and frees one.
            Err(_) => {
                std::thread::sleep(Duration::from_millis(50));
                continue;
            }
        };
        if open.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
            open.fetch_sub(1, Ordering::SeqCst);
            refuse(stream, &refusing);
            continue;
        }
        let counted = OpenConnection(open.clone());
        let shared = shared.clone();
        // Should the spawn fail, the closure, the stream and its count go with it.
        let _ = std::thread::Builder::new()
            .name("opsbook-http".into())
            .spawn(move || {
                let _counted = counted;
                // A bug in one request must not take the server down.
                let _ = catch_unwind(AssertUnwindSafe(|| answer(stream, &shared, hosts)));
            });
    }
}

/// Refusals answered at once, past [`MAX_CONNECTIONS`]; past this many a connection is
/// closed unanswered.
const MAX_REFUSING: usize = 64;

/// Answers a client past [`MAX_CONNECTIONS`] with 503 on a thread of its own, which reads
/// its request first: closed with the request unread, the connection was reset, and the
/// browser showed "connection reset" for the 503.
fn refuse(stream: TcpStream, refusing: &Arc<AtomicUsize>) {
    if refusing.fetch_add(1, Ordering::SeqCst) >= MAX_REFUSING {
        refusing.fetch_sub(1, Ordering::SeqCst);
        return;
    }
    let counted = OpenConnection(refusing.clone());
    let _ = std::thread::Builder::new()
        .name("opsbook-refuse".into())
        .spawn(move || {
            let _counted = counted;
            let wait = Duration::from_millis(500);
            let _ = stream.set_read_timeout(Some(wait));
            let _ = stream.set_write_timeout(Some(wait));
            let mut head = [0u8; 4096];
            let _ = (&stream).read(&mut head);
            let mut reply = text(503, "503 too many connections: try again shortly");
            reply.headers.push(("Retry-After", "1".into()));
            let _ = write_reply(&stream, &reply, false);
            close(&stream);
            // What else the client sent is read, so that closing does not reset the answer;
            // briefly, so that a burst of refusals frees its threads for the next.
            let drain = Duration::from_millis(100);
            let _ = stream.set_read_timeout(Some(drain));
            let deadline = Instant::now() + drain;
            while Instant::now() < deadline && matches!((&stream).read(&mut head), Ok(n) if n > 0) {
            }
        });
}

/// One parsed request.
struct Request {
    head: Head,
    stream: TcpStream,
}

/// What the server reads of a request head.
#[derive(Debug, PartialEq, Eq)]
struct Head {
    method: String,
    /// The request target as sent (`/a/b/?q=1`).
    target: String,
    /// HTTP/1.0, which knows no chunked answers.
    http10: bool,
    host: Option<String>,
    /// The `Range` header (`bytes=0-99`): a browser asks for parts of a video or a PDF.
    range: Option<String>,
}

/// Why a request head could not be read.
#[derive(Debug, PartialEq, Eq)]
enum BadHead {
    /// The client closed the connection or stalled: nothing to answer.
    Gone,
    /// Not HTTP: answered with 400.
    Malformed,
    /// Past [`MAX_HEAD`]: answered with 431.
    TooLarge,
}

/// Reads and parses a request head from `input` (the bytes after it, a body or a pipelined
/// request, are left unread: every answer closes the connection).
fn read_head(mut input: impl Read) -> Result<Head, BadHead> {
    let mut buffer = Vec::with_capacity(1024);
    let mut chunk = [0u8; 4096];
    loop {
        let n = input.read(&mut chunk).map_err(|_| BadHead::Gone)?;
        if n == 0 {
            return Err(BadHead::Gone);
        }
        buffer.extend_from_slice(&chunk[..n]);
        let mut headers = [httparse::EMPTY_HEADER; 64];
        let mut request = httparse::Request::new(&mut headers);
        match request.parse(&buffer) {
            Ok(httparse::Status::Complete(len)) if len > MAX_HEAD => {
                return Err(BadHead::TooLarge);
            }
            Ok(httparse::Status::Complete(_)) => {
                // Two `Host`s: which one the check of names reads is a guess (the first was
                // answered, after a second named another site). Browsers send one.
                let hosts = request.headers.iter();
                if hosts
                    .filter(|h| h.name.eq_ignore_ascii_case("host"))
                    .count()
                    > 1
                {
                    return Err(BadHead::Malformed);
                }
                let header = |name: &str| {
                    request
                        .headers
                        .iter()
                        .find(|h| h.name.eq_ignore_ascii_case(name))
                        .map(|h| String::from_utf8_lossy(h.value).trim().to_string())
                };
                return Ok(Head {
                    method: request.method.unwrap_or_default().to_string(),
                    target: request.path.unwrap_or_default().to_string(),
                    http10: request.version == Some(0),
                    host: header("host"),
                    // opsbook sends no validators, so an `If-Range` cannot be ours: the whole
                    // file is the safe answer.
                    range: header("range").filter(|_| header("if-range").is_none()),
                });
            }
            Ok(httparse::Status::Partial) if buffer.len() > MAX_HEAD => {
                return Err(BadHead::TooLarge);
            }
            Ok(httparse::Status::Partial) => {}
            Err(httparse::Error::TooManyHeaders) => return Err(BadHead::TooLarge),
            Err(_) => return Err(BadHead::Malformed),
        }
    }
}

/// Reads from a connection until a moment, then fails: a client trickling its request a
/// byte every few seconds would otherwise hold its connection for as long as it likes (a
/// timeout for each read renews with each byte), and 200 of them every connection.
struct Until<'a> {
    stream: &'a TcpStream,
    deadline: Instant,
}

impl Read for Until<'_> {
    fn read(&mut self, buffer: &mut [u8]) -> std::io::Result<usize> {
        let left = self.deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(std::io::ErrorKind::TimedOut.into());
        }
        self.stream.set_read_timeout(Some(left))?;
        (&mut &*self.stream).read(buffer)
    }
}

/// Reads one request from `stream` (within [`READ_TIMEOUT`] in all), answers it and closes
/// the connection.
fn answer(stream: TcpStream, shared: &Arc<Shared>, hosts: Hosts) {
    let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
    let _ = stream.set_nodelay(true);
    let head = read_head(Until {
        stream: &stream,
        deadline: Instant::now() + READ_TIMEOUT,
    });
    match head {
        Ok(head) => {
            let request = Request { head, stream };
            if !hosts.allow(request.head.host.as_deref()) {
                send(
                    request,
                    text(
                        403,
                        "403 forbidden: opsbook serve answers requests for localhost or an IP \
                         address only (use --bind 0.0.0.0 to be reached by other names)",
                    ),
                );
            } else {
                handle(request, shared);
            }
        }
        Err(BadHead::Gone) => {}
        Err(BadHead::Malformed) => {
            let _ = write_reply(&stream, &text(400, "400 bad request"), false);
            close(&stream);
        }
        Err(BadHead::TooLarge) => {
            let _ = write_reply(&stream, &text(431, "431 request header too large"), false);
            close(&stream);
        }
    }
}

/// Ends the connection: what was written is sent, then the client reads the end.
fn close(stream: &TcpStream) {
    let _ = stream.shutdown(Shutdown::Write);
}

/// A request path made safe: decoded, with nothing that could climb out of the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SitePath {
    /// The decoded path without leading or trailing `/`, segments joined by `/` (`a/b.css`;
    /// empty for the root).
    pub key: String,
    /// True when the path ended in `/` (or is the root): a folder's `index.html` is meant.
    pub folder: bool,
}

/// Decodes and checks a request target. `None` (answered with 400) for anything that is not
/// a plain path inside the site: no leading `/`, `.` or `..` segments (also percent-encoded),
/// encoded `/`, backslashes, NUL and other control characters, bad percent-encoding or UTF-8.
pub fn normalize(target: &str) -> Option<SitePath> {
    let path = target.split(['?', '#']).next().unwrap_or("");
    let rest = path.strip_prefix('/')?;
    let mut segments = Vec::new();
    for raw in rest.split('/') {
        if raw.is_empty() {
            continue;
        }
        let segment = percent_decode(raw)?;
        if segment == "."
            || segment == ".."
            || segment.contains(['/', '\\'])
            || segment.chars().any(char::is_control)
        {
            return None;
        }
        segments.push(segment);
    }
    Some(SitePath {
        key: segments.join("/"),
        folder: rest.is_empty() || rest.ends_with('/'),
    })
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Where a safe request path leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    /// This output file.
    File(String),
    /// A folder asked for without its trailing `/`: redirect here, so relative links work.
    Redirect(String),
    /// Nothing: the 404 page.
    NotFound,
}

/// Finds the output file for `path`, given which output files exist.
pub fn lookup(path: &SitePath, exists: impl Fn(&str) -> bool) -> Lookup {
    let index = if path.key.is_empty() {
        "index.html".to_string()
    } else {
        format!("{}/index.html", path.key)
    };
    if path.folder {
        return if exists(&index) {
            Lookup::File(index)
        } else {
            Lookup::NotFound
        };
    }
    if exists(&path.key) {
        Lookup::File(path.key.clone())
    } else if exists(&index) {
        Lookup::Redirect(format!("/{}/", percent_encode(&path.key)))
    } else {
        Lookup::NotFound
    }
}

/// The `Content-Type` of an output file, from its extension.
pub fn mime_type(path: &str) -> &'static str {
    let name = path.rsplit('/').next().unwrap_or(path);
    let ext = match name.rsplit_once('.') {
        Some((_, ext)) => ext.to_ascii_lowercase(),
        None => return "application/octet-stream",
    };
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "xml" => "application/xml",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "csv" => "text/csv; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "md" | "markdown" => "text/markdown; charset=utf-8",
        "pdf" => "application/pdf",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "wasm" => "application/wasm",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
}

/// One answer to one request: written by [`send`], always with `Connection: close`.
struct Reply {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: Body,
    /// The part of `body` sent (a 206 answer); the whole of it when `None`.
    part: Option<Range<u64>>,
}

/// What an answer sends.
enum Body {
    Bytes(Bytes),
    /// A file of the site, `len` bytes long when looked at, copied to the client as sent.
    File {
        path: PathBuf,
        len: u64,
    },
}

impl Body {
    fn len(&self) -> u64 {
        match self {
            Body::Bytes(bytes) => bytes.0.len() as u64,
            Body::File { len, .. } => *len,
        }
    }
}

impl Reply {
    fn with_header(mut self, name: &'static str, value: &str) -> Reply {
        self.headers.push((name, value.to_string()));
        self
    }

    /// The bytes of the body this answer sends.
    fn sent(&self) -> Range<u64> {
        self.part.clone().unwrap_or(0..self.body.len())
    }

    /// A file's answer to a request with `range` (a `Range` header of a GET): the part asked
    /// for (206), 416 for a part past the end, or the whole file (200) for anything else —
    /// several parts, another unit or a header that does not parse, which RFC 9110 lets a
    /// server answer with the whole.
    fn ranged(mut self, range: Option<&str>) -> Reply {
        let len = self.body.len();
        self.headers.push(("Accept-Ranges", "bytes".into()));
        match range.map(|range| byte_range(range, len)) {
            None | Some(AskedRange::Whole) => self,
            Some(AskedRange::Part(part)) => {
                self.status = 206;
                let range = format!("bytes {}-{}/{len}", part.start, part.end - 1);
                self.part = Some(part);
                self.with_header("Content-Range", &range)
            }
            Some(AskedRange::PastTheEnd) => text(416, "416 range not satisfiable")
                .with_header("Content-Range", &format!("bytes */{len}")),
        }
    }
}

/// What a `Range` header asks of a file of some length (see [`Reply::ranged`]).
#[derive(Debug, PartialEq, Eq)]
enum AskedRange {
    Whole,
    Part(Range<u64>),
    PastTheEnd,
}

/// Reads a `Range` header (`bytes=0-99`, `bytes=100-`, `bytes=-100`) for a file of `len`
/// bytes.
fn byte_range(header: &str, len: u64) -> AskedRange {
    let Some((unit, spec)) = header.split_once('=') else {
        return AskedRange::Whole;
    };
    if !unit.trim().eq_ignore_ascii_case("bytes") || spec.contains(',') {
        return AskedRange::Whole;
    }
    let Some((first, last)) = spec.trim().split_once('-') else {
        return AskedRange::Whole;
    };
    let number = |digits: &str| {
        (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
            .then(|| digits.parse::<u64>().unwrap_or(u64::MAX))
    };
    let (start, end) = match (number(first), number(last), last.is_empty()) {
        // The last N bytes.
        (None, Some(suffix), _) if first.is_empty() => {
            if suffix == 0 || len == 0 {
                return AskedRange::PastTheEnd;
            }
            (len.saturating_sub(suffix), len)
        }
        (Some(start), None, true) => (start, len),
        (Some(start), Some(last), _) if last >= start => (start, last.saturating_add(1).min(len)),
        _ => return AskedRange::Whole,
    };
    if start >= len {
        return AskedRange::PastTheEnd;
    }
    AskedRange::Part(start..end)
}

fn body(status: u16, content_type: &str, bytes: Bytes) -> Reply {
    file_body(status, content_type, Body::Bytes(bytes))
}

fn file_body(status: u16, content_type: &str, body: Body) -> Reply {
    Reply {
        status,
        headers: vec![
            ("Content-Type", content_type.to_string()),
            // Always ask again: a preview must never show a stale file.
            ("Cache-Control", "no-store".to_string()),
            ("X-Content-Type-Options", "nosniff".to_string()),
            // Shown in no other site's frame, where a click could be taken for another.
            (
                "Content-Security-Policy",
                "frame-ancestors 'self'".to_string(),
            ),
        ],
        body,
        part: None,
    }
}

fn text(status: u16, message: &str) -> Reply {
    body(
        status,
        "text/plain; charset=utf-8",
        Bytes::from(format!("{message}\n").into_bytes()),
    )
}

/// Writes `reply` and closes the connection.
fn send(request: Request, reply: Reply) {
    let head_only = request.head.method == "HEAD";
    // A client that went away mid-answer is not an error worth reporting.
    let _ = write_reply(&request.stream, &reply, head_only);
    close(&request.stream);
}

/// Writes `reply`'s head and, unless `head_only`, its body.
fn write_reply(mut stream: &TcpStream, reply: &Reply, head_only: bool) -> std::io::Result<()> {
    let sent = reply.sent();
    let mut head = format!(
        "HTTP/1.1 {} {}\r\nContent-Length: {}\r\nConnection: close\r\n",
        reply.status,
        reason(reply.status),
        sent.end - sent.start
    );
    for (name, value) in &reply.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    if !head_only {
        match &reply.body {
            Body::Bytes(bytes) => {
                stream.write_all(&bytes.0[sent.start as usize..sent.end as usize])?
            }
            Body::File { path, .. } => {
                use std::io::Seek;
                let mut file = std::fs::File::open(path)?;
                file.seek(std::io::SeekFrom::Start(sent.start))?;
                let copied = std::io::copy(&mut file.take(sent.end - sent.start), &mut stream)?;
                // A file cut short since it was looked at: the client sees the answer end
                // early rather than wait for bytes that will not come.
                if copied < sent.end - sent.start {
                    return Err(std::io::ErrorKind::UnexpectedEof.into());
                }
            }
        }
    }
    stream.flush()
}

/// The reason phrase of the status codes the server sends.
fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        206 => "Partial Content",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        416 => "Range Not Satisfiable",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "",
    }
}

/// The page shown while no build has succeeded yet: the script shows the errors and reloads
/// when the site builds.
const NO_BUILD_PAGE: &str = "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>opsbook: no build yet</title>\n<meta name=\"color-scheme\" content=\"light dark\">\n<script src=\"/__opsbook/live.js\" defer></script>\n</head>\n<body style=\"font-family: system-ui, sans-serif; margin: 2rem\">\n<h1>The site has not built yet</h1>\n<p>opsbook found errors in the site; they are listed in the terminal and below. This page reloads by itself once they are fixed.</p>\n</body>\n</html>\n";

/// What the server answers while the first build runs.
const BUILDING_PAGE: &str = "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>opsbook: building the site</title>\n<meta name=\"color-scheme\" content=\"light dark\">\n<link rel=\"icon\" href=\"data:,\">\n<script src=\"/__opsbook/live.js\" defer></script>\n</head>\n<body style=\"font-family: system-ui, sans-serif; margin: 2rem\">\n<h1>Building the site…</h1>\n<p>opsbook is reading and rendering every page for the first time. This page shows the site by itself once it is built.</p>\n</body>\n</html>\n";

fn handle(request: Request, shared: &Arc<Shared>) {
    if !matches!(request.head.method.as_str(), "GET" | "HEAD") {
        send(
            request,
            text(405, "405 method not allowed").with_header("Allow", "GET, HEAD"),
        );
        return;
    }
    let Some(path) = normalize(&request.head.target) else {
        send(request, text(400, "400 bad request"));
        return;
    };
    match path.key.as_str() {
        EVENTS_PATH => {
            events(request, shared);
            return;
        }
        WORKER_PATH => {
            let response = body(
                200,
                "text/javascript; charset=utf-8",
                Bytes::from(LIVE_WORKER_JS.as_bytes()),
            );
            send(request, response);
            return;
        }
        SCRIPT_PATH => {
            let response = body(
                200,
                "text/javascript; charset=utf-8",
                Bytes::from(LIVE_JS.as_bytes()),
            );
            send(request, response);
            return;
        }
        STATE_PATH => {
            let json = shared.state_json(since_parameter(&request.head.target));
            send(
                request,
                body(200, "application/json", Bytes::from(json.into_bytes())),
            );
            return;
        }
        key if key == RESERVED || key.starts_with(&format!("{RESERVED}/")) => {
            send(request, text(404, "404 not found"));
            return;
        }
        _ => {}
    }
    let state = shared.current();
    let generation = format!("{GENERATION_TIMING};desc=\"{}\"", state.generation);
    let Some(site) = &state.site else {
        // Before the first build, a page that reloads once it is done (its generation, 0,
        // tells live.js that any build since is news); after a failed one, the errors.
        let page = if state.generation == 0 {
            BUILDING_PAGE
        } else {
            NO_BUILD_PAGE
        };
        let response = body(
            503,
            "text/html; charset=utf-8",
            Bytes::from(page.as_bytes()),
        )
        .with_header("Retry-After", "2")
        .with_header("Server-Timing", &generation);
        send(request, response);
        return;
    };
    // A range is defined for GET alone (RFC 9110): a HEAD gets the whole file's head.
    let range = match request.head.method.as_str() {
        "GET" => request.head.range.as_deref(),
        _ => None,
    };
    let response = match lookup(&path, |p| site.contains(p)) {
        Lookup::File(file) => match site.read(&file) {
            Some(found) => {
                let kind = mime_type(&file);
                let found = with_live_script(found, kind.starts_with("text/html"));
                file_body(200, kind, found).ranged(range)
            }
            // A copied file removed since the build: the rebuild that follows drops it.
            None => not_found(site),
        },
        Lookup::Redirect(mut location) => {
            if let Some((_, query)) = request.head.target.split_once('?') {
                location.push('?');
                location.push_str(query);
            }
            text(301, "301 moved permanently").with_header("Location", &location)
        }
        Lookup::NotFound => not_found(site),
    };
    // Which build this answer comes from, readable by live.js (`serverTiming` of the page's
    // navigation entry): a rebuild that lands between this answer and the event stream's
    // connection is then noticed, not missed.
    send(request, response.with_header("Server-Timing", &generation));
}

/// A page of the build with the live-reload script in it: the theme's `base.html` loads it,
/// but a site's own template may not (an empty `page.html`, a `base.html` copied from an older
/// theme), and a tab showing such a page would never reload again, even once the template
/// is fixed. Added before `</body>`, or at the end.
fn with_live_script(body: Body, is_html: bool) -> Body {
    let Body::Bytes(bytes) = &body else {
        return body;
    };
    let html = &bytes.0;
    let script = format!("<script src=\"/{SCRIPT_PATH}\" defer></script>");
    if !is_html || memchr::memmem::find(html, script.as_bytes()).is_some() {
        return body;
    }
    // Before the last `</body>`, in any case; at the end without one.
    let lower = html.to_ascii_lowercase();
    let at = memchr::memmem::rfind(&lower, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + script.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(script.as_bytes());
    out.extend_from_slice(&html[at..]);
    Body::Bytes(Bytes::from(out))
}

/// The `since` of `/__opsbook/state?since=N`, when it is a number.
fn since_parameter(url: &str) -> Option<u64> {
    let (_, query) = url.split_once('?')?;
    query
        .split('&')
        .find_map(|pair| pair.strip_prefix("since="))
        .and_then(|n| n.parse().ok())
}

/// The `Server-Timing` metric that carries the build generation of an answer.
pub const GENERATION_TIMING: &str = "opsbook-generation";

fn not_found(site: &Files) -> Reply {
    match site.read("404.html") {
        Some(page) => file_body(
            404,
            "text/html; charset=utf-8",
            with_live_script(page, true),
        ),
        None => text(404, "404 not found"),
    }
}

/// Streams rebuild events to one client until it goes away (a write fails or stalls past
/// [`WRITE_TIMEOUT`]; a ping every [`PING_EVERY`] finds out). A `HEAD` gets the head only.
fn events(request: Request, shared: &Shared) {
    let chunked = !request.head.http10;
    let mut writer = &request.stream;
    let framing = if chunked {
        "Transfer-Encoding: chunked\r\n"
    } else {
        "Connection: close\r\n"
    };
    let head = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-cache\r\nX-Accel-Buffering: no\r\n{framing}\r\n"
    );
    if request.head.method == "HEAD" {
        let _ = writer.write_all(head.as_bytes());
        close(&request.stream);
        return;
    }
    let receiver = shared.subscribe();
    let send = |mut writer: &TcpStream, data: &str| -> std::io::Result<()> {
        if chunked {
            write!(writer, "{:x}\r\n{data}\r\n", data.len())?;
        } else {
            writer.write_all(data.as_bytes())?;
        }
        writer.flush()
    };
    if writer.write_all(head.as_bytes()).is_err() || send(writer, "retry: 1000\n\n").is_err() {
        return;
    }
    let mut last_sent = Instant::now();
    loop {
        let sent = match receiver.recv_timeout(HANGUP_CHECK_EVERY) {
            Ok(event) => send(writer, &format!("data: {event}\n\n")),
            Err(RecvTimeoutError::Timeout) if hung_up(&request.stream) => return,
            Err(RecvTimeoutError::Timeout) if last_sent.elapsed() >= PING_EVERY => {
                send(writer, ": ping\n\n")
            }
            Err(RecvTimeoutError::Timeout) => continue,
            Err(RecvTimeoutError::Disconnected) => break,
        };
        last_sent = Instant::now();
        if sent.is_err() {
            // The client went away; dropping the receiver removes it from the broadcast list.
            return;
        }
    }
    if chunked {
        let _ = writer.write_all(b"0\r\n\r\n");
        let _ = writer.flush();
    }
    close(&request.stream);
}

/// Whether the client of an event stream closed its end: it sends nothing after its
/// request, so a read that would not wait and finds the end of the stream (or an error) says
/// it went away.
fn hung_up(stream: &TcpStream) -> bool {
    if stream.set_nonblocking(true).is_err() {
        return false;
    }
    let gone = match stream.peek(&mut [0u8; 1]) {
        Ok(0) => true,
        Ok(_) => false,
        Err(e) => !matches!(
            e.kind(),
            std::io::ErrorKind::WouldBlock | std::io::ErrorKind::Interrupted
        ),
    };
    let _ = stream.set_nonblocking(false);
    gone
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::OutputFile;

    fn path(key: &str, folder: bool) -> Option<SitePath> {
        Some(SitePath {
            key: key.into(),
            folder,
        })
    }

    #[test]
    fn only_local_names_and_addresses_are_answered_unless_every_interface_is_served() {
        for host in [
            None,
            Some("localhost"),
            Some("localhost:3000"),
            Some("LOCALHOST."),
            Some("wiki.localhost:3000"),
            Some("127.0.0.1:3000"),
            Some("192.168.1.20"),
            Some("[::1]:3000"),
            Some("[::1]"),
        ] {
            assert!(Hosts::Local.allow(host), "{host:?}");
        }
        for host in [
            "attacker.example:3000",
            "attacker.example",
            "localhost.attacker.example",
            "127.0.0.1.nip.io:3000",
            "127.0.0.1:3000,evil.example",
            "127.0.0.1:3000 evil",
            "localhost:",
            "[::1]x",
            "",
        ] {
            assert!(!Hosts::Local.allow(Some(host)), "{host}");
            assert!(Hosts::Any.allow(Some(host)), "{host}");
        }
    }

    /// Gives its bytes a few at a time, as a slow network does.
    struct Trickle<'a>(&'a [u8]);

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = self.0.len().min(3).min(buf.len());
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    #[test]
    fn range_headers_ask_for_one_part_or_the_whole() {
        use AskedRange::*;
        for (header, len, asked) in [
            ("bytes=0-0", 10, Part(0..1)),
            ("bytes=2-4", 10, Part(2..5)),
            ("BYTES = 7-", 10, Part(7..10)),
            ("bytes=-3", 10, Part(7..10)),
            ("bytes=-30", 10, Part(0..10)),
            ("bytes=5-99999999999999999999999", 10, Part(5..10)),
            ("bytes=10-", 10, PastTheEnd),
            ("bytes=-0", 10, PastTheEnd),
            ("bytes=-1", 0, PastTheEnd),
            ("bytes=0-", 0, PastTheEnd),
            ("bytes=4-2", 10, Whole),
            ("bytes=0-1,3-4", 10, Whole),
            ("bytes=a-b", 10, Whole),
            ("bytes=-", 10, Whole),
            ("bytes=+1-2", 10, Whole),
            ("items=0-1", 10, Whole),
            ("bytes 0-1", 10, Whole),
        ] {
            assert_eq!(byte_range(header, len), asked, "{header} of {len}");
        }
    }

    #[test]
    fn request_heads_are_read_whole_or_refused() {
        let head = b"GET /a/?q=1 HTTP/1.1\r\nhOsT: localhost:9\r\n\r\nleft unread";
        assert_eq!(
            read_head(Trickle(head)),
            Ok(Head {
                method: "GET".into(),
                target: "/a/?q=1".into(),
                http10: false,
                host: Some("localhost:9".into()),
                range: None,
            })
        );
        assert_eq!(
            read_head(Trickle(b"HEAD / HTTP/1.0\r\nRange: bytes=0-9 \r\n\r\n")),
            Ok(Head {
                method: "HEAD".into(),
                target: "/".into(),
                http10: true,
                host: None,
                range: Some("bytes=0-9".into()),
            })
        );
        assert_eq!(
            read_head(Trickle(b"GET / HTTP/1.1\r\nHost: x")),
            Err(BadHead::Gone)
        );
        assert_eq!(read_head(Trickle(b"")), Err(BadHead::Gone));
        assert_eq!(
            read_head(Trickle(b"\x16\x03\x01 TLS hello\r\n\r\n")),
            Err(BadHead::Malformed)
        );
        let huge = format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(MAX_HEAD + 10));
        assert!(read_head(huge.as_bytes()) == Err(BadHead::TooLarge));
        assert!(read_head(&huge.as_bytes()[..MAX_HEAD + 5]) == Err(BadHead::TooLarge));
        let many: String = (0..100).map(|i| format!("X-{i}: y\r\n")).collect();
        let many = format!("GET / HTTP/1.1\r\n{many}\r\n");
        assert_eq!(read_head(many.as_bytes()), Err(BadHead::TooLarge));
    }

    #[test]
    fn plain_paths_are_decoded() {
        assert_eq!(normalize("/"), path("", true));
        assert_eq!(normalize("/a/b/"), path("a/b", true));
        assert_eq!(normalize("/a/b.css?v=1#x"), path("a/b.css", false));
        assert_eq!(normalize("/a%20b/%C3%BC.md"), path("a b/ü.md", false));
        assert_eq!(normalize("//a//b"), path("a/b", false));
        assert_eq!(normalize("/a+b"), path("a+b", false));
    }

    #[test]
    fn paths_that_could_leave_the_site_are_refused() {
        for target in [
            "/../../etc/passwd",
            "/a/../../etc/passwd",
            "/%2e%2e/%2e%2e/etc/passwd",
            "/%2E%2E/etc/passwd",
            "/..%2f..%2fetc/passwd",
            "/..%2F..%2Fetc/passwd",
            "/a%2fb",
            "/a%5cb",
            "/..\\..\\etc\\passwd",
            "/a\\b",
            "/./a",
            "/a/%2e/b",
            "/a%00.html",
            "/a%0d%0aSet-Cookie:x",
            "/%zz",
            "/%",
            "/%ff",
            "etc/passwd",
            "http://example.com/a",
            "*",
            "",
        ] {
            assert_eq!(normalize(target), None, "{target}");
        }
        // An absolute path is just a path inside the site.
        assert_eq!(normalize("//etc/passwd"), path("etc/passwd", false));
    }

    #[test]
    fn lookup_serves_files_indexes_and_redirects_folders() {
        let files = ["index.html", "a/index.html", "a/b.css", "ü x/index.html"];
        let exists = |p: &str| files.contains(&p);
        let look = |t: &str| lookup(&normalize(t).unwrap(), exists);
        assert_eq!(look("/"), Lookup::File("index.html".into()));
        assert_eq!(look("/a/"), Lookup::File("a/index.html".into()));
        assert_eq!(look("/a/b.css"), Lookup::File("a/b.css".into()));
        assert_eq!(look("/a"), Lookup::Redirect("/a/".into()));
        assert_eq!(look("/%C3%BC%20x"), Lookup::Redirect("/%C3%BC%20x/".into()));
        assert_eq!(look("/a/b.css/"), Lookup::NotFound);
        assert_eq!(look("/missing"), Lookup::NotFound);
        assert_eq!(look("/etc/passwd"), Lookup::NotFound);
    }

    #[test]
    fn mime_types_follow_the_extension() {
        assert_eq!(mime_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(mime_type("assets/opsbook.css"), "text/css; charset=utf-8");
        assert_eq!(mime_type("x.JS"), "text/javascript; charset=utf-8");
        assert_eq!(mime_type("pages.json"), "application/json");
        assert_eq!(mime_type("sitemap.xml"), "application/xml");
        assert_eq!(mime_type("a/ladder.svg"), "image/svg+xml");
        assert_eq!(mime_type("a.png"), "image/png");
        assert_eq!(mime_type("a.jpeg"), "image/jpeg");
        assert_eq!(mime_type("a.gif"), "image/gif");
        assert_eq!(mime_type("a.webp"), "image/webp");
        assert_eq!(mime_type("favicon.ico"), "image/x-icon");
        assert_eq!(mime_type("a.csv"), "text/csv; charset=utf-8");
        assert_eq!(mime_type("a.txt"), "text/plain; charset=utf-8");
        assert_eq!(mime_type("t/prd.md"), "text/markdown; charset=utf-8");
        assert_eq!(mime_type("a.bin"), "application/octet-stream");
        assert_eq!(mime_type("Makefile"), "application/octet-stream");
        assert_eq!(mime_type(".d/file"), "application/octet-stream");
    }

    fn output(files: &[(&str, &str)]) -> Output {
        Output {
            files: files
                .iter()
                .map(|(p, c)| OutputFile {
                    path: p.to_string(),
                    content: Content::Bytes(c.as_bytes().to_vec()),
                })
                .collect(),
        }
    }

    #[test]
    fn changes_between_builds_list_added_removed_and_edited_files() {
        let old = Files::from_output(output(&[("a", "1"), ("b", "2"), ("c", "3")]));
        let new = Files::from_output(output(&[("a", "1"), ("b", "changed"), ("d", "4")]));
        assert_eq!(new.changed_since(&old), ["b", "c", "d"]);
        assert!(old.changed_since(&old).is_empty());
    }

    #[test]
    fn a_page_behind_learns_what_changed_since_its_generation() {
        let shared = Shared::new();
        let publish = |generation: u64, changed: &[&str]| {
            let changed: Vec<String> = changed.iter().map(|p| p.to_string()).collect();
            shared.update(|_| {
                let state = State {
                    generation,
                    ..State::default()
                };
                Some((state, changed))
            });
        };
        publish(1, &["*"]);
        publish(2, &["a/index.html"]);
        publish(3, &["search/manifest.json"]);
        let changed = |since| {
            let json: serde_json::Value =
                serde_json::from_str(&shared.state_json(Some(since))).unwrap();
            json["changed"].clone()
        };
        assert_eq!(
            changed(1),
            serde_json::json!(["a/index.html", "search/manifest.json"])
        );
        assert_eq!(changed(2), serde_json::json!(["search/manifest.json"]));
        assert_eq!(changed(3), serde_json::json!([]));
        assert!(shared.state_json(None).contains("\"generation\":3"));
        assert_eq!(changed(0), serde_json::json!(["*"]));
        for generation in 4..4 + HISTORY as u64 {
            publish(generation, &["b/index.html"]);
        }
        // Generation 3 is forgotten: a page served from 2 may have missed anything.
        assert_eq!(changed(2), serde_json::json!(["*"]));
        assert_eq!(since_parameter("/__opsbook/state?since=12"), Some(12));
        assert_eq!(since_parameter("/__opsbook/state?x=1&since=7"), Some(7));
        assert_eq!(since_parameter("/__opsbook/state"), None);
        assert_eq!(since_parameter("/__opsbook/state?since=-1"), None);
    }

    #[test]
    fn events_serialize_like_the_json_format() {
        let errors = [Diagnostic::error(
            "front-matter-unclosed",
            "content/a.md",
            "m",
        )];
        let json = serde_json::to_value(Event {
            generation: 3,
            changed: &["a/index.html".to_string()],
            errors: &errors,
            showing: "latest",
        })
        .unwrap();
        assert_eq!(json["generation"], 3);
        assert_eq!(json["showing"], "latest");
        assert_eq!(json["changed"][0], "a/index.html");
        assert_eq!(json["errors"][0]["code"], "front-matter-unclosed");
        assert_eq!(json["errors"][0]["path"], "content/a.md");
        assert_eq!(json["errors"][0]["line"], 0);
        assert!(json["errors"][0].get("help").is_some());
    }
}
