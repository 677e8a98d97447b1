//! A loopback Dataverse Web API for the capture tests: std's `TcpListener`,
//! started and stopped by the test, a bounded number of requests. It speaks
//! the documented OData subset a capture uses: `$select` (and `$select` inside
//! `$expand`) applied to its rows, `Prefer: odata.maxpagesize` with
//! `@odata.nextLink` pages, 429 with `Retry-After` now and then, gzip when asked,
//! 401 without the bearer token. Its rows already satisfy the table's
//! `$filter`s (it does not evaluate them).
//!
//! [`rows_of_snapshot`] lists an organization snapshot as the Web API would:
//! solutions, publishers, `solutioncomponents` by type and object id, and the
//! identity rows of each component in its entity set.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use serde_json::{json, Map, Value};
use solution_inspector::org::capture::queries::{
    Answer, Identity, KindFrom, NameFrom, ParentFrom, Query, API_PATH, QUERIES,
};
use solution_inspector::org::{OrgComponent, Snapshot};
use solution_inspector::ComponentKind;

pub const TOKEN: &str = "loopback-test-token";

/// What the server answers: each query's rows (or object) by its resource.
pub struct Organization {
    pub answers: BTreeMap<&'static str, Value>,
}

/// What the server saw, for the test to check.
#[derive(Debug, Default, Clone)]
pub struct Seen {
    pub requests: usize,
    pub throttled: usize,
    pub gzipped: usize,
    pub pages_followed: usize,
    pub page_sizes_asked: Vec<usize>,
    pub unauthorized: usize,
}

pub struct Server {
    pub port: u16,
    stop: Arc<AtomicBool>,
    seen: Arc<Mutex<Seen>>,
    thread: Option<JoinHandle<()>>,
}

/// Pages never hold more rows than this, whatever `Prefer` asks: paging is exercised.
const SERVER_PAGE_CAP: usize = 1500;
/// Every this many requests, the first answer is a 429.
const THROTTLE_EVERY: usize = 7;
/// Requests served at most, then the server stops.
const MAX_REQUESTS: usize = 2000;

impl Server {
    pub fn start(organization: Organization) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
        let port = listener.local_addr().expect("its address").port();
        let stop = Arc::new(AtomicBool::new(false));
        let seen = Arc::new(Mutex::new(Seen::default()));
        let organization = Arc::new(organization);
        let count = Arc::new(AtomicUsize::new(0));
        let thread = {
            let (stop, seen) = (stop.clone(), seen.clone());
            std::thread::spawn(move || {
                for stream in listener.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(stream) = stream else { continue };
                    let index = count.fetch_add(1, Ordering::SeqCst);
                    if index >= MAX_REQUESTS {
                        break;
                    }
                    let _ = serve(stream, port, index, &organization, &seen);
                }
            })
        };
        Server {
            port,
            stop,
            seen,
            thread: Some(thread),
        }
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn seen(&self) -> Seen {
        self.seen.lock().expect("seen").clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

struct Request {
    target: String,
    headers: Vec<(String, String)>,
}

impl Request {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }
}

fn read_request(stream: &TcpStream) -> Option<Request> {
    let mut reader = BufReader::new(stream.try_clone().ok()?.take(64 * 1024));
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut parts = line.split_whitespace();
    let (method, target) = (parts.next()?, parts.next()?.to_owned());
    if method != "GET" {
        return None;
    }
    let mut headers = Vec::new();
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).ok()? == 0 || header.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            headers.push((name.trim().to_owned(), value.trim().to_owned()));
        }
    }
    Some(Request { target, headers })
}

fn respond(
    mut stream: &TcpStream,
    status: &str,
    extra: &[(&str, String)],
    body: &[u8],
) -> std::io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: application/json; odata.metadata=minimal\r\nOData-Version: 4.0\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for (name, value) in extra {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    stream.write_all(body)?;
    stream.flush()
}

