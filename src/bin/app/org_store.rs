//! The organization snapshot: the engine holds it (parsing and simulating a large one
//! would hold up the page); the page keeps what it shows (everything but the components),
//! the JSON in IndexedDB under the snapshot's name (`snapshot_store`) so it survives a
//! reload, and fetches the defaults.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::Uint8Array;
pub use solution_inspector::page_state::simulation::{OrgView, SharedSnapshot};
use solution_inspector::page_state::target::DefaultOrganization;
use solution_inspector::protocol::{Answer, Request};

use crate::analysis::{self, Answered, Stop};
use crate::snapshot_store;

/// Where earlier versions of the page kept the snapshot (localStorage): read once, so
/// nothing a user kept is lost, then kept in IndexedDB and removed.
const LEGACY_STORAGE_KEY: &str = "solution-inspector/org-snapshot";

thread_local! {
    static CURRENT: RefCell<Option<SharedSnapshot>> = const { RefCell::new(None) };
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
    Ok((shared, problem))
}

/// A change the engine makes to the snapshot (`OrgTarget`, `OrgInstall`, `OrgUninstall`, `OrgRename`).
pub async fn change(change: Request) -> Result<(SharedSnapshot, String, Option<String>), Stop> {
    let reply = analysis::change_org(change).await?;
    take(reply, None).await
}

/// Fetches one of the default snapshots shipped beside the page.
pub async fn fetch_default(default: DefaultOrganization) -> Result<Uint8Array, String> {
    analysis::fetch_bytes(default.path()).await
}
