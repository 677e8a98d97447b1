//! The web app's protocol between the page (src/bin/app) and its engine (src/bin/worker):
//! the requests the page sends and the replies the engine posts back, one set of types both
//! binaries compile, so a change on one side that the other does not follow fails to build
//! instead of being misread at run time.
//!
//! A message either way is a JS object, the envelope `{protocol, id, header, bytes?}`:
//! `protocol` is [`PROTOCOL_VERSION`] of the build that sent it (checked before anything else
//! is read, so a page and an engine of different builds say so instead of misreading each
//! other), `id` pairs a reply with its request, `header` is the serde JSON of a [`Request`] or
//! a [`Reply`], and `bytes` (a `Uint8Array` whose buffer is transferred, never copied) carries
//! the binary part beside it: the package and a snapshot's JSON on the way in, a chunk of a
//! long list, the converted zip, a file to save and the snapshot to keep on the way out.
//! Serde only: no web types here, so the protocol compiles and is tested natively.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::answers::Answers;
use crate::convert::{ConversionReport, ManagedPropertyPolicy};
use crate::model::ComponentName;
use crate::org::Snapshot;
use crate::simulate::{ImportOptions, Outcome};
use crate::target::Target;
use crate::validate::{Finding, Profile, Validation};
use crate::Inspection;

/// Bumped whenever a request or reply changes shape. Both sides put it in every envelope.
pub const PROTOCOL_VERSION: u32 = 2;

/// The envelope's field names (the only names either side reads off a JS object).
pub mod envelope {
    pub const PROTOCOL: &str = "protocol";
    pub const ID: &str = "id";
    pub const HEADER: &str = "header";
    pub const BYTES: &str = "bytes";
}

/// What the page asks of the engine. The engine keeps the package it last opened and the
/// organization snapshot it last loaded; the other requests are about those.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Request {
    /// Read the package in `bytes` and keep it (a failed read keeps the previous one). `quiet`:
    /// a restarted engine given the package again, whose page has the inspection already.
    Open {
        name: String,
        quiet: bool,
    },
    /// The kept package's components, in chunks (asked for by the views that list them).
    Components,
    Validate {
        profile: Profile,
    },
    /// The converted zip comes back in `bytes`.
    Convert {
        policy: ManagedPropertyPolicy,
    },
    /// A component's raw XML: bytes `start..end` of `file`, decoded.
    Fragment {
        file: String,
        start: usize,
        end: usize,
    },
    /// The lines around `line` of `file`.
    Excerpt {
        file: String,
        line: u32,
    },
    Simulate {
        options: ImportOptions,
    },
    /// Read the organization snapshot whose JSON is in `bytes` and keep it.
    OrgLoad,
    /// The snapshot takes the page's target organization (deployment, version, limits,
    /// languages): the page has one target for every view.
    OrgTarget {
        target: Target,
    },
    /// Apply the simulation of the kept package (under `options`) to the snapshot.
    OrgInstall {
        options: ImportOptions,
    },
    OrgUninstall {
        name: String,
    },
    /// Give the snapshot held another name for people: the page keeps each
    /// organization in the browser under its snapshot's name.
    OrgRename {
        name: String,
    },
    /// The snapshot's pretty JSON, in `bytes`.
    OrgSave,
    /// The import log workbook of the last simulation, in `bytes`; `now` in ms since 1970.
    Log {
        now: i64,
    },
    /// The JSON report of the last simulation, in `bytes`.
    SimulationJson,
}

impl Request {
    /// Words for the progress bar while the engine works on it (empty: no progress shown).
    pub fn progress_label(&self) -> String {
        match self {
            Request::Open { name, .. } => format!("Reading {name}…"),
            Request::Validate { .. } => "Validating…".to_owned(),
            Request::Convert { .. } => "Converting…".to_owned(),
            Request::Simulate { .. } | Request::OrgInstall { .. } => "Simulating…".to_owned(),
            Request::OrgLoad => "Reading the organization…".to_owned(),
            _ => String::new(),
        }
    }
}

/// What the engine posts back for a request: any number of progress reports and chunks,
/// then one `Done` or `Failed`.
// One message per request or chunk, made and read once: its size in memory does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reply<'a> {
    /// Sent at most every 50 ms of work.
    Progress(Progress),
    /// A piece of the answer's long list, in `bytes`: a UTF-8 JSON array of its items
    /// ([`Answer`] says of what), about 192 KB, small enough for the page to take in within
    /// one short task.
    Chunk,
    Done(Answer<'a>),
    Failed(Failure),
}

/// Bytes of the package's uncompressed entries done, of `total`, and what is being done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    pub done: u64,
    pub total: u64,
    pub label: String,
}

