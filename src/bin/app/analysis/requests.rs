//! Requests about what the engine holds. The page keeps the open package and the
//! organization snapshot (JS arrays, outside wasm memory) and gives them again to an engine
//! that does not have them (a fresh one after Cancel or a failed worker) before a request
//! that needs them; the snapshot's bytes follow each change the engine makes.

use std::cell::{Cell, RefCell};

use js_sys::Uint8Array;
use solution_inspector::page_state::{Stop, Work};
use solution_inspector::protocol::{Answer, Request};

use super::engine::{engine, running, Remote};
use super::in_flight::Answered;
use super::package::OpenedPackage;

thread_local! {
    /// The package and organization the page has: given again to a restarted engine.
    static PACKAGE: RefCell<Option<(u32, String, Uint8Array)>> = const { RefCell::new(None) };
    static ORG: RefCell<Option<Uint8Array>> = const { RefCell::new(None) };
    /// Bumped for each snapshot the page keeps, so an engine knows whether it has the latest.
    static ORG_ID: Cell<u32> = const { Cell::new(0) };
}

/// What a request needs the engine to hold.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Needs {
    Nothing,
    Package,
    PackageAndOrg,
}

/// Sends a request of `kind` to the engine, first giving a fresh engine the package and the
/// organization it needs.
pub async fn request(request: Request, needs: Needs, work: Option<Work>) -> Result<Answered, Stop> {
    let remote = engine().await?;
    if needs != Needs::Nothing {
        let kept = PACKAGE.with(|slot| slot.borrow().clone());
        if let Some((package_id, name, bytes)) = kept {
            if remote.package.get() != Some(package_id) {
                // The page has the inspection already: the engine need not send it again.
                let open = Request::Open { name, quiet: true };
                remote
                    .send(&open, Some(&bytes), Some(Work::Reading))
                    .await?;
                remote.package.set(Some(package_id));
            }
        }
    }
    if needs == Needs::PackageAndOrg {
        let kept = ORG.with(|slot| slot.borrow().clone());
        let org_id = ORG_ID.with(Cell::get);
        if let Some(bytes) = kept {
            if remote.org.get() != Some(org_id) {
                remote
                    .send(&Request::OrgLoad, Some(&bytes), Some(Work::Simulating))
                    .await?;
                remote.org.set(Some(org_id));
            }
        }
    }
    remote.send(&request, None, work).await
}

/// Loads an organization snapshot (its JSON bytes) into the engine and keeps the bytes
/// for a restarted engine. Answers the engine's reply (`head`, `count`).
pub async fn load_org(bytes: Uint8Array) -> Result<Answered, Stop> {
    let remote = engine().await?;
    let reply = remote
        .send(&Request::OrgLoad, Some(&bytes), Some(Work::Simulating))
        .await?;
    keep_org(&remote, bytes);
    Ok(reply)
}

/// A snapshot change the engine made (install, uninstall, limit): its bytes are now the page's too.
pub async fn change_org(change: Request) -> Result<Answered, Stop> {
    let reply = request(change, Needs::PackageAndOrg, Some(Work::Simulating)).await?;
    if let Some(bytes) = &reply.bytes {
        if let Some(remote) = running() {
            keep_org(&remote, bytes.clone());
        }
    }
    Ok(reply)
}

fn keep_org(remote: &Remote, bytes: Uint8Array) {
    let id = ORG_ID.with(|next| {
        let id = next.get().wrapping_add(1);
        next.set(id);
        id
    });
    ORG.with(|slot| *slot.borrow_mut() = Some(bytes));
    remote.org.set(Some(id));
}

/// Makes `opened` the package the page has (after it is shown).
pub fn keep_package(opened: &OpenedPackage, bytes: Uint8Array) {
    PACKAGE.with(|slot| {
        *slot.borrow_mut() = Some((opened.package_id, opened.file_name.clone(), bytes))
    });
}

/// The id of the package the page has, if it has one.
pub(super) fn kept_package_id() -> Option<u32> {
    PACKAGE.with(|slot| slot.borrow().as_ref().map(|(id, _, _)| *id))
}

/// The raw XML of a component, for the detail pane.
pub async fn fragment(file: &str, start: usize, end: usize) -> Option<String> {
    let file = file.to_owned();
    let reply = request(Request::Fragment { file, start, end }, Needs::Package, None)
        .await
        .ok()?;
    match reply.answer {
        Answer::Fragment(text) => text,
        _ => None,
    }
}

/// `(line number, text, is the line asked for)` around `line` of a package file.
pub async fn excerpt(file: &str, line: u32) -> Option<Vec<(usize, String, bool)>> {
    let file = file.to_owned();
    let reply = request(Request::Excerpt { file, line }, Needs::Package, None)
        .await
        .ok()?;
    match reply.answer {
        Answer::Excerpt(lines) => lines,
        _ => None,
    }
}
