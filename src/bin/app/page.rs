//! The page's state in yew: the library's [`PageState`] (src/page_state, tested natively) held
//! by `use_reducer` as [`Page`], and what the views read of it and do to it through a context
//! ([`PageContext`], [`use_page`]) instead of props handed down and callbacks handed up.

use std::rc::Rc;

use solution_inspector::convert::ManagedPropertyPolicy;
use solution_inspector::page_state::{Action, Checking, OpenPackage, PageState};
use solution_inspector::target::Target;
use solution_inspector::validate::Profile;
use solution_inspector::Inspection;
use yew::prelude::*;

use crate::analysis::Opened;

impl OpenPackage for Opened {
    fn inspection(&self) -> &Inspection {
        &self.0.inspection
    }
    fn component_count(&self) -> usize {
        self.0.component_count()
    }
    fn package_id(&self) -> u32 {
        self.0.package_id
    }
}

/// What can happen to the page, with the page's handle to a package.
pub type PageAction = Action<Opened>;

/// The page's state as yew holds it.
#[derive(Clone)]
pub struct Page(pub PageState<Opened>);

impl Reducible for Page {
    type Action = PageAction;

    fn reduce(self: Rc<Self>, action: PageAction) -> Rc<Self> {
        let mut next = Rc::unwrap_or_clone(self);
        next.0.apply(action);
        Rc::new(next)
    }
}

/// What the views read of the page, and how they change it. Equal when what they read is, so
/// the progress bar's updates (many a second) re-render no view.
#[derive(Clone, PartialEq)]
pub struct PageContext {
    pub profile: Profile,
    pub policy: ManagedPropertyPolicy,
    pub checking: Checking,
    pub dispatch: UseReducerDispatcher<Page>,
}

impl PageContext {
    pub fn of(page: &UseReducerHandle<Page>) -> PageContext {
        PageContext {
            profile: page.0.profile.clone(),
            policy: page.0.policy.clone(),
            checking: page.0.checking.clone(),
            dispatch: page.dispatcher(),
        }
    }

    /// A new target organization for every view (the app keeps it for the next visit).
    pub fn set_profile(&self, next: Profile) {
        self.dispatch.dispatch(Action::ProfileChanged(next));
    }

    /// The person chose this organization in the simulate view: it is every view's target.
    pub fn choose_organization(&self, organization: Target) {
        self.dispatch
            .dispatch(Action::OrganizationChosen(organization));
    }

    pub fn set_policy(&self, next: ManagedPropertyPolicy) {
        self.dispatch.dispatch(Action::PolicyChanged(next));
    }

    pub fn validate_again(&self) {
        self.dispatch.dispatch(Action::ValidateAgain);
    }

    /// Opens the Components tab on the component of this index.
    pub fn show_component(&self, index: usize) {
        self.dispatch.dispatch(Action::ShowComponent(index));
    }
}

/// The page's context, for a view inside the page.
#[hook]
pub fn use_page() -> PageContext {
    // The app renders every view inside its provider.
    use_context::<PageContext>().expect("a view outside the page's ContextProvider")
}
