//! The zip container: its entry index, and bounded reads of single entries.
//!
//! Nothing here trusts the sizes a zip declares: every read is capped by the
//! [`ReadLimits`] and a per-entry compression-ratio limit, so a zip bomb ends in a
//! clear error instead of unbounded memory.

use std::io::{Cursor, Read};

use serde::Serialize;

use crate::progress::{EntryProgress, Meter};

/// The chunk entries are inflated through.
const READ_BUFFER_BYTES: usize = 64 * 1024;

/// Safety limits for inflating entries. The defaults protect the browser tab;
/// they are not the platform's own limits (those are validation findings).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadLimits {
    /// Most bytes inflated from all entries together.
    pub max_total_inflated: u64,
    /// Most bytes one entry may inflate to, per byte of its compressed size,
    /// once it is past [`ReadLimits::ratio_grace_bytes`].
    pub max_compression_ratio: u64,
    /// Entries smaller than this are never judged by their ratio (tiny highly
    /// repetitive XML files compress far better than 100:1 legitimately).
    pub ratio_grace_bytes: u64,
}

impl Default for ReadLimits {
    /// Real exports compress at most about 25:1 (the corpus's highest is 24.7:1),
    /// while a deflate bomb reaches about 1,000:1. A ratio of 100 leaves four times
    /// the real headroom; the 64 MiB grace lets a legitimately repetitive file (a
    /// 50 MB description compresses 400:1) through. A bomb of C compressed bytes
    /// stops after at most max(64 MiB, 100 × C) inflated bytes.
    fn default() -> Self {
        ReadLimits {
            max_total_inflated: 1 << 30,
            max_compression_ratio: 100,
            ratio_grace_bytes: 64 << 20,
        }
    }
}

/// One file inside the zip, as its central directory describes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ZipEntry {
    /// Position in the central directory.
    #[serde(skip)]
    pub index: usize,
    /// The name as stored (forward slashes; never used to build a file system path).
    pub path: String,
    /// Uncompressed size declared by the zip.
    pub size: u64,
    pub compressed_size: u64,
    #[serde(skip)]
    pub crc32: u32,
    #[serde(skip)]
    pub is_dir: bool,
    #[serde(skip)]
    pub encrypted: bool,
}

/// Why an entry name is unsafe or unusual; reported, never acted upon.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameProblem {
    ParentTraversal,
    Absolute,
    Backslash,
    ControlCharacter,
    /// A NUL byte: C-based tools cut the name there and see another file.
    NulCharacter,
    /// More than [`MAX_USUAL_NAME_CHARS`] characters.
    TooLong,
}

impl NameProblem {
    pub fn describe(self) -> &'static str {
        match self {
            NameProblem::ParentTraversal => "contains a '..' path segment",
            NameProblem::Absolute => "is an absolute path",
            NameProblem::Backslash => "contains a backslash",
            NameProblem::ControlCharacter => "contains a control character",
            NameProblem::NulCharacter => "contains a NUL character",
            NameProblem::TooLong => "is longer than 260 characters",
        }
    }
}

impl NameProblem {
    /// Unsafe names (they would escape a folder or be truncated) are errors;
    /// odd but harmless ones are warnings.
    pub fn is_unsafe(self) -> bool {
        matches!(
            self,
            NameProblem::ParentTraversal | NameProblem::Absolute | NameProblem::NulCharacter
        )
    }
}

/// Longer names than Windows' classic path limit cannot be unpacked by
/// SolutionPackager or Explorer on most machines.
pub const MAX_USUAL_NAME_CHARS: usize = 260;

pub fn name_problems(name: &str) -> Vec<NameProblem> {
    let mut problems = Vec::new();
    if name.split(['/', '\\']).any(|segment| segment == "..") {
        problems.push(NameProblem::ParentTraversal);
    }
    let bytes = name.as_bytes();
    let drive_letter = bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':';
    if name.starts_with('/') || name.starts_with('\\') || drive_letter {
        problems.push(NameProblem::Absolute);
    }
    if name.contains('\\') {
        problems.push(NameProblem::Backslash);
    }
    if name.contains('\0') {
        problems.push(NameProblem::NulCharacter);
    } else if name.chars().any(char::is_control) {
        problems.push(NameProblem::ControlCharacter);
    }
    if name.chars().count() > MAX_USUAL_NAME_CHARS {
        problems.push(NameProblem::TooLong);
    }
    problems
}

