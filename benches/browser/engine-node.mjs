// The engine's wasm under Node (the same V8 as Chromium), without a page: how long its readings take,
// for profiling (benches/NOTES.md, "Browser"). Every process starts cold, as a fresh page does, so the
// first reading includes V8's compiling; later ones show the engine once V8 has optimised it.
// Usage: trunk build --release && node benches/browser/engine-node.mjs PACKAGE [--dist DIR] [--runs N]
//   add `--cpu-prof` (node's own flag, before the script) for a profile; a build with function names
//   needs `data-wasm-opt-params="-g"` or no wasm-opt on the engine's link.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../../tests/e2e/harness.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const packagePath = args.find((arg, index) => !arg.startsWith('--') && !['--dist', '--runs'].includes(args[index - 1]));
if (!packagePath) throw new Error('usage: node benches/browser/engine-node.mjs PACKAGE [--dist DIR] [--runs N]');
const dist = resolve(option('--dist', join(ROOT, 'dist')));
const runs = Number(option('--runs', '3'));

const engine = await import(pathToFileURL(join(dist, 'engine.js')).href);
await engine.default({ module_or_path: readFileSync(join(dist, 'engine_bg.wasm')) });
const bytes = new Uint8Array(readFileSync(packagePath));
const profile = {
  kind: 'online', targetVersion: '9.2', onPremises: false, maxUploadBytes: 95 * 1048576,
  maxUncompressedBytes: 2000 * 1048576, maxWebResourceBytes: 5 * 1048576, checkerMaxBytes: 100 * 1048576,
};
// PROTOCOL_VERSION of src/protocol.rs: a message is the envelope {protocol, id, header, bytes?}.
const PROTOCOL = 1;
let id = 0;
/** One request (a `Request` of src/protocol.rs) with its bytes; CPU is the whole process's (V8's compiler threads included). */
function call(request, bytes) {
  let chunkBytes = 0;
  let failure = null;
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  engine.handle({ protocol: PROTOCOL, id: (id += 1), header: JSON.stringify(request), bytes }, (message) => {
    const reply = JSON.parse(message.header);
    if (reply === 'chunk') chunkBytes += message.bytes.byteLength;
    if (reply.failed) failure = reply.failed.message;
  });
  const cpu = process.cpuUsage(cpuBefore);
  if (failure) throw new Error(failure);
  return { wallMs: Math.round(performance.now() - started), cpuMs: Math.round((cpu.user + cpu.system) / 1000), chunkBytes };
}
for (let run = 1; run <= runs; run += 1) {
  const open = call({ kind: 'open', name: 'package.zip', quiet: false }, bytes);
  const validate = call({ kind: 'validate', profile });
  // What the Components and Convert views ask for when first shown (not part of inspect + validate).
  const components = call({ kind: 'components' });
  console.log(
    `reading ${run}: open ${open.cpuMs} ms CPU (${open.wallMs} ms wall), validate ${validate.cpuMs} ms CPU; ` +
      `components for the views ${components.cpuMs} ms CPU (${(components.chunkBytes / 1048576).toFixed(1)} MB)`,
  );
}
