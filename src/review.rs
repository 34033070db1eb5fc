//! Review dates: parsing review intervals (`90d`, `6 months`, `P6M` …) and deciding whether a
//! page is reviewed, due soon or overdue on a given day.

use jiff::Span;
use jiff::civil::Date;
use serde::Serialize;

/// Where a page stands with its review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewStatus {
    /// The review date is past.
    Overdue,
    /// Due today or within the due-soon window.
    DueSoon,
    /// Reviewed and not due soon.
    Ok,
    /// Not reviewed: the kind is not reviewed, the page is archived or has no date.
    None,
}

impl ReviewStatus {
    /// The name used in output (`ok`, `due_soon`, `overdue`, `none`).
    pub fn as_str(self) -> &'static str {
        match self {
            ReviewStatus::Overdue => "overdue",
            ReviewStatus::DueSoon => "due_soon",
            ReviewStatus::Ok => "ok",
            ReviewStatus::None => "none",
        }
    }
}

/// The review state of one page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Review {
    /// Status on the build's "today".
    pub status: ReviewStatus,
    /// When the page was last reviewed.
    pub last_reviewed: Option<Date>,
    /// When the next review is due.
    pub due: Option<Date>,
    /// Days from today until `due` (negative when overdue); 0 without a due date.
    pub days_left: i64,
}

/// Parses a review interval such as `90d`, `12w`, `6 months`, `6 month`, `1 year`, `1y 2mo` or
/// ISO 8601 `P6M`, in any case (`6 Months`, `90D`); `m` is a month (`6m`), as a review is
/// never counted in minutes. Bare numbers are refused: "6" could mean days or months.
pub fn parse_interval(text: &str) -> Result<Span, String> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err("it is empty".into());
    }
    if trimmed.parse::<f64>().is_ok() {
        return Err(format!(
            "\"{trimmed}\" has no unit, so it could mean days or months"
        ));
    }
    let span: Span = friendly_units(trimmed).parse().map_err(|_| {
        let unit = trimmed.trim_start_matches(|c: char| c.is_ascii_digit() || c.is_whitespace());
        const UNITS: &[&str] = &["days", "weeks", "months", "years", "d", "w", "mo", "y"];
        let known = |u: &str| {
            let u = u.to_ascii_lowercase();
            UNITS
                .iter()
                .any(|k| *k == u || k.strip_suffix('s') == Some(u.as_str()))
        };
        // A number the calendar cannot hold, in a unit that is fine.
        if unit.len() < trimmed.len() && known(unit) {
            return format!("\"{trimmed}\" is too long: a review interval is at most 10 years");
        }
        match crate::frontmatter::did_you_mean(unit, UNITS.iter().copied()) {
            Some(s) if !unit.is_empty() && unit.chars().all(char::is_alphabetic) => {
                format!("unknown unit \"{unit}\" (did you mean \"{s}\"?)")
            }
            _ => "expected a number and a unit".to_string(),
        }
    })?;
    if span.is_zero() || span.is_negative() {
        return Err("the interval must be longer than zero".into());
    }
    if span.get_hours() != 0
        || span.get_minutes() != 0
        || span.get_seconds() != 0
        || span.get_milliseconds() != 0
    {
        return Err("it counts days, weeks, months or years, not hours or minutes".into());
    }
    // Past that, the page would in effect never be due (and past the calendar's end, the
    // due date could not even be worked out).
    let start = jiff::civil::date(2000, 1, 1);
    if add_interval(start, span).is_none_or(|due| due > jiff::civil::date(2010, 1, 1)) {
        return Err(format!(
            "\"{trimmed}\" is too long: a review interval is at most 10 years"
        ));
    }
    Ok(span)
}

