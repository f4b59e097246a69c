// The explorer's right-click menus in a real browser: they work on objects under Containers (also after a
// Refresh), a click or Open there keeps the user's place, the title-bar Refresh shows a server's rename,
// and each user is offered only what they may do.
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import { objectLabel } from '../../src/core/labels';
import type { JsonValue } from '../../src/core/json';
import {
  answerLogIn,
  escapeRegExp,
  expandRows,
  explorerTree,
  logInAsDemo,
  openWorkbench,
  chooseFromMenu,
  runCommand,
  treeRow,
  withGroundTruth,
  type Workbench,
} from './workbench';

// A short page keeps every row of the expanded path on screen (the tree draws only what is visible).
const PAGE = 5;

describe('UI: explorer menus', function () {
  this.timeout(240_000);
  let workbench: Workbench;

  before(async () => {
    workbench = await openWorkbench({ settings: { 'vensoft.pageSize': PAGE } });
  });

  after(async () => {
    await workbench?.close();
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && workbench)
      await workbench.screenshot(`failed-${this.currentTest.title.replace(/\W+/g, '-')}`);
  });

  const menuItems = async (page: Page, target: Locator) => {
    await target.click({ button: 'right' });
    const menu = page.locator('.context-view .monaco-menu');
    await menu.getByRole('menuitem').first().waitFor();
    const names = (await menu.getByRole('menuitem').allInnerTexts()).map((t) => t.split('\n')[0]!.trim());
    await page.keyboard.press('Escape');
    return names;
  };

  it('runs the menu commands on an object under Containers, also after a Refresh, and a click keeps the place', async () => {
    const { page } = workbench;
    await logInAsDemo(page);
    const sim = (await firstObjectsIn(workbench.emulatorUrl, 'Bremen Hospital', 'sim', 1))[0]!;
    const tree = explorerTree(page);
    await expandRows(tree, ['Containers', 'Vensoft Demo GmbH', 'Region North', 'Bremen', 'Bremen Hospital', 'sim']);
    const simRow = treeRow(tree, sim.label);

    // A click opens it and leaves the tree where the user is (no jump to Object Types › sim).
    await simRow.click();
    await page.getByRole('tab', { name: new RegExp(`${sim.id}\\.json`) }).waitFor();
    const dialog = page.locator('.monaco-dialog-box');
    await chooseFromMenu(
      page,
      simRow,
      'Delete…',
      dialog.getByText(new RegExp(`Delete sim "${escapeRegExp(sim.label)}" \\(${sim.id}\\)\\?`)),
    );
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    assert.equal(
      await treeRow(tree, 'Object Types').getAttribute('aria-expanded'),
      'false',
      'the tree jumped to Object Types',
    );
    assert.equal(await simRow.getAttribute('aria-selected'), 'true', 'the clicked row is no longer selected');

    // Someone changes the sim's label on the server; after a Refresh the row shows it and answers its menus.
    const renamed = `49151${Date.now() % 100_000_000}`;
    await updateOnServer(workbench.emulatorUrl, 'sim', sim.id, { msisdn: renamed });
    await runCommand(page, 'Vensoft: Refresh');
    const renamedRow = treeRow(tree, renamed);
    await renamedRow.waitFor();
    await chooseFromMenu(
      page,
      renamedRow,
      'Show Access',
      page.locator('.quick-input-widget').getByText(`Access to sim "${renamed}"`),
    );
    await page.keyboard.press('Escape');
    await chooseFromMenu(page, renamedRow, 'Delete…', dialog.getByText(new RegExp(`Delete sim "${renamed}"`)));
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await workbench.screenshot('containers-menu');

    // Undelete Object… offers the recoverable types to pick, not a free-text box, then asks for the id.
    await runCommand(page, 'Vensoft: Undelete Object…');
    const picker = page.locator('.quick-input-widget');
    await picker.getByText('Undelete (1/2)').waitFor();
    await picker.getByRole('option', { name: 'sim', exact: true }).waitFor();
    const types = await picker.getByRole('option').evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label')));
    assert.ok(types.includes('machine') && !types.includes('machine_product'), `offered: ${types.join(', ')}`);
    // Then the id, checked as Open Object by ID checks it (one helper asks both).
    const box = picker.locator('input.input');
    await box.fill('sim');
    await picker.getByRole('option', { name: 'sim', exact: true }).waitFor();
    await box.press('Enter');
    await picker.getByText('Undelete sim (2/2)').waitFor();
    await box.fill('12x');
    await picker.getByText('An id is a whole number from 0 to 18446744073709551615.').waitFor();
    await page.keyboard.press('Escape');
  });

  it('keeps the place when an object under Containers is opened by right-click → Open, and when its tab is chosen again', async () => {
    const { page } = workbench;
    const tree = explorerTree(page);
    // Bremen Hospital's machines are among the first page under Object Types › machine: a reveal there would find them.
    const machines = await firstObjectsIn(workbench.emulatorUrl, 'Bremen Hospital', 'machine', 2);
    const firstPage = await withGroundTruth(workbench.emulatorUrl, (truth) =>
      truth.list('machine', { count: { count: PAGE, offset: 0 } }),
    );
    assert.ok(
      firstPage.transfer_objects.some((o) => o.id.toString() === machines[0]!.id),
      'the machine is not on the first page of its type',
    );
    await expandRows(tree, ['Containers', 'Vensoft Demo GmbH', 'Region North', 'Bremen', 'Bremen Hospital', 'machine']);
    const tab = (id: string) => page.getByRole('tab', { name: new RegExp(`${id}\\.json`) });
    for (const machine of machines) {
      await chooseFromMenu(page, treeRow(tree, machine.label), 'Open', tab(machine.id));
      await tab(machine.id).dblclick(); // kept open: the next preview does not replace it
    }
    // A tab chosen again later: a document a row opened does not move the tree then either.
    await tab(machines[0]!.id).click();
    // The second open and the tabs' clicks waited for the reveals, had there been any.
    await tab(machines[1]!.id).click();
    await tab(machines[0]!.id).click();
    assert.equal(
      await treeRow(tree, 'Object Types').getAttribute('aria-expanded'),
      'false',
      'the tree jumped to Object Types',
    );
    assert.ok(await treeRow(tree, machines[0]!.label).isVisible(), 'the row opened is out of view');
    await workbench.screenshot('containers-open-keeps-place');
  });

  it("shows a renamed row after the view's title-bar Refresh, with two rows selected", async () => {
    const { page } = workbench;
    const tree = explorerTree(page);
    const [first, second] = await firstObjectsIn(workbench.emulatorUrl, 'Bremen Hospital', 'machine', 2);
    await expandRows(tree, ['Containers', 'Vensoft Demo GmbH', 'Region North', 'Bremen', 'Bremen Hospital', 'machine']);
    await treeRow(tree, first!.label).click();
    await treeRow(tree, second!.label).click({ modifiers: ['Control'] });
    assert.equal(await tree.locator('[aria-selected="true"]').count(), 2, 'two rows are not selected');
    const renamed = `Bremen Hospital renamed ${Date.now() % 100_000}`;
    await updateOnServer(workbench.emulatorUrl, 'machine', first!.id, { name: renamed });
    // VS Code gives a title-bar command the focused row: this Refresh once refreshed only that row, unchanged.
    await page.locator('.part.sidebar').getByRole('button', { name: 'Refresh', exact: true }).first().click();
    await treeRow(tree, renamed).waitFor();
  });

  it('offers a reader no New Object…, Move… or Delete…, and the administrator all of them', async () => {
    const { page } = workbench;
    const tree = explorerTree(page);
    const machineRow = tree
      .getByRole('treeitem')
      .filter({ has: page.getByText(/^Munich Hospital #\d+$/) })
      .first();
    await treeRow(tree, 'Region North').click(); // collapsed, so that the rows below stay on screen
    await expandRows(tree, ['Containers', 'Vensoft Demo GmbH', 'Region South', 'Munich', 'Munich Hospital', 'machine']);
    const adminMenu = await menuItems(page, machineRow);
    for (const name of ['Open', 'Move…', 'Delete…', 'Show Access', 'Copy as curl'])
      assert.ok(adminMenu.includes(name), `demo is not offered ${name}: ${adminMenu.join(', ')}`);
    assert.ok((await menuItems(page, treeRow(tree, 'machine'))).includes('New Object…'));

    await runCommand(page, 'Vensoft: Log Out');
    await page
      .locator('.notifications-toasts')
      .getByText(/Logged out of Local emulator \(demo@vensoft.test\)/)
      .waitFor();
    await runCommand(page, 'Vensoft: Log In…');
    const quickInput = page.locator('.quick-input-widget');
    const box = quickInput.locator('input.input');
    await quickInput.getByText('Local emulator').first().waitFor();
    await box.press('Enter');
    await answerLogIn(page, { quickInput, box }, 'reader@vensoft.test', 'reader');
    // The reader sees Region South from its region down (its parents are not readable).
    await expandRows(tree, ['Containers', 'Region South', 'Munich', 'Munich Hospital', 'machine']);
    const readerMenu = await menuItems(page, machineRow);
    for (const name of ['Open', 'Show Access', 'Copy as curl'])
      assert.ok(readerMenu.includes(name), `the reader is not offered ${name}`);
    for (const name of ['Move…', 'Delete…', 'Update Selected…'])
      assert.ok(!readerMenu.includes(name), `the reader is offered ${name}: ${readerMenu.join(', ')}`);
    // The type under Object Types: New Filter… and New Report…, but no New Object….
    await treeRow(tree, 'Containers').click();
    await expandRows(tree, ['Object Types']);
    const typeMenu = await menuItems(page, treeRow(tree, 'machine'));
    assert.ok(
      typeMenu.includes('New Filter…') && !typeMenu.includes('New Object…'),
      `the reader's type menu: ${typeMenu.join(', ')}`,
    );
    await workbench.screenshot('reader-menu');
  });
});

/** The first objects of a type in a container (by id, as the tree lists them), with their labels, straight from the emulator. */
async function firstObjectsIn(
  url: string,
  containerName: string,
  type: string,
  count: number,
): Promise<Array<{ id: string; label: string }>> {
  return withGroundTruth(url, async (truth) => {
    const containers = await truth.list('container', {
      constraints: { join: 'AND', conditions: [{ attribute: 'name', type: 1, value: containerName }] },
    });
    const parent = containers.transfer_objects[0]!.id.toString();
    const found = await truth.list(type, {
      count: { count, offset: 0 },
      constraints: { join: 'AND', conditions: [{ attribute: 'parent_id', type: 1, value: parent }] },
    });
    assert.equal(found.transfer_objects.length, count, `${containerName} holds fewer than ${count} ${type} objects`);
    return found.transfer_objects.map((o) => ({
      id: o.id.toString(),
      label: objectLabel(o.definition as Record<string, JsonValue>, o.id.toString()),
    }));
  });
}

async function updateOnServer(
  url: string,
  type: string,
  id: string,
  definition: Record<string, JsonValue>,
): Promise<void> {
  await withGroundTruth(url, (truth) => truth.update(type, BigInt(id), definition));
}
