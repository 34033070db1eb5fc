//! `opsbook serve`: builds the site in memory (never writing the output folder), serves it on
//! localhost, watches the site folder, rebuilds on every change and pushes live-reload events
//! to open pages.
//!
//! Threads: the calling thread runs the watch-and-rebuild loop; [`server::start`] accepts
//! connections on a thread and answers each on one of its own (an open event stream keeps
//! its thread). State: [`server::Shared`] holds one `Arc<State>` — the latest build and the
//! latest rebuild's errors — that a rebuild replaces whole, so every request sees one
//! consistent build. A rebuild with errors in the content is served with its errors shown
//! over it (a link to a page not written yet must not freeze the preview); one that made
//! nothing (an unusable `opsbook.yaml`, a template that does not compile) keeps the previous
//! build's files.
//!
//! [`Rebuilder::rebuild`] is the one place a [`watch::ChangeSet`] becomes a rebuild: edits to
//! pages' bodies take the fast path ([`crate::apply_page_edits`]: only those pages are parsed
//! and rendered again, then the search index), anything else rebuilds the site, reusing the
//! pages parsed and rendered before ([`crate::BuildCache`]).

mod poll;
pub mod server;
pub mod watch;

use std::collections::HashSet;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context as _;

use crate::config::{CONFIG_FILE, Config};
use crate::diag::{self, Diagnostic, Severity};
use crate::owners::OWNERS_FILE;
use crate::render::RenderOptions;
use crate::{Fatal, SiteOptions};

use server::{Files, Shared, State};
use watch::{ChangeKind, ChangeSet, Layout, Watcher};

/// How many ports after the one asked for are tried when it is taken.
const PORT_TRIES: u16 = 10;

/// A rebuild that met an unreadable file (an editor or `git` in the middle of writing it) is
/// tried once more after this long before its problems are reported.
const RETRY_AFTER: Duration = Duration::from_millis(150);

/// How long after a failed rebuild (see `failed`) it is tried again without a change, doubling
/// up to [`LAST_RETRY`].
const FIRST_RETRY: Duration = Duration::from_secs(2);
const LAST_RETRY: Duration = Duration::from_secs(30);

/// How often a quiet watcher's site folder is looked at, for one that replaced it.
const LOOK_AGAIN: Duration = Duration::from_secs(1);

/// Beyond this many changed files, events say `["*"]` (reload every page) instead of listing
/// them.
const MAX_LISTED: usize = 500;

/// What `opsbook serve` needs to know.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site to build (`base_url` is replaced by the server's own address).
    pub site: SiteOptions,
    /// Port to listen on; 0 for any free port.
    pub port: u16,
    /// Address to listen on (`127.0.0.1` unless told otherwise).
    pub bind: IpAddr,
    /// Open the site in a browser once it is served.
    pub open: bool,
    /// Look for changes by reading the folders (see [`Watcher::new`]).
    pub poll: bool,
    /// Print errors only.
    pub quiet: bool,
    /// Print notes too.
    pub verbose: bool,
    /// Colour the terminal output.
    pub color: bool,
}

