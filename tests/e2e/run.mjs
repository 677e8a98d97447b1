// End-to-end tests of the built web app in headless Chromium.
// Usage: `trunk build --release && node tests/e2e/run.mjs [name filter]`.
// Starts its own static server over dist/ on a free 127.0.0.1 port; exits non-zero on failure.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from './server.mjs';
import { AXE_FILE, AXE_PATH, ROOT, launch } from './harness.mjs';
import { tests as appTests } from './app.test.mjs';
import { tests as panelTests } from './panels.test.mjs';
import { tests as simulateTests } from './simulate.test.mjs';
import { tests as progressTests } from './progress.test.mjs';
import { tests as heightTests } from './heights.test.mjs';
import { tests as answerTests } from './answers.test.mjs';
import { tests as truncationTests } from './truncation.test.mjs';

const tests = [...appTests, ...panelTests, ...simulateTests, ...progressTests, ...answerTests, ...truncationTests, ...heightTests];

const TEST_TIMEOUT_MS = 180_000;
const dist = join(ROOT, 'dist');
if (!existsSync(join(dist, 'index.html'))) {
  console.error('dist/index.html is missing: run `trunk build --release` first.');
  process.exit(2);
}

const filter = process.argv[2];
const selected = filter ? tests.filter((test) => test.name.includes(filter)) : tests;
const server = await startServer(dist, { [AXE_PATH]: AXE_FILE });
const browser = await launch();
let passed = 0;
let failed = 0;
try {
  for (const test of selected) {
    const started = Date.now();
    let timer;
    try {
      await Promise.race([
        test.run({ browser, url: server.url }),
        new Promise((_, fail) => {
          timer = setTimeout(() => fail(new Error(`timed out after ${TEST_TIMEOUT_MS} ms`)), TEST_TIMEOUT_MS);
        }),
      ]);
      passed += 1;
      console.log(`ok      ${test.name} (${Date.now() - started} ms)`);
    } catch (error) {
      failed += 1;
      console.log(`FAILED  ${test.name} (${Date.now() - started} ms)\n        ${String(error?.stack ?? error).replaceAll('\n', '\n        ')}`);
    } finally {
      clearTimeout(timer);
    }
  }
} finally {
  await browser.close();
  await server.close();
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
