//! opsbook's integration tests: one binary, fixture sites under `tests/fixtures/`, driven
//! through the real `opsbook` command line the way users and CI drive it.

mod build;
mod check;
mod governance;
mod history;
mod incremental;
mod releases;
mod rules;
mod scaffold;
mod search;
mod serve;
mod support;
mod wiki;
