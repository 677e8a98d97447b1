// Runs the engine (src/bin/worker: the core in a wasm of its own, built by Trunk as engine.js
// and engine_bg.wasm) in a module worker, so reading, validating, converting and simulating
// never hold up the page. Protocol: src/bin/worker/engine.rs.
import init, { handle } from './engine.js';

const post = (message, transfer) => self.postMessage(message, transfer ?? []);
const started = init({ module_or_path: new URL('engine_bg.wasm', import.meta.url) });

// An error thrown from a promise callback would be an unhandled rejection, which the page
// never hears of: thrown from a task instead, it reaches the page as the worker's error event
// (the page then ends this worker, whose wasm may be unusable, and starts a fresh one).
const fail = (error) => setTimeout(() => {
  throw error;
});

// Requests that arrive while the wasm loads wait for it, in order.
self.addEventListener('message', (event) => {
  started.then(() => handle(event.data, post)).catch(fail);
});
started.then(() => self.postMessage({ ready: true }), fail);
