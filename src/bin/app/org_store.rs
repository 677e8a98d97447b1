//! Where the page keeps the organization snapshot: in memory while the page is open,
//! in localStorage so it survives a reload, and the two defaults as static files.

use std::cell::RefCell;
use std::rc::Rc;

use solution_inspector::org::Snapshot;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// localStorage key of the current snapshot (compact JSON).
const STORAGE_KEY: &str = "solution-inspector/org-snapshot";

pub const ONPREM_DEFAULT: &str = "org/onprem-9.1.json";
pub const ONLINE_DEFAULT: &str = "org/online-9.2.json";

/// A snapshot compared by identity: comparing 50,000 components on every render would cost more than rendering.
#[derive(Clone)]
pub struct SharedSnapshot(pub Rc<Snapshot>);

impl PartialEq for SharedSnapshot {
    fn eq(&self, other: &SharedSnapshot) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

thread_local! {
    static CURRENT: RefCell<Option<SharedSnapshot>> = const { RefCell::new(None) };
}

/// The snapshot the page holds now, if it has read one.
pub fn current() -> Option<SharedSnapshot> {
    CURRENT.with(|slot| slot.borrow().clone())
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The snapshot kept by an earlier visit, if there is one that reads.
pub fn stored() -> Option<Snapshot> {
    let text = storage()?.get_item(STORAGE_KEY).ok()??;
    Snapshot::from_json(&text).ok()
}

/// Makes `snapshot` the current one and keeps it for the next visit.
/// Returns why it could not be kept (the page still uses it).
pub fn keep(snapshot: Snapshot) -> (SharedSnapshot, Option<String>) {
    let json = snapshot.to_json();
    let shared = SharedSnapshot(Rc::new(snapshot));
    CURRENT.with(|slot| *slot.borrow_mut() = Some(shared.clone()));
    let problem = match storage() {
        Some(storage) => storage.set_item(STORAGE_KEY, &json).err().map(|_| {
            format!(
                "The organization ({} of JSON) is too large for this browser's storage; it is used now but will not survive a reload. Save it as a file to keep it.",
                crate::format::bytes(json.len() as u64)
            )
        }),
        None => Some("This browser does not let the page keep the organization; it will not survive a reload.".to_owned()),
    };
    (shared, problem)
}

/// Fetches one of the default snapshots shipped beside the page.
pub async fn fetch_default(path: &str) -> Result<Snapshot, String> {
    let window = web_sys::window().ok_or("no browser window")?;
    let response = JsFuture::from(window.fetch_with_str(path))
        .await
        .map_err(|_| format!("{path} could not be fetched"))?;
    let response: web_sys::Response = response
        .dyn_into()
        .map_err(|_| format!("{path} could not be fetched"))?;
    if !response.ok() {
        return Err(format!(
            "{path} could not be fetched (HTTP {})",
            response.status()
        ));
    }
    let text = JsFuture::from(
        response
            .text()
            .map_err(|_| format!("{path} could not be read"))?,
    )
    .await
    .map_err(|_| format!("{path} could not be read"))?
    .as_string()
    .unwrap_or_default();
    Snapshot::from_json(&text).map_err(|err| format!("{path}: {err}"))
}