/// A package that could not be opened as a zip at all, by kind.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OpenError {
    /// No bytes at all.
    #[error("the file is empty, not a solution zip")]
    Empty,
    /// The bytes do not start as a zip does (`PK`).
    #[error("the file is not a zip archive (a solution package is a .zip exported from Dynamics 365 / Dataverse)")]
    NotAZip,
    /// It starts as a zip, but its end (the end-of-central-directory record) is
    /// not there: most often a download or copy that stopped early.
    #[error("the file is not a complete zip archive: its end, where a zip lists its files, is missing (was the download cut short?); download or export it again")]
    Truncated,
    /// It starts as a zip, but its end records or central directory cannot be
    /// read (`reason` is the zip reader's).
    #[error("the zip archive cannot be read (it may be truncated or damaged): {reason}")]
    Damaged { reason: String },
    /// One record of the central directory cannot be read.
    #[error("the zip's directory entry {index} cannot be read: {reason}")]
    DirectoryEntry { index: usize, reason: String },
}

/// Why one entry could not be read, by kind.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EntryError {
    #[error("the entry is encrypted and cannot be read")]
    Encrypted,
    #[error("the entry cannot be read: {0}")]
    Unsupported(String),
    #[error("the entry is damaged: {0}")]
    Corrupt(String),
    /// The zip-bomb limit on inflated bytes in all.
    #[error("inflating stopped at the safety limit of {limit} bytes (possible zip bomb)")]
    TooLarge { limit: u64 },
    /// The zip-bomb limit on one entry's inflation ratio.
    #[error("inflating stopped: the entry expands more than {ratio_limit} times its compressed size (possible zip bomb)")]
    RatioExceeded { ratio_limit: u64 },
    /// The entry inflates to another size than the zip declares (`inflated` is
    /// where reading stopped when it is larger).
    #[error("{}", describe_size_mismatch(*declared, *inflated))]
    SizeMismatch { declared: u64, inflated: u64 },
}

impl EntryError {
    /// Whether reading stopped at one of the zip-bomb limits ([`ReadLimits`]).
    pub fn is_zip_bomb_limit(&self) -> bool {
        matches!(
            self,
            EntryError::TooLarge { .. } | EntryError::RatioExceeded { .. }
        )
    }
}

fn describe_size_mismatch(declared: u64, inflated: u64) -> String {
    if inflated > declared {
        format!("the entry inflates to more than the {declared} bytes the zip declares; reading stopped there")
    } else {
        format!("the entry inflates to {inflated} bytes, but the zip declares {declared}")
    }
}

/// An inconsistency of the zip's own structure, found when it is opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArchiveProblem {
    /// The central directory lists this name more than once; readers disagree
    /// on which copy wins. `identical` when every copy has the same CRC and sizes.
    DuplicateName { path: String, identical: bool },
    /// The local header in front of the data names another file than the
    /// central directory does.
    LocalNameMismatch { path: String, local_name: String },
    /// Two entries share bytes of the zip (a zip-bomb technique).
    Overlap { path: String, other: String },
}

impl ArchiveProblem {
    /// The entry the problem is about.
    pub fn path(&self) -> &str {
        match self {
            ArchiveProblem::DuplicateName { path, .. }
            | ArchiveProblem::LocalNameMismatch { path, .. }
            | ArchiveProblem::Overlap { path, .. } => path,
        }
    }

    pub fn describe(&self) -> String {
        match self {
            ArchiveProblem::DuplicateName { path, identical: true } => format!(
                "the zip holds more than one entry named {path:?} (identical copies)"
            ),
            ArchiveProblem::DuplicateName { path, identical: false } => format!(
                "the zip holds more than one entry named {path:?}, with different contents; readers disagree on which one counts"
            ),
            ArchiveProblem::LocalNameMismatch { path, local_name } => format!(
                "the zip's directory names an entry {path:?}, but the header in front of its data names {local_name:?}"
            ),
            ArchiveProblem::Overlap { path, other } => format!(
                "the zip entries {other:?} and {path:?} share the same bytes (overlapping entries, a zip-bomb technique)"
            ),
        }
    }
}

