//! The zip container: its entry index, and bounded reads of single entries.
//!
//! Nothing here trusts the sizes a zip declares: every read is capped by the
//! [`ReadLimits`] and a per-entry compression-ratio limit, so a zip bomb ends in a
//! clear error instead of unbounded memory.

use std::io::{Cursor, Read};

use serde::Serialize;

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
    fn default() -> Self {
        ReadLimits {
            max_total_inflated: 1 << 30,
            max_compression_ratio: 200,
            ratio_grace_bytes: 16 << 20,
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
}

impl NameProblem {
    pub fn describe(self) -> &'static str {
        match self {
            NameProblem::ParentTraversal => "contains a '..' path segment",
            NameProblem::Absolute => "is an absolute path",
            NameProblem::Backslash => "contains a backslash",
            NameProblem::ControlCharacter => "contains a control character",
        }
    }
}

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
    if name.chars().any(char::is_control) {
        problems.push(NameProblem::ControlCharacter);
    }
    problems
}

/// A package that could not be opened as a zip at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenError {
    pub message: String,
}

impl std::fmt::Display for OpenError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for OpenError {}

/// Why one entry could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntryError {
    Encrypted,
    Unsupported(String),
    Corrupt(String),
    TooLarge { limit: u64 },
    RatioExceeded { ratio_limit: u64 },
}

impl std::fmt::Display for EntryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EntryError::Encrypted => f.write_str("the entry is encrypted and cannot be read"),
            EntryError::Unsupported(why) => write!(f, "the entry cannot be read: {why}"),
            EntryError::Corrupt(why) => write!(f, "the entry is damaged: {why}"),
            EntryError::TooLarge { limit } => write!(
                f,
                "inflating stopped at the safety limit of {limit} bytes (possible zip bomb)"
            ),
            EntryError::RatioExceeded { ratio_limit } => write!(
                f,
                "inflating stopped: the entry expands more than {ratio_limit} times its compressed size (possible zip bomb)"
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
}

impl<'a> Package<'a> {
    pub fn open(bytes: &'a [u8]) -> Result<Package<'a>, OpenError> {
        Package::open_with_limits(bytes, ReadLimits::default())
    }

    pub fn open_with_limits(bytes: &'a [u8], limits: ReadLimits) -> Result<Package<'a>, OpenError> {
        if bytes.is_empty() {
            return Err(OpenError {
                message: "the file is empty, not a solution zip".into(),
            });
        }
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|err| OpenError {
            message: describe_open_error(bytes, &err),
        })?;
        let mut entries = Vec::with_capacity(archive.len());
        for index in 0..archive.len() {
            let file = archive.by_index_raw(index).map_err(|err| OpenError {
                message: format!("the zip's directory entry {index} cannot be read: {err}"),
            })?;
            let path = file
                .name()
                .map(|name| name.into_owned())
                .unwrap_or_else(|_| String::from_utf8_lossy(file.name_raw()).into_owned());
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
        Ok(Package {
            archive,
            entries,
            limits,
            inflated_so_far: std::cell::Cell::new(0),
            zip_size: bytes.len() as u64,
        })
    }

    pub fn entries(&self) -> &[ZipEntry] {
        &self.entries
    }

    pub fn zip_size(&self) -> u64 {
        self.zip_size
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
        let mut out = Vec::new();
        self.read_into(index, &mut out)?;
        Ok(out)
    }

    /// Streams one entry to `sink`, within the safety limits. The CRC is checked
    /// when the entry ends.
    pub fn read_into(
        &mut self,
        index: usize,
        sink: &mut dyn std::io::Write,
    ) -> Result<u64, EntryError> {
        let entry = self.entries[index].clone();
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
        let cap = remaining_total.min(ratio_cap);
        let file = self.archive.by_index(index).map_err(classify_zip_error)?;
        let mut limited = file.take(cap.saturating_add(1));
        let mut buffer = vec![0u8; 64 * 1024];
        let mut written: u64 = 0;
        loop {
            let n = limited
                .read(&mut buffer)
                .map_err(|err| EntryError::Corrupt(err.to_string()))?;
            if n == 0 {
                break;
            }
            written += n as u64;
            if written > cap {
                self.inflated_so_far
                    .set(self.inflated_so_far.get() + written);
                return Err(if cap == ratio_cap && ratio_cap < remaining_total {
                    EntryError::RatioExceeded {
                        ratio_limit: self.limits.max_compression_ratio,
                    }
                } else {
                    EntryError::TooLarge {
                        limit: self.limits.max_total_inflated,
                    }
                });
            }
            sink.write_all(&buffer[..n])
                .map_err(|err| EntryError::Corrupt(err.to_string()))?;
        }
        self.inflated_so_far
            .set(self.inflated_so_far.get() + written);
        Ok(written)
    }

    /// Gives the raw archive for code that copies entries without inflating them.
    pub fn archive_mut(&mut self) -> &mut zip::ZipArchive<Cursor<&'a [u8]>> {
        &mut self.archive
    }
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

fn describe_open_error(bytes: &[u8], err: &zip::result::ZipError) -> String {
    let looks_like_zip = bytes.starts_with(b"PK");
    if !looks_like_zip {
        return "the file is not a zip archive (a solution package is a .zip exported from Dynamics 365 / Dataverse)".into();
    }
    format!("the zip archive cannot be read (it may be truncated or damaged): {err}")
}
