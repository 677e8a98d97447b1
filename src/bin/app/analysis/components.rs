//! The lazy component list: a package's components are asked of the engine once, by the
//! first view that lists them, and every view that waits for them hears when they come.

use std::rc::Rc;

use solution_inspector::page_state::Stop;
use solution_inspector::protocol::Request;
use yew::Callback;

use super::package::{LazyComponents, Opened, OpenedPackage};
use super::requests::{kept_package_id, request, Needs};

/// `opened` with its components and the browser's index of them, loaded once per package.
fn load_components(opened: &Opened, done: Callback<Result<Opened, Stop>>) {
    if opened.has_components {
        return done.emit(Ok(opened.clone()));
    }
    let lazy = &opened.with_components;
    if let Some(loaded) = lazy.loaded.borrow().clone() {
        return done.emit(Ok(loaded));
    }
    lazy.waiting.borrow_mut().push(done);
    if lazy.loading.replace(true) {
        return;
    }
    let opened = opened.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let result = fetch_components(&opened).await;
        let lazy = &opened.with_components;
        lazy.loading.set(false);
        if let Ok(loaded) = &result {
            *lazy.loaded.borrow_mut() = Some(loaded.clone());
        }
        let waiting = std::mem::take(&mut *lazy.waiting.borrow_mut());
        for done in waiting {
            done.emit(result.clone());
        }
    });
}

async fn fetch_components(opened: &Opened) -> Result<Opened, Stop> {
    // The engine answers about the package the page keeps: another one may have been opened since.
    let kept = kept_package_id();
    if kept != Some(opened.package_id) {
        return Err(Stop::plain("This package is no longer the one open."));
    }
    let reply = request(Request::Components, Needs::Package, None).await?;
    let components: Vec<solution_inspector::Component> = reply.items().await?;
    let browse = crate::browse_index::browse_index(&components).await;
    let mut inspection = opened.inspection.clone();
    inspection.components = components;
    Ok(Opened(Rc::new(OpenedPackage {
        file_name: opened.file_name.clone(),
        inspection,
        component_counts: opened.component_counts.clone(),
        names: opened.names.clone(),
        analyzed_in: opened.analyzed_in,
        package_id: opened.package_id,
        browse,
        has_components: true,
        with_components: LazyComponents::default(),
    })))
}

/// `opened` with its components: `None` while they are on their way (the calling view
/// renders again when they come), or why they could not be had; and a callback that asks again.
#[yew::hook]
pub fn use_with_components(opened: &Opened) -> (Option<Result<Opened, Stop>>, Callback<()>) {
    let ready = opened
        .has_components
        .then(|| opened.clone())
        .or_else(|| opened.with_components.loaded.borrow().clone());
    let arrived = yew::use_state(|| None::<(u32, Result<Opened, Stop>)>);
    let attempt = yew::use_state(|| 0_u32);
    {
        let arrived = arrived.clone();
        let needed = ready.is_none();
        yew::use_effect_with(
            (opened.clone(), needed, *attempt),
            move |(opened, needed, _)| {
                if *needed {
                    let package_id = opened.package_id;
                    load_components(
                        opened,
                        Callback::from(move |result| arrived.set(Some((package_id, result)))),
                    );
                }
            },
        );
    }
    let retry = {
        let (arrived, attempt) = (arrived.clone(), attempt.clone());
        Callback::from(move |()| {
            arrived.set(None);
            attempt.set(attempt.wrapping_add(1));
        })
    };
    let state = match (ready, &*arrived) {
        (Some(ready), _) => Some(Ok(ready)),
        (None, Some((package_id, result))) if *package_id == opened.package_id => {
            Some(result.clone())
        }
        _ => None,
    };
    (state, retry)
}