/// Builds, serves and watches the site until the process is interrupted. Returns only when
/// the server cannot start (no such folder, no free port).
pub fn serve(options: &ServeOptions) -> Result<(), Fatal> {
    let given_root = &options.site.root;
    if !given_root.is_dir() {
        return Err(
            anyhow::anyhow!("site folder `{}` does not exist", given_root.display()).into(),
        );
    }
    let mut root = given_root
        .canonicalize()
        .with_context(|| format!("reading `{}`", given_root.display()))?;
    let (listener, addr) = bind(options.bind, options.port)?;
    let url = local_url(addr);

    // The watches are on the folder that was at the site's path when they began: another
    // moved over it in one step (a fresh checkout renamed into place), or the link given as
    // the site pointed elsewhere, is seen only by looking, while the watcher is quiet. Which
    // folder that is, is noted before the watches begin (after, a folder moved in between
    // would pass for the one watched).
    let mut watched_folder = SiteFolder::at(&root);
    // Watch before the first build, so an edit made while it runs is not missed.
    let mut layout = layout(&root);
    let watcher = match Watcher::new(&root, &layout, options.poll) {
        Ok((watcher, warnings)) => {
            warnings.iter().for_each(|w| crate::say!("warning: {w}"));
            Some(watcher)
        }
        Err(e) => {
            crate::say!("warning: {e:#}; the site is served but not rebuilt on changes");
            None
        }
    };

    let shared = Shared::new();
    let mut rebuilder = Rebuilder {
        options: SiteOptions {
            // Canonical links, the sitemap and `404.html` point at this server.
            base_url: Some(url.clone()),
            // The site at its path, as the watcher sees it (`.` would follow the folder
            // wherever it is moved, and miss the one made in its place).
            root: root.clone(),
            ..options.site.clone()
        },
        shared: shared.clone(),
        cache: crate::BuildCache::default(),
        search: SearchIndexer::start(shared.clone()),
        terminal: Terminal::new(options),
        shown: HashSet::new(),
        failed: false,
    };
    // Answering while the first build runs (a minute at 100,000 pages), with a page that
    // shows the site once it is built: the port took connections and answered none, and the
    // browser spun with no word.
    let hosts = if options.bind.is_unspecified() {
        server::Hosts::Any
    } else {
        server::Hosts::Local
    };
    server::start(listener, shared, hosts);
    crate::say!("building the site; {url} shows it once it is built");
    if options.open {
        open_browser(&url);
    }
    #[cfg(debug_assertions)]
    if let Some(ms) = std::env::var("OPSBOOK_TEST_FIRST_BUILD_DELAY_MS")
        .ok()
        .and_then(|ms| ms.parse().ok())
    {
        // For the tests of what the server answers while the first build runs. Not in
        // release builds.
        std::thread::sleep(Duration::from_millis(ms));
    }
    rebuilder.rebuild(None);
    if options.bind.is_unspecified() {
        crate::say!(
            "listening on every network interface ({addr}): anyone on your network can see the site"
        );
    }
    crate::say!("serving at {url} (Ctrl-C to stop)");

    let Some(mut watcher) = watcher else {
        loop {
            std::thread::park();
        }
    };
    // A rebuild that failed for the machine's sake (out of file descriptors, a disk error) is
    // tried again on its own, every few seconds, rather than waiting for the next save.
    let mut retry_in = FIRST_RETRY;
    let site_path = site_path(given_root, &root);
    loop {
        let wait = if rebuilder.failed {
            retry_in
        } else {
            retry_in = FIRST_RETRY;
            LOOK_AGAIN
        };
        let batch = match watcher.next_batch_within(wait) {
            watch::Waited::Changes(batch) => Some(batch),
            watch::Waited::Quiet if rebuilder.failed => {
                rebuild_afresh(&root, &mut layout, &mut watcher, &mut rebuilder);
                watched_folder = SiteFolder::at(&root);
                retry_in = (retry_in * 2).min(LAST_RETRY);
                continue;
            }
            watch::Waited::Quiet => {
                let Some(now) = site_path.canonicalize().ok().map(|p| SiteFolder::at(&p)) else {
                    continue;
                };
                if now == watched_folder {
                    continue;
                }
                crate::say!(
                    "the site folder `{}` was replaced: watching the new one",
                    given_root.display()
                );
                root.clone_from(&now.path);
                rebuilder.options.root.clone_from(&now.path);
                layout = self::layout(&root);
                match Watcher::new(&root, &layout, options.poll) {
                    Ok((new, warnings)) => {
                        warnings.iter().for_each(|w| crate::say!("warning: {w}"));
                        watcher = new;
                    }
                    Err(e) => crate::say!("warning: {e:#}"),
                }
                watched_folder = now;
                rebuilder.rebuild(None);
                continue;
            }
            watch::Waited::Stopped => None,
        };
        let Some((paths, errors)) = batch else {
            break;
        };
        for error in errors {
            crate::say!("warning: watching the site: {error}");
        }
        // The site folder itself moved or was removed: its watch went with it. Rebuilt (a
        // failure is tried again, above, until it is back).
        if paths.iter().any(|p| p.as_os_str().is_empty()) && !root.is_dir() {
            rebuild_afresh(&root, &mut layout, &mut watcher, &mut rebuilder);
            watched_folder = SiteFolder::at(&root);
            continue;
        }
        let mut changes = ChangeSet::default();
        for path in &paths {
            changes.add(&layout, path);
        }
        if changes.is_empty() {
            continue;
        }
        // A site without them builds (with the defaults; with owners free-form), so their
        // removal changed the site without a word: the title became "Wiki".
        for (file, meaning) in [
            (CONFIG_FILE, "the site is built with the defaults"),
            (OWNERS_FILE, "owners are no longer checked against it"),
        ] {
            if changes.paths.contains_key(Path::new(file)) && !root.join(file).exists() {
                crate::say!("warning: {file} was removed: {meaning}");
            }
        }
        // The watches first, then the rebuild: a file written into a folder made again (a
        // branch switched, a folder copied back) between the two would be read by neither.
        if changes.has(ChangeKind::Config) {
            layout = self::layout(&root);
        }
        for warning in watcher.sync(&layout, &changes) {
            crate::say!("warning: {warning}");
        }
        rebuilder.rebuild(Some(&changes));
    }
    Err(anyhow::anyhow!("the file watcher stopped").into())
}

