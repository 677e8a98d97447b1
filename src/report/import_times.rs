//! Timestamps for the import reports. The core reads no clock: the caller
//! passes the start time, and each step after it is spaced by a fixed amount,
//! so the same inputs always give the same report.

/// .NET ticks (100 ns since 0001-01-01) at the Unix epoch.
const TICKS_AT_UNIX_EPOCH: i64 = 621_355_968_000_000_000;
/// Simulated time one processed item takes.
pub const STEP_MS: i64 = 10;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportTimes {
    /// When the import starts, in milliseconds since 1970-01-01 UTC.
    pub started_unix_ms: i64,
}

impl ImportTimes {
    pub fn new(started_unix_ms: i64) -> ImportTimes {
        ImportTimes { started_unix_ms }
    }

    /// The instant of step `index` (0 = the start).
    pub fn step(&self, index: usize) -> Instant {
        let offset = i64::try_from(index).unwrap_or(i64::MAX / STEP_MS / 2);
        Instant(
            self.started_unix_ms
                .saturating_add(offset.saturating_mul(STEP_MS)),
        )
    }
}

/// Milliseconds since 1970-01-01 UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Instant(pub i64);

impl Instant {
    pub fn ticks(self) -> i64 {
        self.0
            .saturating_mul(10_000)
            .saturating_add(TICKS_AT_UNIX_EPOCH)
    }

    fn parts(self) -> (i64, u32, u32, u32, u32, u32, u32) {
        let days = self.0.div_euclid(86_400_000);
        let millis_of_day = self.0.rem_euclid(86_400_000);
        let (year, month, day) = civil_from_days(days);
        let hour = (millis_of_day / 3_600_000) as u32;
        let minute = (millis_of_day / 60_000 % 60) as u32;
        let second = (millis_of_day / 1000 % 60) as u32;
        let millis = (millis_of_day % 1000) as u32;
        (year, month, day, hour, minute, second, millis)
    }

    /// `HH:mm:ss.ff` (24-hour, hundredths), as the component rows and results use.
    pub fn time_of_day(self) -> String {
        let (_, _, _, hour, minute, second, millis) = self.parts();
        format!("{hour:02}:{minute:02}:{second:02}.{:02}", millis / 10)
    }

    /// `yyyy-MM-ddTHH:mm:ssZ` (ISO 8601, UTC), as a capture file records its time.
    pub fn iso_8601(self) -> String {
        let (year, month, day, hour, minute, second, _) = self.parts();
        format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}Z")
    }

    /// `MM/dd/yyyy hh:mm:ss.fff (UTC) Coordinated Universal Time`, the Solution
    /// sheet's format (12-hour clock without AM/PM, as the platform writes it).
    pub fn log_timestamp(self) -> String {
        let (year, month, day, hour, minute, second, millis) = self.parts();
        let hour12 = match hour % 12 {
            0 => 12,
            other => other,
        };
        format!(
            "{month:02}/{day:02}/{year:04} {hour12:02}:{minute:02}:{second:02}.{millis:03} (UTC) Coordinated Universal Time"
        )
    }
}

/// Days since 1970-01-01 to (year, month, day) in the proleptic Gregorian calendar
/// (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * month_index + 2) / 5 + 1) as u32;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_like_the_platform() {
        // 2019-06-18 00:47:09.763 UTC (the xrm-ci capture's result time).
        let instant = Instant(1_560_818_829_763);
        assert_eq!(instant.iso_8601(), "2019-06-18T00:47:09Z");
        assert_eq!(instant.time_of_day(), "00:47:09.76");
        assert_eq!(instant.ticks(), 636_964_156_297_630_000);
        assert_eq!(
            instant.log_timestamp(),
            "06/18/2019 12:47:09.763 (UTC) Coordinated Universal Time"
        );
        assert_eq!(ImportTimes::new(0).step(3), Instant(30));
    }
}
