// The first thing a user does, in a real browser: open the Vensoft view, log in through the
// welcome button and the QuickInput (mistyping the password once), and browse to machines.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { objectLabel } from '../../src/core/labels';
import { pageSummary } from '../../src/queries/results/webview/pageSummary';
import { toSnakeCase } from '../../src/core/attributeNames';
import type { JsonValue } from '../../src/core/json';
import {
  answerOpenObjectById,
  clickCodeLens,
  escapeRegExp,
  newFilter,
  openWorkbench,
  runCommand,
  startLogIn,
  withGroundTruth,
  type Workbench,
} from './workbench';

const DOC_MACHINE_ID = '125752076205557483';

// Idle sessions end after this long on the emulator here, so that the last test can meet one.
const SESSION_TTL_SECONDS = 30;
// A page that fits the window, so "Load more" is on screen without scrolling the virtualised list.
const PAGE = 20;

describe('UI: log in and browse the explorer', function () {
  this.timeout(240_000);
  let workbench: Workbench;

  before(async () => {
    workbench = await openWorkbench({ sessionTtlSeconds: SESSION_TTL_SECONDS, settings: { 'vensoft.pageSize': PAGE } });
  });

  after(async () => {
    await workbench?.close();
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && workbench)
      await workbench.screenshot(`failed-${this.currentTest.title.replace(/\W+/g, '-')}`);
  });

  it("logs in through the welcome button and shows a type's objects", async () => {
    const { page } = workbench;
    const { quickInput, box } = await startLogIn(page); // the built-in connection is first
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
    await tree.getByRole('treeitem', { name: /^machine(,| |$)/ }).click();

    const expected = await withGroundTruth(workbench.emulatorUrl, (truth) =>
      truth.list('machine', { count: { count: PAGE, offset: 0 } }),
    );
    const first = expected.transfer_objects[0]!;
    const firstLabel = objectLabel(first.definition as Record<string, JsonValue>, first.id.toString());
    await tree
      .getByRole('treeitem', { name: new RegExp(`^${escapeRegExp(firstLabel)}(,| |$)`) })
      .first()
      .waitFor();
    assert.ok(await tree.getByText(first.id.toString()).first().isVisible(), 'the id is not shown beside the label');
    const total = expected.filtered_record_count!.toLocaleString('en-US');
    const loadMore = tree.getByRole('treeitem', {
      name: new RegExp(`^${escapeRegExp(`Load more (${PAGE} of ${total})`)}`),
    });
    await loadMore.waitFor({ timeout: 5_000 });
    await loadMore.click();
    // The next page follows the first: its first object gets a row.
    const next = (await nextPage(workbench.emulatorUrl, PAGE))!;
    await tree
      .getByRole('treeitem', {
        name: new RegExp(
          `^${escapeRegExp(objectLabel(next.definition as Record<string, JsonValue>, next.id.toString()))}(,| |$)`,
        ),
      })
      .first()
      .waitFor({ state: 'attached' });
    const shot = await workbench.screenshot('explorer-machines');
    assert.ok(fs.statSync(shot).size > 10_000, 'the screenshot is empty');
  });

  /** "Open Object by ID…" for the documentation's machine, as a person does it. */
  const openMachineById = async () => {
    const { page } = workbench;
    await runCommand(page, 'Vensoft: Open Object by ID…');
    await answerOpenObjectById(page, 'machine', DOC_MACHINE_ID);
    await page.locator('.editor-instance .monaco-editor').first().getByText('"name"').first().waitFor();
    await page.getByRole('tab', { name: new RegExp(`${DOC_MACHINE_ID}\\.json`) }).waitFor();
  };

  /** Finds `key` in the active editor and types `text` at the end of its line, `back` characters before it. */
  const typeAtEndOfValue = async (key: string, text: string, back: number) => {
    const { page } = workbench;
    await page.keyboard.press('Control+F');
    await page.keyboard.type(key);
    await page.keyboard.press('Escape');
    await page.keyboard.press('End');
    for (let i = 0; i < back; i++) await page.keyboard.press('ArrowLeft');
    await page.keyboard.type(text);
  };
  /** Types `text` at the end of the name's value, inside its quotes, as a person would. */
  const appendToName = (text: string, definition: Record<string, unknown>) =>
    typeAtEndOfValue('"name": "', text, Object.keys(definition).at(-1) === 'name' ? 1 : 2);

  it('opens an object by id, edits an attribute as text, saves with Ctrl+S, and the server has it', async () => {
    const { page } = workbench;
    await withGroundTruth(workbench.emulatorUrl, async (truth) => {
      const before = (await truth.get('machine', BigInt(DOC_MACHINE_ID))).definition;
      await openMachineById();
      await appendToName(' (edited in VS Code)', before);
      await page.keyboard.press('Control+S');
      await page
        .getByRole('tab', { name: new RegExp(`${DOC_MACHINE_ID}\\.json`) })
        .and(page.locator(':not(.dirty)'))
        .waitFor();
      let after = before;
      for (let tries = 0; tries < 50 && after.name === before.name; tries++) {
        await page.waitForTimeout(100);
        after = (await truth.get('machine', BigInt(DOC_MACHINE_ID))).definition;
      }
      assert.equal(after.name, `${String(before.name)} (edited in VS Code)`);
      assert.deepEqual({ ...after, name: before.name }, before, 'other attributes changed');
      await workbench.screenshot('object-saved');
    });
  });

  /** In the open machine document, appends a digit to lat, saves, and returns the conflict dialog. */
  const editLatAndMeetConflict = async (digit: string) => {
    const { page } = workbench;
    await page.locator('.editor-instance .monaco-editor').first().click();
    await typeAtEndOfValue('"lat": ', digit, 1); // before the comma
    await page.keyboard.press('Control+S');
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.getByText(/was changed on the server since you opened it/).waitFor();
    return dialog;
  };

  /** Our refusal is shown, VS Code's own "Failed to save" toast (which offers Revert) is not, and the tab stays modified. */
  const expectRefusal = async (message: RegExp) => {
    const { page } = workbench;
    const toasts = page.locator('.notifications-toasts');
    await toasts.getByText(message).waitFor();
    assert.equal(await toasts.getByText(/Failed to save/).count(), 0, 'VS Code reported a failed save');
    assert.equal(await toasts.getByRole('button', { name: 'Revert' }).count(), 0, 'a Revert button is offered');
    await page
      .getByRole('tab', { name: new RegExp(`${DOC_MACHINE_ID}\\.json`) })
      .and(page.locator('.dirty'))
      .first()
      .waitFor();
  };

  it("asks before overwriting someone else's change, and Overwrite saves only the user's attribute", async () => {
    const { page } = workbench;
    await withGroundTruth(workbench.emulatorUrl, async (truth) => {
      // The document of the previous test is open on the same machine: someone else changes it now.
      await truth.update('machine', BigInt(DOC_MACHINE_ID), { serial_number: 'SN-THEIRS' });
      const dialog = await editLatAndMeetConflict('9');
      await workbench.screenshot('conflict-dialog');
      await dialog.getByRole('button', { name: 'Overwrite' }).click();
      let after = (await truth.get('machine', BigInt(DOC_MACHINE_ID))).definition;
      for (let tries = 0; tries < 50 && !String(after.lat).endsWith('9'); tries++) {
        await page.waitForTimeout(100);
        after = (await truth.get('machine', BigInt(DOC_MACHINE_ID))).definition;
      }
      assert.match(String(after.lat), /9$/, "the user's change did not arrive");
      assert.equal(after.serial_number, 'SN-THEIRS', "the other user's change was overwritten");
      // The editor now shows what the server holds (their serial number too), unmodified…
      const tab = page.getByRole('tab', { name: new RegExp(`${DOC_MACHINE_ID}\\.json`) });
      await page.locator('.editor-instance .monaco-editor').first().getByText('SN-THEIRS').first().waitFor();
      await tab.and(page.locator(':not(.dirty)')).first().waitFor();
      // …and the next save sends only what the user changed after that: no stale serial number.
      await appendToName(' (renamed after Overwrite)', after);
      await page.keyboard.press('Control+S');
      for (let tries = 0; tries < 50 && !String(after.name).endsWith('(renamed after Overwrite)'); tries++) {
        await page.waitForTimeout(100);
        after = (await truth.get('machine', BigInt(DOC_MACHINE_ID))).definition;
      }
      assert.match(String(after.name), /\(renamed after Overwrite\)$/);
      assert.equal(after.serial_number, 'SN-THEIRS', 'the later save wrote the stale serial number back');
      await tab.and(page.locator(':not(.dirty)')).first().waitFor();
    });
  });

  it("on a conflict, Compare shows the server's version beside the user's, and Discard and Reload drops the edit", async () => {
    const { page } = workbench;
    await withGroundTruth(workbench.emulatorUrl, async (truth) => {
      const before = (await truth.get('machine', BigInt(DOC_MACHINE_ID))).definition;
      await truth.update('machine', BigInt(DOC_MACHINE_ID), { serial_number: 'SN-THEIRS-AGAIN' });
      const dialog = await editLatAndMeetConflict('7');
      await dialog.getByRole('button', { name: 'Compare' }).click();
      // The diff: the server's version (with their serial number) on the left, the user's on the right.
      await page.getByRole('tab', { name: new RegExp(`machine ${DOC_MACHINE_ID}: server ↔ yours`) }).waitFor();
      await page.locator('.monaco-diff-editor').getByText('SN-THEIRS-AGAIN').first().waitFor();
      // The refusal says so once, in our words; VS Code's "Failed to save" (with Revert) does not come.
      await expectRefusal(/Not saved\. machine \d+: the server's version is shown beside yours/);
      await workbench.screenshot('conflict-compare');
      // Nothing was saved; the edit is still there, in the right-hand (the user's) side.
      assert.equal((await truth.get('machine', BigInt(DOC_MACHINE_ID))).definition.lat, before.lat);
      await page.locator('.monaco-diff-editor .editor.modified').click();
      await page.keyboard.press('Control+S');
      await dialog.getByText(/was changed on the server since you opened it/).waitFor();
      await dialog.getByRole('button', { name: 'Discard and Reload' }).click();
      // The document (the right-hand side) now shows the server's version (their serial number,
      // which the user's text did not have), unmodified, and the server kept its lat.
      await page.locator('.monaco-diff-editor .editor.modified').getByText('SN-THEIRS-AGAIN').first().waitFor();
      const tab = page.getByRole('tab', { name: new RegExp(`${DOC_MACHINE_ID}\\.json`) });
      await tab.and(page.locator(':not(.dirty)')).first().waitFor();
      assert.equal((await truth.get('machine', BigInt(DOC_MACHINE_ID))).definition.lat, before.lat);
      // Closing asks nothing: the document did not turn modified again to show the server's state
      // (it did once, and the "save changes?" dialog blocked every later test).
      await runCommand(page, 'View: Close All Editors');
      await tab.first().waitFor({ state: 'detached' });
      assert.equal(await page.locator('.monaco-dialog-box').count(), 0, 'closing asked something');
      // Toasts left open would take the next test's Escape.
      await runCommand(page, 'Notifications: Clear All Notifications');
    });
  });

  it('refuses to save invalid JSON in its own words, keeping the text, without VS Code\'s "Failed to save"', async () => {
    const { page } = workbench;
    await withGroundTruth(workbench.emulatorUrl, async (truth) => {
      const before = (await truth.get('machine', BigInt(DOC_MACHINE_ID))).definition;
      await openMachineById();
      await typeAtEndOfValue('"lat": ', ',,', 0);
      await page.keyboard.press('Control+S');
      await expectRefusal(/Not saved\. The document is not valid JSON \(line \d+, column \d+/);
      await workbench.screenshot('invalid-json-refused');
      await page.locator('.editor-instance .monaco-editor').first().getByText(',,,').first().waitFor();
      assert.deepEqual((await truth.get('machine', BigInt(DOC_MACHINE_ID))).definition, before);
      await runCommand(page, 'File: Revert File');
      await runCommand(page, 'View: Close All Editors');
      await runCommand(page, 'Notifications: Clear All Notifications');
    });
  });

  it('refuses to save a parent_id edit, offers Move instead, and Move moves the object', async () => {
    const { page } = workbench;
    await withGroundTruth(workbench.emulatorUrl, async (truth) => {
      const from = (await truth.get('machine', BigInt(DOC_MACHINE_ID))).definition.parent_id as bigint;
      try {
        const containers = await truth.list('container', { count: { count: 50, offset: 0 } });
        const to = containers.transfer_objects.map((o) => o.id).find((id) => id !== from)!;
        await openMachineById();
        // Find selects the parent's id (digits only: typing quotes would meet the editor's
        // auto-closing); typing replaces the selection.
        await page.keyboard.press('Control+F');
        await page.keyboard.type(String(from));
        await page.keyboard.press('Escape');
        await page.keyboard.type(String(to));
        await page.keyboard.press('Control+S');
        const offer = page
          .locator('.notifications-toasts')
          .filter({ hasText: `Move machine ${DOC_MACHINE_ID} to ${to}?` });
        await offer.getByRole('button', { name: 'Move' }).click();
        await page
          .locator('.notifications-toasts')
          .getByText(`Moved machine ${DOC_MACHINE_ID}. Save again to send your other changes.`)
          .waitFor();
        assert.equal((await truth.get('machine', BigInt(DOC_MACHINE_ID))).definition.parent_id, to);
        // Now the document says what the server says: nothing left to save.
        await page.keyboard.press('Control+S');
        await page
          .getByRole('tab', { name: new RegExp(`${DOC_MACHINE_ID}\\.json`) })
          .and(page.locator(':not(.dirty)'))
          .first()
          .waitFor();
        await runCommand(page, 'View: Close All Editors');
        // Toasts left open would take the next test's Escape.
        await runCommand(page, 'Notifications: Clear All Notifications');
      } finally {
        await truth.move('machine', BigInt(DOC_MACHINE_ID), from).catch(() => undefined);
      }
    });
  });

  it('completes attribute names in a new filter file', async () => {
    const { page } = workbench;
    await newFilter(page, 'sim');
    // Into the condition's attribute value, emptied, then ask for suggestions.
    await page.keyboard.press('Control+F');
    await page.keyboard.type('"attribute": "');
    await page.keyboard.press('Escape');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Shift+End');
    await page.keyboard.type('",');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Control+Space');
    const suggestions = page.locator('.suggest-widget');
    await suggestions.getByText('imsi', { exact: true }).waitFor();
    await workbench.screenshot('filter-completion');
    await page.keyboard.press('Escape');
  });

  it('runs a filter into the results table: pages, sorts by a header, and opens a row on a double-click', async () => {
    const { page } = workbench;
    // With the completion test's sim filter still open, this one is numbered.
    await newFilter(page, 'sim', /sim(\.2)?\.vensoft-filter\.json/);
    await clickCodeLens(page, 'Run (list sim)', page.getByRole('tab', { name: /^Results: sim/ }));

    const view = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    const summary = view.getByTestId('summary');
    const firstRow = view.locator('tbody tr').first();
    await withGroundTruth(workbench.emulatorUrl, async (truth) => {
      // The example's condition: the type's first attribute other than id and parent_id is not null.
      const sim = (await truth.describe()).find((d) => d.name === 'sim')!;
      const attribute = sim.readable_attributes!.map(toSnakeCase).find((a) => a !== 'id' && a !== 'parent_id')!;
      const constraints = { join: 'AND', conditions: [{ attribute, type: 6, value: null }], lists: [] };
      const listed = async (order: 'ASC' | 'DESC', offset: number) =>
        truth.list('sim', {
          order: { attribute: 'id', direction: order },
          count: { count: 30, offset },
          constraints,
        } as unknown as JsonValue);
      const expectPage = async (order: 'ASC' | 'DESC', offset: number) => {
        const expected = await listed(order, offset);
        await summary
          .getByText(
            pageSummary(
              {
                offset,
                limited: expected.limited_record_count!,
                filtered: expected.filtered_record_count!,
                total: expected.total_record_count!,
                pageSize: 30,
              },
              'en',
            ),
          )
          .waitFor();
        await view.locator(`tbody tr[data-id="${expected.transfer_objects[0]!.id}"]`).first().waitFor();
        assert.equal(await firstRow.getAttribute('data-id'), expected.transfer_objects[0]!.id.toString());
        assert.equal(await view.locator('tbody tr').count(), expected.limited_record_count);
        return expected;
      };
      // The example filter: newest first, 30 a page.
      await expectPage('DESC', 0);
      assert.equal(await view.locator('th[aria-sort="descending"]').textContent(), 'id ▼');
      await view.getByRole('button', { name: 'Next' }).click();
      await expectPage('DESC', 30);
      // A click on the id header asks the server for ascending order, from the first page.
      await view.locator('th', { hasText: /^id/ }).click();
      const ascending = await expectPage('ASC', 0);
      await workbench.screenshot('filter-results');
      // A double-click on a row opens its object's document (a click selects the row).
      await firstRow.dblclick({ position: { x: 4, y: 4 } });
      await page.getByRole('tab', { name: new RegExp(`${ascending.transfer_objects[0]!.id}\\.json`) }).waitFor();

      // The same by keyboard: Enter on a header sorts and the focus stays on it, Tab goes on to the
      // next header, arrows move between rows and Enter opens one.
      const idHeader = view.locator('th[data-focus-key="h:id"]');
      await idHeader.focus();
      await page.keyboard.press('Enter');
      await expectPage('DESC', 0);
      await view.locator('th[data-focus-key="h:id"]:focus').waitFor();
      await page.keyboard.press('Tab');
      await view.locator('thead th:nth-child(2):focus').waitFor();
      const descending = await listed('DESC', 0);
      await firstRow.focus();
      await page.keyboard.press('ArrowDown');
      await view.locator(`tbody tr[data-id="${descending.transfer_objects[1]!.id}"]:focus`).waitFor();
      await page.keyboard.press('Enter');
      await page.getByRole('tab', { name: new RegExp(`${descending.transfer_objects[1]!.id}\\.json`) }).waitFor();
    });
  });

  it('offers "Log In Again" when the session has ended, then finishes the command', async () => {
    const { page } = workbench;
    await page.waitForTimeout((SESSION_TTL_SECONDS + 2) * 1000); // idle: the emulator ends the session
    await runCommand(page, 'Vensoft: Show Session');
    const box = page.locator('.quick-input-widget input.input');
    const toasts = page.locator('.notifications-toasts');
    await toasts.getByText(/Your Vensoft session on Local emulator has ended/).waitFor();
    await toasts.getByRole('button', { name: 'Log In Again' }).click();
    await page
      .locator('.quick-input-widget')
      .getByText(/as demo@vensoft.test \(3\/3\)/)
      .waitFor();
    await box.fill('demo');
    await box.press('Enter');
    // The command the user asked for completes: Show Session reports the validated session.
    // In a modal, whole: connection, URL, user and user id.
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.getByText('Logged in to Local emulator as demo@vensoft.test').waitFor();
    assert.match(
      await dialog.innerText(),
      new RegExp(`URL: ${escapeRegExp(workbench.emulatorUrl)}[\\s\\S]*User id: \\d+`),
    );
    await workbench.screenshot('session-renewed');
    await dialog.getByRole('button', { name: 'OK' }).click();
  });
});

/** The first machine of the page after `offset`, straight from the emulator. */
async function nextPage(url: string, offset: number) {
  return withGroundTruth(
    url,
    async (truth) => (await truth.list('machine', { count: { count: 1, offset } })).transfer_objects[0],
  );
}
