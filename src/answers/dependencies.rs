//! Missing dependencies grouped by the solution that provides them: what to install
//! first, how many components of which kinds it provides, and what in the package
//! needs each of them (from solution.xml's `MissingDependencies`).

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::manifest::{node_name, type_label, DependencyNode, MissingDependency};
use crate::model::ComponentKind;
use crate::org::compare_versions;
use crate::simulate::MissingInOrg;
use crate::units::count_of;

/// The components one solution provides that the package needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DependencyGroup {
    /// The unique name of the solution that provides them, as the manifest names it;
    /// `None` for components that were unmanaged customizations in the source
    /// organization (`solution="Active"`) or whose solution the manifest does not name.
    pub solution: Option<String>,
    /// The highest version the package's rows name: the package was built against it.
    pub minimum_version: Option<String>,
    /// The version of the solution installed in the organization simulated into,
    /// which lacks these components (simulation only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub installed_version: Option<String>,
    /// In words: "FieldService 8.2.0.286 or later", "unmanaged customizations of the
    /// source organization (in no managed solution)".
    pub title: String,
    /// How many distinct components the package needs from it.
    pub count: usize,
    /// How many distinct components of the package need them.
    pub needed_by_count: usize,
    /// Their counts by kind, the most first.
    pub kinds: Vec<KindCount>,
    /// Each required component, in the manifest's order, with what needs it.
    pub components: Vec<RequiredComponent>,
}

/// How many components of one kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct KindCount {
    /// The kind, where the type number is one the tool knows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<ComponentKind>,
    /// The kind's label in the platform's words, singular ("table", "column"), the platform's
    /// name of a type no kind models, or "component of type N" for a type nobody knows.
    pub label: String,
    pub count: usize,
}

impl KindCount {
    /// "101 columns".
    pub fn describe(&self) -> String {
        count_of(self.count, &self.label)
    }
}

/// One side of a dependency, as the manifest names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DependencyComponent {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<ComponentKind>,
    /// The kind's label, singular ("table", "form").
    pub label: String,
    /// Its schema name, else its id.
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// The table it belongs to (display name, else schema name), for columns, forms…
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
}

impl DependencyComponent {
    pub fn of(node: &DependencyNode) -> DependencyComponent {
        let code = node.get("type").map(String::as_str).unwrap_or_default();
        let name = node_name(node)
            .cloned()
            .unwrap_or_else(|| "(unnamed)".into());
        DependencyComponent {
            kind: kind_of_type(code),
            label: if code.is_empty() {
                "component".to_owned()
            } else {
                type_label(code)
            },
            display_name: node
                .get("displayName")
                .filter(|display| **display != name)
                .cloned(),
            name,
            parent: node
                .get("parentDisplayName")
                .or_else(|| node.get("parentSchemaName"))
                .cloned(),
        }
    }

    /// "table msdyn_workorder (Work Order)", "column x of Account".
    pub fn describe(&self) -> String {
        let parent = self
            .parent
            .as_ref()
            .map(|parent| format!(" of {parent}"))
            .unwrap_or_default();
        match &self.display_name {
            // Named by its id (a form, a view): its name first, the id beside it.
            Some(display) if crate::model::is_id(&self.name) => {
                format!("{} {display}{parent} ({})", self.label, self.name)
            }
            Some(display) => format!("{} {} ({display}){parent}", self.label, self.name),
            None => format!("{} {}{parent}", self.label, self.name),
        }
    }

    /// What makes two rows name the same component: kind, name and table, case-blind.
    fn identity(&self) -> (String, String, String) {
        (
            self.label.clone(),
            self.name.to_lowercase(),
            self.parent.as_deref().unwrap_or_default().to_lowercase(),
        )
    }
}

/// A component the package needs, and what in the package needs it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RequiredComponent {
    pub component: DependencyComponent,
    /// The package's components that need it, each once.
    pub needed_by: Vec<DependencyComponent>,
    /// The lines of solution.xml that name it.
    pub lines: Vec<u32>,
}

fn kind_of_type(code: &str) -> Option<ComponentKind> {
    let kinds = ComponentKind::from_type_attribute(code);
    kinds.first().copied()
}

/// Which group a row belongs to: the solution's name and version, or none.
fn provider(dependency: &MissingDependency) -> (Option<String>, Option<String>) {
    let Some(solution) = dependency.required.get("solution").map(|text| text.trim()) else {
        return (None, None);
    };
    if solution.is_empty() || solution.eq_ignore_ascii_case("active") {
        return (None, None);
    }
    match solution.split_once(" (") {
        Some((name, version)) => (
            Some(name.trim().to_owned()),
            Some(version.trim_end_matches(')').trim().to_owned()).filter(|v| !v.is_empty()),
        ),
        None => (Some(solution.to_owned()), None),
    }
}

/// The rows grouped by the solution that provides them: the groups needing the most
/// components first (then by name; the unnamed group last among equals), each
/// required component once, in the manifest's order.
pub fn group_missing_dependencies<'a>(
    dependencies: impl IntoIterator<Item = &'a MissingDependency>,
) -> Vec<DependencyGroup> {
    group(
        dependencies
            .into_iter()
            .map(|dependency| (dependency, None)),
    )
}

/// The dependencies an organization does not satisfy, grouped the same way; a group
/// whose solution is installed here (without these components) says its version.
pub fn group_missing_in_org<'a>(
    missing: impl IntoIterator<Item = &'a MissingInOrg>,
) -> Vec<DependencyGroup> {
    group(
        missing
            .into_iter()
            .map(|missing| (&missing.dependency, missing.installed_version.as_deref())),
    )
}

