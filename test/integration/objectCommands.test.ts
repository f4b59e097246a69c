// Commands on objects in the tree, in the real extension host against the emulator: delete and
// undelete, delete of a selection (deletemany), move, and copy as curl.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Node } from '../../src/explorer/explorerTree';
import {
  child,
  demoSuite,
  discardAndCloseEditors,
  emulatorUrl,
  LOCAL,
  runInTerminal,
  sessionTerminal,
  setting,
} from './support';

type ObjectNode = Extract<Node, { kind: 'object' }>;

describe('object commands', () => {
  const suite = demoSuite({ closeEditors: false });

  before(async () => {
    // Modal confirmations cannot be answered in the test host; the UI tests answer them.
    await setting('confirmDestructiveActions', false);
  });

  after(async () => {
    await setting('confirmDestructiveActions', undefined);
  });

  const objectsOf = async (type: string) => {
    const node = await child(
      suite.api,
      await child(suite.api, await child(suite.api, undefined, LOCAL), 'Object Types'),
      type,
    );
    return (await suite.api.explorer.getChildren(node)).filter((n): n is ObjectNode => n.kind === 'object');
  };
  const exists = (type: string, id: bigint) =>
    suite.truth.get(type, id).then(
      () => true,
      (e: { code?: string }) => (e.code === 'P0002' ? false : Promise.reject(e)),
    );

  it('deletes a recoverable object and undeletes it', async () => {
    const node = (await objectsOf('machine'))[150]!;
    const id = node.object.id;
    assert.deepEqual(await vscode.commands.executeCommand('vensoft.deleteObject', node), { [id.toString()]: true });
    assert.equal(await exists('machine', id), false);
    assert.ok(
      !(await objectsOf('machine')).some((n) => n.object.id === id),
      'the tree still lists the deleted machine',
    );
    assert.equal(
      await vscode.commands.executeCommand('vensoft.undeleteObject', { type: 'machine', id: id.toString() }),
      true,
    );
    assert.equal(await exists('machine', id), true);
  });

  it('deletes a selection with deletemany and reports per id', async () => {
    const [first, second] = (await objectsOf('machine_product')).slice(-2);
    // Two objects reach the bulk threshold: the preview is answered Run.
    const result = await vscode.commands.executeCommand('vensoft.deleteObject', first, [first, second], { run: true });
    assert.deepEqual(result, { [first!.object.id.toString()]: true, [second!.object.id.toString()]: true });
    assert.equal(await exists('machine_product', first!.object.id), false);
    assert.equal(await exists('machine_product', second!.object.id), false);
  });

  it('updates a selection with updatemany from a document of the attributes to set', async () => {
    const [first, second] = (await objectsOf('machine')).slice(170, 172);
    const uri = await vscode.commands.executeCommand<string>('vensoft.updateSelected', first, [first, second], {
      run: true,
    });
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
    const edit = new vscode.WorkspaceEdit();
    edit.replace(
      document.uri,
      new vscode.Range(0, 0, document.lineCount, 0),
      '{ "tstamp_last_haccp": "2026-11-01T08:00:00Z" }\n',
    );
    await vscode.workspace.applyEdit(edit);
    assert.equal(await document.save(), true);
    // The type's attributes are offered where a key starts.
    const complete = new vscode.WorkspaceEdit();
    complete.replace(document.uri, new vscode.Range(0, 0, document.lineCount, 0), '{\n  \n}\n');
    await vscode.workspace.applyEdit(complete);
    const completions = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      document.uri,
      new vscode.Position(1, 2),
    );
    const names = completions.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    for (const name of ['serial_number', 'tstamp_last_haccp', 'tour_id'])
      assert.ok(names.includes(name), `${name} is not offered: ${names.join(', ')}`);
    for (const node of [first!, second!])
      assert.equal(
        (await suite.truth.get('machine', node.object.id)).definition.tstamp_last_haccp,
        '2026-11-01T08:00:00Z',
      );
    await discardAndCloseEditors();
  });

  it('moves an object to a container it may be created in', async () => {
    const node = (await objectsOf('machine'))[160]!;
    const allowed = await suite.truth.getContainer('machine', 'create');
    const to = allowed.find((c) => c !== node.object.parentId)!;
    assert.equal(
      await vscode.commands.executeCommand('vensoft.moveObject', node, undefined, to.toString()),
      to.toString(),
    );
    assert.equal((await suite.truth.get('machine', node.object.id)).definition.parent_id, to);
  });

  it('shows the ACEs of an object with trustee and role names, and adds and removes one', async () => {
    const containers = await suite.api.explorer.getChildren(
      await child(suite.api, await child(suite.api, undefined, LOCAL), 'Containers'),
    );
    const root = containers.find((n) => n.kind === 'container')!;
    type Access = { entries: Array<{ trusteeName: string; trusteeType: string; roleName: string }>; canSet: boolean };
    const rootAccess = await vscode.commands.executeCommand<Access>('vensoft.showAccess', root);
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    assert.equal(rootAccess.canSet, true);
    assert.deepEqual(
      rootAccess.entries.map((e) => [e.trusteeName, e.trusteeType, e.roleName]),
      [['Administrators', 'user_group', 'Administrator']],
    );

    const machineNode = (await objectsOf('machine'))[180]!;
    const group = (
      await suite.truth.list('user_group', {
        constraints: { join: 'AND', conditions: [{ attribute: 'name', type: 1, value: 'Auditors South' }] },
      })
    ).transfer_objects[0]!;
    const role = (
      await suite.truth.list('role', {
        constraints: { join: 'AND', conditions: [{ attribute: 'name', type: 1, value: 'Reader' }] },
      })
    ).transfer_objects[0]!;
    assert.equal(
      await vscode.commands.executeCommand('vensoft.addAce', machineNode, undefined, {
        trustee: group.id.toString(),
        role: role.id.toString(),
      }),
      true,
    );
    const withAce = await vscode.commands.executeCommand<Access>('vensoft.showAccess', machineNode);
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    assert.deepEqual(
      withAce.entries.map((e) => [e.trusteeName, e.roleName]),
      [['Auditors South', 'Reader']],
    );
    const ace = { trustee: group.id.toString(), entity: machineNode.object.id.toString(), role: role.id.toString() };
    assert.equal(await vscode.commands.executeCommand('vensoft.removeAce', ace), true);
    assert.deepEqual(await suite.truth.aceGet({ entity: machineNode.object.id }), []);
  });

  it('copies each write as curl (delete, move, save, create), and the copies run in "Open Terminal with Session"', async function () {
    this.timeout(120_000);
    const key = suite.api.sessions.session!.client.sessionKey!;
    const terminal = await sessionTerminal();
    const env = (terminal.creationOptions as vscode.TerminalOptions).env ?? {};
    assert.ok(env.VENSOFT_SESSION === key, 'the terminal does not hold the session key in VENSOFT_SESSION');
    assert.equal(env.VENSOFT_URL, emulatorUrl());
    const run = async (curl: string) => {
      assert.ok(!curl.includes(key), 'the session key is in the curl command');
      assert.equal(await vscode.env.clipboard.readText(), curl);
      return runInTerminal(terminal, curl);
    };
    const [deleted, moved, saved] = (await objectsOf('machine')).slice(160, 163) as [
      ObjectNode,
      ObjectNode,
      ObjectNode,
    ];
    // The edit must reach the server through the copied curl only (Auto Save is off in the test host).
    try {
      // Delete…
      await run(await vscode.commands.executeCommand<string>('vensoft.copyDeleteAsCurl', deleted));
      assert.equal(await exists('machine', deleted.object.id), false);
      // Move…, to a container the machine may go to
      const to = (await suite.truth.getContainer('machine', 'create')).find((c) => c !== moved.object.parentId)!;
      await run(
        await vscode.commands.executeCommand<string>('vensoft.copyMoveAsCurl', moved, undefined, to.toString()),
      );
      assert.equal((await suite.truth.get('machine', moved.object.id)).definition.parent_id, to);
      // Save: only the attribute edited since the document was opened
      const uri = vscode.Uri.parse(`vensoft://${LOCAL}/machine/${saved.object.id}.json`);
      const document = await vscode.workspace.openTextDocument(uri);
      const name = `${saved.object.definition.name as string} (curl)`;
      const at = document.getText().indexOf('"name": "') + '"name": "'.length;
      const edit = new vscode.WorkspaceEdit();
      edit.replace(
        uri,
        new vscode.Range(document.positionAt(at), document.positionAt(document.getText().indexOf('"', at))),
        name,
      );
      await vscode.workspace.applyEdit(edit);
      const save = await vscode.commands.executeCommand<string>('vensoft.copySaveAsCurl', uri);
      assert.match(save, new RegExp(`/update/machine/${saved.object.id}/`));
      assert.ok(save.includes(`'{"name":"${name}"}'`), `the update sends more than the edit: ${save}`);
      assert.notEqual((await suite.truth.get('machine', saved.object.id)).definition.name, name);
      await run(save);
      assert.equal((await suite.truth.get('machine', saved.object.id)).definition.name, name);
      // New Object…: the create a save would send, without the attributes left null
      const draft = await vscode.commands.executeCommand<string>(
        'vensoft.newObject',
        await child(
          suite.api,
          await child(suite.api, await child(suite.api, undefined, LOCAL), 'Object Types'),
          'machine',
        ),
        undefined,
        to.toString(),
      );
      const create = await vscode.commands.executeCommand<string>('vensoft.copySaveAsCurl', vscode.Uri.parse(draft));
      assert.ok(create.includes('/create/machine/') && create.includes(`'{"parent_id":${to}}'`), create);
    } finally {
      await suite.truth.undelete('machine', deleted.object.id).catch(() => undefined);
      await suite.truth.move('machine', moved.object.id, moved.object.parentId!);
      await suite.truth.update('machine', saved.object.id, { name: saved.object.definition.name! });
      await discardAndCloseEditors();
      terminal.dispose();
    }
  });

  it("copies an object's get as curl, with $VENSOFT_SESSION instead of the key", async () => {
    const node = (await objectsOf('machine'))[0]!;
    const curl = await vscode.commands.executeCommand<string>('vensoft.copyAsCurl', node);
    assert.match(curl, new RegExp(`/stable/get/machine/${node.object.id}/`));
    assert.match(curl, /SessionKey: \$VENSOFT_SESSION/);
    const key = (await suite.api.secrets.session(LOCAL))!.sessionKey;
    assert.ok(!curl.includes(key), 'the session key is in the curl command');
    assert.equal(await vscode.env.clipboard.readText(), curl);
  });
});
