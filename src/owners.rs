//! The owner registry: `owners.yaml` read into teams and people that pages name as owners.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::diag::Diagnostic;
use crate::yaml;

/// File name of the owner registry, at the site root.
pub const OWNERS_FILE: &str = "owners.yaml";

/// One owner: a team or a person.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct Owner {
    /// Display name; defaults to the id.
    pub name: String,
    /// `team` or `person`.
    pub kind: Option<String>,
    /// Contact email.
    pub email: String,
    /// Slack channel or handle.
    pub slack: String,
    /// For teams: the ids of their members.
    pub members: Vec<String>,
    /// Who answers when this owner cannot (an owner id).
    pub fallback: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    owners: BTreeMap<String, Owner>,
}

/// The owners a site knows about, by id, in id order.
#[derive(Debug, Clone, Default)]
pub struct Registry {
    /// Whether an `owners.yaml` exists; without one, owners are free-form.
    pub present: bool,
    /// Owners by id.
    pub owners: BTreeMap<String, Owner>,
}

impl Registry {
    /// Parses the text of `owners.yaml`. `None` text means there is no registry.
    pub fn parse(text: Option<&str>) -> Result<Registry, Box<Diagnostic>> {
        let Some(text) = text else {
            return Ok(Registry::default());
        };
        let file: File = if text.trim().is_empty() {
            File::default()
        } else {
            yaml::from_str_located(text, OWNERS_FILE, "owners-file").map_err(|d| {
                Box::new(d.with_help("owners.yaml holds `owners:` with one entry per id: name, email, slack, kind, members"))
            })?
        };
        let mut owners = file.owners;
        for (id, owner) in &mut owners {
            if owner.name.is_empty() {
                owner.name = id.clone();
            }
        }
        Ok(Registry {
            present: true,
            owners,
        })
    }

    /// The id of the owner written as `value`: its id, or its Slack handle or email as
    /// registered (so doc sets that name owners by Slack channel need no rewrite).
    pub fn resolve<'a>(&'a self, value: &str) -> Option<&'a str> {
        if let Some((id, _)) = self.owners.get_key_value(value) {
            return Some(id);
        }
        let wanted = value.trim().to_lowercase();
        self.owners
            .iter()
            .find(|(_, o)| {
                (!o.slack.is_empty() && o.slack.to_lowercase() == wanted)
                    || (!o.email.is_empty() && o.email.to_lowercase() == wanted)
            })
            .map(|(id, _)| id.as_str())
    }

    /// The display name of `id` (the id itself when it is not registered).
    pub fn name<'a>(&'a self, id: &'a str) -> &'a str {
        self.owners.get(id).map_or(id, |o| o.name.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_generated_corpus_shape() {
        let r = Registry::parse(Some(
            "owners:\n  team-sre:\n    name: \"SRE\"\n    email: sre@x\n    slack: \"#sre\"\n  bob: {}\n",
        ))
        .unwrap();
        assert!(r.present);
        assert_eq!(r.name("team-sre"), "SRE");
        assert_eq!(r.name("bob"), "bob");
        assert_eq!(r.name("nobody"), "nobody");
    }

    #[test]
    fn unknown_owner_field_is_located() {
        let d = Registry::parse(Some("owners:\n  a:\n    nmae: A\n")).unwrap_err();
        assert_eq!(d.line, 3);
    }
}
