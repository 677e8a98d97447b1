// Answers first, on the largest corpus packages: the verdict cards of Overview (validation
// against the page's target) and Simulate import (the import into its organization), the
// missing dependencies by solution and the findings by code, each as the core makes them
// (tests/snapshots/answers-corpus.json, written by tests/answers.rs); the folds by keyboard
// alone; axe-core on the answers, opened, in both themes. Run by run.mjs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS, ROOT, assert, assertEqual, axeViolations, openTab, screenshot, withApp } from './harness.mjs';

const ANSWERS = JSON.parse(readFileSync(join(ROOT, 'tests', 'snapshots', 'answers-corpus.json'), 'utf8'));
const LARGEST = [
  'microsoft__Dynamics-365-FastTrack-Implementation-Assets__msdynce_FieldServiceIntegration_2_0_0_1_managed.zip',
  'microsoft__PowerApps-Samples__AIBuilderInvoiceProcessingAutomationSK_1_0_0_12_managed.zip',
  'versions/scottdurow__SparkleXrm__SparkleXRM_7_4_210_managed.zip',
];
const DECISIONS = { yes: 'yes', yesWithWarnings: 'yes, with warnings', no: 'no' };

/** The snapshot's answers for `name` (keyed by its path under tests/corpus/). */
function expected(name) {
  const answers = ANSWERS[name];
  if (!answers) throw new Error(`no answers for ${name} in answers-corpus.json`);
  return answers;
}

async function open(page, name) {
  await page.setInputFiles('[data-testid="file-input"]', join(CORPUS, name));
  await page.waitForSelector('[role="status"][data-validated="true"][aria-busy="false"]', { timeout: 60_000 });
}

/** The verdict card inside `scope`: decision, headline, operation. */
async function card(page, scope) {
  const inside = (testId) => page.locator(`${scope} [data-testid="${testId}"]`);
  await inside('verdict-card').waitFor({ timeout: 30_000 });
  return {
    decision: (await inside('verdict-decision').textContent()).trim(),
    headline: (await inside('verdict-headline').textContent()).trim(),
    operation: (await inside('verdict-operation').count()) ? (await inside('verdict-operation').textContent()).trim() : null,
    target: (await inside('verdict-target').textContent()).trim(),
    reasons: await page.locator(`${scope} [data-testid="verdict-reasons"] > li`).count(),
  };
}

/** The dependency groups inside `scope` as "title count". */
async function dependencyGroups(page, scope) {
  return page.locator(`${scope} [data-testid="dependency-group"]`).evaluateAll((groups) =>
    groups.map((group) => `${group.querySelector('.group-title').textContent.trim()} ${group.dataset.count}`),
  );
}

