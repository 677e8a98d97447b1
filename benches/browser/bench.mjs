// The browser benchmark of issue 7 (run by scripts/bench.sh after the native part).
// Headless Debian Chromium driven by playwright-core, the app built by `trunk build --release`
// and served on 127.0.0.1 by tests/e2e/server.mjs. It measures, in one run:
//   wasm       every .wasm in dist/, raw and gzipped (level 9); which one the page loads at start-up
//   load       navigation start to the drop zone being usable (in the DOM, the file input enabled,
//              and the page's main thread free to run the next task); a fresh context each load
//   app        inspect + validate of the package in the page: from the file input's change event
//              to the validation shown (the status element's data-validated="true" when the app
//              has it; otherwise the Findings tab opened by the benchmark and its counts shown)
//   native     `solinspect validate PACKAGE`, interleaved with the browser runs
//   baseline   plain JavaScript in the same browser: fflate + DOMParser (baseline.js)
//   longTasks  PerformanceObserver({type: 'longtask'}) on the page during every app run
//   memory     peak resident memory (VmHWM) of every Chromium process, the page's performance.memory
// CPU time of a browser run is the CPU time (user + system) all Chromium processes spent
// during it, read from /proc; a native run's comes from /usr/bin/time.
//
// Usage: node benches/browser/bench.mjs --package ZIP --solinspect BIN [--dist DIR] [--runs N]
//        [--loads N] [--json OUT.json] [--memory-package ZIP]
//   --memory-package: after the rounds, one run of the app on ZIP (the issue's "a package of 200 MB
//   uncompressed is processed without running out of memory"): completed or not, its peak memory.
import { spawnSync, execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync, mkdtempSync, rmSync, existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { gzipSync, constants } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../tests/e2e/server.mjs';
import { launch as launchChromium } from '../../tests/e2e/harness.mjs';
import { median, descendantsCpu, cpuBetween, peakMemory, wasmMemoryBytes } from './chromium.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(here, '..', '..');

function parseArgs(argv) {
  const args = { dist: join(ROOT, 'dist'), runs: 3, loads: 0, json: null, package: null, solinspect: null, memoryPackage: null };
  for (let i = 0; i < argv.length; i += 1) {
    const value = () => {
      i += 1;
      if (i >= argv.length) throw new Error(`${argv[i - 1]} needs a value`);
      return argv[i];
    };
    switch (argv[i]) {
      case '--dist': args.dist = resolve(value()); break;
      case '--package': args.package = resolve(value()); break;
      case '--solinspect': args.solinspect = resolve(value()); break;
      case '--runs': args.runs = Number(value()); break;
      case '--loads': args.loads = Number(value()); break;
      case '--json': args.json = resolve(value()); break;
      case '--memory-package': args.memoryPackage = resolve(value()); break;
      default: throw new Error(`unknown option ${argv[i]}`);
    }
  }
  if (!args.package || !args.solinspect) throw new Error('--package and --solinspect are required');
  if (!(args.runs >= 1)) throw new Error('--runs takes a number ≥ 1');
  args.loads = args.loads >= 1 ? args.loads : Math.max(args.runs, 5);
  return args;
}

// ---- native ----

function nativeValidate(solinspect, pkg) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-native-'));
  const out = join(dir, 'time');
  try {
    const started = process.hrtime.bigint();
    const run = spawnSync('/usr/bin/time', ['-f', '%U %S %M', '-o', out, solinspect, 'validate', pkg], {
      stdio: ['ignore', 'ignore', 'ignore'],
    });
    const wall = Number(process.hrtime.bigint() - started) / 1e9;
    const [user, system, rss] = readFileSync(out, 'utf8').trim().split('\n').pop().split(' ').map(Number);
    if (run.status !== 0 && run.status !== 1) throw new Error(`solinspect validate exited with ${run.status}`);
    return { wall, cpu: user + system, rss: rss * 1024 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---- the page ----

const USABLE_SCRIPT = `(() => {
  // Usable: the drop zone and the file input are in the page, the input is enabled, and the
  // main thread got round to the next task (so a click or a drop would be handled now).
  const check = () => {
    const zone = document.querySelector('[data-testid="drop-zone"]');
    const input = document.querySelector('[data-testid="file-input"]');
    if (zone && input && !input.disabled) {
      observer.disconnect();
      setTimeout(() => { window.__benchUsable = performance.now(); }, 0);
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { childList: true, subtree: true, attributes: true });
})();`;

function launch() {
  // performance.memory in steps of bytes instead of coarse buckets.
  return launchChromium({ extraArgs: ['--enable-precise-memory-info'] });
}

async function freshPage(browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(USABLE_SCRIPT);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('crash', () => errors.push('the page crashed'));
  return { context, page, errors };
}

async function measureLoad(browser, url) {
  const { context, page } = await freshPage(browser);
  try {
    await page.goto(url);
    await page.waitForFunction(() => window.__benchUsable !== undefined, null, { timeout: 60000 });
    return await page.evaluate(() => {
      const navigation = performance.getEntriesByType('navigation')[0];
      const wasm = performance
        .getEntriesByType('resource')
        .filter((entry) => entry.name.endsWith('.wasm'))
        .map((entry) => ({ name: entry.name.split('/').pop(), responseEnd: entry.responseEnd }));
      return {
        usableMs: window.__benchUsable,
        domContentLoadedMs: navigation?.domContentLoadedEventEnd ?? null,
        loadEventMs: navigation?.loadEventEnd ?? null,
        wasm,
      };
    });
  } finally {
    await context.close();
  }
}

/** Puts the package into the page as a File (before any timing starts). */
async function stagePackage(page, name, source = '/__bench__/package.zip') {
  await page.evaluate(async ({ name, source }) => {
    const blob = await (await fetch(source)).blob();
    window.__benchFile = new File([blob], name, { type: 'application/zip' });
  }, { name, source });
}

// Runs in the page: watches long tasks and the status element, then hands the staged File to
// the app's file input as a user's choice would. The run ends when window.__benchDone is set.
// `mode` says when the validation is shown:
//   'data-validated'  the app validates by itself and marks the status element data-validated="true"
//   'findings-tab'    the app validates when the Findings view opens: the run opens it once the
//                     status says the package is read (aria-busy back to "false") and ends at the
//                     findings' counts
//   'detect'          (the warm-up) waits DETECT_MS after reading for data-validated="true", then
//                     falls back to the Findings tab; run.how says which it was
function startAppRun({ mode, detectMs }) {
  const run = { longTasks: [], started: null, read: null, validated: null, how: null, status: null, counts: null };
  window.__benchRun = run;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) run.longTasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: 'longtask' });
  const status = document.querySelector('[role="status"]');
  let sawBusy = false;
  let fallback = null;
  const finish = (how) => {
    run.how = how;
    run.validated = performance.now();
    run.status = status.textContent.trim();
    run.counts = document.querySelector('[data-testid="findings-counts"]')?.textContent.trim() ?? null;
    window.__benchDone = true;
    observer.disconnect();
    clearTimeout(fallback);
  };
  const openFindings = () => {
    mode = 'findings-tab';
    const tab = [...document.querySelectorAll('[role="tab"]')].find((element) => element.textContent.trim() === 'Findings');
    if (!tab) throw new Error('no Findings tab');
    tab.click();
  };
  const check = () => {
    if (window.__benchDone) return;
    const busy = status.getAttribute('aria-busy') === 'true';
    if (busy) sawBusy = true;
    if (sawBusy && !busy && run.read === null) {
      run.read = performance.now();
      if (mode === 'findings-tab') openFindings();
      if (mode === 'detect') fallback = setTimeout(openFindings, detectMs);
    }
    if (mode !== 'findings-tab' && status.getAttribute('data-validated') === 'true' && !busy) finish('data-validated');
    if (mode === 'findings-tab' && document.querySelector('[data-testid="findings-counts"]')) finish('findings-tab');
  };
  const observer = new MutationObserver(check);
  observer.observe(document.body, { childList: true, subtree: true, attributes: true, characterData: true });
  const input = document.querySelector('[data-testid="file-input"]');
  const transfer = new DataTransfer();
  transfer.items.add(window.__benchFile);
  input.files = transfer.files;
  run.started = performance.now();
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

// How long the warm-up waits for data-validated="true" after reading before it opens the Findings tab.
const DETECT_MS = 10000;

async function measureApp(browser, url, name, mode, source = '/__bench__/package.zip') {
  const { context, page, errors } = await freshPage(browser);
  try {
    await page.goto(url);
    await page.waitForFunction(() => window.__benchUsable !== undefined, null, { timeout: 60000 });
    await stagePackage(page, name, source);
    const before = descendantsCpu();
    await page.evaluate(startAppRun, { mode, detectMs: DETECT_MS });
    await page.waitForFunction(() => window.__benchDone === true, null, { timeout: 600000, polling: 100 });
    const after = descendantsCpu();
    // A control, after the timed run: a 150 ms task of our own must show up as a long task, or
    // "no long tasks" would mean nothing.
    const observerWorks = await page.evaluate(async () => {
      // A task of the page's own (work run straight from Playwright's evaluate is not attributed).
      setTimeout(() => {
        const until = performance.now() + 150;
        while (performance.now() < until) {
          // Busy on purpose.
        }
      }, 0);
      await new Promise((resolve) => setTimeout(resolve, 300));
      return window.__benchRun.longTasks.some((task) => task.start >= window.__benchRun.validated && task.duration >= 140);
    });
    const run = await page.evaluate(() => ({
      ...window.__benchRun,
      memory: performance.memory
        ? { usedJSHeapSize: performance.memory.usedJSHeapSize, totalJSHeapSize: performance.memory.totalJSHeapSize }
        : null,
    }));
    if (errors.length) throw new Error(`the page failed: ${errors.join('; ')}`);
    const wasmMemory = await wasmMemoryBytes(page);
    return {
      wasmMemory,
      wall: (run.validated - run.started) / 1000,
      readWall: run.read === null ? null : (run.read - run.started) / 1000,
      cpu: cpuBetween(before, after),
      how: run.how,
      status: run.status,
      counts: run.counts,
      // Start times from the change event; readAt: when the status said the package was read.
      longTasks: run.longTasks
        .filter((task) => task.start < run.validated)
        .map((task) => ({ start: task.start - run.started, duration: task.duration })),
      observerWorks,
      readAtMs: run.read === null ? null : run.read - run.started,
      pageMemory: run.memory,
      processes: peakMemory(),
    };
  } finally {
    await context.close();
  }
}

async function measureBaseline(browser, url, name) {
  const { context, page, errors } = await freshPage(browser);
  try {
    await page.goto(new URL('__bench__/baseline.html', url).href);
    await page.waitForFunction(() => window.baselineReady === true);
    await stagePackage(page, name);
    const before = descendantsCpu();
    const { result, milliseconds } = await page.evaluate(() => window.runBaseline(window.__benchFile));
    const after = descendantsCpu();
    if (errors.length) throw new Error(`the baseline page failed: ${errors.join('; ')}`);
    return { wall: milliseconds / 1000, cpu: cpuBetween(before, after), result, processes: peakMemory() };
  } finally {
    await context.close();
  }
}

function wasmSizes(dist) {
  const index = readFileSync(join(dist, 'index.html'), 'utf8');
  const startup = /data-app-wasm="[^"]*?([^"/]+\.wasm)"/.exec(index)?.[1] ?? null;
  return readdirSync(dist)
    .filter((name) => name.endsWith('.wasm'))
    .map((name) => {
      const bytes = readFileSync(join(dist, name));
      return {
        name,
        bytes: bytes.length,
        gzipBytes: gzipSync(bytes, { level: constants.Z_BEST_COMPRESSION }).length,
        loadedAtStartup: name === startup,
      };
    });
}

function chromiumVersion() {
  try {
    return execFileSync(process.env.CHROMIUM ?? '/usr/bin/chromium', ['--version'], { stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  } catch {
    return 'unknown';
  }
}

function summary(runs, keys) {
  return Object.fromEntries(
    keys.map((key) => [key, median(runs.map((run) => run[key]).filter((value) => typeof value === 'number'))]),
  );
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (!existsSync(join(args.dist, 'index.html'))) throw new Error(`${args.dist}/index.html is missing: run \`trunk build --release\` first`);
  const name = basename(args.package);
  const server = await startServer(args.dist, {
    '/__bench__/package.zip': args.package,
    ...(args.memoryPackage ? { '/__bench__/memory.zip': args.memoryPackage } : {}),
    '/__bench__/baseline.html': join(here, 'baseline.html'),
    '/__bench__/baseline.js': join(here, 'baseline.js'),
    '/__bench__/fflate.js': join(ROOT, 'node_modules', 'fflate', 'esm', 'browser.js'),
  });
  const browser = await launch();
  const report = {
    chromium: chromiumVersion(),
    playwright: JSON.parse(readFileSync(join(ROOT, 'node_modules', 'playwright-core', 'package.json'), 'utf8')).version,
    fflate: JSON.parse(readFileSync(join(ROOT, 'node_modules', 'fflate', 'package.json'), 'utf8')).version,
    package: args.package,
    packageBytes: readFileSync(args.package).length,
    runs: args.runs,
    loads: args.loads,
    wasm: wasmSizes(args.dist),
  };
  try {
    console.error(`browser: ${args.loads} page loads`);
    await measureLoad(browser, server.url); // warm-up, unrecorded
    const loads = [];
    for (let i = 0; i < args.loads; i += 1) loads.push(await measureLoad(browser, server.url));
    report.load = { runs: loads, medianUsableMs: median(loads.map((load) => load.usableMs)) };

    console.error(`browser: ${args.runs} rounds of native validate, the app, the JavaScript baseline (${name})`);
    const native = [];
    const app = [];
    const baseline = [];
    let mode = 'detect';
    for (let round = 0; round <= args.runs; round += 1) {
      // Round 0 is an unrecorded warm-up; it also finds out how this build of the app shows that
      // validation is done, and every recorded round then waits for exactly that.
      const n = nativeValidate(args.solinspect, args.package);
      const a = await measureApp(browser, server.url, name, mode);
      mode = a.how;
      const b = await measureBaseline(browser, server.url, name);
      console.error(
        `  ${round === 0 ? 'warm-up' : `round ${round}`}: native ${n.cpu.toFixed(2)} s CPU, app ${a.cpu.toFixed(2)} s CPU ` +
          `(${a.wall.toFixed(2)} s wall, ${a.how}), baseline ${b.cpu.toFixed(2)} s CPU (${b.wall.toFixed(2)} s wall)`,
      );
      // Both sides must have done the same work: the baseline's counts add up to the app's components.
      const appComponents = Number(/(\d+) components/.exec(a.status ?? '')?.[1]);
      const baselineComponents = Object.values(b.result.components ?? {}).reduce((sum, count) => sum + count, 0);
      if (appComponents !== baselineComponents) {
        throw new Error(`the app read ${appComponents} components, the baseline counted ${baselineComponents} (“${a.status}”)`);
      }
      if (round > 0) {
        native.push(n);
        app.push(a);
        baseline.push(b);
      }
    }
    report.native = { command: `${args.solinspect} validate ${args.package}`, runs: native, median: summary(native, ['wall', 'cpu', 'rss']) };
    report.app = { runs: app, median: summary(app, ['wall', 'readWall', 'cpu']) };
    report.baseline = { runs: baseline, median: summary(baseline, ['wall', 'cpu']), result: baseline.at(-1)?.result ?? null };
    const longTasks = app.flatMap((run) => run.longTasks.map((task) => task.duration));
    report.longTasks = {
      perRun: app.map((run) => ({
        over100ms: run.longTasks.filter((task) => task.duration > 100).length,
        longestMs: Math.max(0, ...run.longTasks.map((task) => task.duration)),
      })),
      over100ms: longTasks.filter((duration) => duration > 100).length,
      observerChecked: app.every((run) => run.observerWorks),
      longestMs: Math.max(0, ...longTasks),
    };
    // Peak resident memory per Chromium process type (the page and its worker live in a renderer).
    const peakByType = (runs) => {
      const peaks = {};
      for (const run of runs) {
        for (const { type, peakRssBytes } of run.processes) peaks[type] = Math.max(peaks[type] ?? 0, peakRssBytes);
      }
      return peaks;
    };
    report.memory = {
      completed: app.length === args.runs && app.every((run) => run.status?.startsWith('Opened')),
      appPeakRssBytesByProcessType: peakByType(app),
      baselinePeakRssBytesByProcessType: peakByType(baseline),
      pageJsHeapBytes: Math.max(...app.map((run) => run.pageMemory?.usedJSHeapSize ?? 0)),
      pageWasmMemoryBytes: Math.max(...app.map((run) => run.wasmMemory.page ?? 0)),
      workerWasmMemoryBytes: Math.max(0, ...app.flatMap((run) => run.wasmMemory.workers)),
      workersSeen: Math.max(...app.map((run) => run.wasmMemory.workers.length)),
    };
    if (args.memoryPackage) {
      const bigName = basename(args.memoryPackage);
      console.error(`browser: one run of the app on ${bigName} (memory)`);
      const big = await measureApp(browser, server.url, bigName, mode, '/__bench__/memory.zip');
      const script = 'import sys, zipfile; print(sum(i.file_size for i in zipfile.ZipFile(sys.argv[1]).infolist()))';
      report.memoryPackage = {
        package: args.memoryPackage,
        uncompressedBytes: Number(execFileSync('python3', ['-c', script, args.memoryPackage], { encoding: 'utf8' }).trim()),
        completed: Boolean(big.status?.startsWith('Opened')) && big.how === mode,
        status: big.status,
        wall: big.wall,
        cpu: big.cpu,
        peakRssBytesByProcessType: peakByType([big]),
      };
      console.error(`  ${report.memoryPackage.completed ? 'completed' : 'did NOT complete'} (${big.wall.toFixed(2)} s wall): ${big.status}`);
    }
    const m = { native: report.native.median, app: report.app.median, baseline: report.baseline.median };
    report.ratios = {
      cpu: { appOverNative: m.app.cpu / m.native.cpu, appOverBaseline: m.app.cpu / m.baseline.cpu },
      wall: { appOverNative: m.app.wall / m.native.wall, appOverBaseline: m.app.wall / m.baseline.wall },
    };
  } finally {
    await browser.close();
    await server.close();
  }
  const text = JSON.stringify(report, null, 1);
  if (args.json) writeFileSync(args.json, text);
  else console.log(text);
  const r = report.ratios.cpu;
  console.error(
    `browser: usable after ${report.load.medianUsableMs.toFixed(0)} ms; app / native ${r.appOverNative.toFixed(2)}, ` +
      `app / baseline ${r.appOverBaseline.toFixed(2)} (CPU); long tasks over 100 ms: ${report.longTasks.over100ms}, ` +
      `longest ${report.longTasks.longestMs.toFixed(0)} ms`,
  );
}

main().catch((error) => {
  console.error(`bench.mjs: ${error?.stack ?? error}`);
  process.exit(1);
});
