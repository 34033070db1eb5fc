//! `opsbook schema`: a JSON Schema (draft-07) of the site's front matter, built from its kinds,
//! owners, tag vocabulary and `field_map`, so editors can check pages while they are typed.
//! It is a superset across kinds: which fields a kind requires depends on the page's folder,
//! which a schema cannot see, so `opsbook check` stays the authority.

use serde_json::{Map, Value, json};

use crate::config::{COMMON_FIELDS, FieldType};
use crate::owners::Registry;
use crate::{Fatal, SiteOptions, load};

const DATE_PATTERN: &str = r"^\d{4}-\d{2}-\d{2}$";

/// The units `review::parse_interval` reads, in any case (`m` is a month there).
const INTERVAL_UNITS: &[&str] = &[
    "years", "year", "yrs", "yr", "y", "months", "month", "mos", "mo", "m", "weeks", "week", "wks",
    "wk", "w", "days", "day", "d",
];

/// A number and a unit, once or more (90d, 12w, 6 months, 1 year, 1y 2mo), or ISO 8601 (P6M),
/// as `review::parse_interval` reads them: `3 fortnights` and `4h` are no interval.
fn interval_pattern() -> String {
    let units: Vec<String> = INTERVAL_UNITS.iter().map(|u| caseless_pattern(u)).collect();
    format!(
        r"^\s*(?:[pP](?:\d+[yYmMwWdD])+|(?:\d+\s*(?:{})\s*,?\s*)+)$",
        units.join("|")
    )
}

/// The schema of the site at `options.root`, as pretty-printed JSON.
pub fn schema(options: &SiteOptions) -> Result<String, Fatal> {
    let config = load::config(&options.root)?.map_err(Fatal::Config)?;
    let owners_text = load::owners_text(&options.root)?;
    let owners = Registry::parse(owners_text.as_deref()).map_err(Fatal::Config)?;
    let schema = build(&config, &owners);
    let mut text = serde_json::to_string_pretty(&schema).expect("schema serializes");
    text.push('\n');
    Ok(text)
}

/// A string that is one of `values` in any case, as `check` reads owner ids and tags: listed
/// (an editor offers them) or matched by a pattern that ignores case, letter by letter (JSON
/// Schema's patterns have no flag for it).
fn any_case(values: &[String]) -> Value {
    let alternatives: Vec<String> = values.iter().map(|v| caseless_pattern(v)).collect();
    json!({
        "type": "string",
        "anyOf": [
            {"enum": values},
            {"pattern": format!("^(?:{})$", alternatives.join("|"))},
        ],
    })
}