/// An opened zip over borrowed bytes.
pub struct Package<'a> {
    archive: zip::ZipArchive<Cursor<&'a [u8]>>,
    entries: Vec<ZipEntry>,
    limits: ReadLimits,
    inflated_so_far: std::cell::Cell<u64>,
    zip_size: u64,
    /// For each entry: its real inflated size once it has been read whole.
    inflated_sizes: Vec<Option<u64>>,
    /// For each entry: whether a read was attempted (successful or not).
    attempted: Vec<bool>,
    problems: Vec<ArchiveProblem>,
}

impl<'a> Package<'a> {
    pub fn open(bytes: &'a [u8]) -> Result<Package<'a>, OpenError> {
        Package::open_with_limits(bytes, ReadLimits::default())
    }

    pub fn open_with_limits(bytes: &'a [u8], limits: ReadLimits) -> Result<Package<'a>, OpenError> {
        if bytes.is_empty() {
            return Err(OpenError::Empty);
        }
        let mut archive =
            zip::ZipArchive::new(Cursor::new(bytes)).map_err(|err| open_error(bytes, &err))?;
        let mut entries = Vec::with_capacity(archive.len());
        let mut problems = Vec::new();
        // (start, end, path) of each entry's local header and data.
        let mut spans: Vec<(u64, u64, String)> = Vec::with_capacity(archive.len());
        for index in 0..archive.len() {
            let file = archive
                .by_index_raw(index)
                .map_err(|err| OpenError::DirectoryEntry {
                    index,
                    reason: err.to_string(),
                })?;
            let path = file
                .name()
                .map(|name| name.into_owned())
                .unwrap_or_else(|_| String::from_utf8_lossy(file.name_raw()).into_owned());
            let header_start = file.header_start();
            if let Some(local_name) = local_header_name(bytes, header_start) {
                if local_name != file.name_raw() {
                    problems.push(ArchiveProblem::LocalNameMismatch {
                        path: path.clone(),
                        local_name: String::from_utf8_lossy(local_name).into_owned(),
                    });
                }
            }
            let data_end = file
                .data_start()
                .unwrap_or(header_start)
                .saturating_add(file.compressed_size());
            spans.push((header_start, data_end, path.clone()));
            entries.push(ZipEntry {
                index,
                is_dir: path.ends_with('/'),
                path,
                size: file.size(),
                compressed_size: file.compressed_size(),
                crc32: file.crc32(),
                encrypted: file.encrypted(),
            });
        }
        spans.sort();
        for pair in spans.windows(2) {
            if let [(_, first_end, first), (second_start, _, second)] = pair {
                if second_start < first_end {
                    problems.push(ArchiveProblem::Overlap {
                        path: second.clone(),
                        other: first.clone(),
                    });
                }
            }
        }
        if archive.has_duplicate_names() {
            problems.extend(duplicate_names(bytes, archive.central_directory_start()));
        }
        let count = entries.len();
        Ok(Package {
            archive,
            entries,
            limits,
            inflated_so_far: std::cell::Cell::new(0),
            zip_size: bytes.len() as u64,
            inflated_sizes: vec![None; count],
            attempted: vec![false; count],
            problems,
        })
    }

    /// Inconsistencies of the zip's structure (duplicate names, local headers
    /// that disagree with the directory, overlapping entries).
    pub fn archive_problems(&self) -> &[ArchiveProblem] {
        &self.problems
    }

    /// The real inflated size of an entry, once it has been read whole.
    pub fn inflated_size(&self, index: usize) -> Option<u64> {
        self.inflated_sizes.get(index).copied().flatten()
    }

    /// Reads every file entry not read yet into a sink, so that a damaged
    /// payload (bad CRC, wrong declared size, bomb, encryption) is noticed even
    /// though nothing else looks at it. Returns the entries that failed.
    pub fn verify_unread(&mut self) -> Vec<(usize, EntryError)> {
        self.verify_unread_metered(&mut Meter::silent())
    }

    /// [`Package::verify_unread`], counting the bytes on `meter`.
    #[inline(never)]
    pub fn verify_unread_metered(&mut self, meter: &mut Meter<'_>) -> Vec<(usize, EntryError)> {
        let mut failures = Vec::new();
        // One buffer for every entry: a package has thousands of small payloads.
        let mut buffer = vec![0u8; READ_BUFFER_BYTES];
        for index in 0..self.entries.len() {
            let unread = !self.attempted.get(index).copied().unwrap_or(true);
            let is_file = self.entries.get(index).is_some_and(|entry| !entry.is_dir);
            if unread && is_file {
                let result = self.inflate_metered(index, &mut std::io::sink(), &mut buffer, meter);
                if let Err(err) = result {
                    failures.push((index, err));
                }
            }
        }
        failures
    }

    pub fn entries(&self) -> &[ZipEntry] {
        &self.entries
    }

    pub fn zip_size(&self) -> u64 {
        self.zip_size
    }

    /// The uncompressed size of all files as the central directory declares it:
    /// the total of a progress bar (untrusted, so only ever an estimate).
    pub fn declared_total(&self) -> u64 {
        self.entries
            .iter()
            .filter(|entry| !entry.is_dir)
            .fold(0u64, |total, entry| total.saturating_add(entry.size))
    }

    /// The entry with exactly this name, or else the first whose name matches
    /// ignoring ASCII case (the platform's own zips use lower-case root names).
    pub fn find(&self, path: &str) -> Option<&ZipEntry> {
        self.entries
            .iter()
            .find(|entry| entry.path == path)
            .or_else(|| {
                self.entries
                    .iter()
                    .find(|entry| entry.path.eq_ignore_ascii_case(path))
            })
    }

    /// Inflates one entry into memory, within the safety limits.
    pub fn read(&mut self, index: usize) -> Result<Vec<u8>, EntryError> {
        self.read_metered(index, &mut Meter::silent())
    }

    /// [`Package::read`], counting the bytes on `meter`.
    pub fn read_metered(
        &mut self,
        index: usize,
        meter: &mut Meter<'_>,
    ) -> Result<Vec<u8>, EntryError> {
        let mut out = Vec::new();
        self.read_into_metered(index, &mut out, meter)?;
        Ok(out)
    }

    /// Streams one entry to `sink`, within the safety limits. The CRC is checked
    /// when the entry ends.
    pub fn read_into(
        &mut self,
        index: usize,
        sink: &mut dyn std::io::Write,
    ) -> Result<u64, EntryError> {
        self.read_into_metered(index, sink, &mut Meter::silent())
    }

    /// [`Package::read_into`], counting the bytes on `meter` as they inflate; a
    /// failed entry counts as done (by its declared size) all the same.
    pub fn read_into_metered(
        &mut self,
        index: usize,
        sink: &mut dyn std::io::Write,
        meter: &mut Meter<'_>,
    ) -> Result<u64, EntryError> {
        let mut buffer = vec![0u8; READ_BUFFER_BYTES];
        self.inflate_metered(index, sink, &mut buffer, meter)
    }

    #[inline(never)]
    fn inflate_metered(
        &mut self,
        index: usize,
        sink: &mut dyn std::io::Write,
        buffer: &mut [u8],
        meter: &mut Meter<'_>,
    ) -> Result<u64, EntryError> {
        let declared = self
            .entries
            .get(index)
            .filter(|entry| !entry.is_dir)
            .map_or(0, |entry| entry.size);
        let progress = EntryProgress::begin(meter, declared);
        let result = self.inflate_into(index, sink, buffer, &mut |written| {
            progress.at(meter, written)
        });
        progress.end(meter);
        result
    }

    fn inflate_into(
        &mut self,
        index: usize,
        sink: &mut dyn std::io::Write,
        buffer: &mut [u8],
        on_written: &mut dyn FnMut(u64),
    ) -> Result<u64, EntryError> {
        let mut reader = self.open_entry(index)?;
        let mut written: u64 = 0;
        loop {
            let n = match reader.read(buffer) {
                Ok(n) => n,
                Err(_) => return Err(reader.take_failure()),
            };
            if n == 0 {
                return Ok(written);
            }
            written += n as u64;
            sink.write_all(buffer.get(..n).unwrap_or_default())
                .map_err(|err| EntryError::Corrupt(err.to_string()))?;
            on_written(written);
        }
    }

    /// Opens one entry for reading by pulling, within the same safety limits as
    /// [`Package::read_into`] (a streaming parse reads it this way). The entry
    /// counts as read, and its real size is known, once the reader has reached
    /// its end; a reader dropped before that leaves no trace but the attempt.
    pub fn open_entry(&mut self, index: usize) -> Result<EntryReader<'_, 'a>, EntryError> {
        let Some(entry) = self.entries.get(index).cloned() else {
            return Err(EntryError::Corrupt(format!("the zip has no entry {index}")));
        };
        if let Some(attempted) = self.attempted.get_mut(index) {
            *attempted = true;
        }
        if entry.encrypted {
            return Err(EntryError::Encrypted);
        }
        let remaining_total = self
            .limits
            .max_total_inflated
            .saturating_sub(self.inflated_so_far.get());
        let ratio_cap = self.limits.ratio_grace_bytes.max(
            entry
                .compressed_size
                .saturating_mul(self.limits.max_compression_ratio),
        );
        let safety_cap = remaining_total.min(ratio_cap);
        // Never more than the declared size: one byte past it proves the mismatch.
        let cap = safety_cap.min(entry.size);
        let over_cap = if cap < safety_cap {
            EntryError::SizeMismatch {
                declared: entry.size,
                inflated: cap.saturating_add(1),
            }
        } else if ratio_cap < remaining_total {
            EntryError::RatioExceeded {
                ratio_limit: self.limits.max_compression_ratio,
            }
        } else {
            EntryError::TooLarge {
                limit: self.limits.max_total_inflated,
            }
        };
        let file = self.archive.by_index(index).map_err(classify_zip_error)?;
        Ok(EntryReader {
            file: file.take(cap.saturating_add(1)),
            declared: entry.size,
            cap,
            over_cap: Some(over_cap),
            written: 0,
            inflated_so_far: &self.inflated_so_far,
            inflated_size: self.inflated_sizes.get_mut(index),
            failure: None,
            finished: false,
        })
    }

    /// Takes back an entry's inflated bytes from the running total, before the
    /// entry is read a second time (a stream that must be read whole after all).
    pub fn forget_inflated(&mut self, index: usize) {
        if let Some(size) = self.inflated_sizes.get_mut(index).and_then(Option::take) {
            self.inflated_so_far
                .set(self.inflated_so_far.get().saturating_sub(size));
        }
    }

    /// Gives the raw archive for code that copies entries without inflating them.
    pub fn archive_mut(&mut self) -> &mut zip::ZipArchive<Cursor<&'a [u8]>> {
        &mut self.archive
    }
}

/// One entry being inflated (see [`Package::open_entry`]). Reading fails with
/// an I/O error when a limit or a check fails; [`EntryReader::take_failure`]
/// then says why.
pub struct EntryReader<'p, 'a> {
    file: std::io::Take<zip::read::ZipFile<'p, Cursor<&'a [u8]>>>,
    declared: u64,
    cap: u64,
    /// The error for reading past `cap`.
    over_cap: Option<EntryError>,
    written: u64,
    inflated_so_far: &'p std::cell::Cell<u64>,
    inflated_size: Option<&'p mut Option<u64>>,
    failure: Option<EntryError>,
    finished: bool,
}

impl EntryReader<'_, '_> {
    /// Why reading failed (or a generic error if it did not).
    pub fn take_failure(&mut self) -> EntryError {
        self.failure
            .take()
            .unwrap_or_else(|| EntryError::Corrupt("the entry could not be read".into()))
    }

