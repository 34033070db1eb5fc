//! The `opsbook` binary: parses arguments, calls the library, prints the outcome and maps it
//! to an exit code: 0 success (warnings allowed), 1 errors in the content, 2 usage, config or
//! I/O failure.

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;
use opsbook::cli::{
    Cli, Command, InitArgs, NewArgs, ReportArgs, SchemaArgs, ServeArgs, SiteArgs, ThemeArgs,
};
use opsbook::diag::{self, Format};
use opsbook::{Fatal, Report, SiteOptions};

// jemalloc, not the system allocator: on the 10,000-page benchmark a build takes a tenth less
// time and, configured below, a tenth less peak memory (`bench/`, README "Performance").
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

// jemalloc's options, read before `main`: two arenas (a build's threads allocate in bursts,
// and eight arenas per core hold each its own free memory), and freed pages handed back to
// the system after 200 ms rather than 10 s, so that one phase's garbage is not still resident
// at the next phase's peak. `_RJEM_MALLOC_CONF` in the environment adds to these.
#[cfg(not(target_env = "msvc"))]
#[unsafe(export_name = "_rjem_malloc_conf")]
static JEMALLOC_OPTIONS: &u8 = &b"narenas:2,dirty_decay_ms:200,muzzy_decay_ms:0\0"[0];

fn main() -> ExitCode {
    // A panic is a bug of opsbook's, not the writer's: after Rust's own message, say so and
    // what to send.
    let rust_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        rust_hook(info);
        eprintln!(
            "error: this is a bug in opsbook {}, not in your site: please report it with the command and the file named above (RUST_BACKTRACE=1 adds where it happened)",
            env!("CARGO_PKG_VERSION")
        );
    }));
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let color = stderr_color();
    let (result, format) = match &cli.command {
        Command::Build(args) => {
            let mut options = site_options(&args.site);
            options.out = args.out.clone();
            options.base_url = args.base_url.clone();
            (opsbook::build(&options), args.format)
        }
        Command::Check(args) => (opsbook::check(&site_options(&args.site)), args.format),
        Command::Report(args) => return run_report(args),
        Command::Serve(args) => return run_serve(&cli, args),
        Command::New(args) => return run_new(&cli, args),
        Command::Init(args) => return run_init(&cli, args),
        Command::Schema(args) => return run_schema(args),
        Command::Theme(args) => return run_theme(&cli, args),
    };
    let site_dir = match &cli.command {
        Command::Build(args) => args.site.dir.clone(),
        Command::Check(args) => args.site.dir.clone(),
        _ => unreachable!("other commands returned above"),
    };
    let prefix = path_prefix(&site_dir, format);
    match result {
        Ok(mut report) => {
            prefix_paths(&mut report.diagnostics, &prefix);
            finish(&cli, &report, format, color)
        }
        Err(Fatal::Config(mut diagnostics)) => {
            prefix_paths(&mut diagnostics, &prefix);
            print_fatal(Fatal::Config(diagnostics), format, color)
        }
        Err(fatal) => print_fatal(fatal, format, color),
    }
}

/// Diagnostics name files from the site root; people and GitHub open them from where the
/// command ran, so the human and GitHub formats add the site folder in front. JSON keeps
/// site-relative paths, its documented interface.
fn path_prefix(site_dir: &std::path::Path, format: Format) -> String {
    // GitHub places an annotation by its path from the repository's root, the workspace,
    // whatever folder the step ran in (`working-directory: docs`).
    let from_workspace = (format == Format::Github)
        .then(|| std::env::var_os("GITHUB_WORKSPACE"))
        .flatten()
        .and_then(|workspace| {
            let workspace = std::path::Path::new(&workspace).canonicalize().ok()?;
            let site = site_dir.canonicalize().ok()?;
            Some(site.strip_prefix(workspace).ok()?.to_path_buf())
        });
    let site_dir = from_workspace.as_deref().unwrap_or(site_dir);
    let dir = site_dir.to_string_lossy().replace('\\', "/");
    let dir = dir.trim_start_matches("./").trim_end_matches('/');
    if format == Format::Json || dir.is_empty() || dir == "." {
        String::new()
    } else {
        format!("{dir}/")
    }
}

fn prefix_paths(diagnostics: &mut [diag::Diagnostic], prefix: &str) {
    if prefix.is_empty() {
        return;
    }
    for d in diagnostics {
        d.path = format!("{prefix}{}", d.path);
    }
}

