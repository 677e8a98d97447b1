//! What the parts of the simulate view share: the view's state (the library's
//! `SimulationState`, tested natively) held by `use_reducer` as [`Simulation`], and the ways
//! to change the organization, handed to the parts through a context ([`use_simulation`]).

use std::rc::Rc;

use js_sys::Uint8Array;
use solution_inspector::org::Snapshot;
use solution_inspector::page_state::simulation::{SimulationAction, SimulationState};
use solution_inspector::page_state::target::DefaultOrganization;
use solution_inspector::protocol::Request;
use solution_inspector::simulate::Outcome;
use yew::prelude::*;

/// Words for a snapshot once it is read ("The organization X is now loaded.").
pub type Naming = Rc<dyn Fn(&Snapshot) -> String>;

/// Whose target a snapshot being loaded is.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Chooser {
    /// The person chose it (a file, a default): the page's target becomes its.
    Person,
    /// It is loaded to follow the page's target (its deployment's default, then aligned).
    Page,
}

/// The simulate view's state as yew holds it.
#[derive(Clone)]
pub struct Simulation(pub SimulationState);

/// Compared by identity: each action makes a new state.
impl PartialEq for Simulation {
    fn eq(&self, other: &Simulation) -> bool {
        std::ptr::eq(self, other)
    }
}

impl Reducible for Simulation {
    type Action = SimulationAction;

    fn reduce(self: Rc<Self>, action: SimulationAction) -> Rc<Self> {
        let mut next = Rc::unwrap_or_clone(self);
        next.0.apply(action);
        Rc::new(next)
    }
}

/// The state, and what the parts of the view may ask of the engine.
#[derive(Clone, PartialEq)]
pub struct SimulationContext {
    pub state: UseReducerHandle<Simulation>,
    /// A change to the snapshot, and what it is called if it does not happen ("Installing").
    pub change: Callback<(Request, String)>,
    /// A snapshot's JSON for the engine, how to name it once read, and who chose it.
    pub load: Callback<(Uint8Array, Naming, Chooser)>,
    /// One of the default snapshots, chosen by the person: the page's target becomes its.
    pub load_default: Callback<DefaultOrganization>,
}

/// The simulate view's context, for a part of it.
#[hook]
pub fn use_simulation() -> SimulationContext {
    // The simulate view renders its parts inside its provider.
    use_context::<SimulationContext>().expect("a part outside the simulate view's provider")
}

/// An outcome handed to the view's parts, compared by identity (each simulation makes a new
/// one; comparing thousands of component outcomes on every render would cost more).
#[derive(Clone)]
pub struct SharedOutcome(pub Rc<Outcome>);

impl PartialEq for SharedOutcome {
    fn eq(&self, other: &SharedOutcome) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}
