// The first thing a user does, in a real browser: open the Vensoft view, log in through the
// welcome button and the QuickInput (mistyping the password once), and browse to machines.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { VensoftClient } from '../../src/api';
import { objectLabel } from '../../src/core/labels';
import type { JsonValue } from '../../src/core/json';
import { openWorkbench, type Workbench } from './workbench';

describe('UI: log in and browse the explorer', function () {
  this.timeout(240_000);
  let workbench: Workbench;

  before(async () => {
    workbench = await openWorkbench();
  });

  after(async () => {
    await workbench?.close();
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && workbench) await workbench.screenshot(`failed-${this.currentTest.title.replace(/\W+/g, '-')}`);
  });

  it('logs in through the welcome button and shows a type\'s objects', async () => {
    const { page } = workbench;
    await page.locator('.activitybar [aria-label^="Vensoft"]').first().click();
    const logIn = page.getByRole('button', { name: 'Log In', exact: true });
    await logIn.waitFor({ timeout: 30_000 });
    await logIn.click();

    const quickInput = page.locator('.quick-input-widget');
    const box = quickInput.locator('input.input');
    await quickInput.getByText('Local emulator').first().waitFor();
    await box.press('Enter'); // the built-in connection is first
    await quickInput.getByText(/Log In to Local emulator \(2\/3\)/).waitFor();
    assert.equal(await box.inputValue(), 'demo@vensoft.test');
    await box.press('Enter');
    await quickInput.getByText(/\(3\/3\)/).waitFor();
    assert.equal(await box.getAttribute('type'), 'password', 'the password box is not masked');

    // A mistyped password: the box asks again, saying why, with nothing else lost.
    await box.fill('wrong');
    await box.press('Enter');
    await quickInput.getByText(/Wrong username or password for demo@vensoft.test/).waitFor();
    assert.equal(await box.inputValue(), '', 'the wrong password is still in the box');
    await box.fill('demo');
    await box.press('Enter');

    await page.locator('.statusbar').getByText('demo@vensoft.test @ Local emulator').waitFor();
    const tree = page.locator('.pane-body').filter({ has: page.getByRole('treeitem', { name: /Local emulator/ }) });
    await tree.getByRole('treeitem', { name: /^Object Types/ }).click();
    await tree.getByRole('treeitem', { name: /^machine,/ }).click();

    const truth = new VensoftClient({ baseUrl: workbench.emulatorUrl });
    await truth.login('demo@vensoft.test', 'demo');
    const expected = await truth.list('machine', { count: { count: 200, offset: 0 } });
    await truth.logout();
    await truth.close();
    const first = expected.transfer_objects[0]!;
    const firstLabel = objectLabel(first.definition as Record<string, JsonValue>, first.id.toString());
    await tree.getByRole('treeitem', { name: new RegExp(`^${escapeRegExp(firstLabel)}(,| |$)`) }).first().waitFor();
    assert.ok(await tree.getByText(first.id.toString()).first().isVisible(), 'the id is not shown beside the label');
    const total = expected.filtered_record_count!.toLocaleString('en-US');
    // Rows are virtualised: page down through the machines to their "Load more" row.
    const firstRow = tree.getByRole('treeitem', { name: new RegExp(`^${escapeRegExp(firstLabel)}(,| |$)`) }).first();
    await firstRow.click();
    const loadMore = tree.getByRole('treeitem', { name: new RegExp(`^${escapeRegExp(`Load more (200 of ${total})`)}`) });
    for (let presses = 0; presses < 30 && !(await loadMore.isVisible()); presses++) await page.keyboard.press('PageDown');
    await loadMore.waitFor({ timeout: 5_000 });
    await loadMore.scrollIntoViewIfNeeded();
    const shot = await workbench.screenshot('explorer-machines');
    assert.ok(fs.statSync(shot).size > 10_000, 'the screenshot is empty');
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