/// A site folder: its path (canonical) and which folder is there (on Unix, its device and
/// inode; elsewhere only the path tells).
#[derive(PartialEq)]
struct SiteFolder {
    path: std::path::PathBuf,
    identity: Option<(u64, u64)>,
}

impl SiteFolder {
    fn at(path: &Path) -> SiteFolder {
        #[cfg(unix)]
        let identity = {
            use std::os::unix::fs::MetadataExt as _;
            std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
        };
        #[cfg(not(unix))]
        let identity = None;
        SiteFolder {
            path: path.to_path_buf(),
            identity,
        }
    }
}

/// The path to look at for the site folder given as `given` (found at `root`): as written when
/// absolute, else from the folder the shell says it was run in (`$PWD`, where `serve .` is
/// the path the writer sees: the process's own folder moves with the folder it was), else
/// `root`.
fn site_path(given: &Path, root: &Path) -> std::path::PathBuf {
    if given.is_absolute() {
        return given.to_path_buf();
    }
    std::env::var_os("PWD")
        .map(|pwd| Path::new(&pwd).join(given))
        .filter(|path| path.canonicalize().is_ok_and(|p| p == root))
        .unwrap_or_else(|| root.to_path_buf())
}

/// The watch layout of the site at `root` (canonical), from its configuration; the defaults
/// while the configuration does not parse.
fn layout(root: &Path) -> Layout {
    let config = match crate::load::config(root) {
        Ok(Ok(config)) => config,
        _ => Config::default(),
    };
    Layout::new(root, &config.content_dir, &root.join(&config.output_dir))
        .ignoring(config.ignore_set().ok())
}

/// Reads the layout, watches the site folder and its folders again from scratch (the site
/// folder may be what went, and came back) and rebuilds everything.
fn rebuild_afresh(
    root: &Path,
    layout: &mut Layout,
    watcher: &mut Watcher,
    rebuilder: &mut Rebuilder,
) {
    *layout = self::layout(root);
    for warning in watcher.rewatch(layout) {
        crate::say!("warning: {warning}");
    }
    rebuilder.rebuild(None);
}

/// Listens on `port`, or the first free one of the [`PORT_TRIES`] after it.
fn bind(ip: IpAddr, port: u16) -> Result<(TcpListener, SocketAddr), Fatal> {
    let tries = if port == 0 { 0 } else { PORT_TRIES };
    for offset in 0..=tries {
        let Some(candidate) = port.checked_add(offset) else {
            break;
        };
        let addr = SocketAddr::new(ip, candidate);
        match TcpListener::bind(addr) {
            Ok(listener) => {
                let bound = listener
                    .local_addr()
                    .with_context(|| format!("listening on {addr}"))?;
                if offset > 0 {
                    crate::say!("port {port} is in use; using port {candidate} instead");
                }
                return Ok((listener, bound));
            }
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => continue,
            Err(e) => {
                return Err(anyhow::anyhow!(
                    "cannot listen on {addr}: {e}\nhelp: choose another address with --bind or port with --port"
                )
                .into());
            }
        }
    }
    let last = port.saturating_add(tries);
    Err(anyhow::anyhow!(
        "ports {port} to {last} on {ip} are all in use\nhelp: choose another with --port, or --port 0 for any free port"
    )
    .into())
}

/// The URL to open for a server listening on `addr`.
fn local_url(addr: SocketAddr) -> String {
    let ip = match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    format!("http://{}/", SocketAddr::new(ip, addr.port()))
}

