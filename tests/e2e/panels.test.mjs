// End-to-end tests of the Findings and Managed properties & convert views. Run by run.mjs after app.test.mjs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync, strFromU8, zipSync, strToU8 } from 'fflate';
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

const KPD = 'KpdApps__KpdApps.Common.MsCrm2015__KpdApps_Base';
const APPRAU = 'pnp__powerplatform-samples__ApprauAIEducation';
const START_MENU_MANAGED = 'scottdurow__SparkleXrm__StartMenu_1_4_managed';

/** The codes of the finding groups listed now, most severe first. */
async function findingCodes(page) {
  return page.locator('[data-testid="finding-group"]').evaluateAll((items) => items.map((item) => item.dataset.code));
}

/** The group of `code`, waited for. */
function findingGroup(page, code) {
  return page.locator(`[data-testid="finding-group"][data-code="${code}"]`);
}

/** Opens the group of `code` (once the filter shows it) and returns its first row. */
async function findingRow(page, code) {
  const group = findingGroup(page, code);
  await group.waitFor({ timeout: 5000 });
  if (!(await group.evaluate((details) => details.open))) await group.locator('summary').click();
  const row = group.locator(`[data-testid="findings"] > li[data-code="${code}"]`).first();
  await row.waitFor({ timeout: 5000 });
  return row;
}

async function counts(page) {
  return (await page.textContent('[data-testid="findings-counts"]')).trim();
}

/** `<IsCustomizable>` values in order, in a piece of XML. */
function isCustomizableValues(xml) {
  return [...xml.matchAll(/<IsCustomizable>\s*([^<]*?)\s*<\/IsCustomizable>/g)].map((match) => match[1]);
}

/** The `<Entity>…</Entity>` block of one table in customizations.xml, and the text around it. */
function entityBlock(xml, logicalName) {
  const name = new RegExp(`<entity Name="${logicalName}"`, 'i');
  const at = xml.search(name);
  assert(at >= 0, `customizations.xml defines ${logicalName}`);
  const start = xml.lastIndexOf('<Entity>', at);
  const end = xml.indexOf('</Entity>', at) + '</Entity>'.length;
  return { before: xml.slice(0, start), block: xml.slice(start, end), after: xml.slice(end) };
}

/** An unmanaged package with `count` custom columns on one table, built in memory. */
function manyColumns(count) {
  const solution = `<ImportExportXml version="9.1.0.0" SolutionPackageVersion="9.1" languagecode="1033" generatedBy="OnPremise">
<SolutionManifest><UniqueName>ManyColumns</UniqueName><LocalizedNames><LocalizedName description="Many columns" languagecode="1033" /></LocalizedNames>
<Version>1.0.0.0</Version><Managed>0</Managed><Publisher><UniqueName>test</UniqueName><LocalizedNames><LocalizedName description="Test" languagecode="1033" /></LocalizedNames>
<CustomizationPrefix>new</CustomizationPrefix><CustomizationOptionValuePrefix>10000</CustomizationOptionValuePrefix></Publisher>
<RootComponents><RootComponent type="1" schemaName="new_big" behavior="0" /></RootComponents><MissingDependencies /></SolutionManifest></ImportExportXml>`;
  const columns = [];
  for (let i = 0; i < count; i += 1) {
    columns.push(`<attribute PhysicalName="new_column${i}"><Type>nvarchar</Type><Name>new_column${i}</Name><LogicalName>new_column${i}</LogicalName>
<IsCustomizable>1</IsCustomizable><IsRenameable>1</IsRenameable><CanModifySearchSettings>1</CanModifySearchSettings>
<displaynames><displayname description="Column ${i}" languagecode="1033" /></displaynames></attribute>`);
  }
  const customizations = `<ImportExportXml><Entities><Entity><Name LocalizedName="Big" OriginalName="Big">new_big</Name>
<EntityInfo><entity Name="new_big"><LocalizedNames><LocalizedName description="Big" languagecode="1033" /></LocalizedNames>
<attributes>${columns.join('\n')}</attributes><IntroducedVersion>1.0</IntroducedVersion><IsCustomizable>1</IsCustomizable></entity></EntityInfo></Entity></Entities></ImportExportXml>`;
  const types = '<?xml version="1.0" encoding="utf-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/octet-stream" /></Types>';
  return Buffer.from(zipSync({ 'solution.xml': strToU8(solution), 'customizations.xml': strToU8(customizations), '[Content_Types].xml': strToU8(types) }));
}

