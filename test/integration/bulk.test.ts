// Bulk operations with a preview, in the real extension host against the emulator: Update Selected…,
// Delete… and Move… of several objects show what will happen first, write only on Run (each object
// only what changes on it), group their writes in one journal entry, and summarise; Revert undoes them.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Node } from '../../src/explorer/explorerTree';
import type { JsonObject } from '../../src/core/json';
import type { JournalEntry } from '../../src/core/journal';
import { demoSuite, discardAndCloseEditors, setting } from './support';

describe('bulk operations with a preview', () => {
  const suite = demoSuite();

  before(async () => {
    await setting('confirmDestructiveActions', false);
  });
  after(async () => {
    await setting('confirmDestructiveActions', undefined);
  });

  const newest = (): JournalEntry => suite.api.journal.list()[0]!;
  const nodes = async (type: string, offset: number, count: number): Promise<Node[]> => {
    const catalog = suite.api.sessions.session!.catalog;
    await catalog.types();
    const page = await suite.truth.list(type, {
      count: { count, offset },
      order: { attribute: 'id', direction: 'ASC' },
    });
    return page.transfer_objects.map((o) => ({ kind: 'object', object: catalog.objectInfo(o) }) as Node);
  };
  const idOf = (node: Node) => (node as Extract<Node, { kind: 'object' }>).object.id;
  const definition = async (type: string, id: bigint) => (await suite.truth.get(type, id)).definition as JsonObject;
  const shown = (title: RegExp) =>
    vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'vensoft-bulk' && title.test(d.uri.path));
  const revert = (entry: JournalEntry) =>
    vscode.commands.executeCommand('vensoft.journal.revert', entry.id, undefined, { onConflict: 'skip' });

  it('previews Update Selected per object, sends only what changes, and reverts it', async () => {
    const selection = await nodes('machine', 270, 3);
    const ids = selection.map(idOf);
    const originals = await Promise.all(ids.map((id) => definition('machine', id)));
    const value = '2026-09-09T09:00:00Z';
    await suite.truth.update('machine', ids[0]!, { tstamp_last_haccp: value }); // already holds it
    const uri = await vscode.commands.executeCommand<string>('vensoft.updateSelected', selection[0], selection, {
      run: true,
    });
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
    const edit = new vscode.WorkspaceEdit();
    edit.replace(document.uri, new vscode.Range(0, 0, document.lineCount, 0), `{ "tstamp_last_haccp": "${value}" }\n`);
    await vscode.workspace.applyEdit(edit);
    assert.equal(await document.save(), true);

    const preview = shown(/Preview: Update 3 machine objects/)?.getText() ?? '';
    assert.match(preview, /3 objects: 2 to write, 1 skipped/);
    assert.match(preview, new RegExp(`${ids[0]}\\) \\| skipped: It already holds these values`));
    assert.match(preview, new RegExp(`${ids[1]}\\) \\| tstamp_last_haccp \\| .* \\| \`"${value}"\``));
    const summary = shown(/Summary: Update 3 machine objects/)?.getText() ?? '';
    assert.match(summary, /2 succeeded, 0 failed, 1 skipped/);

    const entry = newest();
    assert.equal(entry.label, 'Update 3 machine objects');
    assert.deepEqual(
      entry.writes.map((w) => [w.kind, w.objects.map((o) => o.id)]),
      [['updatemany', [ids[1]!.toString(), ids[2]!.toString()]]],
    );
    for (const id of ids) assert.equal((await definition('machine', id)).tstamp_last_haccp, value);
    await revert(entry);
    for (const k of [1, 2])
      assert.equal((await definition('machine', ids[k]!)).tstamp_last_haccp, originals[k]!.tstamp_last_haccp);
  });

  it('writes nothing when the preview is cancelled, and keeps the text', async () => {
    const selection = await nodes('machine', 280, 2);
    const before = await Promise.all(selection.map((n) => definition('machine', idOf(n))));
    const entries = suite.api.journal.list().length;
    const uri = await vscode.commands.executeCommand<string>('vensoft.updateSelected', selection[0], selection, {
      run: false,
    });
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
    const edit = new vscode.WorkspaceEdit();
    edit.replace(document.uri, new vscode.Range(0, 0, document.lineCount, 0), '{ "name": "Never sent" }\n');
    await vscode.workspace.applyEdit(edit);
    await document.save();
    assert.equal(suite.api.journal.list().length, entries, 'nothing was journaled');
    assert.match(document.getText(), /Never sent/);
    for (const [k, n] of selection.entries())
      assert.equal((await definition('machine', idOf(n))).name, before[k]!.name);
  });

  it('deletes and moves a selection after the preview, in one entry each, and reverts both', async () => {
    const sims = await nodes('sim', 950, 2);
    const ids = sims.map(idOf);
    const parents = await Promise.all(ids.map(async (id) => (await definition('sim', id)).parent_id as bigint));
    const to = (await suite.truth.getContainer('sim', 'create')).find((c) => !parents.includes(c))!;
    assert.equal(
      await vscode.commands.executeCommand('vensoft.moveObject', sims[0], sims, to.toString(), { run: true }),
      to.toString(),
    );
    const move = newest();
    assert.deepEqual(
      move.writes.map((w) => [w.kind, w.objects[0]!.fromParent]),
      ids.map((_, k) => ['move', parents[k]!.toString()]),
    );
    for (const id of ids) assert.equal((await definition('sim', id)).parent_id, to);

    const deleted = await vscode.commands.executeCommand('vensoft.deleteObject', sims[0], sims, { run: true });
    assert.deepEqual(deleted, Object.fromEntries(ids.map((id) => [id.toString(), true])));
    const del = newest();
    assert.equal(del.writes[0]!.kind, 'deletemany');
    await revert(del);
    await revert(move);
    for (const [k, id] of ids.entries()) assert.equal((await definition('sim', id)).parent_id, parents[k]);
    await discardAndCloseEditors();
  });
});