/// A pattern matching `value` in any case, letter by letter.
fn caseless_pattern(value: &str) -> String {
    value
        .chars()
        .map(|c| {
            let (lower, upper) = (c.to_lowercase().to_string(), c.to_uppercase().to_string());
            if lower != upper && lower.chars().count() == 1 && upper.chars().count() == 1 {
                format!("[{lower}{upper}]")
            } else if "\\^$.|?*+()[]{}".contains(c) {
                // Only the pattern's own characters are escaped: with the `u` flag
                // validators use, `\\#` is an error.
                format!("\\{c}")
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// The schema value for a configuration and owner registry.
pub fn build(config: &crate::config::Config, owners: &Registry) -> Value {
    let kinds = config.kinds();
    let owner = if owners.present {
        let mut values: Vec<String> = owners.owners.keys().cloned().collect();
        for o in owners.owners.values() {
            values.extend(
                [o.slack.clone(), o.email.clone()]
                    .into_iter()
                    .filter(|v| !v.is_empty()),
            );
        }
        values.sort();
        values.dedup();
        let mut owner = any_case(&values);
        owner["description"] =
            json!("An owner id from owners.yaml (or its Slack handle or email), in any case.");
        owner
    } else {
        json!({"type": "string", "minLength": 1, "description": "The team or person who keeps the page right."})
    };
    let tag = if config.tags.is_empty() {
        json!({"type": "string"})
    } else {
        any_case(&config.tags)
    };
    let page_ref = json!({"type": "string", "description": "A page: its path under content/ without .md, such as tools/jira."});
    let one_or_many = |item: &Value| json!({"anyOf": [item, {"type": "array", "items": item}]});
    let list_of = |item: &Value| json!({"type": "array", "items": item});

    let mut properties = Map::new();
    let mut add = |name: &str, value: Value| {
        properties.insert(name.to_string(), value);
    };
    add(
        "title",
        json!({"type": "string", "description": "The page title (else its first # heading)."}),
    );
    add(
        "summary",
        json!({"type": "string", "description": "One line for listings, search and <meta name=description>."}),
    );
    add(
        "kind",
        json!({"type": "string", "enum": kinds.iter().map(|k| k.id.clone()).collect::<Vec<_>>(), "description": "The kind; by default the page's top folder decides."}),
    );
    add("owner", one_or_many(&owner));
    add(
        "last_reviewed",
        json!({"type": "string", "pattern": DATE_PATTERN, "description": "When the owner last confirmed the page is right (YYYY-MM-DD)."}),
    );
    add(
        "review_every",
        json!({"type": "string", "pattern": interval_pattern(), "description": "Review interval: 90d, 12w, 6 months, 1 year, P6M."}),
    );
    add(
        "review_due",
        json!({"type": "string", "pattern": DATE_PATTERN, "description": "An explicit review date instead of an interval."}),
    );
    add(
        "status",
        json!({"type": "string", "enum": ["draft", "active", "deprecated", "archived"]}),
    );
    add("tags", one_or_many(&tag));
    add("aliases", one_or_many(&json!({"type": "string"})));
    add(
        "weight",
        json!({"type": "number", "description": "Order in navigation, lower first (decimals allowed)."}),
    );
    add("tools", one_or_many(&page_ref));
    add("templates", one_or_many(&page_ref));
    add("related", one_or_many(&page_ref));
    add(
        "search",
        json!({"type": "boolean", "description": "false keeps the page out of search."}),
    );
    add(
        "draft",
        json!({"type": "boolean", "description": "true is status: draft (Hugo's field)."}),
    );
    debug_assert!(COMMON_FIELDS.iter().all(|f| properties.contains_key(*f)));

    for kind in &kinds {
        for (name, spec) in &kind.fields {
            let description = format!(
                "{} ({}).",
                spec.label
                    .clone()
                    .unwrap_or_else(|| crate::site::humanize(name)),
                kind.plural.to_lowercase()
            );
            let mut value = match spec.field_type {
                FieldType::String => json!({"type": ["string", "number"]}),
                FieldType::Date => json!({"type": "string", "pattern": DATE_PATTERN}),
                FieldType::Duration => json!({"type": "string", "pattern": interval_pattern()}),
                FieldType::Enum => json!({"type": "string", "enum": spec.values}),
                FieldType::List => one_or_many(&json!({"type": "string"})),
                FieldType::Url => json!({"type": "string", "pattern": "^https?://"}),
                FieldType::Owner => owner.clone(),
                FieldType::Owners => one_or_many(&owner),
                FieldType::Page => page_ref.clone(),
                FieldType::Pages => list_of(&page_ref),
            };
            value["description"] = Value::String(description);
            properties.entry(name.clone()).or_insert(value);
        }
    }
    // Foreign names accepted through `field_map` take the schema of the field they stand for.
    for (foreign, native) in &config.field_map {
        if let Some(value) = properties.get(native).cloned() {
            properties.insert(foreign.clone(), value);
        }
    }
    // `check` reads keys in any case (`Owner:`, `Last_Reviewed:`): so does the schema, with
    // the lower-case names listed for editors to offer.
    let any_case_keys: Map<String, Value> = properties
        .iter()
        .filter(|(name, _)| name.to_lowercase() != name.to_uppercase())
        .map(|(name, value)| (format!("^{}$", caseless_pattern(name)), value.clone()))
        .collect();
    json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": format!("Front matter of {}", config.title),
        "description": "Generated by `opsbook schema`. Which fields are required depends on the page's kind; `opsbook check` has the final word.",
        "type": "object",
        "properties": properties,
        "patternProperties": any_case_keys,
        "additionalProperties": false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_lists_owners_tags_kind_fields_and_mapped_names() {
        let config = crate::config::Config::parse(
            "tags: [incident, release]\nfield_map:\n  owner_slack: owner\nkinds:\n  policy:\n    fields:\n      severity: {type: enum, values: [low, high]}\n",
        )
        .unwrap();
        let owners = Registry::parse(Some("owners:\n  team-sre:\n    slack: \"#sre\"\n")).unwrap();
        let schema = build(&config, &owners);
        let props = &schema["properties"];
        assert_eq!(
            props["owner"]["anyOf"][0]["anyOf"][0]["enum"],
            json!(["#sre", "team-sre"])
        );
        assert_eq!(
            props["tags"]["anyOf"][0]["anyOf"][0]["enum"],
            json!(["incident", "release"])
        );
        // Any case, as `check` reads them.
        assert_eq!(
            props["tags"]["anyOf"][0]["anyOf"][1]["pattern"],
            json!("^(?:[iI][nN][cC][iI][dD][eE][nN][tT]|[rR][eE][lL][eE][aA][sS][eE])$")
        );
        assert_eq!(
            props["owner"]["anyOf"][0]["anyOf"][1]["pattern"],
            json!("^(?:#[sS][rR][eE]|[tT][eE][aA][mM]-[sS][rR][eE])$")
        );
        assert_eq!(props["severity"]["enum"], json!(["low", "high"]));
        assert_eq!(props["owner_slack"], props["owner"]);
        assert_eq!(props["version"]["type"], json!(["string", "number"]));
        assert_eq!(schema["additionalProperties"], json!(false));
        assert!(
            props["kind"]["enum"]
                .as_array()
                .unwrap()
                .contains(&json!("policy"))
        );
    }
}