fn group<'a>(
    dependencies: impl Iterator<Item = (&'a MissingDependency, Option<&'a str>)>,
) -> Vec<DependencyGroup> {
    let mut groups: Vec<GroupBuilder> = Vec::new();
    let mut group_of: HashMap<Option<String>, usize> = HashMap::new();
    for (dependency, installed) in dependencies {
        let (solution, version) = provider(dependency);
        let key = solution.as_ref().map(|name| name.to_lowercase());
        let index = *group_of.entry(key).or_insert_with(|| {
            groups.push(GroupBuilder::new(solution));
            groups.len() - 1
        });
        groups[index].add(dependency, version);
        if let Some(installed) = installed {
            groups[index].installed = Some(installed.to_owned());
        }
    }
    let mut groups: Vec<DependencyGroup> = groups.into_iter().map(GroupBuilder::build).collect();
    groups.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then_with(|| a.solution.is_none().cmp(&b.solution.is_none()))
            .then_with(|| a.solution.cmp(&b.solution))
    });
    groups
}

struct GroupBuilder {
    solution: Option<String>,
    version: Option<String>,
    components: Vec<RequiredComponent>,
    component_of: HashMap<(String, String, String), usize>,
    dependents: std::collections::HashSet<(String, String, String)>,
    has_active: bool,
    installed: Option<String>,
}

impl GroupBuilder {
    fn new(solution: Option<String>) -> GroupBuilder {
        GroupBuilder {
            solution,
            version: None,
            components: Vec::new(),
            component_of: HashMap::new(),
            dependents: Default::default(),
            has_active: false,
            installed: None,
        }
    }

    fn add(&mut self, dependency: &MissingDependency, version: Option<String>) {
        if let Some(version) = version {
            let higher = self.version.as_ref().is_none_or(|known| {
                compare_versions(&version, known) == std::cmp::Ordering::Greater
            });
            if higher {
                self.version = Some(version);
            }
        }
        self.has_active |= dependency
            .required
            .get("solution")
            .is_some_and(|solution| solution.trim().eq_ignore_ascii_case("active"));
        let required = DependencyComponent::of(&dependency.required);
        let dependent = DependencyComponent::of(&dependency.dependent);
        let components = &mut self.components;
        let index = *self
            .component_of
            .entry(required.identity())
            .or_insert_with(|| {
                components.push(RequiredComponent {
                    component: required,
                    needed_by: Vec::new(),
                    lines: Vec::new(),
                });
                components.len() - 1
            });
        let entry = &mut self.components[index];
        if dependency.line > 0 {
            entry.lines.push(dependency.line);
        }
        let identity = dependent.identity();
        if !entry
            .needed_by
            .iter()
            .any(|known| known.identity() == identity)
        {
            entry.needed_by.push(dependent);
        }
        self.dependents.insert(identity);
    }

    fn build(self) -> DependencyGroup {
        let mut kinds: Vec<KindCount> = Vec::new();
        for required in &self.components {
            let component = &required.component;
            match kinds
                .iter_mut()
                .find(|known| known.label == component.label)
            {
                Some(known) => known.count += 1,
                None => kinds.push(KindCount {
                    kind: component.kind,
                    label: component.label.clone(),
                    count: 1,
                }),
            }
        }
        kinds.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.label.cmp(&b.label)));
        let title = match (&self.solution, &self.version) {
            (Some(name), Some(version)) => format!("{name} {version} or later"),
            (Some(name), None) => name.clone(),
            (None, _) if self.has_active => {
                "unmanaged customizations of the source organization (in no managed solution)"
                    .to_owned()
            }
            (None, _) => "components whose solution the package does not name".to_owned(),
        };
        DependencyGroup {
            solution: self.solution,
            minimum_version: self.version,
            installed_version: self.installed,
            title,
            count: self.components.len(),
            needed_by_count: self.dependents.len(),
            kinds,
            components: self.components,
        }
    }
}

impl DependencyGroup {
    /// "101 columns, 39 forms, 31 views, 3 more kinds": the first `most` kinds.
    pub fn describe_kinds(&self, most: usize) -> String {
        let mut parts: Vec<String> = self
            .kinds
            .iter()
            .take(most)
            .map(KindCount::describe)
            .collect();
        let rest = self.kinds.len().saturating_sub(most);
        if rest > 0 {
            parts.push(count_of(rest, "more kind"));
        }
        parts.join(", ")
    }

    /// What to do about the group, a plain sentence: "Install FieldService 8.2.0.286 or
    /// later first: 312 components of this package need 230 of its components (…)."
    pub fn what_to_do(&self) -> String {
        let needed_by = count_of(self.needed_by_count, "component");
        let verb = if self.needed_by_count == 1 {
            "needs"
        } else {
            "need"
        };
        let kinds = self.describe_kinds(3);
        match (&self.solution, &self.installed_version) {
            (Some(name), Some(installed)) => format!(
                "{name} {installed} is installed here but lacks {} that {needed_by} of this package {verb} ({kinds}): install a version that has them{}.",
                count_of(self.count, "component"),
                self.minimum_version
                    .as_ref()
                    .map(|version| format!(" (the package was built against {version})"))
                    .unwrap_or_default()
            ),
            (Some(_), None) => format!(
                "Install {} first: {needed_by} of this package {verb} {} of its components ({kinds}).",
                self.title, self.count,
            ),
            (None, _) => format!(
                "Create {} ({kinds}) in the organization first, or add {} to the package: no managed solution provides {} ({needed_by} of this package {verb} {}).",
                count_of(self.count, "component"),
                if self.count == 1 { "it" } else { "them" },
                if self.count == 1 { "it" } else { "them" },
                if self.count == 1 { "it" } else { "them" },
            ),
        }
    }
}