    fn fail(&mut self, error: EntryError) -> std::io::Error {
        let message = error.to_string();
        self.failure = Some(error);
        std::io::Error::other(message)
    }
}

impl Read for EntryReader<'_, '_> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        if let Some(failure) = &self.failure {
            return Err(std::io::Error::other(failure.to_string()));
        }
        if self.finished {
            return Ok(0);
        }
        let n = match self.file.read(out) {
            Ok(n) => n,
            Err(err) => return Err(self.fail(EntryError::Corrupt(err.to_string()))),
        };
        if n == 0 {
            self.finished = true;
            self.inflated_so_far
                .set(self.inflated_so_far.get() + self.written);
            // Shorter than declared: the real size is known all the same.
            if let Some(size) = self.inflated_size.as_deref_mut() {
                *size = Some(self.written);
            }
            if self.written != self.declared {
                let error = EntryError::SizeMismatch {
                    declared: self.declared,
                    inflated: self.written,
                };
                return Err(self.fail(error));
            }
            return Ok(0);
        }
        self.written += n as u64;
        if self.written > self.cap {
            self.inflated_so_far
                .set(self.inflated_so_far.get() + self.written);
            let error = self
                .over_cap
                .take()
                .unwrap_or(EntryError::TooLarge { limit: self.cap });
            return Err(self.fail(error));
        }
        Ok(n)
    }
}

