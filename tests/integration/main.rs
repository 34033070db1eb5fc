//! opsbook's integration tests: one binary, fixture sites under `tests/fixtures/`, driven
//! through the real `opsbook` command line the way users and CI drive it.

mod build;
mod check;
mod governance;
mod rules;
mod scaffold;
mod support;
