//! Simulated timestamps as Azure prints them.

/// Seconds since the Unix epoch as `YYYY-MM-DDTHH:MM:SS+00:00`.
pub fn iso8601(seconds: u64) -> String {
    let days = seconds / 86_400;
    let rem = seconds % 86_400;
    let (y, m, d) = civil_from_days(days as i64);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}+00:00",
        rem / 3600,
        (rem / 60) % 60,
        rem % 60
    )
}

/// Seconds since the Unix epoch as Microsoft Graph prints them: `YYYY-MM-DDTHH:MM:SSZ`.
pub fn graph_time(seconds: u64) -> String {
    let text = iso8601(seconds);
    format!("{}Z", text.trim_end_matches("+00:00"))
}

/// The same date and time `years` later, as Python's `relativedelta(years=n)` that az uses for
/// credential lifetimes (EN-9.6, EN-9.8): 29 February becomes 28 February in a common year.
pub fn add_years(seconds: u64, years: u64) -> u64 {
    let days = (seconds / 86_400) as i64;
    let rem = seconds % 86_400;
    let (y, m, d) = civil_from_days(days);
    let y = y + years as i64;
    let d = if m == 2 && d == 29 && !is_leap(y) {
        28
    } else {
        d
    };
    days_from_civil(y, m, d).max(0) as u64 * 86_400 + rem
}

/// Parses `--end-date`: `YYYY-MM-DD` (midnight UTC) or `YYYY-MM-DDTHH:MM[:SS]` with an optional
/// `Z` or `+00:00`, as az accepts (other offsets are refused rather than misread).
pub fn parse_date(text: &str) -> Option<u64> {
    let text = text.trim();
    let (date, time) = match text.split_once(['T', ' ']) {
        Some((d, t)) => (d, Some(t)),
        None => (text, None),
    };
    let mut parts = date.split('-');
    let y: i64 = parts.next()?.parse().ok()?;
    let m: u32 = parts.next()?.parse().ok()?;
    let d: u32 = parts.next()?.parse().ok()?;
    if parts.next().is_some() || !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
        return None;
    }
    let mut seconds = 0;
    if let Some(time) = time {
        let time = time
            .strip_suffix('Z')
            .or_else(|| time.strip_suffix("+00:00"))
            .unwrap_or(time);
        let mut fields = time.split(':');
        let h: u64 = fields.next()?.parse().ok()?;
        let min: u64 = fields.next()?.parse().ok()?;
        let s: u64 = match fields.next() {
            Some(s) => s.split('.').next()?.parse().ok()?,
            None => 0,
        };
        if fields.next().is_some() || h > 23 || min > 59 || s > 59 {
            return None;
        }
        seconds = h * 3600 + min * 60 + s;
    }
    let days = days_from_civil(y, m, d);
    (days >= 0).then(|| days as u64 * 86_400 + seconds)
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Howard Hinnant's civil-to-days conversion, the inverse of [`civil_from_days`].
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Howard Hinnant's days-to-civil conversion.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Parses a duration such as `90s`, `10m`, `25h` or `31d` into seconds.
pub fn parse_duration(text: &str) -> Option<u64> {
    let split = text.find(|c: char| !c.is_ascii_digit())?;
    let (digits, unit) = text.split_at(split);
    let n: u64 = digits.parse().ok()?;
    let factor = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        _ => return None,
    };
    n.checked_mul(factor)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_prints_as_new_year_2026() {
        assert_eq!(
            iso8601(crate::sim::world::EPOCH),
            "2026-01-01T00:00:00+00:00"
        );
        assert_eq!(iso8601(0), "1970-01-01T00:00:00+00:00");
        assert_eq!(iso8601(951_782_400), "2000-02-29T00:00:00+00:00");
    }

    #[test]
    fn credential_dates() {
        let epoch = crate::sim::world::EPOCH;
        assert_eq!(graph_time(add_years(epoch, 1)), "2027-01-01T00:00:00Z");
        assert_eq!(parse_date("2026-01-01"), Some(epoch));
        assert_eq!(parse_date("2026-01-01T01:00:00Z"), Some(epoch + 3600));
        assert_eq!(
            iso8601(add_years(951_782_400, 1)),
            "2001-02-28T00:00:00+00:00"
        );
        assert_eq!(parse_date("2026-02-30"), None);
        assert_eq!(parse_date("next year"), None);
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("10m"), Some(600));
        assert_eq!(parse_duration("25h"), Some(90_000));
        assert_eq!(parse_duration("m"), None);
        assert_eq!(parse_duration("10"), None);
        assert_eq!(parse_duration("10y"), None);
    }
}
