//! The overview: the verdict against the page's target first, then the manifest, counts, sizes,
//! root components, the missing dependencies by providing solution, and problems.

use std::collections::BTreeMap;

use solution_inspector::inspect::FileInfo;
use solution_inspector::page_state::target::describe_target;
use solution_inspector::page_state::Checking;
use solution_inspector::ComponentKind;
use yew::prelude::*;

use crate::analysis::Opened;
use crate::bar_chart::BarChart;
use crate::breakable::breakable;
use crate::dependency_groups::DependencyGroups;
use crate::diagnostics_list::DiagnosticsList;
use crate::files_table::FilesTable;
use crate::fold::Fold;
use crate::format;
use crate::page::use_page;
use crate::root_components::RootComponents;
use crate::verdict_card::VerdictCard;

#[derive(Properties, PartialEq)]
pub struct OverviewProps {
    pub opened: Opened,
}

fn field(label: &str, value: Option<String>, test_id: &'static str) -> Html {
    html! {
        <div class="field">
            <dt>{ label.to_owned() }</dt>
            <dd data-testid={test_id}>{ breakable(&value.unwrap_or_else(|| "not given".to_owned())) }</dd>
        </div>
    }
}

/// Unpacked bytes per kind of the component that owns each file; files no component
/// owns are the package's own files (solution.xml, customizations.xml) or unlinked payloads.
fn size_by_kind(files: &[FileInfo]) -> Vec<(String, u64)> {
    let mut sizes: BTreeMap<&'static str, u64> = BTreeMap::new();
    for file in files {
        let label = match file
            .component
            .as_deref()
            .and_then(|key| key.split_once(':'))
        {
            Some((kind, _)) => {
                ComponentKind::from_key(kind).map_or("Other components", ComponentKind::label)
            }
            None => "Package and unlinked files",
        };
        *sizes.entry(label).or_insert(0) += file.size;
    }
    let mut bars: Vec<(String, u64)> = sizes
        .into_iter()
        .map(|(label, size)| (label.to_owned(), size))
        .collect();
    bars.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    bars
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
    let mut bars: Vec<(String, u64)> = props
        .opened
        .component_counts
        .iter()
        .map(|(key, &count)| {
            let label = ComponentKind::from_key(key)
                .map_or_else(|| key.clone(), |kind| kind.label().to_owned());
            (label, count as u64)
        })
        .collect();
    bars.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let largest: Vec<(String, u64)> = inspection
        .largest_files(10)
        .into_iter()
        .map(|file| (file.path.clone(), file.size))
        .collect();
    let size_by_kind = size_by_kind(&inspection.files);
    // The validation's answers, once they are of this package under the page's target.
    let page = use_page();
    let target = describe_target(&page.profile.target);
    let (answers, organization) = match &page.checking {
        Checking::Done(checked) if checked.0.package_id == props.opened.package_id => (
            Some(checked.0.answers.clone()),
            // The organization whose components the missing dependencies were checked against.
            checked
                .0
                .validation
                .organization
                .as_ref()
                .map(|checked| AttrValue::from(checked.name.clone())),
        ),
        _ => (None, None),
    };

    html! {
        <div class="overview">
            <h2 class="visually-hidden">{ "Overview" }</h2>
            <section class="verdict overview-verdict" aria-labelledby="overview-verdict-heading" data-testid="overview-verdict">
                <h3 id="overview-verdict-heading">{ "Against the target organization" }</h3>
                if let Some(answers) = &answers {
                    <VerdictCard verdict={answers.verdict.clone()} target={target.clone()} {organization}
                        no_operation="known when simulated (Simulate import)" />
                } else {
                    <p class="status busy">{ format!("Checking against {target}…") }</p>
                }
            </section>
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
                <section class="card" aria-labelledby="size-heading">
                    <h3 id="size-heading">{ "Size" }</h3>
                    <dl class="fields">
                        { field("Zip file", Some(format::bytes(inspection.zip_size)), "zip-size") }
                        { field("Unpacked", Some(format::bytes(inspection.total_size)), "total-size") }
                        { field("Files", Some(format::count(inspection.files.len())), "file-count") }
                        { field("Components", Some(format::count(props.opened.component_count())), "component-count") }
                    </dl>
                </section>
            </div>

            <div class="charts">
            <section aria-labelledby="counts-heading">
                <h3 id="counts-heading">{ "Components by kind" }</h3>
                if bars.is_empty() {
                    <p>{ "customizations.xml defines no components." }</p>
                } else {
                    <BarChart id="counts" title="Components by kind" value_label="Components" bars={bars} />
                }
            </section>

            <section aria-labelledby="weight-heading">
                <h3 id="weight-heading">{ "What weighs most" }</h3>
                <div>
                    <div>
                        <h4>{ "Unpacked size by component kind" }</h4>
                        <BarChart id="size-by-kind" title="Unpacked size by component kind" value_label="Size"
                            bars={size_by_kind} bytes=true />
                    </div>
                    <div>
                        <h4>{ "Largest files" }</h4>
                        <BarChart id="largest-files" title="Largest files" value_label="Size" label_heading="File"
                            bars={largest} bytes=true />
                    </div>
                </div>
            </section>

            </div>

            <Fold id="roots-heading" title={format!("Root components ({})", manifest.root_components.len())}
                rows={manifest.root_components.len()} test_id="fold-roots">
                <RootComponents opened={props.opened.clone()} />
            </Fold>
            <Fold id="dependencies-heading" title={format!("Missing dependencies ({})", manifest.missing_dependencies.len())}
                rows={answers.as_ref().map_or(0, |answers| answers.missing_dependencies.len())} test_id="fold-dependencies">
                if let Some(answers) = &answers {
                    <p>{ "The target organization must already have these, or the import fails; by the solution that provides them:" }</p>
                    <DependencyGroups answers={answers.clone()} none="None: the package declares no missing dependencies." />
                } else {
                    <p class="status busy">{ "Checking…" }</p>
                }
            </Fold>
            <Fold id="diagnostics-heading" title={format!("Diagnostics ({})", inspection.diagnostics.len())}
                rows={inspection.diagnostics.len()} test_id="fold-diagnostics">
                <DiagnosticsList opened={props.opened.clone()} />
            </Fold>
            <Fold id="files-heading" title={format!("Files ({})", inspection.files.len())}
                rows={inspection.files.len()} test_id="fold-files">
                <FilesTable opened={props.opened.clone()} caption="Every file in the package" />
            </Fold>
        </div>
    }
}
