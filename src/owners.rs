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
    pub fn parse(text: Option<&str>) -> Result<Registry, Vec<Diagnostic>> {
        let Some(text) = text else {
            return Ok(Registry::default());
        };
        let file: File = if text.trim().is_empty() {
            File::default()
        } else {
            yaml::from_str_located(text, OWNERS_FILE, "owners-file").map_err(|d| {
                vec![d.with_help("owners.yaml holds `owners:` with one entry per id: name, email, slack, kind, members")]
            })?
        };
        let mut owners = file.owners;
        check(&owners, text)?;
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

    /// The id of the owner written as `value`: its id, in any case (`team-sre` for
    /// `Team-SRE`), or its Slack handle or email as registered (so doc sets that name owners
    /// by Slack channel need no rewrite).
    pub fn resolve<'a>(&'a self, value: &str) -> Option<&'a str> {
        if let Some((id, _)) = self.owners.get_key_value(value) {
            return Some(id);
        }
        let wanted = value.trim().to_lowercase();
        self.owners
            .iter()
            .find(|(id, o)| {
                id.to_lowercase() == wanted
                    || (!o.slack.is_empty() && o.slack.to_lowercase() == wanted)
                    || (!o.email.is_empty() && o.email.to_lowercase() == wanted)
            })
            .map(|(id, _)| id.as_str())
    }

    /// The display name of `id` (the id itself when it is not registered).
    pub fn name<'a>(&'a self, id: &'a str) -> &'a str {
        self.owners.get(id).map_or(id, |o| o.name.as_str())
    }
}

/// The problems of the entries of `owners.yaml` (whose text is `text`) that its YAML allows,
/// all of them: an id written twice (the YAML reader keeps the last), a kind other than
/// `team` or `person`, members or a fallback that are not ids of the file.
fn check(owners: &BTreeMap<String, Owner>, text: &str) -> Result<(), Vec<Diagnostic>> {
    let mut errors = Vec::new();
    // At the faulty value in the entry, else at the entry's id.
    let at = |id: &str, (field, value): (&str, &str), message: String, help: &str| {
        let place = yaml::find_in_entry(text, id, field, value).or_else(|| {
            let (line, column) = yaml::find_key(text, id)?;
            Some((line, column, id.chars().count() as u32))
        });
        let d = Diagnostic::error("owners-file", OWNERS_FILE, message).with_help(help);
        match place {
            Some((line, column, width)) => d.at_line_col(text, line, column, width),
            None => d,
        }
    };
    for (id, owner) in owners {
        // At the first one's indentation: an id may also be a field's name (`email:`).
        let mut lines = yaml::key_lines(text, id);
        let first_column = lines.next().map(|(_, column)| column);
        if let Some((line, column)) = lines.find(|(_, column)| Some(*column) == first_column) {
            errors.push(
                Diagnostic::error(
                    "owners-file",
                    OWNERS_FILE,
                    format!(
                        "owner `{id}` is written twice: the second entry would replace the first"
                    ),
                )
                .at_line_col(text, line, column, id.chars().count() as u32)
                .with_help("merge the two entries into one"),
            );
        }
        if let Some(kind) = owner
            .kind
            .as_deref()
            .filter(|k| !matches!(*k, "team" | "person"))
        {
            errors.push(at(
                id,
                ("kind", kind),
                format!("owner `{id}` has kind \"{kind}\", which is neither team nor person"),
                "write `kind: team` or `kind: person`",
            ));
        }
        let unknown = owner
            .members
            .iter()
            .chain(&owner.fallback)
            .filter(|other| !owners.contains_key(other.as_str()));
        for other in unknown {
            let role = if owner.fallback.as_ref() == Some(other) {
                "fallback"
            } else {
                "member"
            };
            let help =
                match crate::frontmatter::did_you_mean(other, owners.keys().map(String::as_str)) {
                    Some(s) => format!(
                        "did you mean `{s}`? Name an id of owners.yaml, or add `{other}` to it"
                    ),
                    None => format!("name an id of owners.yaml, or add `{other}` to it"),
                };
            let field = if role == "member" {
                "members"
            } else {
                "fallback"
            };
            errors.push(at(
                id,
                (field, other),
                format!("owner `{id}` names `{other}` as its {role}, but no owner has that id"),
                &help,
            ));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_the_yaml_allows_but_that_make_no_sense_are_errors_where_written() {
        let error = |text: &str| {
            let d = Registry::parse(Some(text)).unwrap_err().remove(0);
            (d.message.clone(), d.line, d.column)
        };
        let team = "owners:\n  team-a:\n    name: A\n    kind: team\n    members: [ana]\n    fallback: ana\n  ana:\n    name: Ana\n  annabel:\n    name: Annabel\n";
        assert!(Registry::parse(Some(team)).is_ok());
        let email = "owners:\n  email:\n    name: Mail\n    email: m@x\n";
        assert!(
            Registry::parse(Some(email)).is_ok(),
            "an id may be a field's name"
        );
        assert_eq!(
            error(&format!("{team}  team-a:\n    name: Again\n")),
            (
                "owner `team-a` is written twice: the second entry would replace the first".into(),
                11,
                3
            )
        );
        assert_eq!(
            error(&team.replace("kind: team", "kind: squad")),
            (
                "owner `team-a` has kind \"squad\", which is neither team nor person".into(),
                4,
                11
            )
        );
        assert_eq!(
            error(&team.replace("members: [ana]", "members: [anna]")),
            (
                "owner `team-a` names `anna` as its member, but no owner has that id".into(),
                5,
                15
            )
        );
        assert_eq!(
            error(&team.replace("members: [ana]", "members:\n      - annabel\n      - anna")),
            (
                "owner `team-a` names `anna` as its member, but no owner has that id".into(),
                7,
                9
            )
        );
        assert_eq!(
            error(&team.replace("fallback: ana", "fallback: nobody")),
            (
                "owner `team-a` names `nobody` as its fallback, but no owner has that id".into(),
                6,
                15
            )
        );
        // Where the value is not on a line of its own field, the entry's id.
        assert_eq!(error("owners:\n  ops: {kind: squad}\n").1, 2);
    }

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
        let d = Registry::parse(Some("owners:\n  a:\n    nmae: A\n"))
            .unwrap_err()
            .remove(0);
        assert_eq!(d.line, 3);
    }
}
