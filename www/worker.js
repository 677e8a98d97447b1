// Runs the engine (src/bin/worker: the core in a wasm of its own, built by Trunk as engine.js
// and engine_bg.wasm) in a module worker, so reading, validating, converting and simulating
// never hold up the page. Protocol: src/protocol.rs (typed requests and replies in an envelope).
// The page starts this script as worker.js?v=BUILD: the engine's files have fixed names, so they
// are asked for with the same query, and a cache never hands an engine of another build.
const version = new URL(import.meta.url).search;
const post = (message, transfer) => self.postMessage(message, transfer ?? []);

// An error thrown from a promise callback would be an unhandled rejection, which the page
// never hears of: thrown from a task instead, it reaches the page as the worker's error event
// (the page then ends this worker, whose wasm may be unusable, and starts a fresh one).
const fail = (error) => setTimeout(() => {
  throw error;
});

const started = import(`./engine.js${version}`).then(async (engine) => {
  await engine.default({ module_or_path: new URL(`engine_bg.wasm${version}`, import.meta.url) });
  return engine.handle;
});

// Requests that arrive while the wasm loads wait for it, in order.
self.addEventListener('message', (event) => {
  started.then((handle) => handle(event.data, post)).catch(fail);
});
started.then(() => self.postMessage({ ready: true }), fail);