/// The name in the local file header at `offset`, if the header is there.
fn local_header_name(bytes: &[u8], offset: u64) -> Option<&[u8]> {
    const LOCAL_HEADER_LEN: usize = 30;
    let start = usize::try_from(offset).ok()?;
    let header = bytes.get(start..start.checked_add(LOCAL_HEADER_LEN)?)?;
    if header.get(..4)? != b"PK\x03\x04" {
        return None;
    }
    let name_len = usize::from(u16::from_le_bytes([*header.get(26)?, *header.get(27)?]));
    let name_start = start + LOCAL_HEADER_LEN;
    bytes.get(name_start..name_start.checked_add(name_len)?)
}

/// Walks the central directory's records itself (the zip crate keeps only the
/// last record of each name) and returns each name listed more than once.
fn duplicate_names(bytes: &[u8], directory_start: u64) -> Vec<ArchiveProblem> {
    const RECORD_LEN: usize = 46;
    // name -> (crc, compressed size, size) of each record with that name.
    let mut records: std::collections::BTreeMap<&[u8], Vec<[u32; 3]>> = Default::default();
    let mut position = usize::try_from(directory_start).unwrap_or(usize::MAX);
    while let Some(record) = position
        .checked_add(RECORD_LEN)
        .and_then(|end| bytes.get(position..end))
    {
        if record.get(..4) != Some(b"PK\x01\x02".as_slice()) {
            break;
        }
        let field = |at: usize| -> u32 {
            record
                .get(at..at + 4)
                .map_or(0, |b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        };
        let short = |at: usize| -> usize {
            record
                .get(at..at + 2)
                .map_or(0, |b| usize::from(u16::from_le_bytes([b[0], b[1]])))
        };
        let (name_len, extra_len, comment_len) = (short(28), short(30), short(32));
        let name_start = position + RECORD_LEN;
        let Some(name) = bytes.get(name_start..name_start + name_len) else {
            break;
        };
        records
            .entry(name)
            .or_default()
            .push([field(16), field(20), field(24)]);
        position = name_start + name_len + extra_len + comment_len;
    }
    records
        .into_iter()
        .filter(|(_, copies)| copies.len() > 1)
        .map(|(name, copies)| ArchiveProblem::DuplicateName {
            path: String::from_utf8_lossy(name).into_owned(),
            identical: copies.iter().all(|copy| Some(copy) == copies.first()),
        })
        .collect()
}

fn classify_zip_error(err: zip::result::ZipError) -> EntryError {
    let text = err.to_string();
    match err {
        zip::result::ZipError::UnsupportedArchive(why) if why.contains("assword") => {
            EntryError::Encrypted
        }
        zip::result::ZipError::UnsupportedArchive(why) => EntryError::Unsupported(why.to_string()),
        _ => EntryError::Corrupt(text),
    }
}

/// The end-of-central-directory record's signature, and how far from the end it
/// can be: its 22 bytes plus a comment of at most 65,535 (APPNOTE 4.3.16).
const END_SIGNATURE: &[u8] = b"PK\x05\x06";
const END_SEARCH: usize = 22 + 65_535;

fn open_error(bytes: &[u8], err: &zip::result::ZipError) -> OpenError {
    let tail = &bytes[bytes.len().saturating_sub(END_SEARCH)..];
    let has_end = tail
        .windows(END_SIGNATURE.len())
        .any(|window| window == END_SIGNATURE);
    if bytes.starts_with(b"PK") && !has_end {
        OpenError::Truncated
    } else if bytes.starts_with(b"PK") {
        OpenError::Damaged {
            reason: err.to_string(),
        }
    } else {
        OpenError::NotAZip
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_names_are_errors_and_odd_ones_warnings() {
        let unsafe_problems = |name: &str| -> Vec<bool> {
            name_problems(name)
                .into_iter()
                .map(NameProblem::is_unsafe)
                .collect()
        };
        assert_eq!(unsafe_problems("WebResources/a.js"), Vec::<bool>::new());
        assert_eq!(unsafe_problems("../evil.txt"), vec![true]);
        assert_eq!(unsafe_problems("C:/x"), vec![true]);
        assert_eq!(unsafe_problems("a\0b"), vec![true]);
        assert_eq!(unsafe_problems("WebResources\\a.js"), vec![false]);
        assert_eq!(unsafe_problems("a\u{1b}[31m.js"), vec![false]);
        assert_eq!(unsafe_problems(&"n".repeat(261)), vec![false]);
        assert_eq!(unsafe_problems(&"n".repeat(260)), Vec::<bool>::new());
    }

    /// A zip with the given central-directory records, all pointing at one local
    /// header, built by hand (the zip crate refuses to write duplicate names).
    fn zip_with_records(local_name: &[u8], records: &[(&[u8], u32)]) -> Vec<u8> {
        let data = b"x";
        let crc = 0x8cdc_1683_u32; // CRC-32 of "x"
        let mut out = Vec::new();
        out.extend_from_slice(b"PK\x03\x04");
        out.extend_from_slice(&[20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        out.extend_from_slice(&crc.to_le_bytes());
        out.extend_from_slice(&1u32.to_le_bytes());
        out.extend_from_slice(&1u32.to_le_bytes());
        out.extend_from_slice(&(local_name.len() as u16).to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        out.extend_from_slice(local_name);
        out.extend_from_slice(data);
        let directory_start = out.len();
        for (name, record_crc) in records {
            out.extend_from_slice(b"PK\x01\x02");
            out.extend_from_slice(&[20, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
            out.extend_from_slice(&record_crc.to_le_bytes());
            out.extend_from_slice(&1u32.to_le_bytes());
            out.extend_from_slice(&1u32.to_le_bytes());
            out.extend_from_slice(&(name.len() as u16).to_le_bytes());
            out.extend_from_slice(&[0; 12]);
            out.extend_from_slice(&0u32.to_le_bytes());
            out.extend_from_slice(name);
        }
        let directory_len = out.len() - directory_start;
        out.extend_from_slice(b"PK\x05\x06");
        out.extend_from_slice(&[0; 4]);
        out.extend_from_slice(&(records.len() as u16).to_le_bytes());
        out.extend_from_slice(&(records.len() as u16).to_le_bytes());
        out.extend_from_slice(&(directory_len as u32).to_le_bytes());
        out.extend_from_slice(&(directory_start as u32).to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        out
    }

    #[test]
    fn duplicate_names_are_found_by_walking_the_directory() {
        let crc = 0x8cdc_1683;
        let bytes = zip_with_records(b"a.txt", &[(b"a.txt", crc), (b"a.txt", crc)]);
        let package = Package::open(&bytes).unwrap();
        assert!(package
            .archive_problems()
            .contains(&ArchiveProblem::DuplicateName {
                path: "a.txt".into(),
                identical: true
            }));
        let bytes = zip_with_records(b"a.txt", &[(b"a.txt", crc), (b"a.txt", crc ^ 1)]);
        let package = Package::open(&bytes).unwrap();
        assert!(package
            .archive_problems()
            .contains(&ArchiveProblem::DuplicateName {
                path: "a.txt".into(),
                identical: false
            }));
    }

    #[test]
    fn a_local_header_with_another_name_and_shared_bytes_are_found() {
        let crc = 0x8cdc_1683;
        let bytes = zip_with_records(b"b.txt", &[(b"a.txt", crc), (b"c.txt", crc)]);
        let package = Package::open(&bytes).unwrap();
        let problems = package.archive_problems();
        assert!(problems.contains(&ArchiveProblem::LocalNameMismatch {
            path: "a.txt".into(),
            local_name: "b.txt".into()
        }));
        assert!(problems
            .iter()
            .any(|problem| matches!(problem, ArchiveProblem::Overlap { .. })));
    }

    #[test]
    fn every_unread_entry_is_verified_and_real_sizes_are_kept() {
        let crc = 0x8cdc_1683;
        let bytes = zip_with_records(b"a.txt", &[(b"a.txt", crc)]);
        let mut package = Package::open(&bytes).unwrap();
        assert!(package.verify_unread().is_empty());
        assert_eq!(package.inflated_size(0), Some(1));
        let bytes = zip_with_records(b"a.txt", &[(b"a.txt", crc ^ 1)]);
        let mut package = Package::open(&bytes).unwrap();
        let failures = package.verify_unread();
        assert_eq!(failures.len(), 1);
        assert!(matches!(failures[0].1, EntryError::Corrupt(_)));
    }
}
