//! Solution Inspector in the browser: a Yew single-page app built by Trunk.
//!
//! The page is glue around the core library: it reads the dropped file's bytes,
//! hands them to the engine (`analysis`, a wasm of its own in a worker), and shows
//! the values it gets back.
//! Everything the page knows about solutions comes from the core.

#[cfg(target_arch = "wasm32")]
mod analysis;
#[cfg(target_arch = "wasm32")]
mod app;
#[cfg(target_arch = "wasm32")]
mod bar_chart;
#[cfg(target_arch = "wasm32")]
mod breakable;
#[cfg(target_arch = "wasm32")]
mod browse_index;
#[cfg(target_arch = "wasm32")]
mod capture_panel;
#[cfg(target_arch = "wasm32")]
mod component_browser;
#[cfg(target_arch = "wasm32")]
mod component_detail;
#[cfg(target_arch = "wasm32")]
mod component_name;
#[cfg(target_arch = "wasm32")]
mod convert_box;
#[cfg(target_arch = "wasm32")]
mod dependency_groups;
#[cfg(target_arch = "wasm32")]
mod diagnostics_list;
#[cfg(target_arch = "wasm32")]
mod download;
#[cfg(target_arch = "wasm32")]
mod drop_zone;
#[cfg(target_arch = "wasm32")]
mod error_message;
#[cfg(target_arch = "wasm32")]
mod file_excerpt;
#[cfg(target_arch = "wasm32")]
mod files_table;
#[cfg(target_arch = "wasm32")]
mod finding_groups_list;
#[cfg(target_arch = "wasm32")]
mod finding_item;
#[cfg(target_arch = "wasm32")]
mod findings_view;
#[cfg(target_arch = "wasm32")]
mod fold;
#[cfg(target_arch = "wasm32")]
mod form_input;
#[cfg(target_arch = "wasm32")]
mod format;
#[cfg(target_arch = "wasm32")]
mod group_by_select;
#[cfg(target_arch = "wasm32")]
mod import_options_form;
#[cfg(target_arch = "wasm32")]
mod install_note;
#[cfg(target_arch = "wasm32")]
mod kept_organizations;
#[cfg(target_arch = "wasm32")]
mod layer_stack;
#[cfg(target_arch = "wasm32")]
mod listing_failed;
#[cfg(target_arch = "wasm32")]
mod managed_component;
#[cfg(target_arch = "wasm32")]
mod managed_editor;
#[cfg(target_arch = "wasm32")]
mod managed_editor_model;
#[cfg(target_arch = "wasm32")]
mod managed_properties_view;
#[cfg(target_arch = "wasm32")]
mod managed_summary_table;
#[cfg(target_arch = "wasm32")]
mod more;
#[cfg(target_arch = "wasm32")]
mod org_panel;
#[cfg(target_arch = "wasm32")]
mod org_store;
#[cfg(target_arch = "wasm32")]
mod outcome_details;
#[cfg(target_arch = "wasm32")]
mod overview;
#[cfg(target_arch = "wasm32")]
mod page;
#[cfg(target_arch = "wasm32")]
mod page_time;
#[cfg(target_arch = "wasm32")]
mod profile_form;
#[cfg(target_arch = "wasm32")]
mod root_components;
#[cfg(target_arch = "wasm32")]
mod simulate_context;
#[cfg(target_arch = "wasm32")]
mod simulate_verdict;
#[cfg(target_arch = "wasm32")]
mod simulate_view;
#[cfg(target_arch = "wasm32")]
mod snapshot_store;
#[cfg(target_arch = "wasm32")]
mod solution_header;
#[cfg(target_arch = "wasm32")]
mod tabs;
#[cfg(target_arch = "wasm32")]
mod upload_limit_chart;
#[cfg(target_arch = "wasm32")]
mod verdict_card;
#[cfg(target_arch = "wasm32")]
mod virtual_list;

#[cfg(target_arch = "wasm32")]
fn main() {
    // The core's work runs in the engine (src/bin/worker), in a module worker.
    yew::Renderer::<app::App>::new().render();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "The web app runs in a browser: build it with `trunk build --release` and serve dist/."
    );
    std::process::exit(2);
}
