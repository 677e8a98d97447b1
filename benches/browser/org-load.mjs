// Issue 16's page benchmark (run by scripts/bench.sh in its organization part): loading a large
// organization snapshot in the page, as a user loads one with the org panel's "Load organization
// (JSON)…" on the Simulate view. Headless Chromium (tests/e2e/harness.mjs), the app built by
// `trunk build --release`, served on 127.0.0.1 by tests/e2e/server.mjs; every run in a fresh
// browser context (empty IndexedDB).
//
// A run: open the page, open a small package (the Simulate view needs one) and the Simulate view,
// wait for the default organization, then put the snapshot into the page as a File (not timed)
// and hand it to the org panel's file input (`change` event). Timed from that event until the
// panel names the snapshot's organization (`data-testid="org-name"`, with the loading note gone).
// Meanwhile a PerformanceObserver records the page's long tasks. After it: the engine worker's
// wasm memory (its linear memory only grows, so this is its peak), the page's JS heap
// (`performance.memory` and CDP `Performance.getMetrics`), every Chromium process's peak RSS, and
// whether the snapshot was kept in IndexedDB (the page's status says so when it was not).
//
// Usage: node benches/browser/org-load.mjs --snapshot SNAPSHOT.json --package SMALL.zip
//        [--dist DIR] [--runs N] [--json OUT.json] [--profile OUT.cpuprofile]
//   --profile: the page's main thread profiled (CDP Profiler) during the last run, to see what a
//   long task was; the profile opens in Chromium's DevTools (Performance panel).
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../tests/e2e/server.mjs';
import { launch, dropFile, openTab } from '../../tests/e2e/harness.mjs';
import { median, descendantsCpu, cpuBetween, peakMemory, wasmMemoryBytes } from './chromium.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(here, '..', '..');
const LONG_TASK_MS = 100;

function parseArgs(argv) {
  const args = { dist: join(ROOT, 'dist'), runs: 3, json: null, snapshot: null, package: null, profile: null };
  for (let i = 0; i < argv.length; i += 1) {
    const value = () => {
      i += 1;
      if (i >= argv.length) throw new Error(`${argv[i - 1]} needs a value`);
      return argv[i];
    };
    switch (argv[i]) {
      case '--dist': args.dist = resolve(value()); break;
      case '--snapshot': args.snapshot = resolve(value()); break;
      case '--package': args.package = resolve(value()); break;
      case '--runs': args.runs = Number(value()); break;
      case '--json': args.json = resolve(value()); break;
      case '--profile': args.profile = resolve(value()); break;
      default: throw new Error(`unknown option ${argv[i]}`);
    }
  }
  if (!args.snapshot || !args.package) throw new Error('--snapshot and --package are required');
  if (!(args.runs >= 1)) throw new Error('--runs takes a number ≥ 1');
  return args;
}

