// Truncation that hides meaning, on the largest corpus packages: chart labels tell files apart
// (never two alike for different files, the full path in a tooltip); names wrap at their word
// parts, never mid-word; no select, input, card or header text is clipped at 1366x768 or on a
// 390 px phone; the sticky header stays one or two lines with a long file name. Run by run.mjs.
import { join } from 'node:path';
import { CORPUS, assert, openApp, openTab } from './harness.mjs';

const PACKAGES = [
  'microsoft__Dynamics-365-FastTrack-Implementation-Assets__msdynce_FieldServiceIntegration_2_0_0_1_unmanaged.zip',
  'microsoft__PowerApps-Samples__AIBuilderInvoiceProcessingAutomationSK_1_0_0_12_unmanaged.zip',
  'pnp__powerplatform-samples__ApprauAIEducation_1_0_0_2_unmanaged.zip',
  'versions/scottdurow__SparkleXrm__SparkleXRM_7_4_210_managed.zip',
];
const FSI = PACKAGES[0];
const VIEWPORTS = [
  { width: 1366, height: 768 },
  { width: 800, height: 768 },
  { width: 640, height: 768 },
  { width: 390, height: 844 },
];
const PHONE = VIEWPORTS[3];
const VIEWS = [
  ['Overview', '[data-testid="unique-name"]'],
  ['Components', '[data-testid="match-count"]'],
  ['Findings', '[data-testid="findings-counts"], [data-testid="no-findings"]'],
  ['Managed properties & convert', '#panel:not(:has([data-testid="editor-loading"]))'],
  ['Simulate import', '[data-testid="verdict"]'],
];

async function opened(browser, url, name, viewport) {
  const app = await openApp(browser, url, { viewport });
  await app.page.setInputFiles('[data-testid="file-input"]', join(CORPUS, name));
  await app.page.waitForSelector('[role="status"][data-validated="true"][aria-busy="false"]', { timeout: 60_000 });
  return app;
}

/** Every bar label of the charts shown: what it reads, its full text (its title), and whether it
 * starts left of its chart (cut off by the chart's edge). */
async function chartLabels(page) {
  return page.$$eval('[data-testid="bar-label"]', (labels) =>
    labels.map((label) => {
      const shown = [...label.childNodes].filter((node) => node.nodeType === Node.TEXT_NODE).map((node) => node.textContent).join('');
      const chart = label.closest('svg');
      return {
        chart: chart.getAttribute('aria-labelledby'),
        shown,
        full: label.querySelector('title')?.textContent ?? '',
        cutOff: label.getBBox().x < chart.viewBox.baseVal.x - 0.5,
      };
    }),
  );
}

/** What is clipped in the view shown: elements whose text is wider than their box, selects whose
 * chosen option and inputs whose placeholder or value do not fit (the browser clips those
 * without a scrollbar). */
async function clipped(page) {
  return page.evaluate(() => {
    const visible = (element) => element.offsetParent !== null && !element.closest('.visually-hidden, [hidden]');
    const scrolls = (element) => ['auto', 'scroll'].includes(getComputedStyle(element).overflowX);
    const problems = [];
    const boxes = document.querySelectorAll('header, header *, .card, .card *, .verdict-card, .verdict-card *, .install-note *');
    for (const element of boxes) {
      if (!visible(element) || scrolls(element)) continue;
      // An ellipsis the header uses on purpose keeps the whole text in a title.
      if (element.closest('[title]') && getComputedStyle(element).textOverflow === 'ellipsis') continue;
      if (element.scrollWidth > element.clientWidth + 1 && element.clientWidth > 0) {
        problems.push(`${element.tagName.toLowerCase()}.${element.className} is ${element.scrollWidth} px wide in ${element.clientWidth} px: "${element.textContent.slice(0, 60)}"`);
      }
    }
    const measure = document.createElement('canvas').getContext('2d');
    for (const control of document.querySelectorAll('select, input[type="text"], input[type="search"], input:not([type])')) {
      if (!visible(control)) continue;
      const style = getComputedStyle(control);
      measure.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
      const text = control.tagName === 'SELECT' ? control.options[control.selectedIndex]?.text ?? '' : control.value || control.placeholder;
      // A select's arrow takes about 20 px of its box.
      const room = control.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - (control.tagName === 'SELECT' ? 20 : 0);
      if (measure.measureText(text).width > room) problems.push(`#${control.id} clips "${text}" (${Math.round(measure.measureText(text).width)} px in ${Math.round(room)} px)`);
    }
    return problems;
  });
}

/** How many lines the header takes when it is sticky (its items' distinct tops), and the
 * solution line's own lines; null when the header does not stick. */
async function stickyHeaderLines(page) {
  return page.evaluate(() => {
    const header = document.querySelector('.app-header');
    if (getComputedStyle(header).position !== 'sticky') return null;
    // Items side by side share a line even when centred at different heights: a new line starts
    // below the bottom of the one before.
    const boxes = [...header.children].filter((child) => child.offsetHeight > 0).map((child) => child.getBoundingClientRect()).sort((a, b) => a.top - b.top);
    let rows = 0;
    let bottom = -Infinity;
    for (const box of boxes) {
      if (box.top >= bottom - 1) rows += 1;
      bottom = Math.max(bottom, box.bottom);
    }
    const current = header.querySelector('.current');
    const tallest = Math.max(...[...current.children].map((child) => child.getBoundingClientRect().height));
    return { rows, solutionWraps: current.getBoundingClientRect().height > tallest + 2 };
  });
}

