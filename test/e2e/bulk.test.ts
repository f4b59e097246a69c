// Bulk Delete… with its preview and summary in a real browser, as a person does it: select two
// machines, Delete…, read the preview page (each machine, and that it can be undeleted), Run from
// it; one machine was deleted meanwhile by someone else and fails; once it is back, Retry failed in
// the summary deletes it; Revert all in each summary brings the machines back, and the Changes view
// lists every entry.
import assert from 'node:assert/strict';
import { objectLabel } from '../../src/core/labels';
import type { JsonValue } from '../../src/core/json';
import {
  chooseFromMenu,
  demoWorkbench,
  explorerTree as treeOf,
  runCommand,
  treeRow as row,
  webviewContent,
} from './workbench';

// A short page keeps the machines' rows on screen (the tree draws only what is visible).
const PAGE = 5;

describe('UI: bulk preview, summary, Retry failed and Revert all', function () {
  this.timeout(240_000);
  const suite = demoWorkbench({ settings: { 'vensoft.pageSize': PAGE } });

  it('previews a Delete… of two machines, runs it from the page, retries the one that failed, and reverts both', async () => {
    const { page } = suite.workbench;
    const { truth } = suite;
    const machines = (await truth.list('machine', { count: { count: 2, offset: 0 } })).transfer_objects.map((o) => ({
      id: o.id,
      label: objectLabel(o.definition as Record<string, JsonValue>, o.id.toString()),
    }));
    const exists = async () =>
      (
        await truth.getMany(
          'machine',
          machines.map((m) => m.id),
        )
      ).transfer_objects.length;
    const tree = treeOf(page);
    await row(tree, 'Object Types').click();
    await row(tree, 'machine').click();
    await row(tree, machines[0]!.label).click();
    await row(tree, machines[1]!.label).click({ modifiers: ['Control'] });
    // The preview: a page beside with each machine, what happens to it, and Run in the page and the title bar.
    const preview = page.getByRole('tab', { name: /Preview: Delete 2 machine objects/ });
    await chooseFromMenu(page, row(tree, machines[1]!.label), 'Delete…', preview);
    const content = webviewContent(page);
    await content.getByText('2 objects: 2 to write, 0 skipped. Nothing is sent until you choose Run.').waitFor();
    for (const m of machines) {
      const line = content.getByRole('row', { name: new RegExp(`${m.label} \\(machine ${m.id}\\)`) });
      await line.getByText('Will be deleted; it can be undeleted (Revert all, or Undelete).').waitFor();
    }
    await page.getByRole('button', { name: 'Run the Bulk Operation' }).waitFor();
    assert.equal(await exists(), 2, 'the preview deleted something');
    await suite.workbench.screenshot('bulk-preview');
    // Someone else deletes the second machine before Run: its delete fails on the server.
    await truth.delete('machine', machines[1]!.id);
    await content.getByRole('button', { name: 'Run', exact: true }).click();

    // The summary, in the same tab: the failed machine with the reason, Retry failed and Revert all.
    await page.getByRole('tab', { name: /Summary: Delete 2 machine objects/ }).waitFor();
    await content.getByText('1 succeeded, 1 failed, 0 skipped.').waitFor();
    await content
      .getByRole('row', { name: new RegExp(`machine ${machines[1]!.id}`) })
      .getByText(/Not done: it is missing/)
      .waitFor();
    assert.equal(await exists(), 0);
    await suite.workbench.screenshot('bulk-summary');

    // The machine is back: Retry failed deletes it, and only it.
    await truth.undelete('machine', machines[1]!.id);
    assert.equal(await exists(), 1);
    await content.getByRole('button', { name: 'Retry failed' }).click();
    await page.getByRole('tab', { name: /Summary: Retry failed: Delete 1 machine object\b/ }).waitFor();
    await content.getByText('1 succeeded, 0 failed, 0 skipped.').waitFor();
    await content.getByRole('row', { name: new RegExp(`machine ${machines[1]!.id}`) }).waitFor();
    assert.equal(await exists(), 0, 'Retry failed did not delete the machine');

    // Revert all in the retry's summary brings back its machine; in the first summary, the other one.
    const dialog = page.locator('.monaco-dialog-box');
    const toasts = page.locator('.notifications-toasts');
    await content.getByRole('button', { name: 'Revert all' }).click();
    await dialog.getByText(/Revert "Retry failed: Delete 1 machine object"\?/).waitFor();
    await dialog.getByRole('button', { name: 'Revert', exact: true }).click();
    await toasts.getByText(/Reverted: 1 succeeded, 0 failed, 0 skipped/).waitFor();
    assert.equal(await exists(), 1, 'Revert all of the retry did not bring its machine back');
    await runCommand(page, 'Notifications: Clear All Notifications');
    await page.getByRole('tab', { name: /Summary: Delete 2 machine objects/ }).click();
    await content.getByText('Retried: see the summary of the retry.').waitFor();
    await content.getByRole('button', { name: 'Revert all' }).click();
    await dialog.getByText(/Revert "Delete 2 machine objects"\?/).waitFor();
    await dialog.getByRole('button', { name: 'Revert', exact: true }).click();
    await toasts.getByText(/Reverted: 1 succeeded, 0 failed, 0 skipped/).waitFor();
    assert.equal(await exists(), 2, 'Revert all did not bring the machines back');

    // The Changes view, newest first.
    const header = page.locator('.pane-header').filter({ hasText: /^Changes/ });
    if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
    const changes = page.locator('.pane-body').filter({ has: page.getByRole('treeitem', { name: /^Revert: / }) });
    const entries = changes.getByRole('treeitem');
    await entries.first().waitFor();
    const names = await entries.evaluateAll((items) => items.map((i) => i.getAttribute('aria-label') ?? ''));
    assert.match(names[0]!, /^Revert: Delete 2 machine objects/);
    assert.match(names[1]!, /^Revert: Retry failed: Delete 1 machine object\b/);
    assert.match(names[2]!, /^Retry failed: Delete 1 machine object\b/);
    assert.match(names[3]!, /^Delete 2 machine objects/);
    await suite.workbench.screenshot('bulk-changes-view');
  });
});
