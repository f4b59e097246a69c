// The session catalog in the real extension host: the explorer, object documents, filter files and
// commands ask one catalog per session, so describe and getstructure reach the server once a
// session (counted at a gateway in front of the emulator); Refresh and a new session ask again.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Node } from '../../src/explorer/explorerTree';
import { child, demoSuite, logIn, untitledFile, withGateway, type Gateway } from './support';

const CONNECTION = 'Catalog gateway';

describe('session catalog shared by the explorer, documents, queries and commands', () => {
  const suite = demoSuite();
  const calls = (gateway: Gateway, method: RegExp) => gateway.requests.filter((r) => method.test(r.path)).length;
  const describes = (gateway: Gateway) => calls(gateway, /\/describe\/$/);
  const structures = (gateway: Gateway) => calls(gateway, /\/getstructure\/container\/$/);
  const folder = async (name: 'Object Types' | 'Containers') =>
    child(suite.api, await child(suite.api, undefined, CONNECTION), name);
  const labels = (list: vscode.CompletionList) =>
    list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));

  /** Completion in a machine filter file, where an attribute name goes. */
  const filterCompletion = async () => {
    const filter = await untitledFile(
      'machine.vensoft-filter.json',
      '{ "constraints": { "join": "AND", "conditions": [ { "attribute": "", "type": 1, "value": "x" } ] } }\n',
    );
    const at = filter.positionAt(filter.getText().indexOf('""') + 1);
    return labels(
      await vscode.commands.executeCommand<vscode.CompletionList>(
        'vscode.executeCompletionItemProvider',
        filter.uri,
        at,
      ),
    );
  };

  /** Runs a command that asks in a QuickPick, and dismisses the QuickPick once it shows. */
  const dismissed = async (command: Thenable<unknown>) => {
    let done = false;
    const finished = Promise.resolve(command).finally(() => {
      done = true;
    });
    while (!done) {
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return finished;
  };

  it('asks describe and getstructure once a session for the tree, documents, filter files and commands', async () => {
    await withGateway(CONNECTION, async (gateway) => {
      const types = await suite.api.explorer.getChildren(await folder('Object Types'));
      const machineType = types.find((t) => t.kind === 'type' && t.type.name === 'machine')!;
      await suite.api.explorer.getChildren(await folder('Containers'));
      const machine = (await suite.api.explorer.getChildren(machineType)).find(
        (n): n is Extract<Node, { kind: 'object' }> => n.kind === 'object',
      )!;

      // An object document completes its type's attribute names where a key starts (after "{"). It is
      // not edited: Auto Save would try to write it while the test ends.
      const editor = await vscode.commands.executeCommand<vscode.TextEditor>('vensoft.openObject', {
        type: 'machine',
        id: machine.object.id.toString(),
      });
      const documentNames = labels(
        await vscode.commands.executeCommand<vscode.CompletionList>(
          'vscode.executeCompletionItemProvider',
          editor.document.uri,
          new vscode.Position(0, 1),
        ),
      );
      assert.ok(documentNames.length > 0, 'the object document completes no attribute');

      // A filter file completes its type's attributes, id, parent_id and owner among them.
      const filterNames = await filterCompletion();
      for (const name of ['serial_number', 'id', 'parent_id', 'owner'])
        assert.ok(filterNames.includes(name), `${name} missing from ${filterNames.join(', ')}`);

      // Commands: Open Object by ID lists the types, Copy Move as curl the containers.
      await dismissed(vscode.commands.executeCommand('vensoft.openObjectById'));
      const allowed = await suite.truth.getContainer('machine', 'create');
      const to = allowed.find((id) => id !== machine.object.parentId)!;
      const curl = await vscode.commands.executeCommand<string>(
        'vensoft.copyMoveAsCurl',
        machine,
        undefined,
        to.toString(),
      );
      assert.match(curl, /\/move\//);

      assert.equal(describes(gateway), 1, 'describe was asked more than once in one session');
      assert.equal(structures(gateway), 1, 'getstructure was asked more than once in one session');
    });
  });

  it('asks again after Refresh in the tree, and in a new session', async () => {
    await withGateway(CONNECTION, async (gateway) => {
      const first = suite.api.sessions.session!.catalog;
      await suite.api.explorer.getChildren(await folder('Object Types'));
      await filterCompletion();
      assert.equal(describes(gateway), 1);

      await vscode.commands.executeCommand('vensoft.refresh');
      assert.ok(
        (await suite.api.explorer.getChildren(await folder('Object Types'))).some(
          (t) => t.kind === 'type' && t.type.name === 'machine',
        ),
      );
      assert.ok((await filterCompletion()).includes('serial_number'));
      assert.equal(describes(gateway), 2, 'Refresh did not reload describe, or the reloaded answer was not shared');

      await logIn('demo', { connection: CONNECTION });
      assert.notEqual(suite.api.sessions.session!.catalog, first, 'a new session kept the old catalog');
      await suite.api.explorer.getChildren(await folder('Object Types'));
      assert.ok((await filterCompletion()).includes('serial_number'));
      assert.equal(describes(gateway), 3, 'a new session did not ask describe afresh, or asked more than once');
    });
  });
});
