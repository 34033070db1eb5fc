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

/// Contacts as people read them, the empty ones left out: `sre@example.com · #sre`.
fn contacts(each: [&str; 2]) -> String {
    each.into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The address of an email written with a display name (`Ops Team <ops@corp.example>` is
/// `ops@corp.example`), or the email as written.
pub fn address_of(email: &str) -> &str {
    let email = email.trim();
    match (email.rfind('<'), email.strip_suffix('>')) {
        (Some(open), Some(inner)) => inner[open + 1..].trim(),
        _ => email,
    }
}

impl Owner {
    /// How to reach this owner, as people read it: `sre@example.com · #sre`; empty without
    /// a contact.
    pub fn contact(&self) -> String {
        contacts([self.email.as_str(), self.slack.as_str()])
    }

    /// [`Owner::contact`] beside the owner's name: an email's address without the name it
    /// may be written with (`Priya Raman (Priya Raman <priya@…>)` said the name twice).
    pub fn contact_beside_name(&self) -> String {
        contacts([address_of(&self.email), self.slack.as_str()])
    }

    /// Whether `contact` (lowercase) is this owner's Slack handle or email, or the address of
    /// an email written with a display name.
    fn is_reached_at(&self, contact: &str) -> bool {
        (!self.slack.is_empty() && self.slack.to_lowercase() == contact)
            || (!self.email.is_empty()
                && (self.email.to_lowercase() == contact
                    || address_of(&self.email).to_lowercase() == contact))
    }
}

impl Registry {
    /// Parses the text of `owners.yaml`. `None` text means there is no registry.
    pub fn parse(text: Option<&str>) -> Result<Registry, Vec<Diagnostic>> {
        let Some(text) = text else {
            return Ok(Registry::default());
        };
        let conflicts = crate::parse::merge_conflicts(text, OWNERS_FILE);
        if !conflicts.is_empty() {
            return Err(conflicts);
        }
        let file: File = if text.trim().is_empty() {
            File::default()
        } else {
            yaml::from_str_located(text, OWNERS_FILE, "owners-file").map_err(|d| {
                let help = yaml::misspelt_key(&d.message).unwrap_or_else(|| {
                    "owners.yaml holds `owners:` with one entry per id: name, email, slack, kind, members, fallback".into()
                });
                vec![d.with_help(help)]
            })?
        };
        let mut owners = file.owners;
        check(&owners, text)?;
        // Members and fallbacks name ids in any case, as pages do: kept as the ids are written.
        let ids: BTreeMap<String, String> = owners
            .keys()
            .map(|id| (id.to_lowercase(), id.clone()))
            .collect();
        let exact = |other: &mut String| {
            if let Some(id) = ids.get(&other.to_lowercase()) {
                other.clone_from(id);
            }
        };
        for (id, owner) in &mut owners {
            if owner.name.is_empty() {
                owner.name = id.clone();
            }
            owner.members.iter_mut().for_each(exact);
            owner.fallback.iter_mut().for_each(exact);
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
        let wanted = caseless(value.trim());
        self.owners
            .iter()
            .find(|(id, o)| caseless(id) == wanted || o.is_reached_at(&value.trim().to_lowercase()))
            .map(|(id, _)| id.as_str())
    }

    /// The owner most likely meant by `value`, which names none: a misspelt id (`tem-sre`),
    /// an owner's name (`Sam Lee`), or an id with a part more or less than the owner's
    /// (`alex` for `alex.e`; `team-ops` once the team is `ops`): a renamed team left every
    /// page naming it with a list of a dozen ids, none of them it.
    pub fn likely(&self, value: &str) -> Option<&str> {
        let wanted = caseless(value.trim());
        if let Some((id, _)) = self
            .owners
            .iter()
            .find(|(_, o)| caseless(&o.name) == wanted)
        {
            return Some(id);
        }
        if let Some(id) =
            crate::frontmatter::did_you_mean(value, self.owners.keys().map(String::as_str))
        {
            return Some(id);
        }
        let parts = |text: &str| -> std::collections::BTreeSet<String> {
            caseless(text)
                .split(|c: char| !c.is_alphanumeric())
                .filter(|p| !p.is_empty())
                .map(str::to_string)
                .collect()
        };
        let value_parts = parts(value);
        let mut best: Option<(usize, &str)> = None;
        let mut tied = false;
        for id in self.owners.keys() {
            let id_parts = parts(id);
            if value_parts.is_empty()
                || !(id_parts.is_subset(&value_parts) || value_parts.is_subset(&id_parts))
            {
                continue;
            }
            let apart = id_parts.symmetric_difference(&value_parts).count();
            match best {
                Some((b, _)) if b < apart => {}
                Some((b, _)) if b == apart => tied = true,
                _ => {
                    best = Some((apart, id));
                    tied = false;
                }
            }
        }
        if let Some((_, id)) = best.filter(|_| !tied) {
            return Some(id);
        }
        let names = self.owners.values().map(|o| o.name.as_str());
        let name = crate::frontmatter::did_you_mean(value, names)?;
        self.owners
            .iter()
            .find(|(_, o)| o.name == name)
            .map(|(id, _)| id.as_str())
    }

    /// The first dozen ids, and how many more there are: for a help that lists them.
    pub fn some_ids(&self) -> String {
        let ids: Vec<&str> = self.owners.keys().map(String::as_str).collect();
        let mut shown = ids[..ids.len().min(12)].join(", ");
        if ids.len() > 12 {
            shown.push_str(&format!(" and {} more", ids.len() - 12));
        }
        shown
    }

    /// The ids of the owners whose Slack handle or email is `value`, when more than one has
    /// it and no owner's id is `value`: a page naming its owner so cannot say which it means.
    pub fn sharing_contact(&self, value: &str) -> Vec<&str> {
        let wanted = value.trim().to_lowercase();
        if self.owners.keys().any(|id| id.to_lowercase() == wanted) {
            return Vec::new();
        }
        let ids: Vec<&str> = self
            .owners
            .iter()
            .filter(|(_, o)| o.is_reached_at(&wanted))
            .map(|(id, _)| id.as_str())
            .collect();
        if ids.len() > 1 { ids } else { Vec::new() }
    }

    /// The teams `id` belongs to: those listing it among their members, and the teams those
    /// belong to in turn, in id order, without `id` itself (a cycle of teams ends).
    pub fn teams_of(&self, id: &str) -> Vec<&str> {
        let mut found: Vec<&str> = Vec::new();
        let mut next = vec![id];
        while let Some(member) = next.pop() {
            for (team, owner) in &self.owners {
                if team != id
                    && !found.contains(&team.as_str())
                    && owner.members.iter().any(|m| m == member)
                {
                    found.push(team);
                    next.push(team);
                }
            }
        }
        found.sort_unstable();
        found
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
    // Ids that differ only in case: pages name owners in any case, so a page's `ALEX` would be
    // one of them at random.
    let mut by_case: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for id in owners.keys() {
        by_case.entry(id.to_lowercase()).or_default().push(id);
    }
    for ids in by_case.values().filter(|ids| ids.len() > 1) {
        // In the order written; each after the first is the mistake.
        let mut written: Vec<(Option<(u32, u32)>, &str)> = ids
            .iter()
            .map(|id| (yaml::find_key(text, id), *id))
            .collect();
        written.sort();
        let first = written[0].1;
        for &(place, id) in &written[1..] {
            let d = Diagnostic::error(
                "owners-file",
                OWNERS_FILE,
                format!("owners `{first}` and `{id}` differ only in case, and pages name owners in any case"),
            )
            .with_help("merge them into one entry, or give one another id");
            errors.push(match place {
                Some((line, column)) => {
                    d.at_line_col(text, line, column, id.chars().count() as u32)
                }
                None => d,
            });
        }
    }
    let known = |other: &str| by_case.contains_key(&other.to_lowercase());
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
        if id.trim().is_empty() {
            let d = Diagnostic::error("owners-file", OWNERS_FILE, "an owner's id is empty")
                .with_help("give the entry an id pages can name, such as `team-ops`");
            // Written `"":` or `'':` (or with spaces inside the quotes).
            let place = text.split('\n').enumerate().find_map(|(i, line)| {
                let key = line.trim_start();
                let quote = key.chars().next().filter(|&q| q == '"' || q == '\'')?;
                let close = key[1..].find(quote)? + 1;
                (key[1..close].trim().is_empty() && key[close + 1..].trim_start().starts_with(':'))
                    .then(|| (i as u32 + 1, (line.len() - key.len()) as u32 + 1))
            });
            errors.push(match place {
                Some((line, column)) => d.at_line_col(text, line, column, 2),
                None => d,
            });
        }
        // What the YAML allows but a reader of the owner's page could not make sense of.
        let itself = |other: &String| other.to_lowercase() == id.to_lowercase();
        if let Some(me) = owner.members.iter().find(|m| itself(m)) {
            errors.push(at(
                id,
                ("members", me),
                format!("owner `{id}` names itself as its member"),
                "list the team's people (or other teams) in `members`",
            ));
        }
        if let Some(me) = owner.fallback.as_ref().filter(|f| itself(f)) {
            errors.push(at(
                id,
                ("fallback", me),
                format!("owner `{id}` names itself as its fallback"),
                "name who to ask when this owner is away: another team or person",
            ));
        }
        if owner.kind.as_deref() == Some("person") && !owner.members.is_empty() {
            errors.push(at(
                id,
                ("kind", "person"),
                format!("owner `{id}` is a person with members: only a team has members"),
                "write `kind: team`, or take `members` away",
            ));
        }
        if !owner.email.is_empty() && !is_email(&owner.email) {
            errors.push(at(
                id,
                ("email", &owner.email),
                format!(
                    "owner `{id}`'s email \"{}\" is not an email address",
                    owner.email
                ),
                "write an address such as `sre@example.com` (without `mailto:`), or take `email` away",
            ));
        }
        let unknown = owner
            .members
            .iter()
            .chain(&owner.fallback)
            .filter(|other| !known(other));
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
        errors.sort_by_key(|d| (d.line, d.column));
        Err(errors)
    }
}

/// Whether `text` looks like an email address: something, `@`, a domain, no spaces (what a
/// reminder script could send to; an intranet's `ops@corp` too; with a name before it in
/// angle brackets, `Ops Team <ops@corp.example>`; not RFC 5322).
fn is_email(text: &str) -> bool {
    let text = text.trim();
    let address = match text.strip_suffix('>').and_then(|t| t.rsplit_once('<')) {
        Some((_, address)) => address,
        None => text,
    };
    if address.to_ascii_lowercase().starts_with("mailto:") {
        return false;
    }
    let Some((local, domain)) = address.rsplit_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.is_empty()
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !address.contains(char::is_whitespace)
}

/// `text` as ids are compared, case aside: lower case, composed (NFC), `ß` as `ss`
/// (`BJÖRN.GROSS` is `björn.groß`).
fn caseless(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let lower = text.to_lowercase().replace('ß', "ss");
    if lower.is_ascii() {
        lower
    } else {
        lower.nfc().collect()
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
        // Members and fallbacks in another case are the ids, as on pages.
        let shouted = Registry::parse(Some(
            &team
                .replace("[ana]", "[ANA]")
                .replace("fallback: ana", "fallback: Ana"),
        ))
        .unwrap();
        assert_eq!(shouted.owners["team-a"].members, ["ana"]);
        assert_eq!(shouted.owners["team-a"].fallback.as_deref(), Some("ana"));
        // Two ids a page could not tell apart.
        assert_eq!(
            error(&format!("{team}  Ana:\n    name: Other Ana\n")),
            (
                "owners `ana` and `Ana` differ only in case, and pages name owners in any case"
                    .into(),
                11,
                3
            )
        );
        let email = "owners:\n  email:\n    name: Mail\n    email: m@x.example\n";
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
        // A team of itself, its own fallback, a person with members, an address that is none.
        assert_eq!(
            error(&team.replace("members: [ana]", "members: [ana, team-a]")),
            ("owner `team-a` names itself as its member".into(), 5, 20)
        );
        assert_eq!(
            error(&team.replace("fallback: ana", "fallback: Team-A")),
            ("owner `team-a` names itself as its fallback".into(), 6, 15)
        );
        assert_eq!(
            error(&team.replace("kind: team", "kind: person")),
            (
                "owner `team-a` is a person with members: only a team has members".into(),
                4,
                11
            )
        );
        assert_eq!(
            error(&team.replace(
                "    name: Ana\n",
                "    name: Ana\n    email: not-an-email\n"
            )),
            (
                "owner `ana`'s email \"not-an-email\" is not an email address".into(),
                9,
                12
            )
        );
        assert!(is_email("sre@example.com") && is_email("ops@corp"));
        assert!(is_email("Ops Team <ops@corp.example>") && !is_email("mailto:sre@corp"));
        assert_eq!(
            error("owners:\n  \"\":\n    name: Nobody\n"),
            ("an owner's id is empty".into(), 2, 3)
        );
        assert!(!is_email("a b@x.io") && !is_email("@x.io") && !is_email("sre@"));
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
        assert_eq!(d.help.as_deref(), Some("did you mean `name`?"));
    }
}
