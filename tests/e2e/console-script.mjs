// Runs the page's console script in headless Chromium, as a user pastes it into the
// developer console of their environment: on a page of that origin, with the session's
// credentials (here the test's bearer token, sent by the browser with every request),
// and keeps the capture file it downloads. Driven by tests/capture.rs against its
// loopback OData server.
// Usage: node tests/e2e/console-script.mjs ORIGIN TOKEN SCRIPT.js OUTPUT.json
import { readFileSync } from 'node:fs';
import { launch } from './harness.mjs';

const [origin, token, scriptPath, output] = process.argv.slice(2);
if (!output) {
  console.error('usage: node tests/e2e/console-script.mjs ORIGIN TOKEN SCRIPT.js OUTPUT.json');
  process.exit(2);
}
const browser = await launch();
try {
  const context = await browser.newContext({
    acceptDownloads: true,
    extraHTTPHeaders: { Authorization: `Bearer ${token}` },
  });
  const page = await context.newPage();
  page.on('console', (message) => console.log(`console: ${message.text()}`));
  await page.goto(`${origin}/`);
  const downloading = page.waitForEvent('download', { timeout: 240000 });
  await page.addScriptTag({ content: readFileSync(scriptPath, 'utf8') });
  const download = await downloading;
  await download.saveAs(output);
  console.log(`saved ${download.suggestedFilename()}`);
} finally {
  await browser.close();
}