export const tests = [
  {
    name: 'findings: changing the profile updates the findings at once (upload limit, on-premises maxRequestLength)',
    async run({ browser, url }) {
      const entry = corpusEntry(APPRAU);
      const zipBytes = Number(entry.size_bytes);
      assert(zipBytes > 3 * 1024 * 1024 && zipBytes < 6 * 1024 * 1024, `the package is between 3 and 6 MB (${zipBytes})`);
      await withApp(browser, url, {}, async ({ page }) => {
        await dropFile(page, entry.path);
        await waitForSolution(page, entry.solution_unique_name);
        await openTab(page, 'Findings');
        await page.waitForSelector('[data-testid="findings-counts"]');
        assert((await counts(page)).startsWith('0 errors'), `online: no error (${await counts(page)})`);
        assert(!(await findingCodes(page)).includes('SV0101'), 'online: not too large');

        // On-premises 9.1 with its 6 MB default: still under the limit.
        await page.selectOption('[data-testid="profile-kind"]', 'onprem');
        await page.locator('[data-testid="findings-counts"]', { hasText: 'on-premises' }).waitFor();
        assertEqual(await page.inputValue('[data-testid="profile-upload-mb"]'), '6', 'on-premises default upload limit');
        assertEqual(await page.inputValue('[data-testid="profile-request-kb"]'), '6144', 'maxRequestLength in KB');
        assertEqual(await page.inputValue('[data-testid="profile-version"]'), '9.1', 'on-premises target version');
        assert(!(await findingCodes(page)).includes('SV0101'), 'under 6 MB: not too large');

        // An administrator's lower maxRequestLength (2 MB): the package trips the limit.
        await page.fill('[data-testid="profile-request-kb"]', '2048');
        const tooLarge = await findingRow(page, 'SV0101');
        assert((await tooLarge.textContent()).includes('platform 0x80040375'), 'SV0101 carries the platform code');
        assertEqual(await page.inputValue('[data-testid="profile-upload-mb"]'), '2', 'the MB field follows the KB field');
        assert(/^[1-9]\d* errors?/.test(await counts(page)), `the live region counts the error: ${await counts(page)}`);
        assertEqual(await page.getAttribute('[data-testid="findings-counts"]', 'aria-live'), 'polite', 'counts are announced');
        assert((await page.textContent('[data-testid="upload-verdict"]')).includes('over the 2.0 MB upload limit'), 'chart verdict says over');
        assertEqual(await page.locator('[data-testid="upload-limit-chart"] .bar.over').count(), 1, 'the zip bar is drawn as over the limit');
        // The limit line is drawn inside the zip's bar: the zip goes past it.
        const limitX = Number(await page.getAttribute('[data-testid="limit-line"]', 'x1'));
        const zipBar = page.locator('[data-testid="upload-limit-chart"] .bar.over');
        const zipEnd = Number(await zipBar.getAttribute('x')) + Number(await zipBar.getAttribute('width'));
        assert(limitX < zipEnd, `the limit line (${limitX}) lies before the end of the zip bar (${zipEnd})`);
        await screenshot(page, 'panels-findings-over-limit');

        // Filters: errors only, then the size category.
        await page.selectOption('[data-testid="finding-severity"]', 'error');
        const errorsOnly = await findingCodes(page);
        assert(errorsOnly.length > 0 && errorsOnly.every((code) => code === 'SV0101' || code === 'SV0210' || code === 'SV0209'), `errors only: ${errorsOnly}`);
        await page.selectOption('[data-testid="finding-severity"]', '');
        await page.selectOption('[data-testid="finding-category"]', 'size');
        assertEqual((await findingCodes(page)).join(','), 'SV0101', 'size findings');
        await page.selectOption('[data-testid="finding-category"]', '');

        // Raised to 8 MB through the MB field: the finding goes away at once.
        await page.fill('[data-testid="profile-upload-mb"]', '8');
        await findingGroup(page, 'SV0101').waitFor({ state: 'detached', timeout: 5000 });
        assertEqual(await page.inputValue('[data-testid="profile-request-kb"]'), '8192', 'the KB field follows the MB field');
        assert((await page.textContent('[data-testid="upload-verdict"]')).includes('of the 8.0 MB upload limit'), 'chart verdict under the limit');

        // The profile is kept when the view changes.
        await openTab(page, 'Overview');
        await openTab(page, 'Findings');
        assertEqual(await page.inputValue('[data-testid="profile-upload-mb"]'), '8', 'profile kept across views');
        // And across visits.
        await page.reload();
        await page.waitForSelector('[data-testid="drop-zone"]');
        await dropFile(page, entry.path);
        await waitForSolution(page, entry.solution_unique_name);
        await openTab(page, 'Findings');
        assertEqual(await page.inputValue('[data-testid="profile-upload-mb"]'), '8', 'profile kept across a reload');
        assertEqual(await page.inputValue('[data-testid="profile-kind"]'), 'onprem', 'profile kind kept across a reload');
      });
    },
  },
  {
    name: 'findings: content types are checked, a finding links to its component, the managed summary is shown',
    async run({ browser, url }) {
      const entry = corpusEntry(KPD);
      await withApp(browser, url, {}, async ({ page }) => {
        await dropFile(page, entry.path);
        await waitForSolution(page, 'KpdApps_Base');
        await openTab(page, 'Findings');
        await page.waitForSelector('[data-testid="finding-groups"]');
        const codes = await findingCodes(page);
        // Its missing dependency is checked against the organization in use (the online default has it).
        for (const code of ['SV0204', 'SV0205', 'SV0207', 'SV0402']) assert(codes.includes(code), `${code} in ${codes}`);
        assertEqual(codes[0], 'SV0204', 'errors first');
        const dependency = await findingRow(page, 'SV0402');
        assert((await dependency.textContent()).includes('Online 9.2 (default) has this already'), 'missing dependency the organization has');
        assert((await dependency.textContent()).includes('solution.xml:84'), 'location file:line');
        // The finding links to its file: the lines around line 84 of solution.xml, read when asked for.
        await dependency.locator('[data-testid="finding-file"]').click();
        const here = (await dependency.locator('[data-testid="file-excerpt"] .here').textContent()).trim();
        assertEqual(here, '84        <MissingDependency>', 'the finding\'s line, highlighted');
        // The managed summary: KpdApps_Base is unmanaged, so nothing applies yet.
        assert((await page.textContent('[data-testid="managed-summary"]')).includes('Allow customizations'), 'summary names properties');
        await page.locator('.note', { hasText: 'This package is unmanaged' }).waitFor();
        // The SV0204 finding links to its web resource, shown in the Components view.
        await (await findingRow(page, 'SV0204')).locator('[data-testid="finding-component"]').click();
        await page.waitForSelector('[role="tab"][aria-selected="true"]:has-text("Components")');
        await page.locator('[data-testid="component-detail"] .detail-name', { hasText: 'kpd_logmessage.js' }).waitFor({ timeout: 5000 });
        const current = await page.locator('.item[aria-current="true"] .item-name').textContent();
        assertEqual(current, 'kpd_logmessage.js', 'the linked component is selected in the list');
      });
    },
  },
  {
    name: 'convert: lock one table, save and load the choices, convert, download, and check the zip in Node',
    async run({ browser, url }) {
      const entry = corpusEntry(KPD);
      const original = unzipSync(new Uint8Array(readFileSync(entry.path)));
      await withApp(browser, url, {}, async ({ page }) => {
        await dropFile(page, entry.path);
        await waitForSolution(page, 'KpdApps_Base');
        await openTab(page, 'Managed properties & convert');
        await page.waitForSelector('[data-testid="mp-list"]');
        // Validation errors are shown first, and converting stays possible.
        assert((await page.textContent('[data-testid="convert-errors"]')).includes('SV0204'), 'validation errors shown first');
        await page.selectOption('[data-testid="mp-group"]', 'table');
        const lock = page.getByRole('button', { name: 'Lock table kpd_logmessage and its components' });
        await lock.click();
        await page.locator('[data-testid="convert-announcement"]', { hasText: 'kpd_logmessage and its components are locked' }).waitFor();
        const table = page.locator('section.mp-component[data-key="entity:kpd_logmessage"]');
        assertEqual(await table.locator('input[data-property="IsCustomizable"]').isChecked(), false, 'table IsCustomizable unchecked');
        assert((await table.textContent()).includes('locked'), 'the table shows as locked');
        // Effective values: other properties of the table are off because IsCustomizable is off.
        assert((await table.textContent()).includes('No (Allow customizations is off)'), 'IsCustomizable off overrides the rest');

        // Save the policy, reset, load it again.
        const saving = page.waitForEvent('download');
        await page.click('[data-testid="save-policy"]');
        const policyDownload = await saving;
        assertEqual(policyDownload.suggestedFilename(), 'KpdApps_Base_managed-properties.json', 'policy file name');
        const policyPath = join(RESULTS, 'KpdApps_Base_managed-properties.json');
        await policyDownload.saveAs(policyPath);
        const policy = JSON.parse(readFileSync(policyPath, 'utf8'));
        assertEqual(policy.version, 1, 'policy version');
        assertEqual(policy.entities?.kpd_logmessage?.IsCustomizable, false, 'policy locks the table');
        await page.click('[data-testid="package-values"]');
        await table.locator('input[data-property="IsCustomizable"]:checked').waitFor();
        await page.setInputFiles('[data-testid="policy-input"]', policyPath);
        await page.locator('[data-testid="convert-announcement"]', { hasText: 'Loaded the managed-properties choices' }).waitFor();
        assertEqual(await table.locator('input[data-property="IsCustomizable"]').isChecked(), false, 'loaded policy locks the table again');
        // A policy file that is not one is refused in words.
        await page.setInputFiles('[data-testid="policy-input"]', { name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{"version": 7}') });
        await page.locator('[data-testid="policy-error"]', { hasText: 'version 7' }).waitFor();

        // Convert and download.
        const converting = page.waitForEvent('download');
        await page.click('[data-testid="convert"]');
        const download = await converting;
        assertEqual(download.suggestedFilename(), 'KpdApps_Base_1_0_55_0_managed.zip', 'download name');
        const zipPath = join(RESULTS, download.suggestedFilename());
        await download.saveAs(zipPath);
        await page.waitForSelector('[data-testid="conversion-report"]');
        assert((await page.textContent('[data-testid="property-changes"]')).includes('entity:kpd_logmessage'), 'report lists the table change');
        await screenshot(page, 'panels-convert-report');

        const converted = unzipSync(new Uint8Array(readFileSync(zipPath)));
        assertEqual(Object.keys(converted).join('|'), Object.keys(original).join('|'), 'same entries, same order');
        const solution = strFromU8(converted['solution.xml']);
        assert(/<Managed>1<\/Managed>/.test(solution), 'solution.xml says managed');
        const originalXml = strFromU8(original['customizations.xml']);
        const convertedXml = strFromU8(converted['customizations.xml']);
        const before = entityBlock(originalXml, 'kpd_logmessage');
        const after = entityBlock(convertedXml, 'kpd_logmessage');
        const tableValue = (block) => isCustomizableValues(block.slice(block.lastIndexOf('</attributes>')))[0];
        assertEqual(tableValue(before.block), '1', 'the table was customizable in the original');
        assertEqual(tableValue(after.block), '0', 'the table IsCustomizable is 0 in the converted customizations.xml');
        // Every component of the table (columns, forms, views) is locked; a column's local choice is part of the column.
        const locked = isCustomizableValues(after.block.replace(/<optionset[\s\S]*?<\/optionset>/g, ''));
        assert(locked.length > 1 && locked.every((value) => value === '0'), `every component of the table is locked: ${locked}`);
        assertEqual(after.before, before.before, 'customizations.xml before the table is unchanged');
        // Nothing but IsCustomizable values changed, and only those of the table, its components and the
        // relationships it references (lock_entity covers them), from 1 to 0.
        const blank = (xml) => xml.replace(/<IsCustomizable>[^<]*<\/IsCustomizable>/g, '<IsCustomizable/>');
        assert(blank(convertedXml) === blank(originalXml), 'customizations.xml differs only in IsCustomizable values');
        const relationships = (xml) => [...xml.matchAll(/<EntityRelationship Name="([^"]+)">([\s\S]*?)<\/EntityRelationship>/g)]
          .map(([, name, body]) => ({ name, referencing: /<ReferencingEntityName>([^<]*)</.exec(body)?.[1], value: /<EntityRelationshipType>[^<]*<\/EntityRelationshipType>\s*<IsCustomizable>([^<]*)</.exec(body)?.[1] }));
        const relationshipsBefore = relationships(before.after);
        const relationshipsAfter = relationships(after.after);
        assertEqual(relationshipsAfter.length, relationshipsBefore.length, 'relationships kept');
        relationshipsAfter.forEach((relationship, i) => {
          const expected = relationship.referencing?.toLowerCase() === 'kpd_logmessage' ? '0' : relationshipsBefore[i].value;
          assertEqual(relationship.value, expected, `relationship ${relationship.name} IsCustomizable`);
        });
        const outsideRelationships = (xml) => xml.replace(/<EntityRelationship Name[\s\S]*?<\/EntityRelationship>/g, '');
        assert(outsideRelationships(after.after) === outsideRelationships(before.after), 'customizations.xml after the table is unchanged outside its relationships');
        for (const name of Object.keys(original)) {
          if (name === 'solution.xml' || name === 'customizations.xml') continue;
          assertEqual(Buffer.compare(Buffer.from(converted[name]), Buffer.from(original[name])), 0, `${name} unchanged`);
        }
      });
    },
  },
  {
    name: 'convert: "Lock every table" on FieldServiceIntegration says what it locked and which tables of other solutions it does not offer, and why',
    async run({ browser, url }) {
      const entry = corpusEntry('microsoft__Dynamics-365-FastTrack-Implementation-Assets__msdynce_FieldServiceIntegration_2_0_0_1_unmanaged');
      await withApp(browser, url, {}, async ({ page }) => {
        await page.setInputFiles('[data-testid="file-input"]', entry.path);
        await waitForSolution(page, entry.solution_unique_name);
        await openTab(page, 'Managed properties & convert');
        await page.waitForSelector('[data-testid="mp-list"]');
        await page.getByRole('button', { name: 'Lock every table (entity)' }).click();
        const said = page.locator('[data-testid="convert-announcement"]');
        await said.filter({ hasText: 'Locked 2 tables (Allow customizations off).' }).waitFor();
        const text = (await said.textContent()).trim();
        assert(text.includes('11 tables of other solutions are not in the editor (Invoice, InvoiceDetail, msdynce_p2cautonumber and 8 more)'), `the tables not offered, named: ${text}`);
        assert(text.includes("belong to their own solution's layer"), `why: ${text}`);
        assert(await said.isVisible(), 'what was done is on the page, not only for screen readers');
        // Locked again: nothing is left to lock.
        await page.getByRole('button', { name: 'Lock every table (entity)' }).click();
        await said.filter({ hasText: 'No table was left to lock. 2 were locked already.' }).waitFor();
      });
    },
  },
  {
    name: 'convert: five thousand columns: the editor pages them, bulk locks stay quick, the conversion writes them all',
    async run({ browser, url }) {
      const count = 5000;
      await withApp(browser, url, {}, async ({ page }) => {
        await page.setInputFiles('[data-testid="file-input"]', { name: 'ManyColumns_1_0_0_0.zip', mimeType: 'application/zip', buffer: manyColumns(count) });
        await waitForSolution(page, 'ManyColumns');
        let started = Date.now();
        await openTab(page, 'Managed properties & convert');
        await page.waitForSelector('[data-testid="mp-list"]');
        const opened = Date.now() - started;
        // The page's rows are rendered a few per task (more::ProgressiveRows): wait for the
        // page to be whole, then no more than the page is in the DOM.
        await page.waitForFunction(() => document.querySelectorAll('section.mp-component').length >= 25, null, { timeout: 10_000 });
        assertEqual(await page.locator('section.mp-component').count(), 25, 'one page of components in the DOM');
        assert((await page.textContent('.pager')).includes(`Page 1 of ${Math.ceil((count + 1) / 25)}`), 'pager');
        started = Date.now();
        await page.getByRole('button', { name: 'Lock every column (attribute)' }).click();
        // Every column is customizable in the package: the lock turns each off, and says so.
        await page.locator('[data-testid="convert-announcement"]', { hasText: 'Locked 5,000 columns (Allow customizations off).' }).waitFor();
        await page.locator('section.mp-component[data-key="attribute:new_big/new_column0"] input[data-property="IsCustomizable"]:not(:checked)').waitFor();
        const locked = Date.now() - started;
        console.log(`        (convert view ${opened} ms, lock every column ${locked} ms)`);
        assert(opened < 5000 && locked < 5000, 'the editor stays quick');
        const converting = page.waitForEvent('download');
        await page.click('[data-testid="convert"]');
        const download = await converting;
        const zipPath = join(RESULTS, 'ManyColumns_1_0_0_0_managed.zip');
        await download.saveAs(zipPath);
        const xml = strFromU8(unzipSync(new Uint8Array(readFileSync(zipPath)))['customizations.xml']);
        const values = isCustomizableValues(xml);
        assertEqual(values.filter((value) => value === '0').length, count, 'every column locked');
        assertEqual(values[values.length - 1], '1', 'the table itself stays customizable');
      });
    },
  },
  {
    name: 'convert: a managed package is refused in plain words',
    async run({ browser, url }) {
      await withApp(browser, url, {}, async ({ page }) => {
        await dropFile(page, corpusEntry(START_MENU_MANAGED).path);
        await waitForSolution(page, 'StartMenu');
        await openTab(page, 'Managed properties & convert');
        const refused = await page.textContent('[data-testid="convert-refused"]');
        assert(refused.includes('already a managed solution'), `refusal: ${refused}`);
        assertEqual(await page.locator('[data-testid="convert"]').count(), 0, 'no convert button');
      });
    },
  },
  {
    name: 'axe-core finds no WCAG 2.1 A/AA violation in the Findings and Convert views, light and dark; screenshots saved',
    async run({ browser, url }) {
      const failures = [];
      for (const colorScheme of ['light', 'dark']) {
        await withApp(browser, url, { colorScheme }, async ({ page }) => {
          const check = async (view) => {
            await screenshot(page, `panels-${view}-${colorScheme}`);
            for (const violation of await axeViolations(page)) failures.push(`${colorScheme} ${view}: ${violation}`);
          };
          await dropFile(page, corpusEntry(KPD).path);
          await waitForSolution(page, 'KpdApps_Base');
          await openTab(page, 'Findings');
          await page.selectOption('[data-testid="profile-kind"]', 'onprem');
          await page.fill('[data-testid="profile-request-kb"]', '8');
          await findingRow(page, 'SV0101');
          await (await findingRow(page, 'SV0402')).locator('[data-testid="finding-file"]').click();
          await page.waitForSelector('[data-testid="file-excerpt"]');
          await check('findings');
          await openTab(page, 'Managed properties & convert');
          await page.click('[data-testid="lock-everything"]');
          const converting = page.waitForEvent('download');
          await page.click('[data-testid="convert"]');
          await converting;
          await page.waitForSelector('[data-testid="conversion-report"]');
          await check('convert');
          await dropFile(page, corpusEntry(START_MENU_MANAGED).path);
          await waitForSolution(page, 'StartMenu');
          await page.waitForSelector('[data-testid="convert-refused"]');
          assertEqual(await page.locator('[data-testid="conversion-report"]').count(), 0, 'the previous package\'s report is gone');
          await check('convert-refused');
        });
      }
      assert(failures.length === 0, `axe violations:\n${failures.join('\n')}`);
    },
  },
];
