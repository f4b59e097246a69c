// The request history in a real browser: the History view lists what the extension sent; Re-run… on
// an entry sends it again, and Compare Response with… opens the two answers in VS Code's diff editor,
// titled with both entries. With VENSOFT_README_IMAGES=1 the diff's screenshot also goes to
// media/readme/history-diff.png (docs/extension.md shows it).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { root } from '../../scripts/vscode.mjs';
import { answerOpenObjectById, demoWorkbench, escapeRegExp, runCommand } from './workbench';

const DOC_MACHINE_ID = '125752076205557483';

describe('UI: request history', function () {
  this.timeout(300_000);
  const suite = demoWorkbench();

  /** The History view, expanded (it starts collapsed under the explorer, which is collapsed to give it room). */
  async function historyView(page: Page): Promise<Locator> {
    const explorer = page.locator('.sidebar .pane-header').filter({ hasText: /^Explorer/ });
    if ((await explorer.getAttribute('aria-expanded')) === 'true') await explorer.click();
    const header = page.locator('.sidebar .pane-header').filter({ hasText: /^History/ });
    if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
    return page.locator('.pane-body').filter({ has: page.getByRole('treeitem', { name: /^auth\/login/ }) });
  }

  /**
   * Right-clicks an entry and chooses a command of its context menu, until `shown` appears. An entry
   * recorded meanwhile redraws the view under the open menu, and the click on its item can be lost
   * (seen on a clean clone: the menu stayed open); it is then closed and opened again.
   */
  async function onEntry(page: Page, entry: Locator, command: string, shown: Locator): Promise<void> {
    const menu = page.locator('.context-view .monaco-menu');
    for (let attempt = 1; ; attempt++) {
      await entry.click({ button: 'right' });
      // Hovered (which focuses it), then Enter: a click on the item was seen not to reach it.
      await menu.getByRole('menuitem', { name: new RegExp(`^${escapeRegExp(command)}`) }).hover();
      await page.keyboard.press('Enter');
      const appeared = await shown.waitFor({ timeout: 15_000 }).then(
        () => true,
        () => false,
      );
      if (appeared) return;
      if (attempt === 3) throw new Error(`"${command}" did not show what it should`);
      await page.keyboard.press('Escape');
    }
  }

  it('re-runs a get from the History view and compares the two answers in the diff editor', async () => {
    const { page } = suite.workbench;
    const id = BigInt(DOC_MACHINE_ID);
    const name = (await suite.truth.get('machine', id)).definition.name as string;
    await runCommand(page, 'Vensoft: Open Object by ID…');
    await answerOpenObjectById(page, 'machine', DOC_MACHINE_ID);
    await page.getByRole('tab', { name: new RegExp(`${DOC_MACHINE_ID}\\.json`) }).waitFor();
    // Someone else renames the machine: the re-run's answer differs from the first.
    await suite.truth.update('machine', id, { name: `${name} (renamed)` });
    try {
      const history = await historyView(page);
      const gets = history.getByRole('treeitem', { name: /^get\/machine/ });
      await gets.first().waitFor({ timeout: 30_000 });
      const quickInput = page.locator('.quick-input-widget');
      await onEntry(page, gets.first(), 'Re-run…', quickInput.getByText('Re-run on which connection?'));
      await quickInput.locator('input.input').press('Enter');
      const rerun = page.getByRole('tab', { name: new RegExp(`get machine ${DOC_MACHINE_ID} – response\\.json`) });
      await rerun.waitFor();
      const time = /^(\d\d:\d\d:\d\d) /.exec((await rerun.getAttribute('aria-label')) ?? '')?.[1];
      assert.ok(time, 'the tab starts with the time the call was sent');

      // Compare Response with… on the re-run; the first choice is the get before it (same method, newest first).
      const rerunEntry = history.getByRole('treeitem').filter({ hasText: new RegExp(`get/machine\\s*${time}`) });
      await onEntry(page, rerunEntry, 'Compare Response with…', quickInput.getByText('Compare get/machine with…'));
      await quickInput.locator('input.input').press('Enter');
      const diff = page.getByRole('tab', { name: new RegExp(`^get machine ${DOC_MACHINE_ID}: Local emulator .* ↔ `) });
      await diff.waitFor({ timeout: 30_000 });
      await page.locator('.editor-instance .view-lines').getByText('(renamed)').first().waitFor();
      await page.mouse.move(700, 500); // no tooltip of the view in the picture
      const file = await suite.workbench.screenshot('history-diff');
      if (process.env.VENSOFT_README_IMAGES)
        fs.copyFileSync(file, path.join(root, 'media', 'readme', 'history-diff.png'));
    } finally {
      await suite.truth.update('machine', id, { name });
    }
  });
});
