// The .vsix as a user gets it: `npm run package` builds it (no warnings, within its budget), it is
// installed into an empty code-server profile with --install-extension, and in headless Chromium a
// newcomer's path runs on the installed copy alone: Start Local Emulator from the extension, log
// in as demo, expand a type, open an object, edit and save it, run a filter file and a report file.
// Then the same package in a folder VS Code does not trust: user-level connections only.
import assert from 'node:assert/strict';
import { VensoftClient } from '../../src/api';
import { packageVsix } from '../../scripts/vscode.mjs';
import { clickCodeLens, enterDemoCredentials, openWorkbench, webviewContent, type Workbench } from '../e2e/workbench';

const FILTER = `{
  "constraints": { "join": "AND", "conditions": [{ "attribute": "name", "type": 6, "value": null }], "lists": [] },
  "order": { "attribute": "id", "direction": "ASC" },
  "count": { "count": 30, "offset": 0 }
}
`;
const REPORT = `{
  "Aggregation": [{ "Function": "COUNT", "Attribute": "price" }],
  "Group": [{ "Function": null, "Attribute": "sale_status_id", "Orientation": "vertical" }]
}
`;

/** Builds the package as `npm run package` does; returns its path. */
describe('The installed .vsix', function () {
  this.timeout(600_000);
  let vsix: string;

  before(() => {
    const built = packageVsix();
    assert.ok(built.bytes <= 10e6, `the package is ${(built.bytes / 1e6).toFixed(2)} MB`);
    vsix = built.file;
  });

  describe("a newcomer's path on the installed extension", () => {
    let workbench: Workbench;
    let truth: VensoftClient | undefined;

    before(async () => {
      workbench = await openWorkbench({
        vsix,
        startEmulator: false,
        workspaceFiles: { 'machine.vensoft-filter.json': FILTER, 'sale.vensoft-report.json': REPORT },
      });
    });

    after(async () => {
      await truth?.logout().catch(() => undefined);
      await truth?.close();
      await workbench?.close();
    });

    afterEach(async function () {
      if (this.currentTest?.state === 'failed' && workbench)
        await workbench.screenshot(`failed-vsix-${this.currentTest.title.replace(/\W+/g, '-')}`);
    });

    it('starts the local emulator from the extension and logs in as demo', async () => {
      const { page } = workbench;
      await page.locator('.activitybar [aria-label^="Vensoft"]').first().click();
      await page.getByRole('button', { name: 'Start Local Emulator', exact: true }).click();
      // The installed copy prepares the demo data from nothing (PGlite's initdb): allow it time.
      truth = new VensoftClient({ baseUrl: workbench.emulatorUrl });
      for (let tries = 0; ; tries++) {
        try {
          await truth.login('demo@vensoft.test', 'demo');
          break;
        } catch (e) {
          if (tries > 240) throw e;
          await page.waitForTimeout(500);
        }
      }
      // The newcomer's next step: the notification's "Log In", then demo's password.
      await page.locator('.notification-toast').getByRole('button', { name: 'Log In' }).click();
      await enterDemoCredentials(page);
      await workbench.screenshot('vsix-logged-in');
    });

    it('expands a type, opens an object, edits and saves it', async () => {
      const { page } = workbench;
      const tree = page.locator('.pane-body').filter({ has: page.getByRole('treeitem', { name: /Local emulator/ }) });
      await tree.getByRole('treeitem', { name: /^Object Types/ }).click();
      await tree.getByRole('treeitem', { name: /^machine[, ]/ }).click();
      const first = (await truth!.list('machine', { count: { count: 1, offset: 0 } })).transfer_objects[0]!;
      const id = first.id.toString();
      await tree.getByRole('treeitem').filter({ hasText: id }).first().click();
      const tab = page.getByRole('tab', { name: new RegExp(`${id}\\.json`) });
      await tab.waitFor();
      await page.locator('.editor-instance .monaco-editor').first().getByText('"name"').first().waitFor();
      await page.keyboard.press('Control+F');
      await page.keyboard.type('"name": "');
      await page.keyboard.press('Escape');
      await page.keyboard.press('End');
      // The cursor is after `",` (or `"` on the last line): move inside the string's quotes.
      const lastKey = Object.keys(first.definition).at(-1) === 'name';
      await page.keyboard.press('ArrowLeft');
      if (!lastKey) await page.keyboard.press('ArrowLeft');
      await page.keyboard.type(' (installed)');
      await page.keyboard.press('Control+S');
      await tab.and(page.locator(':not(.dirty)')).waitFor();
      let saved = first.definition.name;
      for (let tries = 0; tries < 100 && saved === first.definition.name; tries++) {
        await page.waitForTimeout(100);
        saved = (await truth!.get('machine', first.id)).definition.name;
      }
      assert.equal(saved, `${String(first.definition.name)} (installed)`);
      await workbench.screenshot('vsix-object-saved');
    });

    /** Opens a workspace file by name through Quick Open, as a person does. */
    const quickOpen = async (file: string) => {
      const { page } = workbench;
      await page.keyboard.press('Control+P');
      const box = page.locator('.quick-input-widget input.input');
      await box.fill(file);
      await page.locator('.quick-input-widget .monaco-list-row').filter({ hasText: file }).first().waitFor();
      await box.press('Enter');
      await page.getByRole('tab', { name: new RegExp(file.replace(/\./g, '\\.')) }).waitFor();
    };

    it('runs a filter file into the results table', async () => {
      const { page } = workbench;
      await quickOpen('machine.vensoft-filter.json');
      await clickCodeLens(page, 'Run (list machine)', page.getByRole('tab', { name: /^Results: machine/ }));
      const expected = await truth!.list('machine', {
        constraints: { join: 'AND', conditions: [{ attribute: 'name', type: 6, value: null }], lists: [] },
        order: { attribute: 'id', direction: 'ASC' },
        count: { count: 30, offset: 0 },
      });
      const view = webviewContent(page);
      await view.locator(`tbody tr[data-id="${expected.transfer_objects[0]!.id}"]`).first().waitFor();
      assert.equal(await view.locator('tbody tr').count(), expected.limited_record_count);
      await workbench.screenshot('vsix-filter-results');
    });

    it('runs a report file into the report view', async () => {
      const { page } = workbench;
      await quickOpen('sale.vensoft-report.json');
      await clickCodeLens(page, 'Run Report (sale)', page.getByRole('tab', { name: /^Report: sale/ }));
      const view = webviewContent(page);
      // Sale statuses are named by the extension (one getmany): the installed API bundle works.
      await view.getByTestId('pivot').getByText('paid cash', { exact: true }).waitFor({ timeout: 60_000 });
      await workbench.screenshot('vsix-report');
    });
  });

  describe('in a folder VS Code does not trust (Restricted Mode)', () => {
    let workbench: Workbench;
    // The folder's settings name a server of its own; in Restricted Mode they must not be used.
    const FOLDER_SETTINGS = JSON.stringify({
      'vensoft.connections': [{ name: 'Folder server', baseUrl: 'http://127.0.0.1:9/stable/' }],
      'vensoft.localEmulatorUrl': 'http://127.0.0.1:9/stable/',
    });

    before(async () => {
      workbench = await openWorkbench({
        vsix,
        trustWorkspace: false,
        // Not asked: the folder opens untrusted, in Restricted Mode, as after "No, I don't trust".
        settings: { 'security.workspace.trust.startupPrompt': 'never' },
        workspaceFiles: { '.vscode/settings.json': FOLDER_SETTINGS },
      });
    });

    after(async () => {
      await workbench?.close();
    });

    afterEach(async function () {
      if (this.currentTest?.state === 'failed' && workbench)
        await workbench.screenshot(`failed-vsix-restricted-${this.currentTest.title.replace(/\W+/g, '-')}`);
    });

    it("offers only the user's connections, says the folder's are ignored, and works with them", async () => {
      const { page } = workbench;
      await page.locator('.statusbar').getByText('Restricted Mode').waitFor();
      await page.locator('.activitybar [aria-label^="Vensoft"]').first().click();
      await page.getByRole('button', { name: 'Log In', exact: true }).click();
      const quickInput = page.locator('.quick-input-widget');
      const rows = quickInput.locator('.monaco-list-row');
      await rows.filter({ hasText: 'Local emulator' }).waitFor();
      // The local emulator's URL is the user's, not the folder's.
      await rows.filter({ hasText: workbench.emulatorUrl }).waitFor();
      await rows.filter({ hasText: /Restricted Mode: servers named in this folder's settings are not used/ }).waitFor();
      assert.equal(await rows.filter({ hasText: 'Folder server' }).count(), 0, "the folder's server is offered");
      assert.equal(await rows.filter({ hasText: '127.0.0.1:9/' }).count(), 0, "the folder's URL is offered");
      await workbench.screenshot('vsix-restricted-mode');
      await quickInput.locator('input.input').press('Enter');
      await enterDemoCredentials(page);
      const tree = page.locator('.pane-body').filter({ has: page.getByRole('treeitem', { name: /Local emulator/ }) });
      await tree.getByRole('treeitem', { name: /^Object Types/ }).click();
      await tree.getByRole('treeitem', { name: /^machine[, ]/ }).waitFor();
    });
  });
});