fn serve(
    stream: TcpStream,
    port: u16,
    index: usize,
    organization: &Organization,
    seen: &Mutex<Seen>,
) -> std::io::Result<()> {
    let Some(request) = read_request(&stream) else {
        return respond(&stream, "400 Bad Request", &[], b"{}");
    };
    seen.lock().expect("seen").requests += 1;
    if request.header("Authorization") != Some(&format!("Bearer {TOKEN}")) {
        seen.lock().expect("seen").unauthorized += 1;
        return respond(
            &stream,
            "401 Unauthorized",
            &[],
            br#"{"error":{"code":"0x80072560","message":"The user is not a member of the organization."}}"#,
        );
    }
    if index % THROTTLE_EVERY == THROTTLE_EVERY - 1 {
        seen.lock().expect("seen").throttled += 1;
        return respond(
            &stream,
            "429 Too Many Requests",
            &[("Retry-After", "1".to_owned())],
            br#"{"error":{"code":"0x80072322","message":"Number of requests exceeded the limit of 6000 over time window of 300 seconds."}}"#,
        );
    }
    let (status, body) = answer(&request, port, organization, seen);
    let gzip = request
        .header("Accept-Encoding")
        .is_some_and(|accepted| accepted.contains("gzip"));
    if gzip {
        seen.lock().expect("seen").gzipped += 1;
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(body.as_bytes())?;
        let compressed = encoder.finish()?;
        return respond(
            &stream,
            status,
            &[("Content-Encoding", "gzip".to_owned())],
            &compressed,
        );
    }
    respond(&stream, status, &[], body.as_bytes())
}

fn not_found(what: &str) -> (&'static str, String) {
    (
        "404 Not Found",
        json!({"error": {"code": "0x8006088a", "message": format!("Resource not found for the segment '{what}'.")}})
            .to_string(),
    )
}

/// `%20` and friends back to text (the client escapes spaces in filters).
fn unescape(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%' && index + 2 < bytes.len() {
            if let Ok(byte) = u8::from_str_radix(&text[index + 1..index + 3], 16) {
                out.push(byte);
                index += 3;
                continue;
            }
        }
        out.push(bytes[index]);
        index += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn answer(
    request: &Request,
    port: u16,
    organization: &Organization,
    seen: &Mutex<Seen>,
) -> (&'static str, String) {
    let target = unescape(&request.target);
    let Some(rest) = target.strip_prefix(API_PATH) else {
        return not_found(&target);
    };
    let (resource, options) = rest.split_once('?').unwrap_or((rest, ""));
    let Some(query) = QUERIES.iter().find(|query| query.resource == resource) else {
        return not_found(resource);
    };
    let Some(answer) = organization.answers.get(query.key) else {
        return not_found(resource);
    };
    let mut select = "";
    let mut expand = "";
    let mut skip = 0usize;
    for option in options.split('&') {
        if let Some(value) = option.strip_prefix("$select=") {
            select = value;
        } else if let Some(value) = option.strip_prefix("$expand=") {
            expand = value;
        } else if let Some(value) = option.strip_prefix("$skiptoken=") {
            skip = value.parse().unwrap_or(0);
        }
    }
    if query.answer == Answer::Object {
        return ("200 OK", answer.to_string());
    }
    let rows = answer.as_array().cloned().unwrap_or_default();
    let asked = request
        .header("Prefer")
        .and_then(|prefer| {
            prefer
                .split(',')
                .find_map(|part| part.trim().strip_prefix("odata.maxpagesize="))
        })
        .and_then(|size| size.trim().parse::<usize>().ok());
    let page_size = asked.unwrap_or(5000).clamp(1, SERVER_PAGE_CAP);
    {
        let mut seen = seen.lock().expect("seen");
        if let Some(asked) = asked {
            seen.page_sizes_asked.push(asked);
        }
        if skip > 0 {
            seen.pages_followed += 1;
        }
    }
    let page: Vec<Value> = rows
        .iter()
        .skip(skip)
        .take(page_size)
        .map(|row| project(row, select, expand))
        .collect();
    let mut body = Map::new();
    body.insert(
        "@odata.context".into(),
        json!(format!(
            "http://127.0.0.1:{port}{API_PATH}$metadata#{resource}"
        )),
    );
    body.insert("value".into(), Value::Array(page));
    if skip + page_size < rows.len() {
        let without_skip: Vec<&str> = request
            .target
            .split_once('?')
            .map(|(_, options)| options)
            .unwrap_or("")
            .split('&')
            .filter(|option| !option.starts_with("$skiptoken=") && !option.is_empty())
            .collect();
        body.insert(
            "@odata.nextLink".into(),
            json!(format!(
                "http://127.0.0.1:{port}{API_PATH}{resource}?{}&$skiptoken={}",
                without_skip.join("&"),
                skip + page_size
            )),
        );
    }
    ("200 OK", Value::Object(body).to_string())
}

