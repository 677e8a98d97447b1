//! The organization snapshot: the engine holds it (parsing and simulating a large one
//! would hold up the page); the page keeps what it shows (everything but the components),
//! the JSON in localStorage so it survives a reload, and fetches the defaults.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::Uint8Array;
pub use solution_inspector::page_state::simulation::{OrgView, SharedSnapshot};
use solution_inspector::page_state::target::DefaultOrganization;
use solution_inspector::protocol::{Answer, Request};

use crate::analysis::{self, Answered, Stop};

/// localStorage key of the current snapshot (compact JSON).
const STORAGE_KEY: &str = "solution-inspector/org-snapshot";
/// Past this the JSON is not put in localStorage (browsers allow about 5 MB per origin).
const STORAGE_LIMIT: u32 = 4 * 1024 * 1024;

thread_local! {
    static CURRENT: RefCell<Option<SharedSnapshot>> = const { RefCell::new(None) };
}

/// The snapshot the page holds now, if the engine has read one.
pub fn current() -> Option<SharedSnapshot> {
    CURRENT.with(|slot| slot.borrow().clone())
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The JSON kept by an earlier visit, if there is some.
pub fn stored() -> Option<Uint8Array> {
    let text = storage()?.get_item(STORAGE_KEY).ok()??;
    let bytes = web_sys::TextEncoder::new().ok()?.encode_with_input(&text);
    Some(Uint8Array::from(bytes.as_slice()))
}

/// Takes in the engine's answer about a new snapshot: shows it, keeps its JSON for the
/// next visit. Returns it, the engine's note, and why it could not be kept (the page still uses it).
fn take(
    reply: Answered,
    kept: Option<Uint8Array>,
) -> Result<(SharedSnapshot, String, Option<String>), Stop> {
    let Answer::Org(org) = reply.answer else {
        return Err(analysis::unexpected());
    };
    let (head, components, note) = (org.head, org.components, org.note);
    let shared = SharedSnapshot(Rc::new(OrgView { head, components }));
    CURRENT.with(|slot| *slot.borrow_mut() = Some(shared.clone()));
    let json = kept.or(reply.bytes);
    let problem = match (storage(), json) {
        (_, None) => None,
        (Some(storage), Some(json)) if json.length() <= STORAGE_LIMIT => {
            let text = web_sys::TextDecoder::new()
                .ok()
                .and_then(|decoder| decoder.decode_with_js_u8_array(&json).ok())
                .unwrap_or_default();
            storage.set_item(STORAGE_KEY, &text).err().map(|_| too_large(json.length()))
        }
        (Some(_), Some(json)) => Some(too_large(json.length())),
        (None, Some(_)) => Some("This browser does not let the page keep the organization; it will not survive a reload.".to_owned()),
    };
    Ok((shared, note, problem))
}

fn too_large(bytes: u32) -> String {
    format!(
        "The organization ({} of JSON) is too large for this browser's storage; it is used now but will not survive a reload. Save it as a file to keep it.",
        crate::format::bytes(bytes as u64)
    )
}

/// A snapshot (its JSON) handed to the engine: from a file, storage, or a default.
pub async fn load(json: Uint8Array) -> Result<(SharedSnapshot, Option<String>), Stop> {
    let reply = analysis::load_org(json.clone()).await?;
    let (shared, _, problem) = take(reply, Some(json))?;
    Ok((shared, problem))
}

/// A change the engine makes to the snapshot (`OrgTarget`, `OrgInstall`, `OrgUninstall`).
pub async fn change(change: Request) -> Result<(SharedSnapshot, String, Option<String>), Stop> {
    let reply = analysis::change_org(change).await?;
    take(reply, None)
}

/// Fetches one of the default snapshots shipped beside the page.
pub async fn fetch_default(default: DefaultOrganization) -> Result<Uint8Array, String> {
    analysis::fetch_bytes(default.path()).await
}