/// Prints why a command could not run, and gives exit code 2.
fn print_fatal(fatal: Fatal, format: Format, color: bool) -> ExitCode {
    match fatal {
        // A machine format's reader reads stdout: an unusable opsbook.yaml is one diagnostic
        // there like any other, not an empty stdout and JSON on stderr.
        Fatal::Config(diagnostics) if format != Format::Human => {
            diag::to_stdout(&diag::render(&diagnostics, format, false))
        }
        Fatal::Config(diagnostics) => diag::to_stderr(&diag::render(&diagnostics, format, color)),
        // The same for a site that cannot be read at all (a wrong folder in a CI job): a
        // reader of `--format json` finds a diagnostic rather than nothing to parse.
        Fatal::Other(e) if format != Format::Human => {
            let text = format!("{e:#}");
            let (message, help) = match text.split_once("\nhelp: ") {
                Some((message, help)) => (message.to_string(), Some(help.to_string())),
                None => (text.clone(), None),
            };
            let mut d = diag::Diagnostic::error("config", "", message);
            if let Some(help) = help {
                d = d.with_help(help);
            }
            diag::to_stdout(&diag::render(&[d], format, false));
            diag::to_stderr(&format!("error: {text}\n"));
        }
        Fatal::Other(e) => diag::to_stderr(&format!("error: {e:#}\n")),
    }
    ExitCode::from(2)
}

/// Colour on a terminal, unless `NO_COLOR` is set to something (no-color.org: an empty
/// value does not count).
fn stderr_color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// `opsbook serve` runs until interrupted; it returns only when it cannot start.
fn run_serve(cli: &Cli, args: &ServeArgs) -> ExitCode {
    let options = opsbook::serve::ServeOptions {
        site: site_options(&args.site),
        port: args.port,
        bind: args.bind,
        open: args.open,
        poll: args.poll,
        quiet: cli.quiet,
        verbose: cli.verbose,
        color: stderr_color(),
    };
    match opsbook::serve::serve(&options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(fatal) => print_fatal(fatal, Format::Human, stderr_color()),
    }
}

fn run_report(args: &ReportArgs) -> ExitCode {
    let options = opsbook::report::ReportOptions {
        site: SiteOptions {
            base_url: args.base_url.clone(),
            ..site_options(&args.site)
        },
        format: args.format,
        owners: args.owner.clone(),
        statuses: args.status.clone(),
    };
    match opsbook::report::report(&options) {
        Ok((text, mut errors)) => {
            diag::to_stdout(&text);
            if errors.is_empty() {
                return ExitCode::SUCCESS;
            }
            // The report is on stdout, for a file or a message; its errors go to people.
            prefix_paths(&mut errors, &path_prefix(&args.site.dir, Format::Human));
            let color = stderr_color();
            diag::to_stderr(&diag::render(&errors, Format::Human, color));
            let why = if errors
                .iter()
                .all(|d| opsbook::report::is_review_rule(d.code))
            {
                "reviews that --deny fails on"
            } else {
                "the report may be wrong about these pages (`opsbook check` lists every problem)"
            };
            diag::to_stderr(&format!("{}: {why}\n", diag::summary(&errors)));
            ExitCode::from(1)
        }
        Err(fatal) => print_fatal(fatal, Format::Human, stderr_color()),
    }
}

fn run_new(cli: &Cli, args: &NewArgs) -> ExitCode {
    let options = opsbook::scaffold::NewPage {
        root: args.dir.clone(),
        kind: args.kind.clone(),
        title: args.title.clone(),
        owner: args.owner.clone(),
        today: args.today,
        from: args.from.clone(),
        set: args.set.clone(),
        folder: args.folder.clone(),
    };
    match opsbook::scaffold::new_page(&options) {
        Ok(path) => {
            if !cli.quiet {
                diag::to_stderr(&format!("created {}\n", opsbook::display_path(&path)));
            }
            ExitCode::SUCCESS
        }
        Err(Fatal::Config(mut errors))
            if errors.iter().all(|d| {
                d.path != opsbook::config::CONFIG_FILE && d.path != opsbook::owners::OWNERS_FILE
            }) =>
        {
            prefix_paths(&mut errors, &path_prefix(&args.dir, Format::Human));
            let code = print_fatal(Fatal::Config(errors), Format::Human, stderr_color());
            diag::to_stderr(
                "opsbook new wrote nothing: the page would fail `opsbook check` as above; \
                 change the title, a --set value or the template, and run it again\n",
            );
            code
        }
        Err(fatal) => print_fatal(fatal, Format::Human, stderr_color()),
    }
}

