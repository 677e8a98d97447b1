//! The simulate view's state as a reducer: the organization snapshot the engine holds (as the
//! page shows it), the import options, the last outcome, the outcome table's filter, page and
//! selection, and what the view says. [`SimulationState::apply`] is pure; the view asks the
//! engine and reports what came of it as an [`SimulationAction`].

use std::rc::Rc;

use crate::answers::Answers;
use crate::org::Snapshot;
use crate::simulate::{Action as ComponentAction, ImportMode, ImportOptions, Outcome};

use super::Stop;

/// What the page shows of the organization the engine holds.
#[derive(Debug, PartialEq)]
pub struct OrgView {
    /// The snapshot without its components.
    pub head: Snapshot,
    /// How many components it has.
    pub components: usize,
}

/// A snapshot compared by identity: each change makes a new one.
#[derive(Clone, Debug)]
pub struct SharedSnapshot(pub Rc<OrgView>);

impl PartialEq for SharedSnapshot {
    fn eq(&self, other: &SharedSnapshot) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// The open package as it was installed into the snapshot shown: after an install the verdict
/// is for importing the same package again, and the view says so.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InstalledPackage {
    pub unique_name: String,
    pub version: String,
}

impl InstalledPackage {
    /// The note above the verdict after an install into `organization`: what was done, and
    /// what the verdict below (`outcome`, of the same package into the organization that now
    /// has it) means.
    pub fn note(&self, organization: &str, outcome: &Outcome) -> String {
        let done = format!(
            "Installed {} {} into {organization}.",
            self.unique_name, self.version
        );
        let again =
            "The verdict below is now for importing the same package again into that organization";
        if outcome.success {
            format!(
                "{done} {again}: it would import again as {}, over the version just installed.",
                outcome.operation.key()
            )
        } else {
            format!(
                "{done} {again}, where this version is installed now: it would be refused, as a second import of the same package is (why, below)."
            )
        }
    }
}

/// What made the snapshot the engine now holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SnapshotChange {
    /// Read anew: a file, the browser's store, a default, a capture.
    Loaded,
    /// The open package installed into it.
    Installed(InstalledPackage),
    /// A solution uninstalled from it.
    Uninstalled,
    /// Its name or its target changed, not what it holds.
    Relabelled,
}

/// An import option the person turns on or off.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportToggle {
    OverwriteCustomizations,
    ConvertToManaged,
    PublishWorkflows,
}

#[derive(Clone, Debug, Default)]
pub struct SimulationState {
    /// `None` until the engine has read a snapshot.
    pub snapshot: Option<SharedSnapshot>,
    pub options: ImportOptions,
    /// What the last change did, for the live region.
    pub announcement: String,
    /// Why the last change or load did not happen.
    pub problem: Option<String>,
    /// The outcome of the package, snapshot and options shown…
    pub outcome: Option<Rc<Outcome>>,
    /// …and its answers (the verdict card, the missing dependencies by solution).
    pub answers: Option<Rc<Answers>>,
    /// Only component outcomes of this action are listed.
    pub action_filter: Option<ComponentAction>,
    /// The page of the outcome table (clamped to the pages there are when shown).
    pub page: usize,
    /// The component outcome whose layers are drawn.
    pub selected: Option<usize>,
    /// The package installed into the snapshot shown, until the snapshot is loaded anew or a
    /// solution is uninstalled from it.
    pub installed: Option<InstalledPackage>,
    /// The simulation whose result may still show.
    run: u32,
}

/// What the engine answered to a simulation: the outcome and its answers, shown together.
#[derive(Debug)]
pub struct SimulatedImport {
    pub outcome: Rc<Outcome>,
    pub answers: Rc<Answers>,
}

#[derive(Debug)]
pub enum SimulationAction {
    /// A snapshot from the engine (loaded or changed), what made it, what happened, and why
    /// it could not be kept in the browser, if it could not.
    SnapshotReplaced {
        snapshot: SharedSnapshot,
        change: SnapshotChange,
        message: String,
        storage_problem: Option<String>,
    },
    /// `what` ("Installing", "The simulation") did not happen.
    Stopped {
        stop: Stop,
        what: String,
    },
    Problem(String),
    Announce(String),
    ModeChosen(Option<ImportMode>),
    Toggled(ImportToggle, bool),
    /// Simulation `run` began (for the package, snapshot and options shown).
    SimulationStarted {
        run: u32,
    },
    Simulated {
        run: u32,
        result: Result<SimulatedImport, Stop>,
    },
    FilterChosen(Option<ComponentAction>),
    PageChosen(usize),
    Selected(Option<usize>),
}

impl SimulationState {
    /// The view as it opens, on the snapshot the page already has, if any.
    pub fn new(snapshot: Option<SharedSnapshot>) -> SimulationState {
        SimulationState {
            snapshot,
            ..SimulationState::default()
        }
    }

    pub fn apply(&mut self, action: SimulationAction) {
        match action {
            SimulationAction::SnapshotReplaced {
                snapshot,
                change,
                message,
                storage_problem,
            } => {
                match change {
                    SnapshotChange::Installed(package) => self.installed = Some(package),
                    SnapshotChange::Loaded | SnapshotChange::Uninstalled => self.installed = None,
                    SnapshotChange::Relabelled => {}
                }
                self.snapshot = Some(snapshot);
                self.problem = storage_problem;
                self.announcement = message;
            }
            SimulationAction::Stopped { stop, what } => self.stopped(stop, what),
            SimulationAction::Problem(why) => self.problem = Some(why),
            SimulationAction::Announce(message) => self.announcement = message,
            SimulationAction::ModeChosen(mode) => self.options.mode = mode,
            SimulationAction::Toggled(toggle, on) => match toggle {
                ImportToggle::OverwriteCustomizations => self.options.overwrite_customizations = on,
                ImportToggle::ConvertToManaged => self.options.convert_to_managed = on,
                ImportToggle::PublishWorkflows => self.options.publish_workflows = on,
            },
            SimulationAction::SimulationStarted { run } => self.run = run,
            SimulationAction::Simulated { run, result } => {
                if run != self.run {
                    return;
                }
                match result {
                    Ok(simulated) => {
                        self.outcome = Some(simulated.outcome);
                        self.answers = Some(simulated.answers);
                    }
                    Err(stop) => self.stopped(stop, "The simulation".into()),
                }
            }
            SimulationAction::FilterChosen(filter) => {
                self.action_filter = filter;
                self.page = 0;
            }
            SimulationAction::PageChosen(page) => self.page = page,
            SimulationAction::Selected(index) => self.selected = index,
        }
    }

    /// The package just installed, while the outcome shown is of that package: the verdict is
    /// then for importing it again into the organization that has it.
    pub fn installed_again(&self) -> Option<&InstalledPackage> {
        let installed = self.installed.as_ref()?;
        let solution = &self.outcome.as_ref()?.solution;
        (solution.unique_name == installed.unique_name && solution.version == installed.version)
            .then_some(installed)
    }

    fn stopped(&mut self, stop: Stop, what: String) {
        match stop {
            Stop::Cancelled => self.announcement = format!("{what} was cancelled."),
            Stop::Failed(failure) => self.problem = Some(failure.message),
        }
    }
}
