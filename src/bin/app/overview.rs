//! The overview: the manifest, counts, sizes, root components, dependencies and problems.

use solution_inspector::ComponentKind;
use yew::prelude::*;

use crate::analysis::Opened;
use crate::bar_chart::BarChart;
use crate::diagnostics_list::DiagnosticsList;
use crate::files_table::FilesTable;
use crate::format;
use crate::missing_dependencies::MissingDependencies;
use crate::root_components::RootComponents;

#[derive(Properties, PartialEq)]
pub struct OverviewProps {
    pub opened: Opened,
}

fn field(label: &str, value: Option<String>, test_id: &'static str) -> Html {
    html! {
        <div class="field">
            <dt>{ label.to_owned() }</dt>
            <dd data-testid={test_id}>{ value.unwrap_or_else(|| "not given".to_owned()) }</dd>
        </div>
    }
}

#[component]
pub fn Overview(props: &OverviewProps) -> Html {
    let inspection = &props.opened.inspection;
    let manifest = &inspection.manifest;
    let publisher = &manifest.publisher;
    let managed = match manifest.managed() {
        Some(true) => "Managed".to_owned(),
        Some(false) => "Unmanaged".to_owned(),
        None => format!("Unreadable ({:?})", manifest.managed_raw),
    };
    let mut bars: Vec<(String, usize)> = inspection
        .counts()
        .into_iter()
        .map(|(key, count)| {
            let label = ComponentKind::from_key(key).map_or(key, ComponentKind::label);
            (label.to_owned(), count)
        })
        .collect();
    bars.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let largest = inspection.largest_files(5);

    html! {
        <div class="overview">
            <h2 class="visually-hidden">{ "Overview" }</h2>
            <div class="cards">
                <section class="card" aria-labelledby="solution-heading">
                    <h3 id="solution-heading">{ "Solution" }</h3>
                    <dl class="fields">
                        { field("Unique name", Some(manifest.unique_name.clone()), "unique-name") }
                        { field("Display name", manifest.display_name.clone(), "display-name") }
                        { field("Version", Some(manifest.version.clone()), "version") }
                        { field("Package type", Some(managed), "managed") }
                    </dl>
                </section>
                <section class="card" aria-labelledby="publisher-heading">
                    <h3 id="publisher-heading">{ "Publisher" }</h3>
                    <dl class="fields">
                        { field("Unique name", Some(publisher.unique_name.clone()), "publisher-unique-name") }
                        { field("Display name", publisher.display_name.clone(), "publisher-display-name") }
                        { field("Prefix", publisher.customization_prefix.clone(), "publisher-prefix") }
                        { field("Choice value prefix", publisher.customization_option_value_prefix.clone(), "publisher-option-prefix") }
                    </dl>
                </section>
                <section class="card" aria-labelledby="package-heading">
                    <h3 id="package-heading">{ "Package" }</h3>
                    <dl class="fields">
                        { field("Generator version", manifest.package.generator_version.clone(), "generator-version") }
                        { field("Package format", manifest.package.solution_package_version.clone(), "package-format") }
                        { field("Exported from", manifest.package.generated_by.clone(), "generated-by") }
                        { field("Base language", manifest.package.language_code.clone(), "language-code") }
                    </dl>
                </section>
                <section class="card wide" aria-labelledby="size-heading">
                    <h3 id="size-heading">{ "Size" }</h3>
                    <div class="wide-body">
                    <dl class="fields">
                        { field("Zip file", Some(format::bytes(inspection.zip_size)), "zip-size") }
                        { field("Unpacked", Some(format::bytes(inspection.total_size)), "total-size") }
                        { field("Files", Some(format::count(inspection.files.len())), "file-count") }
                        { field("Components", Some(format::count(inspection.components.len())), "component-count") }
                    </dl>
                    <div>
                    <h4 class="largest-heading">{ "Largest files" }</h4>
                    <ol class="largest">
                        { for largest.iter().map(|file| html! {
                            <li><span class="path">{ file.path.clone() }</span>{ " " }<span class="muted">{ format::bytes(file.size) }</span></li>
                        }) }
                    </ol>
                    </div>
                    </div>
                </section>
            </div>

            <section aria-labelledby="counts-heading">
                <h3 id="counts-heading">{ "Components by kind" }</h3>
                if bars.is_empty() {
                    <p>{ "customizations.xml defines no components." }</p>
                } else {
                    <BarChart id="counts" title="Components by kind" value_label="Components" bars={bars} />
                }
            </section>

            <section aria-labelledby="roots-heading">
                <h3 id="roots-heading">{ format!("Root components ({})", manifest.root_components.len()) }</h3>
                <RootComponents roots={manifest.root_components.clone()} />
            </section>

            <section aria-labelledby="dependencies-heading">
                <h3 id="dependencies-heading">{ format!("Missing dependencies ({})", manifest.missing_dependencies.len()) }</h3>
                <MissingDependencies dependencies={manifest.missing_dependencies.clone()} />
            </section>

            <section aria-labelledby="diagnostics-heading">
                <h3 id="diagnostics-heading">{ format!("Diagnostics ({})", inspection.diagnostics.len()) }</h3>
                <DiagnosticsList diagnostics={inspection.diagnostics.clone()} />
            </section>

            <section aria-labelledby="files-heading">
                <h3 id="files-heading">{ format!("Files ({})", inspection.files.len()) }</h3>
                <FilesTable files={inspection.files.clone()} caption="Every file in the package" />
            </section>
        </div>
    }
}
