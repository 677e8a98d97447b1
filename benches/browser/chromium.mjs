// What the browser benchmarks read of Chromium, shared by bench.mjs (issue 7) and org-load.mjs
// (issue 16): the CPU time and peak resident memory of every process this Node process started
// (from /proc), and the size of the wasm memory on the page and in its workers.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length === 0 ? null : sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

// ---- CPU time and memory of the Chromium processes (everything this process started) ----

const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

export function processTable() {
  const table = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      table.set(Number(name), {
        ppid: Number(fields[1]),
        cpu: (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS,
      });
    } catch {
      // The process ended meanwhile.
    }
  }
  return table;
}

/** pid → CPU seconds so far, for every descendant of this Node process. */
export function descendantsCpu() {
  const table = processTable();
  const children = new Map();
  for (const [pid, { ppid }] of table) {
    if (!children.has(ppid)) children.set(ppid, []);
    children.get(ppid).push(pid);
  }
  const result = new Map();
  const stack = [...(children.get(process.pid) ?? [])];
  while (stack.length) {
    const pid = stack.pop();
    result.set(pid, table.get(pid).cpu);
    stack.push(...(children.get(pid) ?? []));
  }
  return result;
}

/** CPU seconds the browser's processes spent between two descendantsCpu() readings. */
export function cpuBetween(before, after) {
  let total = 0;
  for (const [pid, cpu] of after) total += cpu - (before.get(pid) ?? 0);
  return total;
}

/** Peak resident memory of each descendant process (VmHWM), with its Chromium process type. */
export function peakMemory() {
  const result = [];
  for (const pid of descendantsCpu().keys()) {
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
      // Chromium rewrites its children's command lines into one string: search it whole.
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      const type = /--type=([\w-]+)/.exec(cmdline)?.[1] ?? 'browser';
      if (hwm) result.push({ pid, type, peakRssBytes: Number(hwm[1]) * 1024 });
    } catch {
      // Ended meanwhile.
    }
  }
  return result.sort((a, b) => b.peakRssBytes - a.peakRssBytes);
}

/**
 * The size of the wasm linear memory on the page and in each worker (it only grows, so this is
 * its peak). Each context's resource timing names the wasm it loaded (`X_bg.wasm`); importing its
 * wasm-bindgen module (`X.js`, the same URL, so the same running module) and calling its init
 * returns the running instance's exports, memory included (the engine's worker names its files
 * with a `?v=BUILD` query, kept). A context that loaded no wasm is skipped,
 * so nothing is started that the app did not start.
 */
export async function wasmMemoryBytes(page) {
  const read = async () => {
    const loaded = performance
      .getEntriesByType('resource')
      .map((entry) => entry.name)
      .filter((name) => /_bg\.wasm(\?|$)/.test(name));
    const sizes = [];
    for (const wasm of new Set(loaded)) {
      // With its query (the engine's worker asks for `engine.js?v=BUILD`): the same URL is the
      // same running module.
      const { default: init } = await import(wasm.replace(/_bg\.wasm(\?|$)/, '.js$1'));
      sizes.push((await init()).memory.buffer.byteLength);
    }
    return sizes.length ? Math.max(...sizes) : null;
  };
  const result = { page: null, workers: [] };
  try {
    result.page = await page.evaluate(read);
  } catch {
    // Not readable on the page.
  }
  for (const worker of page.workers()) {
    try {
      const bytes = await worker.evaluate(read);
      if (bytes !== null) result.workers.push(bytes);
    } catch {
      // Already gone, or not readable.
    }
  }
  return result;
}
