//! The text of `solinspect inspect`.

use std::fmt::Write;

use crate::inspect::Inspection;
use crate::manifest::Manifest;
use crate::model::ComponentKind;
use crate::units::{group_digits, human_size};

pub fn to_text(inspection: &Inspection) -> String {
    let mut out = String::new();
    write_solution(&mut out, inspection);
    write_counts(&mut out, inspection);
    write_root_components(&mut out, &inspection.manifest);
    write_missing_dependencies(&mut out, &inspection.manifest);
    write_unknown_sections(&mut out, inspection);
    write_files(&mut out, inspection);
    write_diagnostics(&mut out, inspection);
    // Names from the package may hold terminal escapes: never print them raw.
    crate::text::printable(&out).into_owned()
}

/// The solution's header: names, version, package type, publisher, the
/// export that made it and its size.
fn write_solution(out: &mut String, inspection: &Inspection) {
    let manifest = &inspection.manifest;
    let publisher = &manifest.publisher;
    let dash = "-";
    let managed = match manifest.managed() {
        Some(true) => "managed".to_owned(),
        Some(false) => "unmanaged".to_owned(),
        None => format!("unknown ({:?})", manifest.managed_raw),
    };
    let _ = writeln!(out, "Solution        {}", or_dash(&manifest.unique_name));
    let _ = writeln!(
        out,
        "Display name    {}",
        manifest.display_name.as_deref().unwrap_or(dash)
    );
    let _ = writeln!(out, "Version         {}", or_dash(&manifest.version));
    let _ = writeln!(out, "Package type    {managed}");
    let _ = writeln!(
        out,
        "Publisher       {} ({}), prefix {}",
        or_dash(&publisher.unique_name),
        publisher.display_name.as_deref().unwrap_or(dash),
        publisher.customization_prefix.as_deref().unwrap_or(dash)
    );
    let _ = writeln!(
        out,
        "Exported by     {} {} (package format {}, base language {})",
        manifest.package.generated_by.as_deref().unwrap_or(dash),
        manifest
            .package
            .generator_version
            .as_deref()
            .unwrap_or(dash),
        manifest
            .package
            .solution_package_version
            .as_deref()
            .unwrap_or(dash),
        manifest.package.language_code.as_deref().unwrap_or(dash)
    );
    let _ = writeln!(
        out,
        "Size            {} zipped, {} uncompressed",
        human_size(inspection.zip_size),
        human_size(inspection.total_size)
    );
}

/// Components by kind, in the kinds' order.
fn write_counts(out: &mut String, inspection: &Inspection) {
    let counts = inspection.counts();
    if counts.is_empty() {
        return;
    }
    let _ = writeln!(out, "\nComponents");
    for kind in ComponentKind::ALL {
        if let Some(count) = counts.get(kind.key()) {
            let _ = writeln!(out, "  {:<34}{count:>7}", kind.label());
        }
    }
}

fn write_root_components(out: &mut String, manifest: &Manifest) {
    if manifest.root_components.is_empty() {
        return;
    }
    let matched = manifest
        .root_components
        .iter()
        .filter(|root| root.matched.is_some())
        .count();
    let _ = writeln!(
        out,
        "\nRoot components {} ({} defined in this package)",
        manifest.root_components.len(),
        matched
    );
}

/// By the solution that provides them, each component with what needs it: the
/// target organization must already have them.
fn write_missing_dependencies(out: &mut String, manifest: &Manifest) {
    if manifest.missing_dependencies.is_empty() {
        return;
    }
    out.push('\n');
    let groups = crate::answers::group_missing_dependencies(&manifest.missing_dependencies);
    super::answers_text::write_dependency_groups(out, &groups, true);
}

/// The sections of customizations.xml the reader keeps as unknown.
fn write_unknown_sections(out: &mut String, inspection: &Inspection) {
    if inspection.unknown_sections.is_empty() {
        return;
    }
    let _ = writeln!(out, "\nOther sections of customizations.xml");
    for section in &inspection.unknown_sections {
        let _ = writeln!(
            out,
            "  {:<34}{:>7} elements",
            section.name, section.element_count
        );
    }
}

fn write_files(out: &mut String, inspection: &Inspection) {
    let _ = writeln!(out, "\nFiles ({})", inspection.files.len());
    let _ = writeln!(out, "  {:>12}  {:>12}  path", "size", "compressed");
    for file in &inspection.files {
        let _ = writeln!(
            out,
            "  {:>12}  {:>12}  {}",
            group_digits(file.size),
            group_digits(file.compressed_size),
            file.path
        );
    }
}

fn write_diagnostics(out: &mut String, inspection: &Inspection) {
    if inspection.diagnostics.is_empty() {
        return;
    }
    let _ = writeln!(out, "\nDiagnostics");
    for diagnostic in &inspection.diagnostics {
        let location = diagnostic.location();
        let _ = writeln!(
            out,
            "  {} {} {}{}",
            diagnostic.severity.label(),
            diagnostic.code,
            if location.is_empty() {
                String::new()
            } else {
                format!("{location}: ")
            },
            diagnostic.message
        );
    }
}

fn or_dash(text: &str) -> &str {
    if text.is_empty() {
        "-"
    } else {
        text
    }
}