/// Only the selected columns (and `@odata.etag`), and the expanded navigation
/// properties with their own selection.
fn project(row: &Value, select: &str, expand: &str) -> Value {
    let Some(row) = row.as_object() else {
        return row.clone();
    };
    let columns: Vec<&str> = select.split(',').filter(|c| !c.is_empty()).collect();
    let mut out = Map::new();
    for (key, value) in row {
        let selected =
            columns.is_empty() || columns.contains(&key.as_str()) || key.starts_with('@');
        if selected && !value.is_array() {
            out.insert(key.clone(), value.clone());
        }
    }
    for (navigation, inner_select) in expansions(expand) {
        if let Some(Value::Array(nested)) = row.get(navigation) {
            out.insert(
                navigation.to_owned(),
                Value::Array(
                    nested
                        .iter()
                        .map(|part| project(part, inner_select, ""))
                        .collect(),
                ),
            );
        }
    }
    out.into()
}

/// `Attributes($select=a,b),Keys($select=c)` → [("Attributes", "a,b"), ("Keys", "c")].
fn expansions(expand: &str) -> Vec<(&str, &str)> {
    let mut found = Vec::new();
    let mut rest = expand;
    while !rest.is_empty() {
        let open = rest.find('(').unwrap_or(rest.len());
        let comma = rest.find(',').unwrap_or(rest.len());
        if comma < open {
            found.push((&rest[..comma], ""));
            rest = rest.get(comma + 1..).unwrap_or("");
            continue;
        }
        let close = rest.find(')').unwrap_or(rest.len());
        let navigation = &rest[..open];
        let inner = rest.get(open + 1..close).unwrap_or("");
        found.push((navigation, inner.strip_prefix("$select=").unwrap_or(inner)));
        rest = rest.get(close + 1..).unwrap_or("");
        rest = rest.strip_prefix(',').unwrap_or(rest);
    }
    found
}

/// A stable GUID made from a text (the loopback organization's ids).
pub fn guid_of(text: &str) -> String {
    let hash = |seed: u64| {
        text.bytes().fold(seed, |hash, byte| {
            (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
        })
    };
    let (high, low) = (hash(0xcbf2_9ce4_8422_2325), hash(0x8422_2325_cbf2_9ce4));
    format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        high >> 32,
        (high >> 16) & 0xffff,
        high & 0xffff,
        low >> 48,
        low & 0xffff_ffff_ffff
    )
}

fn plain(id: &str) -> String {
    id.trim_matches(|c| c == '{' || c == '}')
        .to_ascii_lowercase()
}

/// Where the table identifies a kind: its query and identity.
fn identity_of(kind: ComponentKind) -> Option<(&'static Query, &'static Identity)> {
    QUERIES.iter().find_map(|query| {
        query
            .identities
            .iter()
            .find(|identity| match identity.kind {
                KindFrom::Fixed(fixed) => fixed == kind,
                KindFrom::FormType => matches!(
                    kind,
                    ComponentKind::Form
                        | ComponentKind::Dashboard
                        | ComponentKind::Dialog
                        | ComponentKind::InteractionCentricDashboard
                ),
            })
            .map(|identity| (query, identity))
    })
}

