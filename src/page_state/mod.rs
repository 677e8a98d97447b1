//! The web page's state as a reducer: [`PageState`] (what the page shows), [`Action`] (what
//! can happen to it: a package opened, a reply of the engine, a failure, a tab chosen, …) and
//! [`PageState::apply`], a pure function from one to the next. The page (src/bin/app) holds it
//! in yew's `use_reducer` and hands it to its views through a context; it lives here, with no
//! web types, so every transition is tested natively. The simulate view's own state is in
//! [`simulation`].
//!
//! Side effects (asking the engine, localStorage, downloads) stay in the page: an action says
//! what came of them.

pub mod chart_labels;
pub mod finding_filter;
pub mod kept;
pub mod simulation;
pub mod target;

use std::rc::Rc;

use crate::answers::Answers;
use crate::convert::ManagedPropertyPolicy;
use crate::protocol::{Failure, LinkedFinding};
use crate::validate::{Profile, Validation};
use crate::Inspection;

/// What the engine is doing.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Work {
    Reading,
    Validating,
    Converting,
    Simulating,
}

impl Work {
    /// `data-work` of the status element.
    pub fn key(self) -> &'static str {
        match self {
            Work::Reading => "reading",
            Work::Validating => "validating",
            Work::Converting => "converting",
            Work::Simulating => "simulating",
        }
    }

    /// Words for the progress bar until the engine says more.
    pub fn label(self) -> &'static str {
        match self {
            Work::Reading => "Reading…",
            Work::Validating => "Validating…",
            Work::Converting => "Converting…",
            Work::Simulating => "Simulating…",
        }
    }
}

/// The work the page shows: the latest request that is still running.
#[derive(Clone, PartialEq, Debug)]
pub struct Activity {
    pub work: Work,
    /// What is being done, in words ("Reading customizations.xml…").
    pub label: String,
    /// Bytes done and in all, once the engine has said.
    pub done: u64,
    pub total: u64,
}

/// Why a request has no answer.
#[derive(Clone, PartialEq, Debug)]
pub enum Stop {
    /// The person pressed Cancel.
    Cancelled,
    Failed(Failure),
}

impl Stop {
    pub fn plain(message: impl Into<String>) -> Stop {
        Stop::Failed(Failure::plain(message))
    }

    /// In words, for a status line.
    pub fn message(&self) -> String {
        match self {
            Stop::Cancelled => "Cancelled.".to_owned(),
            Stop::Failed(failure) => failure.message.clone(),
        }
    }
}

/// The views of a package (the page's tabs).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum View {
    Overview,
    Components,
    Findings,
    Convert,
    Simulate,
}

impl View {
    pub const ALL: [View; 5] = [
        View::Overview,
        View::Components,
        View::Findings,
        View::Convert,
        View::Simulate,
    ];

    pub fn label(self) -> &'static str {
        match self {
            View::Overview => "Overview",
            View::Components => "Components",
            View::Findings => "Findings",
            View::Convert => "Managed properties & convert",
            View::Simulate => "Simulate import",
        }
    }

    pub fn tab_id(self) -> &'static str {
        match self {
            View::Overview => "tab-overview",
            View::Components => "tab-components",
            View::Findings => "tab-findings",
            View::Convert => "tab-convert",
            View::Simulate => "tab-simulate",
        }
    }

    pub fn position(self) -> usize {
        View::ALL.iter().position(|view| *view == self).unwrap_or(0)
    }
}

/// What the state needs to know of an opened package (the page's handle to one).
pub trait OpenPackage: Clone {
    /// The inspection (its components may not be in yet).
    fn inspection(&self) -> &Inspection;
    fn component_count(&self) -> usize;
    /// Which package the engine must hold to answer about this one.
    fn package_id(&self) -> u32;
}

/// "PentaWorkScheduler 0.11.1 (unmanaged)".
pub fn describe(inspection: &Inspection) -> String {
    let manifest = &inspection.manifest;
    let flag = match manifest.managed() {
        Some(true) => "managed",
        Some(false) => "unmanaged",
        None => "managed flag unreadable",
    };
    format!("{} {} ({flag})", manifest.unique_name, manifest.version)
}

