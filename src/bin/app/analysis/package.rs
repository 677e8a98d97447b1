//! A package the engine has read, as the page holds it: its inspection (without its
//! components until a view asks), its counts, where it was read, and reading one.

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::ops::Deref;
use std::rc::Rc;

use js_sys::Uint8Array;
use solution_inspector::model::ComponentName;
use solution_inspector::page_state::{Stop, Work};
use solution_inspector::protocol::{Answer, Request};
use solution_inspector::Inspection;
use yew::Callback;

use super::engine::{engine, AnalyzedIn};
use super::in_flight::{next_id, unexpected};

/// A package that was read. Its bytes stay in the engine (and, for a restarted
/// engine, in a JS array of the page: outside wasm memory).
pub struct OpenedPackage {
    pub file_name: String,
    /// Without its components until a view that lists them asks
    /// ([`use_with_components`](super::components::use_with_components)): a large package has
    /// tens of thousands, most visits never list them, and taking them in cost the page more
    /// than the engine's validation.
    pub inspection: Inspection,
    /// How many components of each kind (key of the kind → count), known from the start.
    pub component_counts: BTreeMap<String, usize>,
    /// How the overview's components named by their id read (the core's `overview_names`).
    pub names: Rc<BTreeMap<String, ComponentName>>,
    pub analyzed_in: AnalyzedIn,
    /// Which package the engine must hold to answer about this one.
    pub package_id: u32,
    /// What the component browser searches and sorts by (empty until the components are in).
    pub browse: crate::browse_index::BrowseIndex,
    /// Whether `inspection.components` holds the components.
    pub has_components: bool,
    /// This package with its components, once a view asked for them.
    pub(super) with_components: LazyComponents,
}

impl OpenedPackage {
    pub fn component_count(&self) -> usize {
        self.component_counts.values().sum()
    }
}

/// A shared handle compared by identity: comparing two inspections field by
/// field on every render would cost more than rendering.
#[derive(Clone)]
pub struct Opened(pub Rc<OpenedPackage>);

impl PartialEq for Opened {
    fn eq(&self, other: &Opened) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Deref for Opened {
    type Target = OpenedPackage;
    fn deref(&self) -> &OpenedPackage {
        &self.0
    }
}

/// A package's components, asked of the engine once, by the first view that needs them
/// (`components.rs` fills it).
#[derive(Default)]
pub(super) struct LazyComponents {
    pub(super) loaded: RefCell<Option<Opened>>,
    pub(super) loading: Cell<bool>,
    pub(super) waiting: RefCell<Vec<Callback<Result<Opened, Stop>>>>,
}

/// Reads a package in the engine, which keeps it. The page gets the inspection, its
/// components taken in one chunk per task.
pub async fn analyze(file_name: String, bytes: Uint8Array) -> Result<OpenedPackage, Stop> {
    let remote = engine().await?;
    let package_id = next_id();
    let open = Request::Open {
        name: file_name.clone(),
        quiet: false,
    };
    let reply = remote
        .send(&open, Some(&bytes), Some(Work::Reading))
        .await?;
    // The engine now holds this package.
    remote.package.set(Some(package_id));
    let Answer::Opened(Some(opening)) = reply.answer else {
        return Err(unexpected());
    };
    let inspection: Inspection = opening.inspection.into_owned();
    let component_counts = opening.counts;
    Ok(OpenedPackage {
        file_name,
        inspection,
        component_counts,
        names: Rc::new(opening.names),
        analyzed_in: remote.analyzed_in(),
        package_id,
        browse: Default::default(),
        has_components: false,
        with_components: LazyComponents::default(),
    })
}
