// Links between objects in a real browser: Ctrl+click on an id in an object document or a history
// response opens the object it points at (its hover says what it is); Show References from the
// explorer lists what points at a machine, grouped by type and attribute with the counts the
// emulator's filters give; ids in the results table and the report view say what they are and open.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { formatCount } from '../../src/core/labels';
import {
  answerOpenObjectById,
  expandRows,
  explorerTree,
  treeRow,
  clickCodeLens,
  demoWorkbench,
  newFilter,
  newReport,
  runCommand,
  webviewContent,
} from './workbench';

const DOC_MACHINE_ID = '125752076205557483';

/**
 * Hovers the tour id shown in the active editor until the tour's hover shows (again from elsewhere
 * if none does: a line moved under the pointer closes it), then holds Ctrl over it (the editor then
 * draws it as a link) and clicks, as a person does. Resolves once the tour's tab is the active one.
 */
async function hoverAndCtrlClick(
  workbench: { page: Page; screenshot(name: string): Promise<string> },
  tour: { id: string; name: string },
  screenshot: string,
): Promise<void> {
  const { page } = workbench;
  const lines = page.locator('.editor-instance .view-lines');
  const id = lines.locator('span span', { hasText: new RegExp(`^${tour.id}$`) }).first();
  const hover = page.locator('.monaco-hover').getByText(`tour · ${tour.name} · ${tour.id}`);
  for (let attempt = 1; ; attempt++) {
    await page.mouse.move(0, 0);
    await id.hover();
    try {
      await hover.waitFor({ timeout: 10_000 });
      break;
    } catch (e) {
      if (attempt === 3) throw e;
    }
  }
  await workbench.screenshot(screenshot);
  await page.keyboard.press('Escape');
  const where = (await id.boundingBox())!;
  await page.mouse.move(where.x + where.width / 2, where.y + where.height / 2);
  await page.keyboard.down('Control');
  await lines.locator('span.detected-link-active', { hasText: tour.id }).first().waitFor();
  await page.mouse.click(where.x + where.width / 2, where.y + where.height / 2);
  await page.keyboard.up('Control');
  // The tour may be open from another test: it must become the active tab.
  await page
    .getByRole('tab', { name: new RegExp(`${tour.id}\\.json`) })
    .and(page.locator('.active'))
    .waitFor({ timeout: 30_000 });
}

