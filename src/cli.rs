//! Command-line definitions (clap). Parsing only: what each command does lives in the library.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use jiff::civil::Date;

use crate::diag::Format;

/// Turn a folder of Markdown into a governed, searchable wiki.
#[derive(Debug, Parser)]
#[command(name = "opsbook", version, about, long_about = None)]
pub struct Cli {
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
    /// Print nothing but errors.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Print more about what happens.
    #[arg(short, long, global = true)]
    pub verbose: bool,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate, then render the site into the output folder.
    Build(BuildArgs),
    /// Validate everything `build` validates; write nothing.
    Check(CheckArgs),
    /// Build in memory, serve on localhost, and rebuild and live-reload on every change.
    Serve(ServeArgs),
    /// Print the review state of every page (for reminders and dashboards).
    Report(ReportArgs),
    /// Create a new page of a kind, with its front matter filled in.
    New(NewArgs),
    /// Create a new wiki that builds and passes `check`.
    Init(InitArgs),
    /// Print a JSON Schema of the site's front matter, for editors.
    Schema(SchemaArgs),
    /// List the default theme's templates and files, or copy some into the site to change
    /// them (never over a file of the site's).
    Theme(ThemeArgs),
}

/// `opsbook theme`.
#[derive(Debug, Args)]
pub struct ThemeArgs {
    /// The theme's files to copy: templates (`page.html`, `partials/sidebar.html`) into
    /// `templates/`, others (`assets/opsbook.css`) into `static/`. None: list them.
    pub files: Vec<String>,
    /// The site folder.
    #[arg(long, default_value = ".")]
    pub dir: PathBuf,
}

/// Options every command that reads a site shares.
#[derive(Debug, Args)]
pub struct SiteArgs {
    /// The site folder (with `opsbook.yaml` and `content/`).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Judge review dates as of this day (YYYY-MM-DD) instead of today.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = day)]
    pub today: Option<Date>,
    /// Treat draft pages as published: `build` and `serve` publish them, `check` checks the
    /// site so built, `report` lists them (not reviewed yet).
    #[arg(long)]
    pub drafts: bool,
    /// Treat findings of this rule as errors, whatever opsbook.yaml says (repeatable, or
    /// comma-separated), e.g. `--deny overdue`; `--deny warnings` makes every warning an error.
    #[arg(long, value_name = "RULE", value_delimiter = ',')]
    pub deny: Vec<String>,
}

/// `opsbook build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Site options.
    #[command(flatten)]
    pub site: SiteArgs,
    /// Where to write the site (default: `output_dir` from opsbook.yaml, `public`).
    #[arg(long, short)]
    pub out: Option<PathBuf>,
    /// The absolute URL the site is published at (for canonical links and the sitemap).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// How to print problems.
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

/// `opsbook check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Site options.
    #[command(flatten)]
    pub site: SiteArgs,
    /// How to print problems.
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

/// `opsbook serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Site options.
    #[command(flatten)]
    pub site: SiteArgs,
    /// The port to listen on; when it is taken, the next free one of the 10 after it.
    /// 0 picks any free port.
    #[arg(long, short, default_value_t = 3000)]
    pub port: u16,
    /// The address to listen on. Anything but a loopback address shares the preview with
    /// your network.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,
    /// Look for changes by reading the folders twice a second, for a site in a folder shared
    /// with a container or virtual machine (Docker, WSL, NFS), whose changes the system does
    /// not announce.
    #[arg(long)]
    pub poll: bool,
}

/// `opsbook report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Site options.
    #[command(flatten)]
    pub site: SiteArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: ReportFormat,
    /// Only pages owned by this owner id (repeatable).
    #[arg(long, value_name = "ID")]
    pub owner: Vec<String>,
    /// Only pages with this review status (repeatable): overdue, due_soon, ok, none.
    #[arg(long, value_name = "STATUS")]
    pub status: Vec<String>,
    /// The absolute URL the site is published at, for the report's links (default: base_url
    /// from opsbook.yaml), so that they open from a chat message or an email.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
}

/// Formats of `opsbook report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ReportFormat {
    /// Markdown, grouped by owner: paste it into a reminder.
    #[default]
    Md,
    /// One row per page and owner (a page with two owners is on two rows), for scripts.
    Csv,
    /// The same objects as `pages.json`.
    Json,
}

/// `opsbook new`.
#[derive(Debug, Args)]
pub struct NewArgs {
    /// The kind of page: process, template, tool, release, or a kind from opsbook.yaml.
    pub kind: String,
    /// The page's title; the file name is made from it.
    pub title: String,
    /// The owner id (required for kinds that require an owner).
    #[arg(long)]
    pub owner: Option<String>,
    /// The site folder.
    #[arg(long, default_value = ".")]
    pub dir: PathBuf,
    /// The date to record as `last_reviewed` (default: today).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = day)]
    pub today: Option<Date>,
    /// Start from a template page's text: its path under content/, such as templates/prd.
    #[arg(long, value_name = "TEMPLATE")]
    pub from: Option<String>,
    /// Sets a front-matter field (repeatable): `--set severity=high`, a list as
    /// `--set tags=[a,b]`; for fields a kind requires that opsbook cannot make up.
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
    /// A folder under the kind's to put the page in, made if missing: `--in security` or
    /// `--in processes/security` (its `defaults:` apply).
    #[arg(long = "in", value_name = "FOLDER")]
    pub folder: Option<String>,
}

/// `opsbook init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// Where to create the wiki (created if missing; must not already hold a site).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// The date to record as `last_reviewed` on the starter pages (default: today).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = day)]
    pub today: Option<Date>,
}

/// `opsbook schema`.
#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// The site folder.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
}

/// Reads `--today` as front matter's dates are read, with the same plain words for what is
/// wrong (clap would show the date library's own message).
fn day(text: &str) -> Result<Date, String> {
    crate::frontmatter::parse_date(text)
}
