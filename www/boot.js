// Starts the web app. A file of its own because the page's Content-Security-Policy
// forbids inline scripts; Trunk's pattern_script (Trunk.toml) passes the hashed names.
const tag = document.querySelector('script[data-app-js]');

// The engine's wasm in the page itself, for browsers where the worker cannot start
// (src/bin/app/analysis/engine.rs falls back to it). Resolves to its `handle(request, post)`.
globalThis.solutionInspectorEngine = async () => {
  // Asked for with this build's name, as the worker does (see worker.js).
  const version = '?v=' + encodeURIComponent(tag.dataset.appJs.split('/').pop());
  const engine = await import(new URL('engine.js' + version, import.meta.url).href);
  await engine.default({ module_or_path: new URL('engine_bg.wasm' + version, import.meta.url) });
  return engine.handle;
};
const loading = document.getElementById('loading');

try {
  const { default: init } = await import(tag.dataset.appJs);
  await init({ module_or_path: tag.dataset.appWasm });
  loading?.remove();
} catch (error) {
  if (loading) {
    loading.textContent =
      'Solution Inspector could not start in this browser: it needs WebAssembly. (' + error + ')';
  }
  throw error;
}

// Keep the page's own files for use without a network (see sw.js).
if ('serviceWorker' in navigator && location.protocol !== 'file:') {
  navigator.serviceWorker
    .register('sw.js')
    .then((registration) => navigator.serviceWorker.ready.then(() => registration))
    .then((registration) => {
      const files = performance
        .getEntriesByType('resource')
        .map((entry) => entry.name)
        .filter((url) => new URL(url).origin === location.origin);
      // The engine's worker and wasm are loaded only when a package is opened: keep them too.
      const engine = ['worker.js', 'engine.js', 'engine_bg.wasm'].map((file) => new URL(file, location.href).href);
      registration.active?.postMessage({ keep: [location.href.split('#')[0], ...engine, ...files] });
    })
    .catch(() => {
      // Offline use is a convenience; the page works without it.
    });
}
