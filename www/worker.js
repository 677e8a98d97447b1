// Runs the engine (src/bin/worker: the core in a wasm of its own, built by Trunk as engine.js
// and engine_bg.wasm) in a module worker, so reading, validating, converting and simulating
// never hold up the page. Protocol: src/bin/worker/engine.rs.
import init, { handle } from './engine.js';

const post = (message, transfer) => self.postMessage(message, transfer ?? []);
const started = init({ module_or_path: new URL('engine_bg.wasm', import.meta.url) });

// Requests that arrive while the wasm loads wait for it, in order.
self.addEventListener('message', async (event) => {
  await started;
  handle(event.data, post);
});
started.then(
  () => self.postMessage({ ready: true }),
  (error) => {
    // The page sees the failure as an error event and runs the engine itself.
    throw error;
  },
);