/// Opens `url` in the default browser when the platform's opener is there; failure is not
/// an error (the URL is printed anyway).
fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    let child = std::process::Command::new(opener)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if let Ok(mut child) = child {
        // Reap it whenever it ends.
        std::thread::spawn(move || child.wait());
    }
}

/// How terminal output looks.
struct Terminal {
    quiet: bool,
    verbose: bool,
    color: bool,
    /// The site folder as given, put in front of diagnostic paths so they open from where
    /// the command ran (as `build` and `check` do).
    prefix: String,
}

impl Terminal {
    fn new(options: &ServeOptions) -> Terminal {
        let dir = options.site.root.to_string_lossy().replace('\\', "/");
        let dir = dir.trim_start_matches("./").trim_end_matches('/');
        Terminal {
            quiet: options.quiet,
            verbose: options.verbose,
            color: options.color,
            prefix: if dir.is_empty() || dir == "." {
                String::new()
            } else {
                format!("{dir}/")
            },
        }
    }

    /// Whether a diagnostic of this severity is printed at all.
    fn shows(&self, severity: Severity) -> bool {
        match severity {
            Severity::Error => true,
            Severity::Warning => !self.quiet,
            Severity::Note => !self.quiet && self.verbose,
        }
    }

    fn print(&self, diagnostics: &[Diagnostic]) {
        if diagnostics.is_empty() {
            return;
        }
        let shown: Vec<Diagnostic> = diagnostics
            .iter()
            .cloned()
            .map(|mut d| {
                if !d.path.is_empty() {
                    d.path = format!("{}{}", self.prefix, d.path);
                }
                d
            })
            .collect();
        diag::to_stderr(&diag::render(&shown, diag::Format::Human, self.color));
    }
}

/// The most new diagnostics a rebuild prints.
const PRINTED_DIAGNOSTICS: usize = 20;

/// Identifies a diagnostic across rebuilds, to print each warning once.
type DiagnosticKey = (String, u32, u32, &'static str, String);

fn key(d: &Diagnostic) -> DiagnosticKey {
    (d.path.clone(), d.line, d.column, d.code, d.message.clone())
}

/// What one rebuild produced, before it is published.
struct Built {
    /// The new build, errors and all; `None` when it could not be made (see `fatal`).
    files: Option<Files>,
    /// Every diagnostic of the rebuild.
    diagnostics: Vec<Diagnostic>,
    /// Pages in the site, when it loaded.
    pages: Option<usize>,
    /// A failure that stopped the build (printed as is; also turned into a diagnostic).
    fatal: Option<String>,
}

/// Turns changes into rebuilds, publishes them and reports them in the terminal.
struct Rebuilder {
    options: SiteOptions,
    shared: Arc<Shared>,
    terminal: Terminal,
    /// Warnings and notes already printed, so a rebuild prints only new ones.
    shown: HashSet<DiagnosticKey>,
    /// Pages parsed and rendered by the previous build, reused when unchanged.
    cache: crate::BuildCache,
    /// Writes the search index after page edits and rebuilds.
    search: SearchIndexer,
    /// The latest rebuild failed with nothing made for a reason outside the site (an I/O
    /// failure such as too many open files): worth trying again without a change.
    failed: bool,
}

/// Writes the search index on a thread of its own after page edits and rebuilds, and
/// publishes it unless a newer edit or rebuild made it stale.
struct SearchIndexer {
    jobs: std::sync::mpsc::Sender<(u64, crate::search::IndexInput)>,
    /// The newest job; a finished index of an older one is thrown away.
    latest: Arc<std::sync::atomic::AtomicU64>,
}

impl SearchIndexer {
    fn start(shared: Arc<Shared>) -> SearchIndexer {
        use std::sync::atomic::Ordering;
        let (jobs, queue) = std::sync::mpsc::channel::<(u64, crate::search::IndexInput)>();
        let latest = Arc::new(std::sync::atomic::AtomicU64::new(0));
        let current = latest.clone();
        let spawned = std::thread::Builder::new()
            .name("opsbook-search".into())
            .spawn(move || {
                while let Ok(mut job) = queue.recv() {
                    // Only the newest of the queued jobs matters.
                    while let Ok(newer) = queue.try_recv() {
                        job = newer;
                    }
                    let (number, input) = job;
                    if current.load(Ordering::SeqCst) != number {
                        continue;
                    }
                    let files = input.files();
                    shared.update(|previous| {
                        if current.load(Ordering::SeqCst) != number {
                            return None;
                        }
                        let (files, changed) = previous
                            .site
                            .as_ref()?
                            .updated(files, Some(crate::search::is_index_file));
                        if changed.is_empty() {
                            return None;
                        }
                        let state = State {
                            generation: previous.generation + 1,
                            site: Some(Arc::new(files)),
                            errors: previous.errors.clone(),
                            stale: previous.stale,
                        };
                        Some((state, changed))
                    });
                }
            });
        if let Err(e) = spawned {
            crate::say!("warning: no search indexing thread ({e}): page edits rebuild the site");
        }
        SearchIndexer { jobs, latest }
    }

    /// Indexes `input` (replacing any job not finished yet).
    fn index(&self, input: crate::search::IndexInput) {
        let number = self
            .latest
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst)
            + 1;
        let _ = self.jobs.send((number, input));
    }

    /// Drops the job under way, if any: a rebuild brings its own index.
    fn cancel(&self) {
        self.latest
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    }
}