/// The object id the organization gives a component.
fn object_id(component: &OrgComponent, identity: Option<&Identity>) -> String {
    if identity.is_some_and(|identity| identity.name == NameFrom::BracedId) {
        return plain(&component.name);
    }
    match &component.id {
        Some(id) if plain(id).len() == 36 => plain(id),
        _ => guid_of(&component.key()),
    }
}

/// The component's identity row in its entity set.
fn identity_row(component: &OrgComponent, identity: &Identity, id: &str) -> Map<String, Value> {
    let mut row = Map::new();
    row.insert(identity.id.to_owned(), json!(id));
    match identity.name {
        NameFrom::Column(column) => {
            row.insert(column.to_owned(), json!(component.name));
        }
        NameFrom::BracedId | NameFrom::Fixed(_) => {}
        NameFrom::Joined(columns, separator) => {
            for (column, part) in columns.iter().zip(component.name.split(separator)) {
                row.insert((*column).to_owned(), json!(part));
            }
        }
        NameFrom::ColumnOr(column, fixed) => {
            let value = if component.name == fixed {
                Value::Null
            } else {
                json!(component.name)
            };
            row.insert(column.to_owned(), value);
        }
    }
    if let ParentFrom::Column(column) = identity.parent {
        row.entry(column.to_owned())
            .or_insert_with(|| json!(component.parent.clone().unwrap_or_else(|| "none".into())));
    }
    if identity.kind == KindFrom::FormType {
        let form_type = match component.kind {
            ComponentKind::Dashboard => 0,
            ComponentKind::Dialog => 8,
            ComponentKind::InteractionCentricDashboard => 10,
            _ => 2,
        };
        row.insert("type".into(), json!(form_type));
    }
    if let Some(column) = identity.display_name {
        row.insert(column.to_owned(), json!(component.display_name));
    }
    if let Some(column) = identity.managed {
        row.insert(column.to_owned(), json!(component.has_managed_base()));
    }
    let properties = component
        .base_layer()
        .map(|layer| layer.properties.clone())
        .unwrap_or_default();
    for (column, property) in identity.properties {
        if let Some(value) = properties.get(*property) {
            row.insert(
                (*column).to_owned(),
                json!({"Value": value, "CanBeChanged": true, "ManagedPropertyLogicalName": property.to_ascii_lowercase()}),
            );
        }
    }
    row
}

