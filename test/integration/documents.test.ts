// Objects as JSON documents in the real extension host: open, edit, save through update, and the
// ways a save must fail while keeping the user's text.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TransferObject } from '../../src/api';
import { parseJson, type JsonObject } from '../../src/core/json';
import { jsonEqual } from '../../src/core/objectEdit';
import { objectUri } from '../../src/uris';
import {
  child,
  closeClient,
  demoSuite,
  editAttribute,
  groundTruth,
  LOCAL,
  logIn,
  shownModified,
  waitFor,
  withGateway,
  vensoftLog,
} from './support';

const DOC_MACHINE_ID = '125752076205557483';

describe('object documents', () => {
  const suite = demoSuite();

  /** A machine of the demo data that no other test edits: the n-th of the list. */
  const machine = async (n: number): Promise<TransferObject> =>
    (await suite.truth.list('machine', { count: { count: 1, offset: 100 + n } })).transfer_objects[0]!;
  const open = (type: string, id: bigint | string, connection = LOCAL) =>
    vscode.workspace.openTextDocument(objectUri({ connection, type, id: id.toString() }));
  const definitionOf = async (type: string, id: bigint) => (await suite.truth.get(type, id)).definition as JsonObject;

  it('opens an object as its formatted definition, every id digit-exact', async () => {
    const document = await open('machine', DOC_MACHINE_ID);
    const server = await definitionOf('machine', BigInt(DOC_MACHINE_ID));
    assert.equal(document.languageId, 'json');
    assert.ok(jsonEqual(parseJson(document.getText()), server), "the document is not the server's definition");
    assert.ok(
      document.getText().includes(`"parent_id": ${(server.parent_id as bigint).toString()}`),
      'parent_id is not written as its exact digits',
    );
  });

  it("copies an open object's id from its CodeLens with the explorer's Copy ID, digit-exact", async () => {
    const document = await open('machine', DOC_MACHINE_ID);
    await vscode.window.showTextDocument(document);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>(
      'vscode.executeCodeLensProvider',
      document.uri,
    );
    const copy = lenses.find((lens) => lens.command?.title === `machine ${DOC_MACHINE_ID}`)?.command;
    assert.ok(copy, `no id lens among ${lenses.map((lens) => lens.command?.title).join(', ')}`);
    assert.equal(copy.command, 'vensoft.copyId');
    assert.equal(await vscode.commands.executeCommand(copy.command, ...(copy.arguments ?? [])), DOC_MACHINE_ID);
    assert.equal(await vscode.env.clipboard.readText(), DOC_MACHINE_ID);
  });

  it('saves exactly the edited attribute through update', async () => {
    await withGateway('Recorded', async (gateway) => {
      const target = await machine(1);
      const before = target.definition as JsonObject;
      const document = await open('machine', target.id, 'Recorded');
      await editAttribute(document, 'name', '"Renamed in VS Code"');
      gateway.requests.length = 0;
      assert.equal(await document.save(), true, 'the save failed');
      assert.equal(document.isDirty, false);
      const updates = gateway.requests.filter((r) => r.path.startsWith('/stable/update/'));
      assert.deepEqual(
        updates.map((r) => r.path),
        [`/stable/update/machine/${target.id}/`],
      );
      assert.ok(
        jsonEqual(parseJson(updates[0]!.body), { name: 'Renamed in VS Code' }),
        `update sent ${updates[0]!.body}`,
      );
      assert.ok(jsonEqual(await definitionOf('machine', target.id), { ...before, name: 'Renamed in VS Code' }));
    });
  });

  it('keeps the edit when the server cannot be reached, and saves it once it can', async () => {
    await withGateway('Flaky', async (gateway) => {
      const target = await machine(8);
      const document = await open('machine', target.id, 'Flaky');
      await editAttribute(document, 'name', '"Saved after the outage"');
      gateway.broken = true;
      assert.equal(await document.save(), false);
      assert.equal(await shownModified(document), true);
      assert.ok(document.getText().includes('"Saved after the outage"'));
      gateway.broken = false;
      assert.equal(await document.save(), true);
      assert.equal((await definitionOf('machine', target.id)).name, 'Saved after the outage');
    });
  });

  it('saves a 64-bit id typed into the document digit for digit', async () => {
    const target = await machine(2);
    const tours = (await suite.truth.list('tour', { count: { count: 2, offset: 0 } })).transfer_objects;
    const other = tours.find((t) => t.id !== target.definition.tour_id)!.id;
    const document = await open('machine', target.id);
    await editAttribute(document, 'tour_id', other.toString());
    assert.equal(await document.save(), true);
    assert.equal((await definitionOf('machine', target.id)).tour_id, other);
  });

  it('keeps invalid JSON as typed, unsaved, and changes nothing on the server', async () => {
    const target = await machine(3);
    const document = await open('machine', target.id);
    await editAttribute(document, 'name', '"half typed",,');
    const typed = document.getText();
    assert.equal(await document.save(), false);
    assert.equal(await shownModified(document), true);
    assert.equal(document.getText(), typed);
    assert.ok(jsonEqual(await definitionOf('machine', target.id), target.definition as JsonObject));
  });

  it('marks an attribute the user may not update, and refuses to save it while keeping the edit', async () => {
    await logIn('operator');
    const operator = await groundTruth('operator');
    try {
      const target = (await operator.list('machine', { count: { count: 1, offset: 0 } })).transfer_objects[0]!;
      const document = await open('machine', target.id);
      const currencies = (await suite.truth.list('currency', { count: { count: 2, offset: 0 } })).transfer_objects;
      const other = currencies.find((c) => c.id !== target.definition.currency_id)!.id;
      await editAttribute(document, 'currency_id', other.toString());
      const diagnostics = await waitFor(() =>
        vscode.languages.getDiagnostics(document.uri).filter((d) => d.source === 'Vensoft'),
      );
      assert.match(diagnostics[0]!.message, /may not update "currency_id"/);
      assert.equal(document.getText(diagnostics[0]!.range), '"currency_id"', 'the mark is not on the key');
      assert.equal(await document.save(), false);
      assert.equal(await shownModified(document), true);
      assert.ok(document.getText().includes(`"currency_id": ${other}`));
      assert.ok(jsonEqual(await definitionOf('machine', target.id), target.definition as JsonObject));
    } finally {
      await closeClient(operator);
    }
  });

  it('refuses to change parent_id by saving: that is a move', async () => {
    const target = await machine(4);
    const document = await open('machine', target.id);
    await editAttribute(document, 'parent_id', ((target.definition.parent_id as bigint) + 1n).toString());
    const diagnostics = await waitFor(() =>
      vscode.languages.getDiagnostics(document.uri).filter((d) => d.source === 'Vensoft'),
    );
    assert.match(diagnostics[0]!.message, /offers to move the object/);
    assert.equal(await document.save(), false);
    assert.equal(await shownModified(document), true);
  });

  it('does not overwrite a change made on the server since the document was opened', async () => {
    const target = await machine(5);
    const document = await open('machine', target.id);
    await suite.truth.update('machine', target.id, { name: 'Changed by someone else' });
    await editAttribute(document, 'serial_number', '"SN-MINE"');
    assert.equal(await document.save(), false, "the save went through over someone else's change");
    assert.equal(await shownModified(document), true);
    const server = await definitionOf('machine', target.id);
    assert.equal(server.name, 'Changed by someone else');
    assert.equal(server.serial_number, target.definition.serial_number);
  });

  it('reports the last known server state in stat, and a new version only after a change', async () => {
    const target = await machine(6);
    const uri = objectUri({ connection: LOCAL, type: 'machine', id: target.id.toString() });
    const document = await vscode.workspace.openTextDocument(uri);
    const first = await vscode.workspace.fs.stat(uri);
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.deepEqual(await vscode.workspace.fs.stat(uri), first, 'stat changed without any change on the server');
    assert.ok(first.mtime < Date.now() / 1000, 'mtime looks like a clock reading, not a version');
    await editAttribute(document, 'name', '"Version two"');
    assert.equal(await document.save(), true);
    assert.ok((await vscode.workspace.fs.stat(uri)).mtime > first.mtime);
  });

  it('opens a document read-only for a user who may not update the object', async () => {
    await logIn('reader');
    const reader = await groundTruth('reader');
    try {
      const target = (await reader.list('machine', { count: { count: 1, offset: 0 } })).transfer_objects[0]!;
      const stat = await vscode.workspace.fs.stat(
        objectUri({ connection: LOCAL, type: 'machine', id: target.id.toString() }),
      );
      assert.equal(stat.permissions, vscode.FilePermission.Readonly);
    } finally {
      await closeClient(reader);
    }
  });

  it('says an object does not exist (or is not visible) when opening it', async () => {
    await assert.rejects(Promise.resolve(open('machine', '1')), /does not exist or you may not see it/);
  });

  it("creates an object from a prefilled document, which then becomes the created object's", async () => {
    const site = (await machine(7)).definition.parent_id as bigint;
    const machineType = await child(
      suite.api,
      await child(suite.api, await child(suite.api, undefined, LOCAL), 'Object Types'),
      'machine',
    );
    const uri = await vscode.commands.executeCommand<string>(
      'vensoft.newObject',
      machineType,
      undefined,
      site.toString(),
    );
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
    const prefilled = parseJson(document.getText()) as JsonObject;
    assert.equal(prefilled.parent_id, site);
    assert.ok(
      'serial_number' in prefilled && 'tstamp_last_filling' in prefilled,
      `not prefilled with the writeable attributes: ${Object.keys(prefilled).join(', ')}`,
    );
    await editAttribute(document, 'serial_number', '"VM-NEW-1"');
    await editAttribute(document, 'name', '"Created in VS Code"');
    assert.equal(await document.save(), true);
    const found = (
      await suite.truth.list('machine', {
        constraints: { join: 'AND', conditions: [{ attribute: 'serial_number', type: 1, value: 'VM-NEW-1' }] },
      })
    ).transfer_objects;
    assert.equal(found.length, 1);
    assert.equal(found[0]!.definition.parent_id, site);
    assert.equal(found[0]!.definition.name, 'Created in VS Code');
    const created = `/machine/${found[0]!.id}.json`;
    await waitFor(() => vscode.window.visibleTextEditors.filter((e) => e.document.uri.path === created));
    const draftTabs = () =>
      vscode.window.tabGroups.all
        .flatMap((g) => g.tabs)
        .filter((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === uri);
    await waitFor(() => (draftTabs().length ? [] : [true]));
    assert.equal(draftTabs().length, 0, "the new object's tab is still open");
  });

  it('completes, in half-typed text, only the attributes the document does not have yet', async () => {
    const document = await open('machine', (await machine(11)).id);
    const editor = await vscode.window.showTextDocument(document);
    const present = Object.keys(parseJson(document.getText()) as JsonObject);
    // A key begun on a new line after "{": the document is not valid JSON while it is typed.
    assert.ok(await editor.edit((b) => b.insert(new vscode.Position(1, 0), '  "\n')));
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      document.uri,
      new vscode.Position(1, 3),
    );
    const names = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(names.length > 0, 'no attribute is offered');
    assert.deepEqual(
      names.filter((n) => present.includes(n)),
      [],
      'attributes the document has are offered again',
    );
  });

  it('opens an object from the tree, and Open Object by ID is offered in the palette', async () => {
    const machines = await suite.api.explorer.getChildren(
      await child(
        suite.api,
        await child(suite.api, await child(suite.api, undefined, LOCAL), 'Object Types'),
        'machine',
      ),
    );
    const node = machines.find((n) => n.kind === 'object')!;
    await vscode.commands.executeCommand('vensoft.openObject', node);
    const id = (node as { object: { id: bigint } }).object.id.toString();
    assert.ok(
      vscode.window.visibleTextEditors.some((e) => e.document.uri.path === `/machine/${id}.json`),
      'the object is not open',
    );
    assert.ok((await vscode.commands.getCommands(true)).includes('vensoft.openObjectById'));
  });

  it("says in one sentence of ours that an object to open does not exist (not VS Code's wrapping of it)", async () => {
    const start = (await vensoftLog(suite.api, /$/)).length;
    await vscode.commands.executeCommand('vensoft.openObject', { type: 'machine', id: '18446744073709551615' });
    const log = await vensoftLog(suite.api, /does not exist or you may not see it/, start);
    const line = log.split('\n').find((l) => l.includes('does not exist or you may not see it'));
    assert.ok(line, `no failure logged: ${log}`);
    assert.match(line, /machine 18446744073709551615 does not exist or you may not see it\. Check the id/);
    assert.doesNotMatch(line, /FileSystemError|vensoft:\/\/|Unable to read file|Detail:/);
  });
});