impl Rebuilder {
    /// Rebuilds the site for `changes` (`None`: the first build), publishes the result to the
    /// server and its event streams, and prints the outcome. The one place a change set
    /// becomes a rebuild.
    fn rebuild(&mut self, changes: Option<&ChangeSet>) {
        if let Some(changes) = changes {
            // A bug met on the fast path: the full rebuild below meets it too, or not.
            match catch_unwind(AssertUnwindSafe(|| self.apply_page_edits(changes))) {
                Ok(true) => return,
                Ok(false) => {}
                Err(_) => self.cache = crate::BuildCache::default(),
            }
        }
        // A rebuild brings an index of its own: drop any index still being made.
        self.search.cancel();
        let started = Instant::now();
        // After the first build, pages are served without waiting for the search index,
        // which follows from another thread as it does after page edits (at 100,000 pages
        // it is 6 s of CPU on one core); until then the index before is served.
        let index_later = changes.is_some();
        let mut built = self.build(index_later);
        if self.worth_retrying(&built, changes) {
            std::thread::sleep(RETRY_AFTER);
            built = self.build(index_later);
        }
        let elapsed = started.elapsed();
        // Out of file descriptors, a page may be left unread rather than the build stopped.
        self.failed = built.fatal.is_some()
            || built
                .diagnostics
                .iter()
                .any(|d| d.message.contains("(os error 24)"));

        let errors: Vec<Diagnostic> = built
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .cloned()
            .collect();
        let ok = built.files.is_some();
        let mut changed = Vec::new();
        let mut serving_old = false;
        self.shared.update(|previous| {
            let site = match built.files {
                Some(mut files) => {
                    if let Some(old) = previous.site.as_deref().filter(|_| index_later) {
                        files = files.with_search_index_of(old);
                    }
                    changed = match &previous.site {
                        None => vec!["*".to_string()],
                        Some(old) => files.changed_since(old),
                    };
                    let everything = changes.is_some_and(ChangeSet::affects_everything);
                    if !changed.is_empty() && (everything || changed.len() > MAX_LISTED) {
                        changed = vec!["*".to_string()];
                    }
                    Some(Arc::new(files))
                }
                // Nothing could be made: keep serving the build before.
                None => previous.site.clone(),
            };
            serving_old = !ok && site.is_some();
            let state = State {
                generation: previous.generation + 1,
                site,
                errors,
                stale: !ok,
            };
            Some((state, changed.clone()))
        });
        let search_input = self.cache.take_search_input();
        if let Some(input) = search_input.filter(|_| ok) {
            self.search.index(input);
        }
        self.report(
            &built.diagnostics,
            built.fatal.as_deref(),
            built.pages.is_some(),
        );
        // `["*"]`: every page may have changed (and reloads), not one file.
        let changed_files = if changed == ["*"] {
            None
        } else {
            Some(changed.len())
        };
        self.summary(
            changes,
            ok,
            serving_old,
            built.pages,
            changed_files,
            &built.diagnostics,
            elapsed,
        );
    }