/// The findings of one package under one profile, each with the component it is about.
#[derive(Debug, PartialEq)]
pub struct Checked {
    /// The package it is about.
    pub package_id: u32,
    /// Counts and the managed-properties summary; the findings are in `findings`.
    pub validation: Validation,
    /// Each finding with the component it is about: its index and a link text.
    pub findings: Vec<LinkedFinding>,
    /// The verdict for the profile, the missing dependencies by solution and the findings
    /// by code (whose indexes are into `findings`).
    pub answers: Rc<Answers>,
}

/// A validation shared by the views, compared by identity.
#[derive(Clone, Debug)]
pub struct SharedChecked(pub Rc<Checked>);

impl PartialEq for SharedChecked {
    fn eq(&self, other: &SharedChecked) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// Where the validation of the current package stands.
#[derive(Clone, PartialEq, Debug)]
pub enum Checking {
    Running,
    Done(SharedChecked),
    Stopped(String),
}

/// Everything the page shows outside the views' own details.
#[derive(Clone, Debug)]
pub struct PageState<P> {
    /// The package shown.
    pub opened: Option<P>,
    /// Why the last file could not be opened (shown as an alert).
    pub failure: Option<Failure>,
    /// The status line.
    pub status: String,
    /// The engine's work, for the progress bar.
    pub activity: Option<Activity>,
    pub checking: Checking,
    /// Bumped by "Validate again": the page validates afresh when it changes.
    pub validation_run: u32,
    pub view: View,
    /// Kept across views and packages: the one target organization of every view (Findings
    /// validate against it, the simulation's snapshot is aligned to it: [`target`])…
    pub profile: Profile,
    /// …and the managed-properties policy (kept for another version of the same solution).
    pub policy: ManagedPropertyPolicy,
    /// A component another view links to (the browser opens on it).
    pub linked_component: Option<usize>,
    /// Bumped for each package and each link: the component browser starts afresh on it.
    pub browser_generation: u32,
    /// The reading whose result may still show (`None`: no reading runs).
    reading: Option<u32>,
    /// The validation whose result may still show.
    validation: u32,
}

/// What can happen to the page.
#[derive(Debug)]
pub enum Action<P> {
    /// Request number `request` began reading `file_name`; only the latest one's result shows.
    ReadStarted {
        request: u32,
        file_name: String,
    },
    /// What came of reading request `request`.
    ReadFinished {
        request: u32,
        file_name: String,
        result: Result<P, Stop>,
    },
    /// The engine's work now (`None`: it is idle).
    Activity(Option<Activity>),
    /// Validation run `run` of the package shown began.
    ValidationStarted {
        run: u32,
    },
    ValidationFinished {
        run: u32,
        result: Result<Checked, Stop>,
    },
    /// The person asked for the findings again after a cancelled validation.
    ValidateAgain,
    ShowView(View),
    /// The person chose or edited the target organization (the header, Findings' form, the
    /// simulate view's limit): every view uses it, the simulation's snapshot is aligned to it.
    ProfileChanged(Profile),
    /// The person loaded an organization snapshot or reset it to a default in the simulate
    /// view: its target becomes the page's.
    OrganizationChosen(crate::target::Target),
    /// The engine's organization in use changed (loaded, reset, installed into, renamed):
    /// the findings check the missing dependencies against it, so they are made afresh.
    OrganizationReplaced,
    PolicyChanged(ManagedPropertyPolicy),
    /// A link to the component of this index: the Components tab opens on it.
    ShowComponent(usize),
}

impl<P: OpenPackage> PageState<P> {
    /// The page before any package, with the profile kept from an earlier visit.
    pub fn new(profile: Profile) -> PageState<P> {
        PageState {
            opened: None,
            failure: None,
            status: String::new(),
            activity: None,
            checking: Checking::Running,
            validation_run: 0,
            view: View::Overview,
            profile,
            policy: ManagedPropertyPolicy::new(),
            linked_component: None,
            browser_generation: 0,
            reading: None,
            validation: 0,
        }
    }