/// The Web API's listing of an organization snapshot.
pub fn rows_of_snapshot(snapshot: &Snapshot) -> Organization {
    let mut answers: BTreeMap<&'static str, Value> = BTreeMap::new();
    answers.insert("RetrieveVersion", json!({"Version": snapshot.version}));
    answers.insert(
        "organizations",
        json!([{"organizationid": guid_of("organization"), "name": snapshot.name,
                "languagecode": snapshot.base_language, "maxuploadfilesize": snapshot.limits.attachment_bytes}]),
    );
    answers.insert(
        "RetrieveProvisionedLanguages",
        json!({"RetrieveProvisionedLanguages": snapshot.enabled_languages}),
    );
    let publisher_id = |name: &str| guid_of(&format!("publisher:{}", name.to_ascii_lowercase()));
    let solution_id = |name: &str| guid_of(&format!("solution:{}", name.to_ascii_lowercase()));
    answers.insert(
        "publishers",
        Value::Array(
            snapshot
                .publishers
                .iter()
                .map(|publisher| {
                    json!({"publisherid": publisher_id(&publisher.unique_name), "uniquename": publisher.unique_name,
                           "friendlyname": publisher.display_name, "customizationprefix": publisher.customization_prefix,
                           "customizationoptionvalueprefix": publisher.option_value_prefix})
                })
                .collect(),
        ),
    );
    answers.insert(
        "solutions",
        Value::Array(
            snapshot
                .solutions
                .iter()
                .map(|solution| {
                    // Installed in install order, a minute apart, after the organization was made.
                    let minutes = solution.install_order;
                    json!({"solutionid": solution_id(&solution.unique_name), "uniquename": solution.unique_name,
                           "friendlyname": solution.display_name, "version": solution.version,
                           "ismanaged": solution.managed,
                           "installedon": format!("2024-01-01T{:02}:{:02}:00Z", minutes / 60, minutes % 60),
                           "_publisherid_value": publisher_id(&solution.publisher),
                           "_parentsolutionid_value": solution.patch_of.as_deref().map(solution_id)})
                })
                .collect(),
        ),
    );
    // Solution-aware tables get this organization's own type numbers.
    let mut environment_types: BTreeMap<&'static str, u32> = BTreeMap::new();
    for kind in ComponentKind::ALL {
        if kind.type_code().is_none() {
            if let Some(logical) = kind.spec().logical_names.first() {
                let next = 10_000 + u32::try_from(environment_types.len()).unwrap_or(0);
                environment_types.insert(logical, next);
            }
        }
    }
    answers.insert(
        "solutioncomponentdefinitions",
        Value::Array(
            environment_types
                .iter()
                .map(|(logical, code)| json!({"solutioncomponenttype": code, "name": logical, "primaryentityname": logical}))
                .collect(),
        ),
    );
    let mut sets: BTreeMap<&'static str, Vec<Value>> = BTreeMap::new();
    let mut solution_components = Vec::new();
    let mut nested: BTreeMap<String, Vec<(&'static str, Value)>> = BTreeMap::new();
    for component in snapshot.components.values() {
        let identity = identity_of(component.kind);
        let component_type = component.kind.type_code().or_else(|| {
            component
                .kind
                .spec()
                .logical_names
                .first()
                .and_then(|logical| environment_types.get(logical).copied())
        });
        let Some(component_type) = component_type else {
            // No solution component type (a stored procedure): the Web API does not list it.
            continue;
        };
        let id = object_id(component, identity.map(|(_, identity)| identity));
        if let Some((query, identity)) = identity {
            let row = identity_row(component, identity, &id);
            match identity.nested {
                None => sets.entry(query.key).or_default().push(Value::Object(row)),
                Some(navigation) => nested
                    .entry(component.parent.clone().unwrap_or_default())
                    .or_default()
                    .push((navigation, Value::Object(row))),
            }
        }
        let mut listed_by: Vec<&str> = component
            .layers
            .iter()
            .map(|layer| layer.solution.as_str())
            .collect();
        listed_by.extend(component.unmanaged_solutions.iter().map(String::as_str));
        listed_by.push("Default");
        listed_by.dedup();
        for solution in listed_by {
            solution_components.push(json!({
                "solutioncomponentid": guid_of(&format!("{solution}:{id}")),
                "componenttype": component_type, "objectid": id, "rootcomponentbehavior": 0,
                "_solutionid_value": solution_id(solution)}));
        }
    }
    // Columns and keys inside their table's row, as $expand gives them.
    if let Some(tables) = sets.get_mut("EntityDefinitions") {
        for table in tables.iter_mut() {
            let Some(table) = table.as_object_mut() else {
                continue;
            };
            let name = table
                .get("LogicalName")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_ascii_lowercase();
            table.insert("Attributes".into(), json!([]));
            table.insert("Keys".into(), json!([]));
            for (navigation, row) in nested.remove(&name).unwrap_or_default() {
                if let Some(Value::Array(parts)) = table.get_mut(navigation) {
                    parts.push(row);
                }
            }
        }
    }
    sets.insert("solutioncomponents", solution_components);
    for query in QUERIES {
        if query.answer == Answer::Rows && !answers.contains_key(query.key) {
            answers.insert(
                query.key,
                Value::Array(sets.remove(query.key).unwrap_or_default()),
            );
        }
    }
    Organization { answers }
}
