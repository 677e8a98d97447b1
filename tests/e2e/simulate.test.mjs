// End-to-end tests of the Simulate import view. Run by run.mjs after the other tests.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  RESULTS,
  assert,
  assertEqual,
  axeViolations,
  corpusEntry,
  dropFile,
  openApp,
  screenshot,
  waitForSolution,
  withApp,
  openTab,
} from './harness.mjs';

const USS = 'microsoft__Dynamics-365-FastTrack-Implementation-Assets__ServiceUniversalScheduling_1_2_0_0_';
const WORKFLOW_TOOLS = 'demianrasko__Dynamics-365-Workflow-Tools__Dynamics365WorkflowTools';

async function verdict(page) {
  return (await page.textContent('[data-testid="verdict"]')).trim();
}

export const tests = [
  {
    name: 'simulate: one target for the page; install a corpus package into the on-premises default, reload (it persists), then a conflicting managed twin fails with 0x80048040',
    async run({ browser, url }) {
      const unmanaged = corpusEntry(`${USS}unmanaged`);
      const managed = corpusEntry(`${USS}managed`);
      await withApp(browser, url, {}, async ({ page }) => {
        await dropFile(page, unmanaged.path);
        await waitForSolution(page, 'ServiceUniversalScheduling');
        await openTab(page, 'Simulate import');
        // The page's one target (online 9.2 at first) is the simulation's organization.
        await page.locator('[data-testid="org-name"]', { hasText: 'Online 9.2' }).waitFor({ timeout: 30000 });
        assert((await page.textContent('[data-testid="current-target"]')).includes('online 9.2'), 'the header shows the target');
        // Choosing the on-premises organization here makes it every view's target.
        await page.click('[data-testid="reset-onprem"]');
        await page.locator('[data-testid="org-name"]', { hasText: 'On-premises 9.1' }).waitFor({ timeout: 30000 });
        await page.locator('[data-testid="current-target"]', { hasText: 'on-premises 9.1.0.0' }).waitFor();
        await openTab(page, 'Findings');
        assertEqual(await page.inputValue('[data-testid="profile-kind"]'), 'onprem', 'Findings use the organization chosen in Simulate');
        await openTab(page, 'Simulate import');
        await page.locator('[data-testid="org-name"]', { hasText: 'On-premises 9.1' }).waitFor({ timeout: 30000 });
        await page.locator('[data-testid="verdict"].success').waitFor();
        assert((await verdict(page)).includes('would succeed'), `verdict: ${await verdict(page)}`);
        assertEqual(await page.locator('[data-testid="installed-solutions"] tr[data-solution="ServiceUniversalScheduling"]').count(), 0, 'not installed yet');
        await page.click('[data-testid="install"]');
        await page.locator('[data-testid="installed-solutions"] tr[data-solution="ServiceUniversalScheduling"]').waitFor();
        await page.locator('[data-testid="simulate-announcement"]', { hasText: 'Installed ServiceUniversalScheduling 1.2.0.0' }).waitFor();

        // The snapshot survives a reload.
        await page.reload();
        await page.waitForSelector('[data-testid="drop-zone"]');
        await dropFile(page, managed.path);
        await waitForSolution(page, 'ServiceUniversalScheduling');
        await openTab(page, 'Simulate import');
        await page.locator('[data-testid="installed-solutions"] tr[data-solution="ServiceUniversalScheduling"]').waitFor({ timeout: 30000 });
        assert((await page.textContent('[data-testid="simulate-announcement"]')).includes('kept by this browser'), 'loaded from storage');

        // The managed twin over its unmanaged original.
        await page.locator('[data-testid="verdict"].failure').waitFor();
        assertEqual((await page.textContent('[data-testid="verdict-code"]')).trim(), '0x80048040 ImportSolutionManagedToUnmanagedMismatch', 'platform code first');
        assert((await verdict(page)).includes('must not be imported back into the organization it was made in'), `plain words: ${await verdict(page)}`);
        assert(await page.locator('[data-testid="install"]').isDisabled(), 'a failing import cannot be installed');
        // The failing components, by filter.
        await page.selectOption('[data-testid="action-filter"]', 'failed');
        const failedRows = page.locator('[data-testid="outcome-components"] tbody tr');
        assert((await failedRows.count()) > 0, 'failed components listed');
        assertEqual(await page.locator('[data-testid="outcome-components"] tbody tr:not([data-action="failed"])').count(), 0, 'only failed rows');
        const firstFailed = failedRows.first();
        assert((await firstFailed.textContent()).includes('0x8004F016'), `the component's own code: ${await firstFailed.textContent()}`);
        // Its layers before and after.
        await firstFailed.getByRole('button').click();
        await page.waitForSelector('[data-testid="layer-stack"]');
        // Drawn below the paged table, the stack is brought into view, the focus on its heading.
        await page.waitForFunction(() => {
          const heading = document.getElementById('layers-heading');
          const box = heading && heading.getBoundingClientRect();
          return box && box.top >= 0 && box.bottom <= window.innerHeight && document.activeElement === heading;
        }, null, { timeout: 5000 });
        const stack = await page.textContent('[data-testid="layer-stack"] desc');
        assert(stack.includes('Active'), `the unmanaged Active layer is drawn: ${stack}`);
        await screenshot(page, 'simulate-failure');

        // The log workbook and the JSON download.
        const logging = page.waitForEvent('download');
        await page.click('[data-testid="download-log"]');
        const log = await logging;
        assertEqual(log.suggestedFilename(), 'ServiceUniversalScheduling_1_2_0_0_import_log.xml', 'log file name');
        const logPath = join(RESULTS, log.suggestedFilename());
        await log.saveAs(logPath);
        const workbook = readFileSync(logPath, 'utf8');
        assert(workbook.includes('urn:schemas-microsoft-com:office:spreadsheet'), 'an XML Spreadsheet');
        const sheets = [...workbook.matchAll(/<Worksheet ss:Name="([^"]+)"/g)].map((match) => match[1]);
        assertEqual(sheets.length, 2, `two worksheets (${sheets})`);
        assert(workbook.includes('0x8004F016') || workbook.includes('0x80048040'), 'the log carries the failure');
        const saving = page.waitForEvent('download');
        await page.click('[data-testid="download-json"]');
        const jsonDownload = await saving;
        const jsonPath = join(RESULTS, jsonDownload.suggestedFilename());
        await jsonDownload.saveAs(jsonPath);
        const json = JSON.parse(readFileSync(jsonPath, 'utf8'));
        assertEqual(json.result, 'failure', 'JSON result');
        assertEqual(json.errorCode, '0x80048040', 'JSON errorCode');
        assert(json.components.some((component) => component.action === 'failed' && component.errorCode === '0x8004F016'), 'JSON failing component');

        // Uninstalling the unmanaged original removes only its container: its components stay unmanaged,
        // so the managed import now fails on them, unless they are converted to managed.
        await page.getByRole('button', { name: 'Uninstall ServiceUniversalScheduling' }).click();
        await page.locator('[data-testid="installed-solutions"] tr[data-solution="ServiceUniversalScheduling"]').waitFor({ state: 'detached' });
        await page.locator('[data-testid="verdict-code"]', { hasText: '0x8004F016' }).waitFor();
        await page.check('[data-testid="convert-to-managed"]');
        await page.locator('[data-testid="verdict"].success').waitFor();
      });
    },
  },
  {
    name: 'simulate: a package exported online meets the on-premises target chosen in Findings, with a one-click switch to the online organization',
    async run({ browser, url }) {
      await withApp(browser, url, {}, async ({ page }) => {
        await dropFile(page, corpusEntry(WORKFLOW_TOOLS).path);
        await waitForSolution(page, 'Dynamics365WorkflowTools');
        // The target chosen in Findings is the simulation's organization.
        await openTab(page, 'Findings');
        await page.selectOption('[data-testid="profile-kind"]', 'onprem');
        await openTab(page, 'Simulate import');
        await page.locator('[data-testid="org-name"]', { hasText: 'On-premises 9.1' }).waitFor({ timeout: 30000 });
        await page.locator('[data-testid="verdict"].failure').waitFor({ timeout: 30000 });
        assert((await page.textContent('[data-testid="verdict-code"]')).startsWith('0x8004806B'), 'SKU error');
        await page.click('[data-testid="switch-online"]');
        await page.locator('[data-testid="org-name"]', { hasText: 'Online 9.2' }).waitFor({ timeout: 30000 });
        await page.locator('[data-testid="verdict"].success').waitFor();
        // Reset back to the on-premises default.
        await page.click('[data-testid="reset-onprem"]');
        await page.locator('[data-testid="org-name"]', { hasText: 'On-premises 9.1' }).waitFor({ timeout: 30000 });
      });
    },
  },
  {
    name: 'axe-core finds no WCAG 2.1 A/AA violation in the Simulate view, light and dark; screenshots saved',
    async run({ browser, url }) {
      const failures = [];
      for (const colorScheme of ['light', 'dark']) {
        await withApp(browser, url, { colorScheme }, async ({ page }) => {
          await dropFile(page, corpusEntry(`${USS}managed`).path);
          await waitForSolution(page, 'ServiceUniversalScheduling');
          await openTab(page, 'Simulate import');
          await page.locator('[data-testid="verdict"]').waitFor({ timeout: 30000 });
          await page.locator('[data-testid="outcome-components"] tbody tr').first().getByRole('button').click();
          await page.waitForSelector('[data-testid="layer-stack"]');
          await screenshot(page, `simulate-${colorScheme}`);
          for (const violation of await axeViolations(page)) failures.push(`${colorScheme} simulate: ${violation}`);
        });
      }
      assert(failures.length === 0, `axe violations:\n${failures.join('\n')}`);
    },
  },
  {
    name: 'simulate: organizations kept in this browser (IndexedDB) under the names given, Test and Production, each used, downloaded and forgotten, the one in use back after a reload',
    async run({ browser, url }) {
      const unmanaged = corpusEntry(`${USS}unmanaged`);
      await withApp(browser, url, {}, async ({ page }) => {
        await dropFile(page, unmanaged.path);
        await waitForSolution(page, 'ServiceUniversalScheduling');
        await openTab(page, 'Simulate import');
        const orgName = page.locator('[data-testid="org-name"]');
        await orgName.filter({ hasText: '(default)' }).waitFor({ timeout: 30000 });
        // The kept organizations are folded at first, as every long part of a view.
        const openKept = async () => {
          if (!(await page.$eval('[data-testid="kept-panel"]', (fold) => fold.open))) {
            await page.click('[data-testid="kept-panel"] > summary');
          }
        };
        await openKept();
        const kept = (name) => page.locator(`[data-testid="kept-organizations"] li[data-kept="${name}"]`);
        const keepAs = async (name) => {
          await page.fill('[data-testid="kept-name"]', name);
          await page.click('[data-testid="keep-as"]');
          await orgName.filter({ hasText: name }).waitFor();
          await kept(name).waitFor();
        };
        // An empty name is refused in words.
        await page.fill('[data-testid="kept-name"]', '   ');
        await page.click('[data-testid="keep-as"]');
        await page.locator('[data-testid="simulate-problem"]', { hasText: 'Give the organization a name' }).waitFor();

        await keepAs('Test');
        await page.locator('[data-testid="verdict"].success').waitFor();
        // The verdict names the organization in use by the name it is kept under.
        const cardOrganization = page.locator('[data-testid="verdict"] [data-testid="verdict-organization"]');
        await cardOrganization.filter({ hasText: /^Test$/ }).waitFor();
        assertEqual(await page.locator('[data-testid="install-note"]').count(), 0, 'no install note before an install');
        await page.click('[data-testid="install"]');
        await page.locator('[data-testid="installed-solutions"] tr[data-solution="ServiceUniversalScheduling"]').waitFor();
        // After the install, a note above the verdict says what was installed where, and that the
        // verdict is now for importing the same package again; it offers undo and keep.
        const note = page.locator('[data-testid="install-note"]');
        await note.waitFor();
        const noteText = (await note.textContent()).trim();
        assert(
          noteText.startsWith('Installed ServiceUniversalScheduling 1.2.0.0 into Test. The verdict below is now for importing the same package again into that organization'),
          `install note: ${noteText}`,
        );
        assert(
          await page.evaluate(() => {
            const note = document.querySelector('[data-testid="install-note"]');
            const verdict = document.querySelector('[data-testid="verdict"]');
            return Boolean(note.compareDocumentPosition(verdict) & Node.DOCUMENT_POSITION_FOLLOWING);
          }),
          'the note is above the verdict',
        );
        // The note and its buttons pass axe-core in both themes.
        for (const colorScheme of ['light', 'dark']) {
          await page.emulateMedia({ colorScheme });
          await page.waitForTimeout(500); // the drop zone's colours change with a transition
          const violations = await axeViolations(page);
          assert(violations.length === 0, `axe violations with the install note (${colorScheme}):\n${violations.join('\n')}`);
        }
        await page.emulateMedia({ colorScheme: 'light' });
        // Renamed, the card and the note follow; the note stays (the organization still has the install).
        await keepAs('Staging');
        await cardOrganization.filter({ hasText: /^Staging$/ }).waitFor();
        await note.filter({ hasText: 'into Staging.' }).waitFor();
        await page.click('[data-testid="kept-panel"] > summary');
        assertEqual(await page.$eval('[data-testid="kept-panel"]', (fold) => fold.open), false, 'kept panel closed');
        await page.click('[data-testid="keep-after-install"]');
        assert(await page.$eval('[data-testid="kept-panel"]', (fold) => fold.open), 'keep opens the kept organizations');
        assertEqual(await page.evaluate(() => document.activeElement?.id), 'kept-name', 'the cursor is in the name field');
        // Undo uninstalls it from Staging: the note goes and the first import's verdict is back.
        await page.click('[data-testid="undo-install"]');
        await page.locator('[data-testid="installed-solutions"] tr[data-solution="ServiceUniversalScheduling"]').waitFor({ state: 'detached' });
        await note.waitFor({ state: 'detached' });
        await page.locator('[data-testid="verdict"].success').waitFor();
        // Test, kept before the rename, still has it.
        await kept('Test').getByRole('button', { name: 'Use Test' }).click();
        await cardOrganization.filter({ hasText: /^Test$/ }).waitFor();
        await page.locator('[data-testid="installed-solutions"] tr[data-solution="ServiceUniversalScheduling"]').waitFor();
        await page.click('[data-testid="reset-online"]');
        await orgName.filter({ hasText: 'Online 9.2' }).waitFor();
        await keepAs('Production');
        assertEqual(await page.locator('[data-testid="installed-solutions"] tr[data-solution="ServiceUniversalScheduling"]').count(), 0, 'Production has not got it');

        // After a reload the one in use is Production, and Test is still kept.
        await page.reload();
        await page.waitForSelector('[data-testid="drop-zone"]');
        await dropFile(page, unmanaged.path);
        await waitForSolution(page, 'ServiceUniversalScheduling');
        await openTab(page, 'Simulate import');
        await orgName.filter({ hasText: 'Production' }).waitFor({ timeout: 30000 });
        await openKept();
        await kept('Test').waitFor();
        assert((await kept('Production').textContent()).includes('(in use)'), 'Production is in use');
        await kept('Test').getByRole('button', { name: 'Use Test' }).click();
        await orgName.filter({ hasText: 'Test' }).waitFor();
        await page.locator('[data-testid="installed-solutions"] tr[data-solution="ServiceUniversalScheduling"]').waitFor();

        // Downloaded as a file, and forgotten.
        const downloading = page.waitForEvent('download');
        await kept('Production').getByRole('button', { name: 'Download Production' }).click();
        const download = await downloading;
        assertEqual(download.suggestedFilename(), 'Production.org-snapshot.json', 'file name');
        const path = join(RESULTS, download.suggestedFilename());
        await download.saveAs(path);
        const saved = JSON.parse(readFileSync(path, 'utf8'));
        assertEqual(saved.name, 'Production', 'the snapshot keeps its name');
        await kept('Production').getByRole('button', { name: 'Forget Production' }).click();
        await page.locator('[data-testid="kept-organizations"] li[data-kept="Production"]').waitFor({ state: 'detached' });
        await kept('Test').waitFor();
      });
    },
  },
  {
    name: 'simulate: when the browser refuses storage, the organization is used and the page says it will not be kept',
    async run({ browser, url }) {
      const unmanaged = corpusEntry(`${USS}unmanaged`);
      const refuse = async (context) => {
        await context.addInitScript(() => {
          Object.defineProperty(window, 'indexedDB', {
            get() {
              return { open() { throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); } };
            },
          });
        });
      };
      await withApp(browser, url, { setup: refuse }, async ({ page }) => {
        await dropFile(page, unmanaged.path);
        await waitForSolution(page, 'ServiceUniversalScheduling');
        await openTab(page, 'Simulate import');
        await page.locator('[data-testid="org-name"]', { hasText: '(default)' }).waitFor({ timeout: 30000 });
        const problem = await page.locator('[data-testid="simulate-problem"]').textContent({ timeout: 30000 });
        assert(problem.includes('was not kept for the next visit') && problem.includes('quota'), `problem: ${problem}`);
        await page.click('[data-testid="kept-panel"] > summary');
        await page.locator('[data-testid="kept-problem"]').waitFor();
        await page.locator('[data-testid="verdict"]').waitFor();
      });
    },
  },
];
