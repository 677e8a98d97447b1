// Long work: the progress bar (bytes done of the uncompressed total, what is being done),
// Cancel, and the page staying responsive (no long task) while a larger package is read.
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  ROOT,
  RESULTS,
  assert,
  assertEqual,
  axeViolations,
  corpusEntry,
  dropFile,
  header,
  openTab,
  waitForSolution,
  withApp,
} from './harness.mjs';
import { measureLongTasks } from './longtasks.mjs';

const TOOLS = process.env.SOLUTION_TOOLS ?? resolve(ROOT, 'tests', 'tools');
/** A small corpus package (KpdApps_Base) opened before the large one. */
const KPD_FILE = 'KpdApps__KpdApps.Common.MsCrm2015__KpdApps_Base';
const KPD = 'KpdApps_Base';
/** The longest main-thread task allowed while the scale-3 package is read and every view is visited. */
const LONG_TASK_BUDGET_MS = 100;

/** A synthetic package of about 3 MB (20 MB uncompressed), made once by gen_large.py and kept under test-results/. */
function largePackage() {
  const path = join(RESULTS, 'large-scale-3.zip');
  if (!existsSync(path) || statSync(path).size === 0) {
    execFileSync('python3', [join(TOOLS, 'gen_large.py'), path, '--scale', '3', '--quiet'], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  return path;
}

/** The sum of the uncompressed sizes the zip's central directory declares. */
function uncompressedTotal(path) {
  const script = 'import sys, zipfile; print(sum(i.file_size for i in zipfile.ZipFile(sys.argv[1]).infolist()))';
  return Number(execFileSync('python3', ['-c', script, path], { encoding: 'utf8' }).trim());
}

/** Records every state of the progress bar (and of the status element) from now on, in the page. */
async function recordProgress(page) {
  await page.evaluate(() => {
    window.__progress = [];
    const record = () => {
      const bar = document.querySelector('[data-testid="progress"]');
      const status = document.querySelector('[role="status"]');
      const element = bar?.querySelector('progress');
      window.__progress.push({
        shown: Boolean(bar),
        work: bar?.dataset.work ?? null,
        label: bar?.querySelector('[data-testid="progress-label"]')?.textContent ?? null,
        amount: bar?.querySelector('[data-testid="progress-amount"]')?.textContent ?? null,
        value: element?.hasAttribute('value') ? Number(element.getAttribute('value')) : null,
        max: element ? Number(element.getAttribute('max')) : null,
        busy: status?.getAttribute('aria-busy'),
        statusWork: status?.getAttribute('data-work'),
        html: bar?.outerHTML ?? null,
      });
    };
    new MutationObserver(record).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  });
}

export const tests = [
  {
    name: 'the engine is not loaded with the page; it starts at the first key press, while the user picks a file',
    async run({ browser, url }) {
      await withApp(browser, url, {}, async ({ page }) => {
        await page.waitForSelector('[data-testid="drop-zone"]');
        await page.waitForTimeout(300);
        assertEqual(page.workers().length, 0, 'no worker before the user does anything');
        const started = page.waitForEvent('worker', { timeout: 10000 });
        await page.keyboard.press('Tab');
        const worker = await started;
        assert(/worker\.js/.test(worker.url()), `the engine's worker started: ${worker.url()}`);
        // The engine it started answers the first package.
        const entry = corpusEntry(KPD_FILE);
        await dropFile(page, entry.path);
        await waitForSolution(page, KPD);
        assertEqual(page.workers().length, 1, 'one engine, not a second one for the package');
      });
    },
  },
  {
    name: 'the components reach the page only when a view lists them, once per package',
    async run({ browser, url }) {
      await withApp(browser, url, {}, async ({ page }) => {
        await page.waitForSelector('[data-testid="drop-zone"]');
        // Counts the bytes of the long lists (chunks) the engine sends, from before the engine starts.
        await page.evaluate(() => {
          window.__chunkBytes = 0;
          const slot = Object.getOwnPropertyDescriptor(Worker.prototype, 'onmessage');
          Object.defineProperty(Worker.prototype, 'onmessage', {
            configurable: true,
            get() {
              return slot.get.call(this);
            },
            set(handler) {
              slot.set.call(this, (event) => {
                // A chunk is the envelope {protocol, id, header: '"chunk"', bytes} (src/protocol.rs).
                if (event.data?.header === '"chunk"') window.__chunkBytes += event.data.bytes.byteLength;
                return handler(event);
              });
            },
          });
        });
        const chunkBytes = () => page.evaluate(() => window.__chunkBytes);
        await dropFile(page, corpusEntry(KPD_FILE).path);
        await waitForSolution(page, KPD);
        await page.waitForSelector('[role="status"][data-validated="true"][aria-busy="false"]');
        const count = (await page.getByTestId('component-count').textContent()).trim();
        assert(/^[1-9][\d,]*$/.test(count), `the overview counts the components before they are in: ${count}`);
        const beforeListing = await chunkBytes();
        await openTab(page, 'Components');
        await page.waitForSelector('[data-testid="match-count"]');
        const listed = await chunkBytes();
        assert(listed > beforeListing, `the Components view asked for the components (${beforeListing} → ${listed} bytes)`);
        const matchCount = (await page.getByTestId('match-count').textContent()).trim();
        assertEqual(matchCount, `${count} of ${count} components`, 'the list holds every component the overview counted');
        await openTab(page, 'Findings');
        await openTab(page, 'Managed properties & convert');
        await page.waitForSelector('[data-testid="editor-loading"]', { state: 'detached' });
        await openTab(page, 'Components');
        await page.waitForSelector('[data-testid="match-count"]');
        assertEqual(await chunkBytes(), listed, 'the components are asked for once per package');
      });
    },
  },
  {
    name: 'when the engine is lost and none can start, the Components view says so, and Try again lists them once one can',
    async run({ browser, url }) {
      await withApp(browser, url, { allowErrors: /engine lost|no engine/ }, async ({ page }) => {
        await dropFile(page, corpusEntry(KPD_FILE).path);
        await waitForSolution(page, KPD);
        await page.waitForSelector('[role="status"][data-validated="true"][aria-busy="false"]');
        const count = (await page.getByTestId('component-count').textContent()).trim();
        // No engine can start: neither a worker nor the in-page fallback.
        await page.evaluate(() => {
          window.__saved = { Worker: window.Worker, loader: globalThis.solutionInspectorEngine };
          window.Worker = function NoWorker() {
            throw new Error('no engine');
          };
          globalThis.solutionInspectorEngine = () => Promise.reject(new Error('no engine'));
        });
        // The running engine fails (its error reaches the page, which ends it).
        const [worker] = page.workers();
        const closed = new Promise((resolve) => worker.once('close', resolve));
        await worker.evaluate(() => setTimeout(() => {
          throw new Error('engine lost');
        }));
        await closed;
        await openTab(page, 'Components');
        const alert = page.getByRole('alert');
        await alert.waitFor();
        assert(/could not be listed/.test(await alert.textContent()), `the view says why: ${await alert.textContent()}`);
        await page.evaluate(() => {
          window.Worker = window.__saved.Worker;
          globalThis.solutionInspectorEngine = window.__saved.loader;
        });
        await page.getByRole('button', { name: 'Try again' }).click();
        await page.waitForSelector('[data-testid="match-count"]');
        assertEqual((await page.getByTestId('match-count').textContent()).trim(), `${count} of ${count} components`, 'listed after trying again');
      });
    },
  },
  {
    name: 'long work shows progress: a labelled bar with bytes of the uncompressed total that reaches the end, the work named on the status element',
    async run({ browser, url }) {
      const path = largePackage();
      const total = uncompressedTotal(path);
      await withApp(browser, url, {}, async ({ page }) => {
        await recordProgress(page);
        await page.setInputFiles('[data-testid="file-input"]', path);
        await page.waitForSelector('[role="status"][data-validated="true"][aria-busy="false"]', { timeout: 120_000 });
        const states = await page.evaluate(() => window.__progress);
        const reading = states.filter((state) => state.shown && state.work === 'reading' && state.value !== null);
        assert(reading.length > 0, 'the bar showed the reading with a value');
        assert(reading.every((state) => state.max === total), `the bar's maximum is the uncompressed total ${total}: ${[...new Set(reading.map((s) => s.max))]}`);
        assert(reading.some((state) => state.value > 0 && state.value < total), 'the bar moved through the middle');
        assert(reading.some((state) => state.value === total), 'the bar reached the end');
        const values = reading.map((state) => state.value);
        assert(values.every((value, i) => i === 0 || value >= values[i - 1]), `the bar never goes back: ${values}`);
        assert(reading.some((state) => /^\d+(\.\d)? (B|KB|MB) of \d+\.\d MB$/.test(state.amount)), `bytes of the total in words: ${reading.map((s) => s.amount)}`);
        assert(reading.every((state) => state.label.startsWith('Reading large-scale-3.zip')), `what is being done: ${reading[0].label}`);
        assert(states.some((state) => state.shown && state.work === 'validating'), 'validation shows in the bar too');
        assert(states.some((state) => state.busy === 'true' && state.statusWork === 'reading'), 'the status element names the work and is busy');
        // Idle: no bar, no data-work, not busy.
        assertEqual(await page.locator('[data-testid="progress"]').count(), 0, 'the bar is gone when the work is done');
        assertEqual(await page.getAttribute('[role="status"]', 'data-work'), null, 'no data-work when idle');
        assertEqual((await header(page)).uniqueName, 'FabrikamOpsSuite', 'the package is shown');

        // The bar as it was while reading, checked by axe (put back into the page: the work is over by now).
        const during = reading.find((state) => state.value > 0 && state.value < total) ?? reading[0];
        await page.evaluate((html) => {
          const holder = document.createElement('div');
          holder.id = 'progress-copy';
          holder.innerHTML = html;
          document.querySelector('main').prepend(holder);
        }, during.html);
        const bar = page.getByRole('progressbar', { name: /^Reading large-scale-3\.zip/ });
        assertEqual(await bar.count(), 1, 'the progress bar is labelled by what is being done');
        const violations = await axeViolations(page);
        assert(violations.length === 0, `axe violations with the progress bar:\n${violations.join('\n')}`);
        await page.evaluate(() => document.getElementById('progress-copy')?.remove());
      });
    },
  },
  {
    name: 'Cancel (from the keyboard) stops reading a package; the page keeps the previous package and its engine answers again',
    async run({ browser, url }) {
      const path = largePackage();
      await withApp(browser, url, {}, async ({ page }) => {
        await dropFile(page, corpusEntry(KPD_FILE).path);
        await waitForSolution(page, KPD);
        await page.waitForSelector('[role="status"][data-validated="true"]');
        await page.setInputFiles('[data-testid="file-input"]', path);
        const cancel = page.locator('[data-testid="cancel"]');
        await cancel.waitFor({ timeout: 30_000 });
        await cancel.focus();
        await page.keyboard.press('Enter');
        await page.locator('[role="status"]', { hasText: 'cancelled' }).waitFor({ timeout: 10_000 });
        const status = await page.textContent('[role="status"]');
        assert(status.includes('Reading large-scale-3.zip was cancelled') && status.includes(`Still showing ${KPD}`), `status: ${status}`);
        assertEqual(await page.locator('[data-testid="progress"]').count(), 0, 'the bar is gone');
        assertEqual(await page.getAttribute('[role="status"]', 'aria-busy'), 'false', 'not busy');
        assertEqual((await header(page)).uniqueName, KPD, 'the previous package is still shown');
        assertEqual(await page.getAttribute('[role="status"]', 'data-validated'), 'true', 'its findings are still there');
        // A fresh engine is given the package again when asked about it: the XML of a component.
        await openTab(page, 'Components');
        await page.locator('.item-row button').first().click();
        await page.waitForSelector('[data-testid="component-xml"]', { timeout: 30_000 });
        // And the package the person then opens is read in full.
        await page.setInputFiles('[data-testid="file-input"]', path);
        await waitForSolution(page, 'FabrikamOpsSuite');
      });
    },
  },
  {
    name: 'Cancel stops a conversion; converting again (in a fresh engine given the package again) downloads the managed package',
    async run({ browser, url }) {
      const path = largePackage();
      await withApp(browser, url, {}, async ({ page }) => {
        await page.setInputFiles('[data-testid="file-input"]', path);
        await page.waitForSelector('[role="status"][data-validated="true"][aria-busy="false"]', { timeout: 120_000 });
        await openTab(page, 'Managed properties & convert');
        await page.waitForSelector('[data-testid="convert"]', { timeout: 30_000 });
        let downloads = 0;
        page.on('download', () => { downloads += 1; });
        // The conversion of this package takes a fraction of a second: Cancel is pressed by the
        // page itself the moment the bar shows, not after a round trip to the test (by then the
        // conversion may be over and the bar gone).
        await page.evaluate(() => {
          window.__cancelled = new Promise((resolve) => {
            const observer = new MutationObserver(() => {
              const bar = document.querySelector('[data-testid="progress"][data-work="converting"]');
              const cancel = document.querySelector('[data-testid="cancel"]');
              if (!bar || !cancel) return;
              observer.disconnect();
              const work = document.querySelector('[role="status"]').getAttribute('data-work');
              cancel.click();
              resolve(work);
            });
            observer.observe(document.body, { childList: true, subtree: true, attributes: true });
          });
        });
        await page.click('[data-testid="convert"]');
        const work = await page.evaluate(() => window.__cancelled);
        assertEqual(work, 'converting', 'the status element names the work');
        await page.locator('[data-testid="convert-announcement"]', { hasText: 'The conversion was cancelled.' }).waitFor({ timeout: 10_000 });
        assertEqual(await page.locator('[data-testid="progress"]').count(), 0, 'the bar is gone');
        assert(await page.locator('[data-testid="convert"]').isEnabled(), 'the button is back as it was');
        assertEqual(downloads, 0, 'nothing was downloaded');
        const saving = page.waitForEvent('download', { timeout: 120_000 });
        await page.click('[data-testid="convert"]');
        const download = await saving;
        assertEqual(download.suggestedFilename(), 'FabrikamOpsSuite_2_3_1_0_managed.zip', 'the managed package');
        await page.locator('[data-testid="conversion-report"]').waitFor();
      });
    },
  },
  {
    name: `no main-thread task over ${LONG_TASK_BUDGET_MS} ms while a larger package is read, validated, and shown in every view`,
    async run({ browser, url }) {
      // The machine may be busy with other work, which stretches any task: a task that is long
      // because of the page's own code is long on every try, so the best of three tries is taken.
      const tries = [];
      for (let attempt = 0; attempt < 3; attempt += 1) {
        const result = await measureLongTasks(browser, url, largePackage());
        tries.push(result);
        console.log(`        (longest task ${result.maxLongTaskMs} ms: ${result.steps.map((step) => `${step.step} ${JSON.stringify(step.longTasks)}`).join('; ')})`);
        if (result.maxLongTaskMs <= LONG_TASK_BUDGET_MS) break;
      }
      const best = Math.min(...tries.map((result) => result.maxLongTaskMs));
      assert(best <= LONG_TASK_BUDGET_MS, `a task of ${best} ms on each of ${tries.length} tries`);
    },
  },
];
