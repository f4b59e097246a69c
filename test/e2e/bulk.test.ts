// Bulk Delete… with its preview and summary in a real browser, as a person does it: select two
// machines, Delete…, read the preview, Run, read the summary, Revert all; the server has them back,
// and the Changes view lists both entries.
import assert from 'node:assert/strict';
import { objectLabel } from '../../src/core/labels';
import type { JsonValue } from '../../src/core/json';
import {
  explorerTree as treeOf,
  logInAsDemo,
  openWorkbench,
  treeRow as row,
  withGroundTruth,
  type Workbench,
} from './workbench';

const PAGE = 5;

describe('UI: bulk preview, summary and Revert all', function () {
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

  it('previews a Delete… of two machines, runs it, summarises it, and Revert all brings them back', async () => {
    const { page } = workbench;
    const machines = await withGroundTruth(workbench.emulatorUrl, async (truth) =>
      (await truth.list('machine', { count: { count: 2, offset: 0 } })).transfer_objects.map((o) => ({
        id: o.id,
        label: objectLabel(o.definition as Record<string, JsonValue>, o.id.toString()),
      })),
    );
    const exists = () =>
      withGroundTruth(
        workbench.emulatorUrl,
        async (truth) =>
          (
            await truth.getMany(
              'machine',
              machines.map((m) => m.id),
            )
          ).transfer_objects.length,
      );
    await logInAsDemo(page);
    const tree = treeOf(page);
    await row(tree, 'Object Types').click();
    await row(tree, 'machine').click();
    await row(tree, machines[0]!.label).click();
    await row(tree, machines[1]!.label).click({ modifiers: ['Control'] });
    await row(tree, machines[1]!.label).click({ button: 'right' });
    await page
      .locator('.context-view .monaco-menu')
      .getByRole('menuitem', { name: /^Delete…/ })
      .click();

    // The preview: its document beside, and the question with the counts.
    const toasts = page.locator('.notifications-toasts');
    await page.getByRole('tab', { name: /Preview: Delete 2 machine objects/ }).waitFor();
    const question = toasts.locator('.notification-toast').filter({ hasText: /2 objects to write, 0 skipped/ });
    await question.waitFor();
    const editor = page.locator('.editor-instance .monaco-editor').filter({ hasText: 'Preview: Delete 2 machine' });
    for (const m of machines) await editor.getByText(m.id.toString()).first().waitFor();
    await editor
      .getByText(/machine.is.recoverable/)
      .first()
      .waitFor();
    assert.equal(await exists(), 2, 'the preview deleted something');
    await workbench.screenshot('bulk-preview');
    await question.getByRole('button', { name: 'Run' }).click();

    // The summary: its document, and the message with Revert all.
    const summary = toasts
      .locator('.notification-toast')
      .filter({ hasText: /Delete 2 machine objects: 2 succeeded, 0 failed, 0 skipped/ });
    await summary.waitFor();
    await page.getByRole('tab', { name: /Summary: Delete 2 machine objects/ }).waitFor();
    assert.equal(await exists(), 0, 'the machines were not deleted');
    await workbench.screenshot('bulk-summary');
    await summary.getByRole('button', { name: 'Revert all' }).click();
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.getByText(/Revert "Delete 2 machine objects"\?/).waitFor();
    await dialog.getByRole('button', { name: 'Revert', exact: true }).click();
    await toasts.getByText(/Reverted: 2 succeeded, 0 failed, 0 skipped/).waitFor();
    assert.equal(await exists(), 2, 'Revert all did not bring the machines back');

    // The Changes view: the revert above the delete, newest first.
    const header = page.locator('.pane-header').filter({ hasText: /^Changes/ });
    if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
    const changes = page.locator('.pane-body').filter({ has: page.getByRole('treeitem', { name: /^Revert: / }) });
    const entries = changes.getByRole('treeitem');
    await entries.first().waitFor();
    const names = await entries.evaluateAll((items) => items.map((i) => i.getAttribute('aria-label') ?? ''));
    assert.match(names[0]!, /^Revert: Delete 2 machine objects/);
    assert.match(names[1]!, /^Delete 2 machine objects/);
    await workbench.screenshot('bulk-changes-view');
  });
});
