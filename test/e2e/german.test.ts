// The extension with VS Code's display language set to German (code-server --locale de), as a German
// operator sees it: the manifest's words (the view's welcome, commands in the palette), the tree's,
// a message's, and the report view's words and number format (1.234,5), checked against the emulator.
// With VENSOFT_README_IMAGES=1 (`npm run german-images`) its screenshots also go to media/readme/.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { JsonValue } from '../../src/core/json';
import { formatCount } from '../../src/core/labels';
import { buildPivot, cellValue, type GroupSpec } from '../../src/queries/report/model/pivot';
import { root } from '../../scripts/vscode.mjs';
import { answerLogIn, openWorkbench, runCommand, webviewContent, withGroundTruth, type Workbench } from './workbench';

/** The screenshot in test-results/, and in media/readme/ when the README's images are being made. */
async function picture(workbench: Workbench, name: string): Promise<void> {
  const file = await workbench.screenshot(name);
  if (process.env.VENSOFT_README_IMAGES) fs.copyFileSync(file, path.join(root, 'media', 'readme', `${name}.png`));
}

describe('UI: in German (display language "de")', function () {
  this.timeout(300_000);
  let workbench: Workbench;

  before(async () => {
    workbench = await openWorkbench({ locale: 'de' });
  });

  after(async () => {
    await workbench?.close();
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && workbench)
      await workbench.screenshot(`failed-german-${this.currentTest.title.replace(/\W+/g, '-')}`);
  });

  it('welcomes, logs in and names the tree in German', async () => {
    const { page } = workbench;
    await page.locator('.activitybar [aria-label^="Vensoft"]').first().click();
    // package.nls.de.json: the welcome view and its buttons.
    await page.getByText('Noch keine Vensoft-Sitzung.', { exact: false }).waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Lokalen Emulator starten', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
    // The login's questions: l10n/bundle.l10n.de.json.
    const quickInput = page.locator('.quick-input-widget');
    await quickInput.getByText('Vensoft: Anmelden (1/3)').waitFor();
    await quickInput.getByText('Local emulator').first().waitFor();
    const box = quickInput.locator('input.input');
    await box.press('Enter');
    await quickInput.getByText('Benutzername (Ihre E-Mail-Adresse)').waitFor();
    await answerLogIn(page, { quickInput, box }, 'demo@vensoft.test', 'demo');

    const tree = page.locator('.pane-body').filter({ has: page.getByRole('treeitem', { name: /Local emulator/ }) });
    await tree.getByRole('treeitem', { name: /^Container(,| |$)/ }).waitFor();
    await tree.getByRole('treeitem', { name: /^Objekttypen(,| |$)/ }).click();
    // Beside each type its count, in German digits.
    const sales = await withGroundTruth(
      workbench.emulatorUrl,
      async (truth) => (await truth.list('sale', { count: { count: 1, offset: 0 } })).total_record_count!,
    );
    await tree
      .getByRole('treeitem', { name: new RegExp(`^sale,? ${formatCount(sales, 'de').replace('.', '\\.')}\\b`) })
      .waitFor();
    await picture(workbench, 'german-explorer');
  });

  it('says a message in German, from a German command title', async () => {
    const { page } = workbench;
    // The test's emulator was not started from VS Code: Stop says so.
    await runCommand(page, 'Vensoft: Lokalen Emulator beenden');
    await page
      .locator('.notifications-toasts')
      .getByText('Es läuft kein aus VS Code gestarteter Emulator.', { exact: false })
      .waitFor();
  });

  it('shows the report view in German, with German numbers', async () => {
    const { page } = workbench;
    await runCommand(page, 'Vensoft: Neuer Bericht…');
    const box = page.locator('.quick-input-widget input.input');
    await page.locator('.quick-input-widget').getByText('Neuer Bericht: Objekttyp').waitFor();
    await box.fill('sale');
    await box.press('Enter');
    await page.getByRole('tab', { name: 'Bericht: sale.vensoft-report.json' }).waitFor();
    const view = webviewContent(page);
    await view.getByText('Berichtsdefinition').waitFor();
    const aggregation = view.getByTestId('aggregation').nth(0);
    await aggregation.getByLabel('Funktion').selectOption('SUM');
    await aggregation.getByLabel('Attribut').selectOption('price');
    await view.getByRole('button', { name: 'Bericht ausführen' }).click();
    const pivotTable = view.getByTestId('pivot');
    await pivotTable.getByText('SUM(price)').first().waitFor();

    const groups: GroupSpec[] = [{ attribute: 'sale_status_id', function: null, orientation: 'vertical' }];
    const definition = {
      Aggregation: [{ Function: 'SUM', Attribute: 'price' }],
      Group: groups.map((g) => ({ Function: g.function, Attribute: g.attribute, Orientation: g.orientation })),
    } as unknown as JsonValue;
    const answer = await withGroundTruth(workbench.emulatorUrl, (truth) => truth.report('sale', definition));
    const expected = buildPivot(answer as unknown as JsonValue, groups);
    const grandSum = cellValue(expected, -1, { column: -1, measure: 0 })!;
    assert.ok(grandSum >= 1000, `the demo's sales sum to ${grandSum}: too little to show a thousands separator`);
    const total = pivotTable.locator('tfoot td').last();
    await pivotTable.locator('tfoot th', { hasText: 'Summe' }).waitFor();
    assert.equal(Number(await total.getAttribute('title')), grandSum);
    // German: "." between thousands, "," before the decimals, whatever the column's decimals.
    const german = [0, 1, 2].map((places) =>
      new Intl.NumberFormat('de', { minimumFractionDigits: places, maximumFractionDigits: places }).format(grandSum),
    );
    const shown = (await total.textContent()) ?? '';
    assert.ok(german.includes(shown), `the total shows "${shown}", not German (${german.join(' / ')})`);
    assert.match(shown, /^\d{1,3}(\.\d{3})+(,\d+)?$/);
    await runCommand(page, 'Notifications: Clear All Notifications'); // the test before's message
    await pivotTable.scrollIntoViewIfNeeded();
    await picture(workbench, 'german-report-view');
  });
});
