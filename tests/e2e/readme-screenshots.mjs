// Takes the README's screenshots of each view (docs/screenshot-*.png) from the built app in dist/.
// Run after `trunk build --release`: `node tests/e2e/readme-screenshots.mjs`.
import { join } from 'node:path';
import { launch, openApp, dropFile, waitForSolution, corpusEntry, CORPUS, ROOT } from './harness.mjs';
import { startServer } from './server.mjs';

const server = await startServer(join(ROOT, 'dist'));
const browser = await launch();
try {
  const app = await openApp(browser, server.url, { viewport: { width: 1280, height: 900 } });
  const { page } = app;
  const entry = corpusEntry('pentawork');
  await dropFile(page, join(CORPUS, entry.file));
  await waitForSolution(page, entry.solution_unique_name);
  for (const view of ['components', 'findings', 'convert', 'simulate']) {
    await page.click(`#tab-${view}`);
    await page.waitForTimeout(1500);
    if (view === 'components') {
      await page.fill('input[type="search"]', 'pw_schedule');
      await page.waitForTimeout(500);
      await page.getByText('pw_schedule', { exact: true }).first().click();
      await page.waitForTimeout(800);
    }
    // The answers first: a group of findings opened to its rows; the simulation's verdict card.
    if (view === 'findings') {
      await page.locator('[data-testid="finding-group"] summary').first().click();
      await page.waitForTimeout(500);
    }
    if (view === 'simulate') await page.locator('[data-testid="verdict-card"]').waitFor({ timeout: 30_000 });
    await page.screenshot({ path: join(ROOT, 'docs', `screenshot-${view}.png`) });
  }
  await app.finish();
} finally {
  await browser.close();
  await server.close();
}
