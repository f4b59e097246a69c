// The report view in a real browser: built with its builder (the report file follows), run, read
// as a table and a chart, hidden and shown again; and a value that looks like HTML stays text.
import assert from 'node:assert/strict';
import type { JsonValue } from '../../src/core/json';
import { buildPivot, cellValue, valueColumns, type GroupSpec } from '../../src/queries/report/model/pivot';
import { demoWorkbench, newReport as openNewReport, runCommand, webviewContent } from './workbench';

const XSS = '<img src=x onerror="document.body.dataset.pwned=1">';

describe('UI: the report view', function () {
  this.timeout(240_000);
  const suite = demoWorkbench();
  const newReport = (type: string) => openNewReport(suite.workbench.page, type);

  it('builds "sum and count of price per day × sale status", runs it, and keeps it when hidden', async () => {
    const { page } = suite.workbench;
    const view = await newReport('sale');
    // The example (count per sale status) ran at once, the statuses named by one getmany.
    await view.getByTestId('pivot').getByText('paid cash', { exact: true }).waitFor();
    assert.equal(await view.getByTestId('stale').count(), 0, 'a fresh result is marked out of date');

    const aggregation = view.getByTestId('aggregation');
    await aggregation.nth(0).getByLabel('Function').selectOption('SUM');
    await aggregation.nth(0).getByLabel('Attribute').selectOption('price');
    await view.getByRole('button', { name: 'Add aggregation' }).click();
    await aggregation.nth(1).getByLabel('Attribute').selectOption('price');
    await view.getByTestId('group').nth(0).getByLabel('Orientation').selectOption('horizontal');
    await view.getByRole('button', { name: 'Add group' }).click();
    await view.getByTestId('group').nth(1).getByLabel('Attribute').selectOption('tstamp');
    await view.getByTestId('group').nth(1).getByLabel('Function').selectOption('DATE_TRUNC:DAY');
    // The file follows the builder, and the result is marked as older than the definition.
    await page.locator('.monaco-editor .view-lines').first().getByText('"DATE_TRUNC:DAY"').waitFor();
    await view.getByTestId('stale').waitFor();

    await view.getByRole('button', { name: 'Run Report' }).click();
    const pivotTable = view.getByTestId('pivot');
    await pivotTable.getByText('COUNT(price)').first().waitFor();
    await view.getByTestId('stale').waitFor({ state: 'detached' });
    const groups: GroupSpec[] = [
      { attribute: 'sale_status_id', function: null, orientation: 'horizontal' },
      { attribute: 'tstamp', function: 'DATE_TRUNC:DAY', orientation: 'vertical' },
    ];
    const expected = buildPivot(
      (await suite.truth.report('sale', {
        Aggregation: [
          { Function: 'SUM', Attribute: 'price' },
          { Function: 'COUNT', Attribute: 'price' },
        ],
        Group: groups.map((g) => ({ Function: g.function, Attribute: g.attribute, Orientation: g.orientation })),
      } as unknown as JsonValue)) as unknown as JsonValue,
      groups,
    );
    assert.equal(await pivotTable.locator('tbody tr').count(), expected.rowKeys.length);
    const totals = pivotTable.locator('tfoot td');
    assert.equal(await totals.count(), valueColumns(expected).length);
    // The grand total of SUM(price), after a column per status and SUM/COUNT each.
    const grandSum = cellValue(expected, -1, { column: -1, measure: 0 });
    assert.equal(Number(await totals.nth(expected.columnKeys.length * 2).getAttribute('title')), grandSum);
    for (const name of ['paid cash', 'paid cashless', 'free vend', 'failed'])
      await pivotTable.locator('thead').getByText(name, { exact: true }).waitFor();
    const box = await view.locator('canvas').boundingBox();
    assert.ok(box && box.width > 100 && box.height > 100, 'the chart is not drawn');
    await pivotTable.locator('thead th', { hasText: 'SUM(price)' }).last().click();
    await pivotTable.locator('th[aria-sort="descending"]').waitFor();
    await suite.workbench.screenshot('report-view');

    // Hidden behind another editor and shown again: the table and its sort are back.
    await page.getByRole('tab', { name: 'Report: sale.vensoft-report.json' }).click();
    await runCommand(page, 'File: New Untitled Text File');
    await page
      .getByRole('tab', { name: /^Untitled-/ })
      .first()
      .waitFor();
    await page.getByRole('tab', { name: 'Report: sale.vensoft-report.json' }).click();
    await webviewContent(page).getByTestId('pivot').locator('th[aria-sort="descending"]').waitFor();

    // The file leads too: an edit in the editor shows in the builder.
    await page
      .getByRole('tab', { name: /sale\.vensoft-report\.json/ })
      .first()
      .click();
    await page.keyboard.press('Control+H');
    await page.keyboard.type('"SUM"');
    const replace = page
      .locator('.find-widget textarea[aria-label="Replace"], .find-widget input[aria-label="Replace"]')
      .first();
    await replace.fill('"AVG"');
    await page.keyboard.press('Control+Alt+Enter');
    await page.keyboard.press('Escape');
    await page.getByRole('tab', { name: 'Report: sale.vensoft-report.json' }).click();
    const first = webviewContent(page).getByTestId('aggregation').nth(0).getByLabel('Function');
    for (let tries = 0; (await first.inputValue()) !== 'AVG'; tries++) {
      assert.ok(tries < 50, 'the builder did not follow the file');
      await page.waitForTimeout(100);
    }
  });

  it("shows an object name that looks like HTML as text, runs nothing, and shows the server's refusal", async () => {
    const machine = (await suite.truth.list('machine', { count: { count: 1, offset: 0 } })).transfer_objects[0]!;
    await suite.truth.update('machine', machine.id, { name: XSS });
    try {
      const view = await newReport('machine');
      await view.getByTestId('pivot').waitFor();
      await view.getByTestId('group').nth(0).getByLabel('Attribute').selectOption('name');
      await view.getByRole('button', { name: 'Run Report' }).click();
      await view.getByTestId('pivot').getByText(XSS, { exact: true }).waitFor();
      assert.equal(await view.locator('img').count(), 0, 'an <img> made it into the page');
      assert.equal(await view.locator('body').getAttribute('data-pwned'), null, 'the value ran as script');
      // And were one to get in, the page's policy runs no script but the extension's own.
      const csp = (await view.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')) ?? '';
      assert.match(csp, /default-src 'none'/);
      assert.match(csp, /script-src 'nonce-[A-Za-z0-9+/=]{20,}'(;|$)/);
      // (Images, styles and fonts come from VS Code's own resource origin, webview.cspSource.)
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
      await view.getByTestId('pivot').getByText(XSS, { exact: true }).scrollIntoViewIfNeeded();
      await suite.workbench.screenshot('report-xss-inert');
      // A report the server refuses: its message shows in the panel.
      await view.getByTestId('aggregation').nth(0).getByLabel('Function').selectOption('SUM');
      await view.getByTestId('aggregation').nth(0).getByLabel('Attribute').selectOption('name');
      await view.getByRole('button', { name: 'Run Report' }).click();
      await view
        .getByRole('alert')
        .getByText(/The report failed: SUM needs a numeric attribute; name is not one/)
        .waitFor();
    } finally {
      await suite.truth.update('machine', machine.id, { name: machine.definition.name as string });
    }
  });
});