/// The answer to each request, without its long list (that came in the chunks before it).
/// Borrowed on the engine's side (nothing is cloned to be sent), owned on the page's.
// One message per request or chunk, made and read once: its size in memory does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Answer<'a> {
    /// To `Open`; `None` when the request was quiet.
    Opened(Option<Opening<'a>>),
    /// To `Components`: the chunks hold [`crate::Component`]s.
    Components,
    /// To `Validate`: the validation without its findings and per-component managed
    /// summary, and its answers (the verdict for the profile, the missing dependencies and
    /// the findings grouped; a group's `findings` index the chunks' list); the chunks hold
    /// [`LinkedFinding`]s.
    Validated {
        validation: Cow<'a, Validation>,
        answers: Cow<'a, Answers>,
    },
    /// To `Convert`: the report; the zip is in `bytes`.
    Converted(Cow<'a, ConversionReport>),
    /// To `Fragment`: `None` when the text could not be cut.
    Fragment(Option<String>),
    /// To `Excerpt`: `None` when the file could not be read.
    Excerpt(Option<Vec<ExcerptLine>>),
    /// To `Simulate`: the outcome without its components, and its answers (the verdict for
    /// the organization, the missing dependencies it does not satisfy grouped); the chunks
    /// hold [`crate::simulate::ComponentOutcome`]s.
    Simulated {
        outcome: Cow<'a, Outcome>,
        answers: Cow<'a, Answers>,
    },
    /// To `OrgLoad`, `OrgTarget`, `OrgInstall`, `OrgUninstall`, `OrgRename`: the snapshot now held. After a
    /// change `bytes` holds its compact JSON, for the page to keep.
    Org(OrgHead),
    /// To `OrgSave`, `Log`, `SimulationJson`: the file is in `bytes`.
    File,
}

/// A package read: the inspection without its components and option values (the components
/// go to the page only when a view lists them), the components' number by kind key, and how
/// the overview's components named by their id read (`Inspection::overview_names`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Opening<'a> {
    pub inspection: Cow<'a, Inspection>,
    pub counts: BTreeMap<String, usize>,
    #[serde(default)]
    pub names: BTreeMap<String, ComponentName>,
}

/// What the page shows of an organization: the snapshot without its components, how many
/// it has, and what the change did ("Installed …"; empty after a load).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrgHead {
    pub head: Snapshot,
    pub components: usize,
    pub note: String,
}

/// A finding with the component it is about: its index and how a link to it reads
/// ("attribute fab_name"), so the page needs no component to show the link.
pub type LinkedFinding = (Finding, Option<(usize, String)>);

/// `(line number, text, is the line asked for)`.
pub type ExcerptLine = (usize, String, bool);

/// Why a request could not be answered, in words for the person who asked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Failure {
    pub file_name: String,
    pub message: String,
    pub details: Vec<String>,
}

impl Failure {
    pub fn plain(message: impl Into<String>) -> Failure {
        Failure {
            file_name: String::new(),
            message: message.into(),
            details: Vec::new(),
        }
    }