    /// A file is being read (the drop zone is busy).
    pub fn busy(&self) -> bool {
        self.reading.is_some()
    }

    /// The findings shown are those of this package under this profile (not those of the
    /// moment before a change).
    pub fn validated(&self) -> bool {
        match (&self.opened, &self.checking) {
            (Some(current), Checking::Done(checked)) => {
                checked.0.package_id == current.package_id()
                    && checked.0.validation.profile == self.profile
            }
            _ => false,
        }
    }

    /// " Still showing X." when a package is shown, else nothing.
    fn still_showing(&self) -> String {
        self.opened.as_ref().map_or_else(String::new, |previous| {
            format!(" Still showing {}.", describe(previous.inspection()))
        })
    }

    pub fn apply(&mut self, action: Action<P>) {
        match action {
            Action::ReadStarted { request, file_name } => {
                self.reading = Some(request);
                self.status = format!("Reading {file_name}…");
            }
            Action::ReadFinished {
                request,
                file_name,
                result,
            } => {
                if self.reading != Some(request) {
                    return;
                }
                self.reading = None;
                self.finish_reading(file_name, result);
            }
            Action::Activity(activity) => self.activity = activity,
            Action::ValidationStarted { run } => {
                self.validation = run;
                self.checking = Checking::Running;
            }
            Action::ValidationFinished { run, result } => {
                if run != self.validation {
                    return;
                }
                self.checking = match result {
                    Ok(checked) => Checking::Done(SharedChecked(Rc::new(checked))),
                    Err(Stop::Cancelled) => {
                        self.status = "Validation was cancelled.".into();
                        Checking::Stopped("Validation was cancelled.".into())
                    }
                    Err(Stop::Failed(failure)) => {
                        Checking::Stopped(format!("Validation failed: {}", failure.message))
                    }
                };
            }
            Action::ValidateAgain | Action::OrganizationReplaced => {
                self.validation_run = self.validation_run.wrapping_add(1)
            }
            Action::ShowView(view) => self.view = view,
            Action::ProfileChanged(profile) => self.profile = profile,
            Action::OrganizationChosen(organization) => {
                self.profile = target::profile_of_organization(&self.profile, &organization);
            }
            Action::PolicyChanged(policy) => self.policy = policy,
            Action::ShowComponent(index) => {
                self.linked_component = Some(index);
                self.browser_generation = self.browser_generation.wrapping_add(1);
                self.view = View::Components;
            }
        }
    }

    fn finish_reading(&mut self, file_name: String, result: Result<P, Stop>) {
        match result {
            Ok(now) => {
                let inspection = now.inspection();
                let mut message = format!(
                    "Opened {}: {} components, {} files.",
                    describe(inspection),
                    now.component_count(),
                    inspection.files.len()
                );
                if let Some(previous) = &self.opened {
                    message.push_str(&format!(
                        " It replaces {}.",
                        describe(previous.inspection())
                    ));
                }
                self.status = message;
                self.failure = None;
                let same_solution = self.opened.as_ref().is_some_and(|previous| {
                    previous.inspection().manifest.unique_name == inspection.manifest.unique_name
                });
                // A policy is keyed by names, so it carries over to another version of the
                // same solution; another solution starts afresh.
                if !same_solution {
                    self.policy = ManagedPropertyPolicy::new();
                }
                self.linked_component = None;
                self.browser_generation = self.browser_generation.wrapping_add(1);
                self.opened = Some(now);
            }
            Err(Stop::Cancelled) => {
                self.status = format!("Reading {file_name} was cancelled.{}", self.still_showing());
            }
            Err(Stop::Failed(mut problem)) => {
                if problem.file_name.is_empty() {
                    problem.file_name = file_name;
                }
                // The alert says why; the status line only says what happened.
                self.status = format!(
                    "{} could not be opened.{}",
                    problem.file_name,
                    self.still_showing()
                );
                self.failure = Some(problem);
            }
        }
    }
}

#[cfg(test)]
mod tests;
