// The JavaScript baseline of the browser benchmark: what a web developer would write
// without the app. fflate (package.json pins its version) inflates solution.xml and
// customizations.xml (the entries benches/baseline_python.py reads; the other entries
// are only listed), DOMParser parses them, and a walk over the element tree counts the
// same component kinds, by the same element paths, as baseline_python.py.
// bench.mjs calls window.runBaseline(file) and times it.
import { unzipSync } from './fflate.js';

// Element path from the root -> the count it adds to (baseline_python.py's PATHS).
const PATHS = new Map([
  ['ImportExportXml/Entities/Entity', 'entities'],
  ['ImportExportXml/Entities/Entity/EntityInfo/entity/attributes/attribute', 'attributes'],
  ['ImportExportXml/Entities/Entity/FormXml/forms/systemform', 'forms'],
  ['ImportExportXml/Entities/Entity/SavedQueries/savedqueries/savedquery', 'views'],
  ['ImportExportXml/Entities/Entity/Visualizations/visualization', 'charts'],
  ['ImportExportXml/EntityRelationships/EntityRelationship', 'entityRelationships'],
  ['ImportExportXml/optionsets/optionset', 'optionSets'],
  ['ImportExportXml/Roles/Role', 'roles'],
  ['ImportExportXml/Workflows/Workflow', 'workflows'],
  ['ImportExportXml/WebResources/WebResource', 'webResources'],
  ['ImportExportXml/AppModules/AppModule', 'appModules'],
  ['ImportExportXml/AppModuleSiteMaps/AppModuleSiteMap', 'siteMaps'],
  ['ImportExportXml/SiteMap', 'siteMaps'],
]);
// No counted path is deeper than this: the walk stops there (a whole-tree walk finds nothing more).
const DEPTH = Math.max(...[...PATHS.keys()].map((path) => path.split('/').length));

function text(bytes) {
  return new TextDecoder('utf-8').decode(bytes); // drops a UTF-8 BOM, as the XML parser would
}

function parse(bytes) {
  const document = new DOMParser().parseFromString(text(bytes), 'application/xml');
  const error = document.querySelector('parsererror');
  if (error) throw new Error(`not well-formed XML: ${error.textContent.slice(0, 200)}`);
  return document;
}

function countComponents(document) {
  const counts = Object.fromEntries([...new Set(PATHS.values())].sort().map((kind) => [kind, 0]));
  const walk = (element, path, depth) => {
    const here = path ? `${path}/${element.localName}` : element.localName;
    const kind = PATHS.get(here);
    if (kind) counts[kind] += 1;
    if (depth >= DEPTH) return;
    for (let child = element.firstElementChild; child; child = child.nextElementSibling) {
      walk(child, here, depth + 1);
    }
  };
  walk(document.documentElement, '', 1);
  return counts;
}

function readManifest(document) {
  const first = (name) => document.getElementsByTagName(name)[0]?.textContent.trim() ?? null;
  return {
    uniqueName: first('UniqueName'),
    version: first('Version'),
    rootComponents: document.getElementsByTagName('RootComponent').length,
  };
}

window.runBaseline = async (file) => {
  const started = performance.now();
  const bytes = new Uint8Array(await file.arrayBuffer());
  let files = 0;
  const wanted = new Set(['solution.xml', 'customizations.xml']);
  const entries = unzipSync(bytes, {
    filter: (entry) => {
      files += 1;
      return wanted.has(entry.name.toLowerCase());
    },
  });
  const result = { files };
  for (const [name, content] of Object.entries(entries)) {
    if (name.toLowerCase() === 'solution.xml') result.solution = readManifest(parse(content));
    if (name.toLowerCase() === 'customizations.xml') result.components = countComponents(parse(content));
  }
  return { result, milliseconds: performance.now() - started };
};
window.baselineReady = true;