export const tests = [
  ...LARGEST.map((name) => ({
    name: `answers: ${name}: the verdict cards, the missing dependencies by solution and the findings by code are the core's`,
    async run({ browser, url }) {
      const answers = expected(name);
      await withApp(browser, url, { viewport: { width: 1366, height: 768 } }, async ({ page }) => {
        await open(page, name);
        // Overview: validation against the page's target (online 9.2 at first), the missing
        // dependencies checked against its organization in use (the online 9.2 default).
        const validation = answers['validate-online-in-online92'];
        const overview = await card(page, '[data-testid="overview-verdict"]');
        assertEqual(overview.decision, DECISIONS[validation.decision], 'Overview decision');
        assertEqual(overview.headline, validation.headline, 'Overview headline');
        assertEqual(overview.reasons, validation.reasons.length, 'Overview reasons');
        assert(overview.target.startsWith('online 9.2'), `the target in use: ${overview.target}`);
        assertEqual((await page.textContent('[data-testid="overview-verdict"] [data-testid="verdict-organization"]')).trim(), 'Online 9.2 (default)', 'the organization the dependencies were checked against');
        const wanted = (groups) => groups.map((group) => `${group.title} ${group.count}`);
        assertEqual(JSON.stringify(await dependencyGroups(page, '.overview')), JSON.stringify(wanted(validation.missingDependencies)), 'Overview dependency groups');

        // Findings: one group a code, most severe first, with counts.
        await openTab(page, 'Findings');
        await page.waitForSelector('[data-testid="findings-counts"]');
        const groups = await page.locator('[data-testid="finding-group"]').evaluateAll((items) =>
          items.map((item) => `${item.dataset.code} ${item.querySelector('.severity').textContent.trim()} x${item.querySelector('[data-testid="finding-group-count"]').textContent.replaceAll(',', '')}`),
        );
        assertEqual(JSON.stringify(groups), JSON.stringify(validation.findings), 'finding groups');

        // Simulate import: into the online 9.2 default (the page's one target).
        const simulation = answers['simulate-online92'];
        await openTab(page, 'Simulate import');
        const simulate = await card(page, '[data-testid="verdict"]');
        assertEqual(simulate.decision, DECISIONS[simulation.decision], 'Simulate decision');
        assertEqual(simulate.headline, simulation.headline, 'Simulate headline');
        assertEqual(simulate.operation, simulation.operation, 'Simulate operation');
        assertEqual(simulate.reasons, simulation.reasons.length, 'Simulate reasons');
        assertEqual(JSON.stringify(await dependencyGroups(page, '.simulate-view')), JSON.stringify(wanted(simulation.missingDependencies)), 'Simulate dependency groups');
      });
    },
  })),
  {
    name: 'answers: the folds of groups open and close by keyboard alone, and rows render only once open',
    async run({ browser, url }) {
      await withApp(browser, url, {}, async ({ page }) => {
        await open(page, LARGEST[0]);
        await openTab(page, 'Findings');
        const first = page.locator('[data-testid="finding-group"]').first();
        await first.waitFor();
        assertEqual(await first.locator('[data-testid="findings"] > li').count(), 0, 'a closed group renders no row');
        // From the search field, Tab reaches the first group's summary.
        await page.focus('[data-testid="finding-search"]');
        await page.keyboard.press('Tab');
        assert(await first.locator('summary').evaluate((summary) => summary === document.activeElement), 'Tab reaches the first group');
        await page.keyboard.press('Enter');
        await first.locator('[data-testid="findings"] > li').first().waitFor();
        assert(await first.evaluate((details) => details.open), 'Enter opens it');
        await page.keyboard.press('Enter');
        assert(!(await first.evaluate((details) => details.open)), 'Enter closes it again');
        // The search narrows the groups; the component filter narrows the rows.
        await page.fill('[data-testid="finding-search"]', 'SV0224');
        await page.locator('[data-testid="finding-group"]').first().waitFor();
        assertEqual(JSON.stringify(await page.locator('[data-testid="finding-group"]').evaluateAll((items) => items.map((item) => item.dataset.code))), '["SV0224"]', 'search by code');
        await page.fill('[data-testid="finding-search"]', '');
        await page.fill('[data-testid="finding-component-filter"]', 'no component is named like this');
        await page.locator('[data-testid="no-findings"]').waitFor();

        // A dependency group on the overview, by keyboard too.
        await openTab(page, 'Overview');
        const group = page.locator('.overview [data-testid="dependency-group"]').first();
        await group.locator('summary').focus();
        await page.keyboard.press('Space');
        await group.locator('tbody tr').first().waitFor();
        // A batch at a time (200), the rest behind "Show more".
        const count = Number(await group.getAttribute('data-count'));
        await page.waitForFunction(({ count }) => document.querySelectorAll('.overview [data-testid="dependency-group"] tbody tr').length >= Math.min(count, 200), { count });
        assertEqual(await group.locator('tbody tr').count(), Math.min(count, 200), 'the first batch of the group\'s needed components');
        if (count > 200) {
          await group.locator('[data-testid="more-required"]').click();
          await page.waitForFunction(({ count }) => document.querySelectorAll('.overview [data-testid="dependency-group"] tbody tr').length === count, { count });
        }
      });
    },
  },
  {
    name: 'answers: axe-core finds no WCAG 2.1 A/AA violation in the verdicts and the opened groups, light and dark',
    async run({ browser, url }) {
      const failures = [];
      for (const colorScheme of ['light', 'dark']) {
        await withApp(browser, url, { colorScheme, viewport: { width: 1366, height: 768 } }, async ({ page }) => {
          await open(page, LARGEST[0]);
          const check = async (view) => {
            await screenshot(page, `answers-${view}-${colorScheme}`);
            for (const violation of await axeViolations(page)) failures.push(`${colorScheme} ${view}: ${violation}`);
          };
          await page.locator('.overview [data-testid="dependency-group"] summary').first().click();
          await check('overview');
          await openTab(page, 'Findings');
          await page.locator('[data-testid="finding-group"] summary').first().click();
          await page.locator('[data-testid="finding-group"] [data-testid="findings"] > li').first().waitFor();
          await check('findings');
          await openTab(page, 'Simulate import');
          await page.locator('[data-testid="verdict-card"]').waitFor({ timeout: 30_000 });
          await page.locator('[data-testid="fold-simulate-dependencies"] > summary').click();
          await page.locator('.simulate-view [data-testid="dependency-group"] summary').first().click();
          await check('simulate');
        });
      }
      assert(failures.length === 0, `axe violations:\n${failures.join('\n')}`);
    },
  },
];