/// `text` in lower case with each unit `m` read as months (`mo`), for jiff's parser, whose
/// units are lower case and whose `m` is minutes. An ISO 8601 duration (`P6M`) is left as it
/// is: its `M` is months already, and minutes after a `T`.
fn friendly_units(text: &str) -> String {
    if text.starts_with(['P', 'p']) {
        return text.to_string();
    }
    let lower = text.to_lowercase();
    let mut out = String::with_capacity(lower.len() + 2);
    let mut rest = lower.as_str();
    while let Some(start) = rest.find(|c: char| c.is_alphabetic()) {
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let end = rest
            .find(|c: char| !c.is_alphabetic())
            .unwrap_or(rest.len());
        out.push_str(if &rest[..end] == "m" {
            "mo"
        } else {
            &rest[..end]
        });
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Adds a calendar interval to a date (2026-03-31 + 1 month = 2026-04-30).
pub fn add_interval(date: Date, interval: Span) -> Option<Date> {
    date.checked_add(interval).ok()
}

/// The review state of a page on `today`.
pub fn assess(
    last_reviewed: Option<Date>,
    interval: Option<Span>,
    explicit_due: Option<Date>,
    reviewed: bool,
    today: Date,
    due_soon_days: u32,
) -> Review {
    let due = explicit_due.or_else(|| add_interval(last_reviewed?, interval?));
    let none = Review {
        status: ReviewStatus::None,
        last_reviewed,
        due: None,
        days_left: 0,
    };
    let Some(due) = due.filter(|_| reviewed) else {
        return none;
    };
    // `Date - Date` is a span in days (its largest unit is days by default).
    let days_left = i64::from((due - today).get_days());
    let status = if due < today {
        ReviewStatus::Overdue
    } else if days_left <= due_soon_days as i64 {
        ReviewStatus::DueSoon
    } else {
        ReviewStatus::Ok
    };
    Review {
        status,
        last_reviewed,
        due: Some(due),
        days_left,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn parses_the_interval_spellings_doc_sets_use() {
        let base = date(2026, 3, 1);
        for (text, expected) in [
            ("90d", date(2026, 5, 30)),
            ("12w", date(2026, 5, 24)),
            ("6 months", date(2026, 9, 1)),
            ("6 month", date(2026, 9, 1)),
            ("1 year", date(2027, 3, 1)),
            ("1y 2mo", date(2027, 5, 1)),
            ("P6M", date(2026, 9, 1)),
            ("6 Months", date(2026, 9, 1)),
            ("1 Year", date(2027, 3, 1)),
            ("90 Days", date(2026, 5, 30)),
            ("12 WEEKS", date(2026, 5, 24)),
            ("90D", date(2026, 5, 30)),
            ("6M", date(2026, 9, 1)),
            ("6m", date(2026, 9, 1)),
            ("1y 6m", date(2027, 9, 1)),
            ("p6m", date(2026, 9, 1)),
        ] {
            let span = parse_interval(text).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(add_interval(base, span), Some(expected), "{text}");
        }
    }

    #[test]
    fn refuses_meaningless_intervals() {
        for text in ["6", "soon", "0d", "-3 months", "3 hours", ""] {
            assert!(parse_interval(text).is_err(), "{text}");
        }
        assert!(parse_interval("10 years").is_ok());
        for text in [
            "9223372036854775807d",
            "1000000 years",
            "11 years",
            "5000 y",
        ] {
            assert_eq!(
                parse_interval(text).err(),
                Some(format!(
                    "\"{text}\" is too long: a review interval is at most 10 years"
                )),
                "{text}"
            );
        }
    }

    #[test]
    fn month_end_is_calendar_aware() {
        let span = parse_interval("1 month").unwrap();
        assert_eq!(
            add_interval(date(2026, 1, 31), span),
            Some(date(2026, 2, 28))
        );
    }

    #[test]
    fn status_boundaries() {
        let today = date(2026, 11, 22);
        let six = parse_interval("6 months").ok();
        let at = |due| assess(None, None, Some(due), true, today, 30);
        assert_eq!(at(date(2026, 11, 21)).status, ReviewStatus::Overdue);
        assert_eq!(at(date(2026, 11, 21)).days_left, -1);
        assert_eq!(at(date(2026, 11, 22)).status, ReviewStatus::DueSoon);
        assert_eq!(at(date(2026, 12, 22)).status, ReviewStatus::DueSoon);
        assert_eq!(at(date(2026, 12, 23)).status, ReviewStatus::Ok);
        let r = assess(Some(date(2026, 1, 10)), six, None, true, today, 30);
        assert_eq!(
            (r.status, r.due),
            (ReviewStatus::Overdue, Some(date(2026, 7, 10)))
        );
        let r = assess(Some(date(2026, 1, 10)), six, None, false, today, 30);
        assert_eq!(r.status, ReviewStatus::None);
    }
}
