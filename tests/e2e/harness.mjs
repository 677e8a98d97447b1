// What every end-to-end test needs: a browser, a page that records what it does,
// a real drag-and-drop, axe-core, screenshots and the corpus.
import { readFileSync, mkdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const ROOT = resolve(here, '..', '..');
export const CORPUS = process.env.SOLUTION_CORPUS ?? resolve(ROOT, 'tests', 'corpus');
export const RESULTS = join(ROOT, 'test-results');
mkdirSync(RESULTS, { recursive: true });

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** Headless Debian Chromium; `extraArgs` for callers that need more (the benchmark). */
export async function launch({ extraArgs = [] } = {}) {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...extraArgs,
    ],
  });
}

/** The corpus's MANIFEST.tsv as objects keyed by its header. */
export function corpusManifest() {
  const [header, ...rows] = readFileSync(join(CORPUS, 'MANIFEST.tsv'), 'utf8').trim().split('\n');
  const names = header.split('\t');
  return rows.map((row) => Object.fromEntries(row.split('\t').map((value, i) => [names[i], value])));
}

export function corpusEntry(fileStart) {
  const entry = corpusManifest().find((row) => row.file.startsWith(fileStart));
  if (!entry) throw new Error(`no corpus package starts with ${fileStart}`);
  return { ...entry, path: join(CORPUS, entry.file) };
}

/**
 * Opens the app in a fresh context. Records every request (page and service worker),
 * console errors and uncaught errors; `finish()` fails on any of them.
 */
export async function openApp(browser, baseUrl, { colorScheme = 'light', viewport, setup, allowErrors } = {}) {
  const context = await browser.newContext({
    colorScheme,
    viewport: viewport ?? { width: 1280, height: 900 },
    serviceWorkers: 'allow',
  });
  const requests = [];
  const problems = [];
  context.on('request', (request) => requests.push(request.url()));
  if (setup) await setup(context);
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error' && !(allowErrors && allowErrors.test(message.text()))) {
      problems.push(`console error: ${message.text()}`);
    }
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  await page.goto(baseUrl);
  await page.waitForSelector('[data-testid="drop-zone"]');
  const origin = new URL(baseUrl).origin;
  return {
    page,
    context,
    requests,
    foreignRequests: () =>
      requests.filter((url) => !url.startsWith(origin + '/') && !url.startsWith('data:') && !url.startsWith('blob:' + origin)),
    async finish() {
      await context.close();
      const foreign = requests.filter(
        (url) => !url.startsWith(origin + '/') && !url.startsWith('data:') && !url.startsWith('blob:' + origin),
      );
      if (foreign.length) throw new Error(`requests outside the page's origin: ${foreign.join(', ')}`);
      if (problems.length) throw new Error(problems.join('\n'));
    },
  };
}

/** A real drag-and-drop: a DataTransfer holding a File, dispatched on the drop zone. */
export async function dropFile(page, filePath, { name = basename(filePath), type = 'application/zip', target = '[data-testid="drop-zone"]' } = {}) {
  const base64 = readFileSync(filePath).toString('base64');
  const dataTransfer = await page.evaluateHandle(
    ({ base64, name, type }) => {
      const binary = atob(base64);
      const bytes = new Uint8Array(binary.length);
      for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
      const transfer = new DataTransfer();
      transfer.items.add(new File([bytes], name, { type }));
      return transfer;
    },
    { base64, name, type },
  );
  const zone = target;
  await page.dispatchEvent(zone, 'dragenter', { dataTransfer });
  await page.dispatchEvent(zone, 'dragover', { dataTransfer });
  const dragging = await page.locator(zone).evaluate((element) => element.classList.contains('dragging'));
  await page.dispatchEvent(zone, 'drop', { dataTransfer });
  await dataTransfer.dispose();
  return { draggingFeedback: dragging };
}

/** Waits until the header names a solution. */
export async function waitForSolution(page, uniqueName) {
  await page.locator('[data-testid="current-unique-name"]', { hasText: uniqueName }).waitFor({ timeout: 30000 });
}

export async function header(page) {
  return {
    uniqueName: (await page.textContent('[data-testid="current-unique-name"]'))?.trim(),
    version: (await page.textContent('[data-testid="current-version"]'))?.trim(),
    managed: (await page.textContent('[data-testid="current-managed"]'))?.trim(),
  };
}

/** Where the test server serves axe-core (same origin, so the page's CSP lets it load). */
export const AXE_PATH = '/__test__/axe.min.js';
export const AXE_FILE = join(ROOT, 'node_modules', 'axe-core', 'axe.min.js');

/** WCAG 2.1 A/AA violations on the page as it is now, as readable lines. */
export async function axeViolations(page) {
  const loaded = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!loaded) await page.addScriptTag({ url: AXE_PATH });
  const result = await page.evaluate(() =>
    window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }),
  );
  return result.violations.map(
    (violation) =>
      `${violation.id} (${violation.impact}): ${violation.help} - ${violation.nodes
        .slice(0, 5)
        .map((node) => node.target.join(' '))
        .join(' | ')}`,
  );
}

export async function screenshot(page, name) {
  await page.screenshot({ path: join(RESULTS, `${name}.png`), fullPage: true });
}

export function assert(condition, message) {
  if (!condition) throw new Error(message);
}

export function assertEqual(actual, expected, what) {
  if (actual !== expected) throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

/** Runs `body` with a fresh page; fails on foreign requests, console errors and page errors. */
export async function withApp(browser, url, options, body) {
  const app = await openApp(browser, url, options);
  try {
    await body(app);
  } catch (error) {
    await app.context.close().catch(() => {});
    throw error;
  }
  await app.finish();
}

/** Opens a view by its tab label and waits until it is selected. */
export async function openTab(page, label) {
  await page.getByRole('tab', { name: label, exact: true }).click();
  await page.waitForSelector(`[role="tab"][aria-selected="true"]:has-text("${label}")`);
}
