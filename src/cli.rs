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
}

/// Options every command that reads a site shares.
#[derive(Debug, Args)]
pub struct SiteArgs {
    /// The site folder (with `opsbook.yaml` and `content/`).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Judge review dates as of this day (YYYY-MM-DD) instead of today.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<Date>,
    /// Publish draft pages too.
    #[arg(long)]
    pub drafts: bool,
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
