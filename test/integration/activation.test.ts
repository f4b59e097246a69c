// The extension activates in the real extension host, and its manifest and its code agree on the
// commands: every command package.json contributes is registered, and nothing unlisted is, also once
// the lazily loaded queries feature is in; menus, key bindings and the welcome view name no other.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { discardAndCloseEditors, EXTENSION_ID, untitledFile } from './support';

describe('activation', () => {
  it('is installed and activates in the real extension host', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not installed`);
    await extension.activate();
    assert.equal(extension.isActive, true);
    // The features loaded on first use stay out until then (the suite runs this test first).
    const loaded = Object.keys(require.cache).map((file) => file.replace(/\\/g, '/'));
    for (const bundle of ['history', 'links', 'transfer', 'queries'])
      assert.ok(
        !loaded.some((file) => file.endsWith(`/dist/${bundle}.js`)),
        `dist/${bundle}.js was loaded at activation`,
      );
  });

  it('registers exactly the commands package.json contributes, before and after the queries feature loads', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    await extension.activate();
    const contributed = (extension.packageJSON.contributes.commands as Array<{ command: string }>)
      .map((c) => c.command)
      .sort();
    // VS Code itself registers commands for each view (`vensoft.explorer.focus`, …).
    const views = Object.values(extension.packageJSON.contributes.views as Record<string, Array<{ id: string }>>)
      .flat()
      .map((v) => `${v.id}.`);
    const registered = async () =>
      (await vscode.commands.getCommands(true))
        .filter((c) => c.startsWith('vensoft.') && !views.some((prefix) => c.startsWith(prefix)))
        .sort();
    assert.deepEqual(await registered(), contributed);
    // Opening a filter file loads dist/queries.js (src/queries/loader.ts); its CodeLens shows it has.
    try {
      const document = await untitledFile('machine.vensoft-filter.json', '{}\n');
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>(
        'vscode.executeCodeLensProvider',
        document.uri,
      );
      const runs = lenses.filter((l) => l.command?.command === 'vensoft.runQuery');
      assert.equal(runs.length, 1, 'the queries feature did not load');
      assert.deepEqual(await registered(), contributed);
    } finally {
      await discardAndCloseEditors();
    }
  });

  it('names in its menus, key bindings and welcome view only commands it contributes', () => {
    const { contributes } = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { contributes: Manifest };
    const contributed = new Set(contributes.commands.map((c) => c.command));
    const named = [
      ...Object.values(contributes.menus)
        .flat()
        .map((m) => m.command),
      ...contributes.keybindings.map((k) => k.command),
      ...contributes.viewsWelcome.flatMap((w) => [...w.contents.matchAll(/\(command:([\w.]+)\)/g)].map((m) => m[1]!)),
    ];
    assert.ok(named.length > 40, `only ${named.length} commands named: the manifest was not read`);
    assert.deepEqual(
      named.filter((c) => !contributed.has(c)),
      [],
    );
  });
});

interface Manifest {
  commands: Array<{ command: string }>;
  menus: Record<string, Array<{ command: string }>>;
  keybindings: Array<{ command: string }>;
  viewsWelcome: Array<{ contents: string }>;
}