    /// The fast path for the most common change, a page's text edited: when only the pages'
    /// bodies changed and nothing else can show it (see [`crate::apply_page_edits`]), only
    /// those pages are rendered again and published; the search index, which depends on every
    /// page, follows from another thread ([`SearchIndexer`]), so the next edit never waits for
    /// it. False when a full rebuild is needed.
    fn apply_page_edits(&mut self, changes: &ChangeSet) -> bool {
        if changes.paths.values().any(|kind| *kind != ChangeKind::Page) {
            return false;
        }
        let started = Instant::now();
        // The edit applies to the last good build, which is the site as it is now but for
        // these pages only when the latest rebuild had no errors: otherwise (a broken
        // `opsbook.yaml`, another page) publishing it would hide those errors.
        let current = self.shared.current();
        if current.site.is_none() || !current.errors.is_empty() {
            return false;
        }
        let paths: Vec<String> = changes
            .paths
            .keys()
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .collect();
        let Some(edits) = crate::apply_page_edits(&self.options, &mut self.cache, &paths) else {
            return false;
        };
        let mut changed = Vec::new();
        self.shared.update(|previous| {
            let (files, files_changed) = previous.site.as_ref()?.updated(edits.files, None);
            changed = files_changed;
            let state = State {
                generation: previous.generation + 1,
                site: Some(Arc::new(files)),
                errors: Vec::new(),
                stale: false,
            };
            Some((state, changed.clone()))
        });
        let elapsed = started.elapsed();
        self.report(&edits.report.diagnostics, None, true);
        if !self.terminal.quiet {
            crate::say!(
                "[{}] {} changed: updated {} output file{} in {} ms ({})",
                jiff::Zoned::now().strftime("%H:%M:%S"),
                changes.describe(),
                changed.len(),
                if changed.len() == 1 { "" } else { "s" },
                elapsed.as_millis(),
                diag::summary(&edits.report.diagnostics)
            );
        }
        if let Some(input) = crate::search_input(&self.cache) {
            self.search.index(input);
        }
        true
    }

    /// One build into memory, with its search index or (`index_later`) without.
    fn build(&mut self, index_later: bool) -> Built {
        let render_options = RenderOptions {
            live_reload: true,
            index_later,
        };
        // A bug of opsbook's that panics on what was just saved ends this build, not the
        // preview: the last good build is served with the error over it, and the next save
        // starts afresh.
        let rendered = catch_unwind(AssertUnwindSafe(|| {
            crate::render_in_memory(&self.options, &render_options, Some(&mut self.cache))
        }))
        .unwrap_or_else(|panic| {
            self.cache = crate::BuildCache::default();
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            Err(Fatal::Other(anyhow::anyhow!(
                "opsbook stopped on a bug of its own while building this change ({what}): please report it with the file you saved; the preview keeps the last good build"
            )))
        });
        match rendered {
            Ok((report, output)) => Built {
                files: output.map(|output| {
                    let mut timer = crate::PhaseTimer::start();
                    let files = Files::from_output(output);
                    timer.lap("files for the server");
                    files
                }),
                pages: Some(report.pages),
                diagnostics: report.diagnostics,
                fatal: None,
            },
            Err(Fatal::Config(diagnostics)) => Built {
                files: None,
                diagnostics,
                pages: None,
                fatal: None,
            },
            Err(Fatal::Other(e)) => {
                let message = format!("{e:#}");
                Built {
                    files: None,
                    diagnostics: vec![Diagnostic::error("build-failed", "", message.clone())],
                    pages: None,
                    fatal: Some(message),
                }
            }
        }
    }

    /// A failed read of a file that just changed, or an I/O failure, is most likely an
    /// editor or `git` caught mid-write: worth one more try.
    fn worth_retrying(&self, built: &Built, changes: Option<&ChangeSet>) -> bool {
        let Some(changes) = changes else {
            return false;
        };
        built.fatal.is_some()
            || built
                .diagnostics
                .iter()
                .any(|d| d.code == "unreadable" && changes.paths.contains_key(Path::new(&d.path)))
    }

