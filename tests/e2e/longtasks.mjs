// Measures the page's long tasks (PerformanceObserver 'longtask': main-thread tasks over 50 ms)
// while a package is read, validated and looked at in every view.
// Usage: `trunk build --release && node tests/e2e/longtasks.mjs PACKAGE.zip [DIST]`
// Prints one JSON object: the longest task, every task over 50 ms by step, and the step timings.
// The e2e test 'long work…' uses `measureLongTasks` on a package made by gen_large.py.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startServer } from './server.mjs';
import { ROOT, launch, openTab } from './harness.mjs';

/** Long tasks seen by the page since the last call, as durations in ms. */
async function takeLongTasks(page) {
  return page.evaluate(() => {
    const seen = window.__longTasks.splice(0);
    return seen.map((entry) => Math.round(entry));
  });
}

/** Opens `packagePath` in a fresh page of `browser` at `url` and walks every view; returns what it measured. */
export async function measureLongTasks(browser, url, packagePath, { log = () => {} } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.__longTasks.push(entry.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
  const page = await context.newPage();
  const steps = [];
  const step = async (name, body) => {
    const started = Date.now();
    await body();
    const tasks = await takeLongTasks(page);
    steps.push({ step: name, ms: Date.now() - started, longTasks: tasks });
    log(`${name}: ${Date.now() - started} ms, long tasks ${JSON.stringify(tasks)}`);
  };
  const status = '[role="status"]';
  try {
    await page.goto(url);
    await page.waitForSelector('[data-testid="drop-zone"]');
    await takeLongTasks(page); // start-up is not what is measured here
    await step('read and validate', async () => {
      await page.setInputFiles('[data-testid="file-input"]', packagePath);
      // A build before data-validated (LONGTASKS_LEGACY=1) validates in the Findings view instead.
      const ready = process.env.LONGTASKS_LEGACY ? '[data-analyzed-in]' : '[data-validated="true"]';
      await page.waitForSelector(`${status}${ready}[aria-busy="false"]`, { timeout: 600_000 });
    });
    await step('components view', async () => {
      await openTab(page, 'Components');
      await page.waitForSelector('[data-testid="component-search"]', { timeout: 60_000 });
      await page.waitForTimeout(300);
    });
    await step('search components', async () => {
      const search = page.locator('[data-testid="component-search"]');
      await search.fill('account');
      await page.waitForTimeout(300);
      await search.fill('');
      await page.waitForTimeout(300);
    });
    await step('group components by table', async () => {
      await page.selectOption('[data-testid="component-group"]', 'table');
      await page.waitForTimeout(300);
      await page.selectOption('[data-testid="component-group"]', 'kind');
      await page.waitForTimeout(300);
    });
    await step('findings view', async () => {
      await openTab(page, 'Findings');
      await page.waitForSelector('[data-testid="findings-counts"]', { timeout: 60_000 });
    });
    await step('convert view', async () => {
      await openTab(page, 'Managed properties & convert');
      await page.waitForSelector('[data-testid="convert"]', { timeout: 60_000 });
      await page.click('[data-testid="lock-everything"]');
      await page.waitForTimeout(300);
      await page.selectOption('[data-testid="mp-group"]', 'table');
      await page.fill('[data-testid="mp-search"]', 'account');
      await page.waitForTimeout(500);
    });
    await step('simulate view', async () => {
      await openTab(page, 'Simulate import');
      await page.waitForSelector('[data-testid="verdict"]', { timeout: 600_000 });
      await page.waitForSelector(`${status}[aria-busy="false"]`, { timeout: 600_000 });
    });
    await step('overview', async () => {
      await openTab(page, 'Overview');
      await page.waitForTimeout(300);
    });
  } finally {
    await context.close();
  }
  const all = steps.flatMap((entry) => entry.longTasks);
  return { maxLongTaskMs: all.length ? Math.max(...all) : 0, steps };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const packagePath = process.argv[2];
  if (!packagePath || !existsSync(packagePath)) {
    console.error('usage: node tests/e2e/longtasks.mjs PACKAGE.zip [DIST]');
    process.exit(2);
  }
  const dist = resolve(process.argv[3] ?? join(ROOT, 'dist'));
  const server = await startServer(dist, {});
  const browser = await launch();
  try {
    const result = await measureLongTasks(browser, server.url, resolve(packagePath), { log: (line) => console.error(line) });
    console.log(JSON.stringify(result, null, 2));
  } finally {
    await browser.close();
    await server.close();
  }
}
