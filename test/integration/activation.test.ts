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
});