fn run_init(cli: &Cli, args: &InitArgs) -> ExitCode {
    match opsbook::scaffold::init(&args.dir, args.today) {
        Ok(_) if cli.quiet => ExitCode::SUCCESS,
        Ok(done) => {
            for file in &done.files {
                diag::to_stderr(&format!("created {}\n", opsbook::display_path(file)));
            }
            for note in &done.notes {
                diag::to_stderr(&format!("note: {note}\n"));
            }
            if let Some(folder) = &done.adopted {
                diag::to_stderr(&format!(
                    "the pages are the Markdown already in {folder}/ (content_dir: {folder}); no starter pages or sample owners were added (owners stay as the pages name them until owners.yaml lists them)\n"
                ));
            }
            diag::to_stderr(&format!(
                "next: `opsbook check {dir}` to validate, `opsbook build {dir}` to render\n",
                dir = opsbook::display_path(&args.dir)
            ));
            ExitCode::SUCCESS
        }
        Err(fatal) => print_fatal(fatal, Format::Human, stderr_color()),
    }
}

fn run_theme(cli: &Cli, args: &ThemeArgs) -> ExitCode {
    if args.files.is_empty() {
        return match opsbook::scaffold::theme_listing(&args.dir) {
            Ok(listing) => {
                diag::to_stdout(&listing);
                ExitCode::SUCCESS
            }
            Err(fatal) => print_fatal(fatal, Format::Human, stderr_color()),
        };
    }
    match opsbook::scaffold::copy_theme_files(&args.dir, &args.files) {
        Ok(files) => {
            if !cli.quiet {
                for file in &files {
                    let shown = file.strip_prefix(".").unwrap_or(file);
                    diag::to_stderr(&format!("created {}\n", opsbook::display_path(shown)));
                }
            }
            ExitCode::SUCCESS
        }
        Err(fatal) => print_fatal(fatal, Format::Human, stderr_color()),
    }
}

fn run_schema(args: &SchemaArgs) -> ExitCode {
    let options = SiteOptions {
        root: args.dir.clone(),
        ..SiteOptions::default()
    };
    match opsbook::schema::schema(&options) {
        Ok(text) => {
            diag::to_stdout(&text);
            ExitCode::SUCCESS
        }
        Err(fatal) => print_fatal(fatal, Format::Human, stderr_color()),
    }
}

fn site_options(args: &SiteArgs) -> SiteOptions {
    SiteOptions {
        root: args.dir.clone(),
        today: args.today,
        drafts: args.drafts,
        deny: args.deny.clone(),
        ..SiteOptions::default()
    }
}

fn finish(cli: &Cli, report: &Report, format: Format, color: bool) -> ExitCode {
    // `build` keeps notes (reviews due soon) for `-v`; `check` is asked for everything.
    let hide_notes = matches!(cli.command, Command::Build(_)) && !cli.verbose;
    let shown: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| !cli.quiet || d.severity == diag::Severity::Error)
        .filter(|d| !(hide_notes && d.severity == diag::Severity::Note))
        .cloned()
        .collect();
    // Machine formats go to stdout, where CI reads them; people read stderr.
    match format {
        Format::Human => {
            diag::to_stderr(&diag::render(&shown, format, color));
            if !cli.quiet {
                let counts = diag::summary(&report.diagnostics);
                let pages = format!(
                    "{} page{}",
                    report.pages,
                    if report.pages == 1 { "" } else { "s" }
                );
                let summary = match (&report.written, &cli.command) {
                    (Some(out), _) => {
                        format!(
                            "built {pages} into {} ({counts})",
                            opsbook::display_path(out)
                        )
                    }
                    (None, Command::Build(_)) => format!("{counts}; nothing was written"),
                    (None, _) => format!("checked {pages}: {counts}"),
                };
                diag::to_stderr(&format!("{summary}\n"));
            }
        }
        _ => diag::to_stdout(&diag::render(&shown, format, false)),
    }
    ExitCode::from(if report.failed() { 1 } else { 0 })
}