    /// A message from a build of the other side that is not this one's.
    pub fn version_mismatch(theirs: Option<u32>) -> Failure {
        let theirs = theirs.map_or_else(|| "none".to_owned(), |version| version.to_string());
        Failure::plain(format!(
            "This page and its engine come from different builds (protocol {PROTOCOL_VERSION} \
             and {theirs}): reload the page."
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SourceSpan;
    use crate::simulate::ImportMode;

    fn corpus_package() -> Vec<u8> {
        std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/www/sample/PentaWorkScheduler_0_11_1_unmanaged.zip"
        ))
        .expect("the corpus package")
    }

    fn org() -> Snapshot {
        Snapshot::from_json(include_str!("../www/org/onprem-9.1.json")).expect("default snapshot")
    }

    /// Serialised, read back and serialised again gives the same JSON. (Values the wire leaves
    /// out on purpose, such as a component's fingerprint, which only the engine needs, differ.)
    fn round_trip<T>(value: &T) -> T
    where
        T: Serialize + serde::de::DeserializeOwned,
    {
        let json = serde_json::to_string(value).expect("serialise");
        let back: T = serde_json::from_str(&json).expect("read back");
        assert_eq!(serde_json::to_string(&back).expect("serialise again"), json);
        back
    }

    #[test]
    fn every_request_round_trips() {
        let options = ImportOptions {
            mode: Some(ImportMode::Stage),
            overwrite_customizations: true,
            ..ImportOptions::default()
        };
        let mut policy = ManagedPropertyPolicy::new();
        policy.allow_all();
        let requests = [
            Request::Open {
                name: "a b.zip".into(),
                quiet: true,
            },
            Request::Components,
            Request::Validate {
                profile: Profile::default(),
            },
            Request::Convert { policy },
            Request::Fragment {
                file: "customizations.xml".into(),
                start: 10,
                end: 99,
            },
            Request::Excerpt {
                file: "solution.xml".into(),
                line: 7,
            },
            Request::Simulate {
                options: options.clone(),
            },
            Request::OrgLoad,
            Request::OrgTarget {
                target: Target::new(crate::target::Deployment::Online, "9.2", 95 * 1024 * 1024),
            },
            Request::OrgInstall { options },
            Request::OrgUninstall {
                name: "Contoso".into(),
            },
            Request::OrgRename {
                name: "Production".into(),
            },
            Request::OrgSave,
            Request::Log {
                now: 1_765_000_000_000,
            },
            Request::SimulationJson,
        ];
        for request in &requests {
            assert_eq!(&round_trip(request), request);
        }
        // Dispatch is on the variant; the kind on the wire is for people reading messages.
        let json = serde_json::to_string(&Request::OrgUninstall { name: "x".into() }).unwrap();
        assert_eq!(json, r#"{"kind":"org-uninstall","name":"x"}"#);
    }

    #[test]
    fn every_reply_round_trips_on_a_real_package() {
        let bytes = corpus_package();
        let inspection = crate::inspect(&bytes).expect("readable");
        let profile = Profile::default();
        let validation = crate::validate::validate(&inspection, &profile);
        let policy = ManagedPropertyPolicy::new();
        let converted = crate::convert::convert(&bytes, &inspection, &policy).expect("convertible");
        let org = org();
        let outcome =
            crate::simulate::simulate(&inspection, Some(&bytes), &org, &ImportOptions::default());
        let counts = inspection
            .counts()
            .into_iter()
            .map(|(kind, count)| (kind.to_owned(), count))
            .collect();
        let span: &SourceSpan = &inspection.components[0].source;
        let fragment = crate::fragment::source_text(&bytes, &span.file)
            .and_then(|text| crate::fragment::cut(&text, span).map(str::to_owned));
        assert!(fragment.is_some());
        let replies = [
            Reply::Progress(Progress {
                done: 5,
                total: 10,
                label: "Reading x.zip…".into(),
            }),
            Reply::Chunk,
            Reply::Done(Answer::Opened(Some(Opening {
                inspection: Cow::Borrowed(&inspection),
                counts,
                names: inspection.overview_names(),
            }))),
            Reply::Done(Answer::Opened(None)),
            Reply::Done(Answer::Components),
            Reply::Done(Answer::Validated {
                validation: Cow::Borrowed(&validation),
                answers: Cow::Owned(crate::answers::of_validation(&inspection, &validation)),
            }),
            Reply::Done(Answer::Converted(Cow::Borrowed(&converted.report))),
            Reply::Done(Answer::Fragment(fragment)),
            Reply::Done(Answer::Fragment(None)),
            Reply::Done(Answer::Excerpt(Some(vec![
                (1, "<a>".into(), false),
                (2, "</a>".into(), true),
            ]))),
            Reply::Done(Answer::Simulated {
                outcome: Cow::Borrowed(&outcome),
                answers: Cow::Owned(crate::answers::of_simulation(&outcome)),
            }),
            Reply::Done(Answer::Org(OrgHead {
                head: org.clone(),
                components: org.components.len(),
                note: "Installed x 1.0 into y.".into(),
            })),
            Reply::Done(Answer::File),
            Reply::Failed(Failure::plain("No package is open.")),
        ];
        for reply in &replies {
            let back = round_trip(reply);
            // The page's copy owns what the engine's borrowed.
            if let Reply::Done(Answer::Opened(Some(opening))) = back {
                assert!(matches!(opening.inspection, Cow::Owned(_)));
            }
        }
    }

    #[test]
    fn the_items_of_long_lists_round_trip() {
        let bytes = corpus_package();
        let inspection = crate::inspect(&bytes).expect("readable");
        let validation = crate::validate::validate(&inspection, &Profile::default());
        let linked: Vec<LinkedFinding> = validation
            .findings
            .iter()
            .cloned()
            .enumerate()
            .map(|(index, finding)| (finding, (index % 2 == 0).then(|| (index, "x".into()))))
            .collect();
        round_trip(&linked);
        round_trip(&inspection.components);
        let outcome =
            crate::simulate::simulate(&inspection, Some(&bytes), &org(), &ImportOptions::default());
        round_trip(&outcome.components);
    }

    #[test]
    fn a_version_mismatch_says_so() {
        let failure = Failure::version_mismatch(Some(PROTOCOL_VERSION + 1));
        assert!(failure.message.contains("different builds"));
        assert!(Failure::version_mismatch(None).message.contains("and none"));
    }
}
