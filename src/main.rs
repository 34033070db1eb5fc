//! The `opsbook` binary: parses arguments, calls the library, prints the outcome and maps it
//! to an exit code: 0 success (warnings allowed), 1 errors in the content, 2 usage, config or
//! I/O failure.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;
use opsbook::cli::{Cli, Command, SiteArgs};
use opsbook::diag::{self, Format};
use opsbook::{Fatal, Report, SiteOptions};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let (result, format) = match &cli.command {
        Command::Build(args) => {
            let mut options = site_options(&args.site);
            options.out = args.out.clone();
            options.base_url = args.base_url.clone();
            (opsbook::build(&options), args.format)
        }
        Command::Check(args) => (opsbook::check(&site_options(&args.site)), args.format),
    };
    match result {
        Ok(report) => finish(&cli, &report, format, color),
        Err(Fatal::Config(d)) => {
            eprint!("{}", diag::render(&[*d], format, color));
            ExitCode::from(2)
        }
        Err(Fatal::Other(e)) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn site_options(args: &SiteArgs) -> SiteOptions {
    SiteOptions {
        root: args.dir.clone(),
        today: args.today,
        drafts: args.drafts,
        ..SiteOptions::default()
    }
}

fn finish(cli: &Cli, report: &Report, format: Format, color: bool) -> ExitCode {
    let shown: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| !cli.quiet || d.severity == diag::Severity::Error)
        .cloned()
        .collect();
    // Machine formats go to stdout, where CI reads them; people read stderr.
    match format {
        Format::Human => {
            eprint!("{}", diag::render(&shown, format, color));
            if !cli.quiet {
                let mut summary = diag::summary(&report.diagnostics);
                match &report.written {
                    Some(out) => {
                        summary = format!(
                            "built {} pages into {} ({summary})",
                            report.pages,
                            opsbook::display_path(out)
                        )
                    }
                    None if report.failed() => summary = format!("{summary}; nothing was written"),
                    None => summary = format!("checked {} pages ({summary})", report.pages),
                }
                eprintln!("{summary}");
            }
        }
        _ => {
            let mut stdout = std::io::stdout().lock();
            let _ = stdout.write_all(diag::render(&shown, format, false).as_bytes());
        }
    }
    ExitCode::from(if report.failed() { 1 } else { 0 })
}
