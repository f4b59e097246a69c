// The extension activates in the real extension host, and its manifest and its code agree on the
// commands: every command package.json contributes is registered, and nothing unlisted is.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'vensoft-explorer.vensoft-explorer';

describe('activation', () => {
  it('is installed and activates in the real extension host', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not installed`);
    await extension.activate();
    assert.equal(extension.isActive, true);
  });

  it('registers exactly the commands package.json contributes', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    await extension.activate();
    const contributed = (extension.packageJSON.contributes.commands as Array<{ command: string }>).map((c) => c.command).sort();
    // VS Code itself registers commands for each view (`vensoft.explorer.focus`, …).
    const views = Object.values(extension.packageJSON.contributes.views as Record<string, Array<{ id: string }>>).flat().map((v) => `${v.id}.`);
    const registered = (await vscode.commands.getCommands(true))
      .filter((c) => c.startsWith('vensoft.') && !views.some((prefix) => c.startsWith(prefix))).sort();
    assert.deepEqual(registered, contributed);
  });
});