// Runs in the page: watches long tasks, then hands the staged snapshot File to the org panel's
// input; the run ends when the panel names `expected` and no longer says it is loading.
function startOrgLoad({ expected }) {
  const run = { longTasks: [], started: null, ready: null, name: null };
  window.__orgRun = run;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) run.longTasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: 'longtask' });
  const check = () => {
    if (run.ready !== null) return;
    const name = document.querySelector('[data-testid="org-name"]')?.textContent.trim();
    if (name === expected && !document.querySelector('[data-testid="org-loading"]')) {
      run.ready = performance.now();
      run.name = name;
      observer.disconnect();
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document.body, { childList: true, subtree: true, characterData: true });
  const input = document.querySelector('[data-testid="org-input"]');
  const transfer = new DataTransfer();
  transfer.items.add(window.__orgFile);
  input.files = transfer.files;
  run.started = performance.now();
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

async function measureOrgLoad(browser, url, args, expected, profile) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('crash', () => errors.push('the page crashed'));
  try {
    await page.goto(url);
    await page.waitForSelector('[data-testid="drop-zone"]');
    await dropFile(page, args.package);
    await page.locator('[data-testid="current-unique-name"]').filter({ hasText: /\S/ }).waitFor({ timeout: 60000 });
    await openTab(page, 'Simulate import');
    await page.locator('[data-testid="org-name"]').filter({ hasText: '(default)' }).waitFor({ timeout: 60000 });
    await page.evaluate(async () => {
      const blob = await (await fetch('/__bench__/snapshot.json')).blob();
      window.__orgFile = new File([blob], 'organization.json', { type: 'application/json' });
    });
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    if (profile) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
      await cdp.send('Profiler.start');
    }
    const before = descendantsCpu();
    await page.evaluate(startOrgLoad, { expected });
    await page.waitForFunction(() => window.__orgRun.ready !== null, null, { timeout: 600000, polling: 100 });
    const after = descendantsCpu();
    if (profile) writeFileSync(profile, JSON.stringify((await cdp.send('Profiler.stop')).profile));
    // Let the page finish keeping the snapshot (IndexedDB) before reading memory and its status.
    await page.waitForTimeout(1000);
    const run = await page.evaluate(() => ({
      ...window.__orgRun,
      heap: performance.memory ? performance.memory.usedJSHeapSize : null,
      problem: document.querySelector('[data-testid="simulate-problem"]')?.textContent.trim() ?? null,
    }));
    const metrics = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
    if (errors.length) throw new Error(`the page failed: ${errors.join('; ')}`);
    const tasks = run.longTasks.filter((task) => task.start >= run.started && task.start < run.ready);
    return {
      wall: (run.ready - run.started) / 1000,
      cpu: cpuBetween(before, after),
      name: run.name,
      longTasks: tasks.map((task) => ({ start: task.start - run.started, duration: task.duration })),
      over100ms: tasks.filter((task) => task.duration > LONG_TASK_MS).length,
      longestMs: Math.max(0, ...tasks.map((task) => task.duration)),
      pageJsHeapBytes: run.heap,
      cdpJsHeapUsedBytes: metrics.JSHeapUsedSize ?? null,
      cdpJsHeapTotalBytes: metrics.JSHeapTotalSize ?? null,
      wasmMemory: await wasmMemoryBytes(page),
      processes: peakMemory(),
      problem: run.problem,
    };
  } finally {
    await context.close();
  }
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (!existsSync(join(args.dist, 'index.html'))) throw new Error(`${args.dist}/index.html is missing: run \`trunk build --release\` first`);
  const snapshot = JSON.parse(readFileSync(args.snapshot, 'utf8'));
  const expected = snapshot.name;
  const components = Object.keys(snapshot.components).length;
  const server = await startServer(args.dist, { '/__bench__/snapshot.json': args.snapshot });
  const browser = await launch({ extraArgs: ['--enable-precise-memory-info'] });
  const runs = [];
  try {
    for (let round = 0; round <= args.runs; round += 1) {
      const run = await measureOrgLoad(browser, server.url, args, expected, round === args.runs ? args.profile : null);
      console.error(
        `  ${round === 0 ? 'warm-up' : `run ${round}`}: ready after ${run.wall.toFixed(2)} s (${run.cpu.toFixed(2)} s CPU), ` +
          `long tasks over ${LONG_TASK_MS} ms: ${run.over100ms} (longest ${run.longestMs.toFixed(0)} ms), ` +
          `worker wasm ${(Math.max(0, ...run.wasmMemory.workers) / 1e6).toFixed(0)} MB, JS heap ${(run.pageJsHeapBytes / 1e6).toFixed(0)} MB` +
          (run.problem ? `; the page says: ${run.problem}` : ''),
      );
      if (round > 0) runs.push(run);
    }
  } finally {
    await browser.close();
    await server.close();
  }
  const peaks = {};
  for (const run of runs) {
    for (const { type, peakRssBytes } of run.processes) peaks[type] = Math.max(peaks[type] ?? 0, peakRssBytes);
  }
  const report = {
    snapshot: args.snapshot,
    snapshotBytes: readFileSync(args.snapshot).length,
    components,
    package: basename(args.package),
    runs,
    median: { wall: median(runs.map((run) => run.wall)), cpu: median(runs.map((run) => run.cpu)) },
    longTasks: {
      over100ms: runs.reduce((sum, run) => sum + run.over100ms, 0),
      longestMs: Math.max(0, ...runs.map((run) => run.longestMs)),
    },
    workerWasmMemoryBytes: Math.max(0, ...runs.flatMap((run) => run.wasmMemory.workers)),
    pageJsHeapBytes: Math.max(0, ...runs.map((run) => run.pageJsHeapBytes ?? 0)),
    cdpJsHeapUsedBytes: Math.max(0, ...runs.map((run) => run.cdpJsHeapUsedBytes ?? 0)),
    peakRssBytesByProcessType: peaks,
    kept: runs.every((run) => !run.problem),
    problems: [...new Set(runs.map((run) => run.problem).filter(Boolean))],
  };
  const text = JSON.stringify(report, null, 1);
  if (args.json) writeFileSync(args.json, text);
  else console.log(text);
  console.error(
    `org load: ${components} components, ready after ${report.median.wall.toFixed(2)} s (median of ${runs.length}), ` +
      `long tasks over ${LONG_TASK_MS} ms: ${report.longTasks.over100ms}, worker wasm ${(report.workerWasmMemoryBytes / 1e6).toFixed(0)} MB`,
  );
}

main().catch((error) => {
  console.error(`org-load.mjs: ${error?.stack ?? error}`);
  process.exit(1);
});
