//! The organization snapshot: the engine holds it (parsing and simulating a large one
//! would hold up the page); the page keeps what it shows (everything but the components),
//! the JSON in IndexedDB under the snapshot's name (`snapshot_store`) so it survives a
//! reload, and fetches the defaults.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::Uint8Array;
pub use solution_inspector::page_state::simulation::{OrgView, SharedSnapshot};
use solution_inspector::page_state::target::{align, Alignment, DefaultOrganization};
use solution_inspector::protocol::{Answer, Request};
use solution_inspector::target::Target;
use yew::Callback;

use crate::analysis::{self, Answered, Stop};
use crate::snapshot_store;

/// Where earlier versions of the page kept the snapshot (localStorage): read once, so
/// nothing a user kept is lost, then kept in IndexedDB and removed.
const LEGACY_STORAGE_KEY: &str = "solution-inspector/org-snapshot";

thread_local! {
    static CURRENT: RefCell<Option<SharedSnapshot>> = const { RefCell::new(None) };
    /// Told when the person's action replaces the snapshot (the page validates afresh).
    static ON_REPLACED: RefCell<Option<Callback<()>>> = const { RefCell::new(None) };
    static NOTE: RefCell<Option<String>> = const { RefCell::new(None) };
    static PROBLEM: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// What to tell when a load or change the person asked for replaces the snapshot.
pub fn on_replaced(callback: Callback<()>) {
    ON_REPLACED.with(|slot| *slot.borrow_mut() = Some(callback));
}

fn replaced() {
    if let Some(callback) = ON_REPLACED.with(|slot| slot.borrow().clone()) {
        callback.emit(());
    }
}

/// Makes the engine's organization in use the page's `target` before the page validates
/// against it, as the simulate view does: the one this browser kept, else the default of
/// the target's deployment, then aligned to the target. Returns the target of an
/// organization this browser kept (it becomes the page's, as when the simulate view loads
/// it). A failure is left to the simulate view, which loads again and says why;
/// validation goes on without the organization meanwhile. The person did not ask for
/// these changes, so the page is not told ([`on_replaced`]).
pub async fn ready_for(target: &Target) -> Option<Target> {
    if current().is_none() {
        if let Some(json) = stored().await {
            let shared = load_quietly(json).await?;
            let kept = shared.0.head.target.clone();
            NOTE.with(|slot| {
                *slot.borrow_mut() = Some(format!(
                    "The organization {} kept by this browser is loaded.",
                    shared.0.head.name
                ))
            });
            return Some(kept);
        }
        let json = fetch_default(DefaultOrganization::of(target.deployment))
            .await
            .ok()?;
        load_quietly(json).await?;
    }
    let mut organization = current()?.0.head.target.clone();
    if let Alignment::LoadDefault(default) = align(target, &organization) {
        let shared = load_quietly(fetch_default(default).await.ok()?).await?;
        organization = shared.0.head.target.clone();
    }
    if let Alignment::SetTarget(target) = align(target, &organization) {
        let reply = analysis::change_org(Request::OrgTarget { target })
            .await
            .ok()?;
        let (_, _, problem) = take(reply, None).await.ok()?;
        keep_problem(problem);
    }
    None
}

async fn load_quietly(json: Uint8Array) -> Option<SharedSnapshot> {
    let reply = analysis::load_org(json.clone()).await.ok()?;
    let (shared, _, problem) = take(reply, Some(json)).await.ok()?;
    keep_problem(problem);
    Some(shared)
}

/// Why a snapshot the page loaded by itself was not kept, for the simulate view to say.
fn keep_problem(problem: Option<String>) {
    if problem.is_some() {
        PROBLEM.with(|slot| *slot.borrow_mut() = problem);
    }
}

/// What the simulate view should say about an organization the page loaded before it was
/// shown (once each): a note, and why it could not be kept.
pub fn take_note() -> (Option<String>, Option<String>) {
    (
        NOTE.with(|slot| slot.borrow_mut().take()),
        PROBLEM.with(|slot| slot.borrow_mut().take()),
    )
}

/// The snapshot the page holds now, if the engine has read one.
pub fn current() -> Option<SharedSnapshot> {
    CURRENT.with(|slot| slot.borrow().clone())
}

fn legacy_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The JSON of the organization in use at the last visit, if the browser kept one.
pub async fn stored() -> Option<Uint8Array> {
    if let Some(kept) = snapshot_store::in_use_bytes().await {
        return Some(kept);
    }
    let storage = legacy_storage()?;
    let text = storage.get_item(LEGACY_STORAGE_KEY).ok()??;
    let bytes = web_sys::TextEncoder::new().ok()?.encode_with_input(&text);
    // Kept again in IndexedDB once the engine has read it (`take`).
    let _ = storage.remove_item(LEGACY_STORAGE_KEY);
    Some(Uint8Array::from(bytes.as_slice()))
}

/// Takes in the engine's answer about a new snapshot: shows it, keeps its JSON for the
/// next visit under its name. Returns it, the engine's note, and why it could not be
/// kept (the page still uses it).
async fn take(
    reply: Answered,
    kept: Option<Uint8Array>,
) -> Result<(SharedSnapshot, String, Option<String>), Stop> {
    let Answer::Org(org) = reply.answer else {
        return Err(analysis::unexpected());
    };
    let (head, components, note) = (org.head, org.components, org.note);
    let name = head.name.clone();
    let shared = SharedSnapshot(Rc::new(OrgView { head, components }));
    CURRENT.with(|slot| *slot.borrow_mut() = Some(shared.clone()));
    let problem = match kept.or(reply.bytes) {
        None => None,
        Some(json) => snapshot_store::keep(&name, &json).await.err().map(|why| {
            format!(
                "The organization ({} of JSON) is used now but was not kept for the next visit: {why}. Save it as a file to keep it.",
                crate::format::bytes(json.length() as u64)
            )
        }),
    };
    Ok((shared, note, problem))
}

/// A snapshot (its JSON) handed to the engine: from a file, storage, or a default.
pub async fn load(json: Uint8Array) -> Result<(SharedSnapshot, Option<String>), Stop> {
    let reply = analysis::load_org(json.clone()).await?;
    let (shared, _, problem) = take(reply, Some(json)).await?;
    replaced();
    Ok((shared, problem))
}

/// A change the engine makes to the snapshot (`OrgTarget`, `OrgInstall`, `OrgUninstall`, `OrgRename`).
pub async fn change(change: Request) -> Result<(SharedSnapshot, String, Option<String>), Stop> {
    let reply = analysis::change_org(change).await?;
    let taken = take(reply, None).await?;
    replaced();
    Ok(taken)
}

/// Fetches one of the default snapshots shipped beside the page.
pub async fn fetch_default(default: DefaultOrganization) -> Result<Uint8Array, String> {
    analysis::fetch_bytes(default.path()).await
}
