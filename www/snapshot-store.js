// The organizations a user keeps in this browser, in IndexedDB: localStorage holds
// about 5 MB per origin, a captured organization's snapshot can be far larger.
// One object store, keyed by the name the user gives; each record holds the
// snapshot's JSON as a Blob: putting a Uint8Array would serialize (and compress) all
// its bytes on the page's thread, 100 ms and more for a 47 MB snapshot of 200,000
// components (benches/browser/org-load.mjs), where a Blob is stored by reference and
// read back without blocking. Records of earlier versions hold a Uint8Array, still
// read. A second record (under META_KEY in "meta") names the one
// in use. Every function returns a promise; a refusal rejects with the browser's words.
const DATABASE = 'solution-inspector';
const SNAPSHOTS = 'snapshots';
const META = 'meta';
const IN_USE = 'in-use';

let opened = null;

function open() {
  if (opened) {
    return opened;
  }
  opened = new Promise((resolve, reject) => {
    if (typeof indexedDB === 'undefined') {
      reject(new Error('this browser has no IndexedDB'));
      return;
    }
    const request = indexedDB.open(DATABASE, 1);
    request.onupgradeneeded = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains(SNAPSHOTS)) {
        db.createObjectStore(SNAPSHOTS, { keyPath: 'name' });
      }
      if (!db.objectStoreNames.contains(META)) {
        db.createObjectStore(META);
      }
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error || new Error('the browser refused storage'));
    request.onblocked = () => reject(new Error('another tab holds an older version of the storage'));
  });
  // A failed open is not kept: the next call tries again.
  opened.catch(() => {
    opened = null;
  });
  return opened;
}

function run(storeName, mode, work) {
  return open().then(
    (db) =>
      new Promise((resolve, reject) => {
        const transaction = db.transaction(storeName, mode);
        const store = transaction.objectStore(storeName);
        let result;
        const request = work(store);
        if (request) {
          request.onsuccess = () => {
            result = request.result;
          };
        }
        transaction.oncomplete = () => resolve(result);
        transaction.onerror = () => reject(transaction.error || new Error('the browser refused storage'));
        transaction.onabort = () => reject(transaction.error || new Error('the browser refused storage'));
      }),
  );
}

/** Keeps `bytes` (a Uint8Array) under `name`, replacing what was kept under it. */
export function keepSnapshot(name, bytes, savedAt) {
  const json = new Blob([bytes], { type: 'application/json' });
  return run(SNAPSHOTS, 'readwrite', (store) => store.put({ name, json, savedAt }));
}

/** A record's JSON is a Blob (or, kept by an earlier version, a Uint8Array). */
function keptJson(record) {
  return Boolean(record) && (record.json instanceof Blob || record.json instanceof Uint8Array);
}

/** The bytes kept under `name`, or undefined. */
export function snapshotBytes(name) {
  return run(SNAPSHOTS, 'readonly', (store) => store.get(name)).then(async (record) => {
    if (!keptJson(record)) {
      return undefined;
    }
    return record.json instanceof Blob ? new Uint8Array(await record.json.arrayBuffer()) : record.json;
  });
}

/** Every kept organization: [{name, size, savedAt}], by name. */
export function keptSnapshots() {
  return run(SNAPSHOTS, 'readonly', (store) => store.getAll()).then((records) =>
    (records || [])
      .filter((record) => typeof record.name === 'string' && keptJson(record))
      .map((record) => ({
        name: record.name,
        size: record.json instanceof Blob ? record.json.size : record.json.length,
        savedAt: typeof record.savedAt === 'string' ? record.savedAt : '',
      }))
      .sort((a, b) => a.name.localeCompare(b.name)),
  );
}

/** Forgets the organization kept under `name`. */
export function forgetSnapshot(name) {
  return run(SNAPSHOTS, 'readwrite', (store) => store.delete(name));
}

/** The name of the organization in use, or undefined. */
export function snapshotInUse() {
  return run(META, 'readonly', (store) => store.get(IN_USE)).then((name) =>
    typeof name === 'string' ? name : undefined,
  );
}

/** Records which kept organization is in use. */
export function useSnapshot(name) {
  return run(META, 'readwrite', (store) => store.put(name, IN_USE));
}