    /// Prints the rebuild's diagnostics not printed before (each save's summary line counts
    /// them all): an error left as it was is not printed again at every save of another page.
    /// A rebuild that read no page (an unusable `opsbook.yaml`) forgets none of the pages'
    /// diagnostics, so fixing it does not print them all again.
    fn report(&mut self, diagnostics: &[Diagnostic], fatal: Option<&str>, read_pages: bool) {
        if let Some(message) = fatal {
            crate::say!("error: {message}");
        }
        let current: HashSet<DiagnosticKey> = diagnostics.iter().map(key).collect();
        let mut fresh: Vec<Diagnostic> = diagnostics
            .iter()
            .filter(|d| fatal.is_none() || d.code != "build-failed")
            .filter(|d| self.terminal.shows(d.severity))
            .filter(|d| !self.shown.contains(&key(d)))
            .cloned()
            .collect();
        // The first few, errors first: a wiki of 100,000 pages printed 110,074 lines of
        // overdue reviews before its URL. `check` lists them all; the browser shows the errors.
        // Files that could not be read before the rest, which they may cause (a folder made
        // unreadable: its pages' links broken, and the cause cut off after 20 of them).
        fresh.sort_by_key(|d| (d.severity != Severity::Error, d.code != "unreadable"));
        let left_out = fresh.split_off(PRINTED_DIAGNOSTICS.min(fresh.len()));
        self.terminal.print(&fresh);
        if !left_out.is_empty() {
            crate::say!(
                "… and {} more ({}), not printed: `opsbook check` lists them all",
                left_out.len(),
                diag::summary(&left_out)
            );
        }
        if read_pages {
            self.shown = current;
        } else {
            self.shown.extend(current);
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn summary(
        &self,
        changes: Option<&ChangeSet>,
        ok: bool,
        serving_old: bool,
        pages: Option<usize>,
        changed: Option<usize>,
        diagnostics: &[Diagnostic],
        elapsed: Duration,
    ) {
        if self.terminal.quiet && ok {
            return;
        }
        let ms = elapsed.as_millis();
        let counts = diag::summary(diagnostics);
        let what = match changes {
            None => String::new(),
            Some(changes) => format!("{} changed: ", changes.describe()),
        };
        let time = jiff::Zoned::now().strftime("%H:%M:%S").to_string();
        let errors = diagnostics.iter().any(|d| d.severity == Severity::Error);
        let line = if ok {
            let pages = pages.unwrap_or(0);
            let files = match (changes, changed) {
                (None, _) => String::new(),
                (Some(_), None) => ", every page reloads".to_string(),
                (Some(_), Some(n)) => {
                    format!(", {n} output file{} changed", if n == 1 { "" } else { "s" })
                }
            };
            // With errors the preview shows the edit all the same (a link to a page not
            // written yet must not freeze it), and says what `build` would refuse.
            let refused = if errors {
                "; shown in the browser, `opsbook build` refuses the site until they are fixed"
            } else {
                ""
            };
            format!(
                "[{time}] {what}built {pages} page{} in {ms} ms{files} ({counts}){refused}",
                if pages == 1 { "" } else { "s" }
            )
        } else if serving_old {
            format!("[{time}] {what}{counts} in {ms} ms; still serving the last good build")
        } else {
            format!("[{time}] {what}{counts} in {ms} ms; nothing to serve until they are fixed")
        };
        crate::say!("{line}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unspecified_addresses_are_opened_on_localhost() {
        let url = |s: &str| local_url(s.parse().unwrap());
        assert_eq!(url("127.0.0.1:3000"), "http://127.0.0.1:3000/");
        assert_eq!(url("0.0.0.0:3001"), "http://127.0.0.1:3001/");
        assert_eq!(url("[::]:8080"), "http://[::1]:8080/");
        assert_eq!(url("[::1]:8080"), "http://[::1]:8080/");
        assert_eq!(url("192.168.1.4:80"), "http://192.168.1.4:80/");
    }

    #[test]
    fn a_taken_port_moves_to_the_next_free_one() {
        let taken = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = taken.local_addr().unwrap().port();
        let ip: IpAddr = "127.0.0.1".parse().unwrap();
        match bind(ip, port) {
            Ok((_, addr)) => {
                assert!(addr.port() > port && addr.port() <= port.saturating_add(PORT_TRIES));
            }
            // Every port after it may be taken on a busy machine; then the error says so.
            Err(Fatal::Other(e)) => assert!(e.to_string().contains("in use"), "{e}"),
            Err(Fatal::Config(d)) => panic!("{d:?}"),
        }
        let (_, any) = bind(ip, 0).unwrap();
        assert_ne!(any.port(), 0);
    }
}