describe('UI: links between objects', function () {
  this.timeout(240_000);
  const suite = demoWorkbench();

  it("Ctrl+click on a tour_id opens the tour; hovering it shows the tour's name", async () => {
    const { page } = suite.workbench;
    const machine = (await suite.truth.get('machine', BigInt(DOC_MACHINE_ID))).definition;
    const tourId = String(machine.tour_id);
    const tour = (await suite.truth.get('tour', BigInt(tourId))).definition;
    await runCommand(page, 'Vensoft: Open Object by ID…');
    await answerOpenObjectById(page, 'machine', DOC_MACHINE_ID);
    await page.getByRole('tab', { name: new RegExp(`${DOC_MACHINE_ID}\\.json`) }).waitFor();

    // The header CodeLens arrives after the text and moves every line down: a hover before it lands
    // elsewhere and closes. So: once the header is there, hover.
    await page.locator('.editor-instance .codelens-decoration').first().waitFor();
    await hoverAndCtrlClick(suite.workbench, { id: tourId, name: tour.name as string }, 'link-hover');
    await page
      .locator('.editor-instance .view-lines')
      .getByText(tour.name as string)
      .first()
      .waitFor();
  });

  it('in a history response, an id is a link: hovering says what it is, Ctrl+click opens it', async () => {
    const { page } = suite.workbench;
    const machine = (await suite.truth.list('machine', { count: { count: 1, offset: 45 } })).transfer_objects[0]!;
    const tourId = String(machine.definition.tour_id);
    const tour = (await suite.truth.get('tour', BigInt(tourId))).definition;
    await runCommand(page, 'Vensoft: Open Object by ID…');
    await answerOpenObjectById(page, 'machine', machine.id.toString());
    await page.getByRole('tab', { name: new RegExp(`${machine.id}\\.json`) }).waitFor();

    // The History view, newest first: the machine's get is the newest get/machine; a click opens its response.
    await runCommand(page, 'Focus on History View');
    // With the explorer folded the History view has room to draw the requests the document made.
    const explorerHeader = page.locator('.sidebar .pane-header', { hasText: 'Explorer' }).first();
    await explorerHeader.click();
    const history = page.locator('.pane-body').filter({ has: page.getByRole('treeitem', { name: /^get\/machine/ }) });
    await history
      .getByRole('treeitem', { name: /^get\/machine/ })
      .first()
      .click();
    const response = page.locator('.editor-instance .view-lines');
    await response.getByText(`"type_id"`).first().waitFor({ timeout: 30_000 });
    await response.getByText(machine.id.toString()).first().waitFor();
    await explorerHeader.click(); // unfolded again for the next test
    // The click left the focus in the History view: the editor sees Ctrl only with the focus.
    await response.getByText(`"type_id"`).first().click();

    await hoverAndCtrlClick(suite.workbench, { id: tourId, name: tour.name as string }, 'history-link-hover');
  });

  it('Show References on a machine in the explorer lists what points at it, grouped, with counts', async () => {
    const { page } = suite.workbench;
    const sims = (
      await suite.truth.list('sim', {
        constraints: { join: 'AND', conditions: [{ attribute: 'machine_id', type: 1, value: DOC_MACHINE_ID }] },
      })
    ).transfer_objects;
    const sales = await suite.truth.list('sale', {
      constraints: { join: 'AND', conditions: [{ attribute: 'parent_id', type: 1, value: DOC_MACHINE_ID }] },
      count: { count: 1, offset: 0 },
    });
    const name = String((await suite.truth.get('machine', BigInt(DOC_MACHINE_ID))).definition.name);

    // The machine's row, under the containers it lives in (the rest folded, so that they show).
    const tree = explorerTree(page);
    // With other views in the sidebar (Changes, History), a view's title actions show while it is hovered.
    await page.locator('.sidebar .pane-header', { hasText: 'Explorer' }).first().hover();
    await page.locator('.sidebar [aria-label^="Collapse All"]').first().click();
    await treeRow(tree, 'Local emulator').and(tree.locator('[aria-expanded="false"]')).waitFor();
    const place = ['Containers', 'Vensoft Demo GmbH', 'Region North', 'Hamburg', 'Hamburg Central Station', 'machine'];
    await expandRows(tree, ['Local emulator', ...place]);
    const row = treeRow(tree, name);
    await row.click({ button: 'right' });
    await page.locator('.context-view .action-label', { hasText: 'Show References' }).click();

    // The References view shares the sidebar: with the explorer folded it has room to draw every group.
    const explorerHeader = page.locator('.sidebar .pane-header', { hasText: 'Explorer' }).first();
    await explorerHeader.click();
    // Each group by its accessible name: "type · attribute, count".
    const references = page
      .locator('.pane-body')
      .filter({ has: page.getByRole('treeitem', { name: /^sim · machine_id,/ }) });
    const group = (name: string, count: string) =>
      references.getByRole('treeitem', { name: `${name}, ${count}`, exact: true }).first();
    await group('sim · machine_id', String(sims.length)).waitFor({ timeout: 30_000 });
    await group('sale · parent_id', formatCount(sales.filtered_record_count!)).waitFor();
    await group('machine_product · parent_id', '8').waitFor();
    await suite.workbench.screenshot('references-view');

    // A referring object opens on a click.
    const simId = sims[0]!.id.toString();
    await references
      .getByRole('treeitem', { name: new RegExp(simId) })
      .first()
      .click();
    await page.getByRole('tab', { name: new RegExp(`${simId}\\.json`) }).waitFor({ timeout: 30_000 });
    await explorerHeader.click(); // unfolded again for the next test
  });

  it('in the results table, an id is a link: hovering says what it is, a click or ArrowRight and Enter opens it', async () => {
    const { page } = suite.workbench;
    await newFilter(page, 'machine');
    await clickCodeLens(page, 'Run (list machine)', page.getByRole('tab', { name: /^Results: machine/ }));

    const view = webviewContent(page);
    const firstRow = view.locator('tbody tr').first();
    await firstRow.waitFor();
    const machine = (await suite.truth.get('machine', BigInt((await firstRow.getAttribute('data-id'))!))).definition;
    const tourId = String(machine.tour_id);
    const tour = (await suite.truth.get('tour', BigInt(tourId))).definition;
    const tourLink = firstRow.locator(`a.link[data-link="tour_id:${tourId}"]`);
    await tourLink.hover();
    await firstRow.locator(`a.link[title^="tour · ${tour.name as string} · ${tourId}"]`).waitFor({ timeout: 30_000 });
    await tourLink.click();
    await page.getByRole('tab', { name: new RegExp(`${tourId}\\.json`) }).waitFor({ timeout: 30_000 });

    // By keyboard: on a row, ArrowRight reaches its first link (owner, a user), Enter opens it.
    await firstRow.focus();
    await page.keyboard.press('ArrowRight');
    await firstRow.locator(`a.link:focus[data-link="owner:${String(machine.owner)}"]`).waitFor();
    await page.keyboard.press('Enter');
    await page.getByRole('tab', { name: new RegExp(`${String(machine.owner)}\\.json`) }).waitFor({ timeout: 30_000 });
  });

  it("in the report view, an id group's value is a link: hovering says what it is, a click opens it", async () => {
    const { page } = suite.workbench;
    const paid = (await suite.truth.getMany('sale_status', [141024786821154052n])).transfer_objects[0]!;
    const view = await newReport(page, 'sale'); // the example groups sales by sale_status_id
    const link = view.locator(`a.link[data-link="sale_status_id:${paid.id}"]`, {
      hasText: String(paid.definition.name),
    });
    await link.first().hover({ timeout: 60_000 });
    // The tooltip says what the extension's lookup found: type, name, id, then its other attributes.
    const described = view.locator(`a.link[title^="sale_status · ${String(paid.definition.name)} · ${paid.id}"]`);
    await described.first().waitFor({ timeout: 30_000 });
    const title = (await described.first().getAttribute('title'))!;
    const isPaid = `is_paid: ${String(paid.definition.is_paid)}`;
    assert.ok(title.split('\n').includes(isPaid), `"${isPaid}" not in the tooltip "${title}"`);
    await suite.workbench.screenshot('report-link-hover');
    await link.first().click();
    await page.getByRole('tab', { name: new RegExp(`${paid.id}\\.json`) }).waitFor({ timeout: 30_000 });
  });
});
