//! Progress of the long operations (inspect, validate, convert) as bytes done of
//! a total, for a progress bar with a cancel button.
//!
//! The total is the sum of the uncompressed sizes the zip's central directory
//! declares for its files, known before any entry is inflated. Declared sizes are
//! untrusted, so each entry moves the count by at most its declared size and
//! never past the total: the count is monotonic and ends exactly at the total.

use serde::{Deserialize, Serialize};

/// Bytes of the package's uncompressed entries processed so far, of `total`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    pub done: u64,
    pub total: u64,
}

/// How many bytes of work pass between two reports: often enough to move a bar
/// during one large file, rarely enough that reporting costs nothing.
pub const REPORT_STEP: u64 = 1 << 20;

/// Counts bytes done and reports them to a callback at most about every
/// [`REPORT_STEP`] bytes, at the start and at the end.
pub struct Meter<'p> {
    done: u64,
    total: u64,
    reported: u64,
    report: Option<&'p mut dyn FnMut(Progress)>,
}

impl<'p> Meter<'p> {
    /// Starts at 0 of `total` and reports that.
    pub fn new(total: u64, report: &'p mut dyn FnMut(Progress)) -> Meter<'p> {
        report(Progress { done: 0, total });
        Meter {
            done: 0,
            total,
            reported: 0,
            report: Some(report),
        }
    }

    /// A meter that reports to nobody (the plain, progress-less functions).
    pub fn silent() -> Meter<'static> {
        Meter {
            done: 0,
            total: 0,
            reported: 0,
            report: None,
        }
    }

    pub fn done(&self) -> u64 {
        self.done
    }

    /// Moves the count to `done` (never backwards, never past the total) and
    /// reports it when a step has passed since the last report.
    pub fn advance_to(&mut self, done: u64) {
        let done = done.min(self.total);
        if done <= self.done {
            return;
        }
        self.done = done;
        if self.done - self.reported >= REPORT_STEP {
            self.emit();
        }
    }

    /// The work is over: reports `total` of `total`.
    pub fn finish(&mut self) {
        self.done = self.total;
        self.emit();
    }

    fn emit(&mut self) {
        self.reported = self.done;
        if let Some(report) = self.report.as_mut() {
            report(Progress {
                done: self.done,
                total: self.total,
            });
        }
    }
}

/// Tracks one entry of `size` declared bytes that starts where the meter is now:
/// positions inside the entry move the meter, but never past the entry's end.
pub struct EntryProgress {
    start: u64,
    size: u64,
}

impl EntryProgress {
    pub fn begin(meter: &Meter<'_>, size: u64) -> EntryProgress {
        EntryProgress {
            start: meter.done(),
            size,
        }
    }

    /// `position` bytes of the entry are done.
    pub fn at(&self, meter: &mut Meter<'_>, position: u64) {
        meter.advance_to(self.start.saturating_add(position.min(self.size)));
    }

    /// `position` of `of` units are done (a document whose decoded length
    /// differs from the entry's size, such as UTF-16 read as UTF-8).
    pub fn at_fraction(&self, meter: &mut Meter<'_>, position: u64, of: u64) {
        let scaled = if of == 0 {
            self.size
        } else {
            let exact = u128::from(position.min(of)) * u128::from(self.size) / u128::from(of);
            u64::try_from(exact).unwrap_or(self.size)
        };
        self.at(meter, scaled);
    }

    /// The entry is over, read whole or not.
    pub fn end(&self, meter: &mut Meter<'_>) {
        self.at(meter, self.size);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_the_start_steps_and_the_end_and_never_passes_the_total() {
        let mut seen = Vec::new();
        let mut record = |progress: Progress| seen.push(progress);
        let mut meter = Meter::new(5 * REPORT_STEP, &mut record);
        let entry = EntryProgress::begin(&meter, 3 * REPORT_STEP);
        for position in (0..=4 * REPORT_STEP).step_by(REPORT_STEP as usize / 4) {
            entry.at(&mut meter, position);
        }
        entry.end(&mut meter);
        // A lying entry that declared less than the total left.
        let liar = EntryProgress::begin(&meter, u64::MAX);
        liar.at(&mut meter, u64::MAX);
        meter.finish();
        let dones: Vec<u64> = seen.iter().map(|progress| progress.done).collect();
        assert_eq!(
            dones,
            vec![
                0,
                REPORT_STEP,
                2 * REPORT_STEP,
                3 * REPORT_STEP,
                5 * REPORT_STEP,
                5 * REPORT_STEP
            ]
        );
        assert!(seen
            .iter()
            .all(|progress| progress.total == 5 * REPORT_STEP));
    }

    #[test]
    fn scales_positions_of_a_document_of_another_length() {
        let mut seen = Vec::new();
        let mut record = |progress: Progress| seen.push(progress.done);
        let mut meter = Meter::new(4 * REPORT_STEP, &mut record);
        let entry = EntryProgress::begin(&meter, 4 * REPORT_STEP);
        entry.at_fraction(&mut meter, 1, 2);
        entry.at_fraction(&mut meter, 3, 2);
        meter.finish();
        assert_eq!(
            seen,
            vec![0, 2 * REPORT_STEP, 4 * REPORT_STEP, 4 * REPORT_STEP]
        );
    }
}