/**
 * Where the text of `selector` breaks into lines, as [character before, character after] pairs
 * (each character's box read through a Range).
 */
async function lineBreaks(page, selector) {
  return page.$eval(selector, (element) => {
    const characters = [];
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (let i = 0; i < node.textContent.length; i += 1) {
        const range = document.createRange();
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        characters.push({ char: node.textContent[i], top: range.getBoundingClientRect().top });
      }
    }
    const breaks = [];
    for (let i = 1; i < characters.length; i += 1) {
      if (characters[i].top > characters[i - 1].top + 2) breaks.push([characters[i - 1].char, characters[i].char]);
    }
    return breaks;
  });
}

/** A break a reader makes: after a separator or a space, or between camel-case or word and number parts. */
function atWordPart([before, after]) {
  return /[_.\-/\s]/.test(before) || /\s/.test(after) || (/[a-z]/.test(before) && /[A-Z]/.test(after)) || (/[A-Za-z]/.test(before) && /[0-9]/.test(after));
}

export const tests = [
  ...PACKAGES.map((name) => ({
    name: `truncation: the chart labels of ${name} tell every file apart, cut where it keeps what differs, the full path in a title`,
    async run({ browser, url }) {
      const app = await opened(browser, url, name, VIEWPORTS[0]);
      const { page } = app;
      const labels = [...(await chartLabels(page))];
      await openTab(page, 'Findings');
      await page.waitForSelector(VIEWS[2][1], { timeout: 60_000 });
      labels.push(...(await chartLabels(page)));
      await app.finish();
      assert(labels.length > 5, `bar labels found: ${labels.length}`);
      const problems = [];
      for (const [i, a] of labels.entries()) {
        if (!a.full) problems.push(`"${a.shown}" has no title`);
        if (a.cutOff) problems.push(`"${a.shown}" starts outside its chart`);
        if (a.shown !== a.full && a.shown.length > 36) problems.push(`"${a.shown}" is longer than a label`);
        for (const b of labels.slice(i + 1)) {
          if (a.chart === b.chart && a.full !== b.full && a.shown === b.shown) problems.push(`"${a.full}" and "${b.full}" both read "${a.shown}"`);
        }
      }
      assert(problems.length === 0, problems.join('; '));
    },
  })),
  {
    name: 'truncation: no header, card, select or input text is clipped in any view at 1366x768, 800, 640 or 390 px, and the sticky header stays one or two lines',
    async run({ browser, url }) {
      const problems = [];
      for (const viewport of VIEWPORTS) {
        const app = await opened(browser, url, FSI, viewport);
        const { page } = app;
        for (const [label, ready] of VIEWS) {
          await openTab(page, label);
          await page.waitForSelector(ready, { timeout: 60_000 });
          await page.waitForTimeout(300);
          for (const problem of await clipped(page)) problems.push(`${viewport.width} px, ${label}: ${problem}`);
        }
        const lines = await stickyHeaderLines(page);
        if (viewport.width >= 800) assert(lines !== null, `the header sticks at ${viewport.width} px`);
        if (lines && lines.rows > 2) problems.push(`${viewport.width} px: the sticky header takes ${lines.rows} lines`);
        if (lines?.solutionWraps) problems.push(`${viewport.width} px: the sticky header's solution line wraps`);
        await app.finish();
      }
      assert(problems.length === 0, problems.join('\n'));
    },
  },
  {
    name: 'truncation: a unique name too long for its line wraps at its word parts, never mid-word (390 px); a name with spaces wraps at its spaces',
    async run({ browser, url }) {
      const app = await opened(browser, url, FSI, PHONE);
      const { page } = app;
      const problems = [];
      let wrapped = 0;
      for (const selector of ['[data-testid="unique-name"]', '[data-testid="current-unique-name"]']) {
        const breaks = await lineBreaks(page, selector);
        wrapped += breaks.length;
        for (const pair of breaks) if (!atWordPart(pair)) problems.push(`${selector} breaks between "${pair[0]}" and "${pair[1]}"`);
      }
      await app.finish();
      assert(wrapped > 0, 'msdynce_FieldServiceIntegration wraps somewhere at 390 px (else this test checks nothing)');
      // Words of a name with spaces wrap whole: the sample's publisher, "PentaWork Solutions GmbH
      // & Co. KG", once read "Gmb H" where its card is narrow (1280 px).
      const sample = await openApp(browser, url, { viewport: { width: 1280, height: 900 } });
      await sample.page.click('[data-testid="open-sample"]');
      await sample.page.locator('[data-testid="publisher-display-name"]', { hasText: 'GmbH' }).waitFor({ timeout: 30_000 });
      for (const pair of await lineBreaks(sample.page, '[data-testid="publisher-display-name"]')) {
        if (!/\s/.test(pair[0]) && !/\s/.test(pair[1])) problems.push(`the publisher's display name breaks inside a word, between "${pair[0]}" and "${pair[1]}"`);
      }
      await sample.finish();
      assert(problems.length === 0, problems.join('; '));
    },
  },
];
