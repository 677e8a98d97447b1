// Where the browser's time goes in one inspect + validate (benches/NOTES.md, "Browser"): a Chromium
// trace of the app reading PACKAGE, summed per thread (each event's own thread CPU time, `tdur`) and
// by event name on the threads that did the most.
// Usage: trunk build --release && node benches/browser/trace.mjs PACKAGE [--dist DIR] [--out TRACE.json]
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startServer } from '../../tests/e2e/server.mjs';
import { launch, ROOT } from '../../tests/e2e/harness.mjs';

const args = process.argv.slice(2);
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : null);
const packagePath = args.find((arg, index) => !arg.startsWith('--') && !['--dist', '--out'].includes(args[index - 1]));
if (!packagePath) throw new Error('usage: node benches/browser/trace.mjs PACKAGE [--dist DIR] [--out TRACE.json]');
const dist = resolve(option('--dist') ?? join(ROOT, 'dist'));

const server = await startServer(dist, { '/__bench__/package.zip': resolve(packagePath) });
const browser = await launch({ extraArgs: [] });
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(server.url);
  await page.waitForSelector('[data-testid="file-input"]:not([disabled])');
  await page.evaluate(async () => {
    const blob = await (await fetch('/__bench__/package.zip')).blob();
    window.__traceFile = new File([blob], 'package.zip', { type: 'application/zip' });
  });
  await browser.startTracing(page, { categories: ['devtools.timeline', 'v8', 'v8.wasm', 'blink', 'toplevel', 'disabled-by-default-devtools.timeline'] });
  const wall = await page.evaluate(() => new Promise((done) => {
    const status = document.querySelector('[role="status"]');
    const started = performance.now();
    const observer = new MutationObserver(() => {
      if (status.getAttribute('data-validated') === 'true' && status.getAttribute('aria-busy') !== 'true') {
        observer.disconnect();
        done(performance.now() - started);
      }
    });
    observer.observe(document.body, { childList: true, subtree: true, attributes: true, characterData: true });
    const input = document.querySelector('[data-testid="file-input"]');
    const transfer = new DataTransfer();
    transfer.items.add(window.__traceFile);
    input.files = transfer.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
  }));
  const buffer = await browser.stopTracing();
  if (option('--out')) writeFileSync(option('--out'), buffer);
  const parsed = JSON.parse(buffer.toString());
  const events = parsed.traceEvents ?? parsed;
  const names = new Map();
  for (const event of events) if (event.ph === 'M' && event.name === 'thread_name') names.set(`${event.pid}:${event.tid}`, event.args.name);
  const byThread = new Map();
  for (const event of events) {
    if (event.ph !== 'X' || typeof event.dur !== 'number') continue;
    const key = `${event.pid}:${event.tid}`;
    if (!byThread.has(key)) byThread.set(key, []);
    byThread.get(key).push(event);
  }
  // Per thread kind: CPU of the outermost events (nested ones are inside them); per name: own time.
  const cpuByKind = new Map();
  const ownByName = new Map();
  for (const [key, list] of byThread) {
    const kind = (names.get(key) ?? key).split(' ')[0];
    list.sort((a, b) => a.ts - b.ts || b.dur - a.dur);
    const stack = [];
    for (const event of list) {
      while (stack.length && stack.at(-1).ts + stack.at(-1).dur <= event.ts) stack.pop();
      const cpu = event.tdur ?? event.dur;
      if (stack.length) {
        const parent = stack.at(-1);
        ownByName.set(`${kind}: ${parent.name}`, (ownByName.get(`${kind}: ${parent.name}`) ?? 0) - cpu);
      } else {
        cpuByKind.set(kind, (cpuByKind.get(kind) ?? 0) + cpu);
      }
      ownByName.set(`${kind}: ${event.name}`, (ownByName.get(`${kind}: ${event.name}`) ?? 0) + cpu);
      stack.push(event);
    }
  }
  const ms = (microseconds) => `${(microseconds / 1000).toFixed(0).padStart(6)} ms`;
  const total = [...cpuByKind.values()].reduce((sum, value) => sum + value, 0);
  console.log(`wall ${wall.toFixed(0)} ms, CPU of traced threads ${ms(total).trim()}`);
  for (const [kind, cpu] of [...cpuByKind].sort((a, b) => b[1] - a[1]).slice(0, 8)) console.log(`${ms(cpu)}  ${kind}`);
  console.log('own time by event:');
  for (const [name, cpu] of [...ownByName].sort((a, b) => b[1] - a[1]).slice(0, 16)) console.log(`${ms(cpu)}  ${name}`);
} finally {
  await browser.close();
  await server.close?.();
}
