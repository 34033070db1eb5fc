//! `opsbook schema`: a JSON Schema of the site's front matter, built from its kinds, so editors
//! with a YAML language server can check pages while they are typed.

use crate::{Fatal, SiteOptions};

/// The schema as pretty-printed JSON.
pub fn schema(_options: &SiteOptions) -> Result<String, Fatal> {
    Err(Fatal::Other(anyhow::anyhow!(
        "`opsbook schema` is being written"
    )))
}
