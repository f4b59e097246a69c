// Open object documents follow the server after every write the extension makes (Move, Update
// Selected…, Undelete, a save), and a refused save ends without failing the write (so VS Code
// offers no "Revert"), keeping the user's text.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Node } from '../../src/explorer/explorerTree';
import { parseJson, type JsonObject } from '../../src/core/json';
import { documentText, jsonEqual } from '../../src/core/objectEdit';
import { objectUri } from '../../src/uris';
import {
  child,
  demoSuite,
  discardAndCloseEditors,
  editAttribute,
  LOCAL,
  setting,
  shownModified,
  waitFor,
  withAutoSave,
} from './support';

type ObjectNode = Extract<Node, { kind: 'object' }>;

describe('open documents follow the server', () => {
  const suite = demoSuite();

  before(async () => {
    await setting('confirmDestructiveActions', false); // modal confirmations cannot be answered here
  });

  after(async () => {
    await setting('confirmDestructiveActions', undefined);
  });

  const machines = async () => {
    const type = await child(
      suite.api,
      await child(suite.api, await child(suite.api, undefined, LOCAL), 'Object Types'),
      'machine',
    );
    return (await suite.api.explorer.getChildren(type)).filter((n): n is ObjectNode => n.kind === 'object');
  };
  /** The n-th machine in the tree (one no other test uses), its id, and its document, opened. */
  const openMachine = async (n: number) => {
    const node = (await machines())[n]!;
    const document = await vscode.workspace.openTextDocument(
      objectUri({ connection: LOCAL, type: 'machine', id: node.object.id.toString() }),
    );
    return { node, id: node.object.id, document };
  };
  const server = async (id: bigint) => (await suite.truth.get('machine', id)).definition as JsonObject;
  /** Waits until the document shows exactly what the server holds, unmodified. */
  const showsServer = async (document: vscode.TextDocument, id: bigint) => {
    const expected = await server(id);
    const same = () => {
      try {
        return !document.isDirty && jsonEqual(parseJson(document.getText()) as JsonObject, expected);
      } catch {
        return false;
      }
    };
    await waitFor(() => (same() ? [true] : []));
    assert.ok(
      same(),
      `the document does not show the server's state unmodified (dirty: ${document.isDirty}):\n${document.getText()}`,
    );
  };

  it('shows the new parent_id after Move, and the next save is a plain update', async () => {
    const { node, id, document } = await openMachine(120);
    const to = (await suite.truth.getContainer('machine', 'create')).find((c) => c !== node.object.parentId)!;
    assert.equal(
      await vscode.commands.executeCommand('vensoft.moveObject', node, undefined, to.toString()),
      to.toString(),
    );
    await showsServer(document, id);
    await editAttribute(document, 'name', '"Moved, then renamed"');
    assert.equal(await document.save(), true, 'the save after Move was refused');
    const after = await server(id);
    assert.equal(after.parent_id, to);
    assert.equal(after.name, 'Moved, then renamed');
  });

  it('after Update Selected… on an object with unsaved edits, the save sends only the edits, without a false conflict', async () => {
    const { node, id, document } = await openMachine(121);
    await editAttribute(document, 'name', '"Edited while a batch ran"');
    const batch = await vscode.commands.executeCommand<string>('vensoft.updateSelected', node, [node]);
    const batchDocument = await vscode.workspace.openTextDocument(vscode.Uri.parse(batch));
    const edit = new vscode.WorkspaceEdit();
    edit.replace(
      batchDocument.uri,
      new vscode.Range(0, 0, batchDocument.lineCount, 0),
      '{ "tstamp_last_haccp": "2026-11-02T09:00:00Z" }\n',
    );
    await vscode.workspace.applyEdit(edit);
    assert.equal(await batchDocument.save(), true);
    assert.equal(await document.save(), true, 'the save after Update Selected… was refused (a false conflict)');
    const after = await server(id);
    assert.equal(after.name, 'Edited while a batch ran');
    assert.equal(after.tstamp_last_haccp, '2026-11-02T09:00:00Z', 'the save wrote the old value back');
    await showsServer(document, id);
  });

  it('shows the object again after Delete and Undelete', async () => {
    const { node, id, document } = await openMachine(122);
    await suite.truth.update('machine', id, { name: 'Renamed before the delete' });
    await vscode.commands.executeCommand('vensoft.deleteObject', node);
    assert.equal(
      await vscode.commands.executeCommand('vensoft.undeleteObject', { type: 'machine', id: id.toString() }),
      true,
    );
    await showsServer(document, id);
  });

  it('says so when its object is deleted: the header offers Undelete, a save is refused keeping the text', async () => {
    const { node, id, document } = await openMachine(126);
    await vscode.window.showTextDocument(document);
    await editAttribute(document, 'name', '"Edited, then deleted"');
    await vscode.commands.executeCommand('vensoft.deleteObject', node);
    const deletedLens = async () =>
      (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri)).find(
        (l) => l.command?.command === 'vensoft.undeleteObject',
      );
    /** Polls the header until it says deleted (or not): the document learns the server's state after the write. */
    const headerSaysDeleted = async (deleted: boolean) => {
      for (let i = 0; i < 100 && Boolean(await deletedLens()) !== deleted; i++)
        await new Promise((r) => setTimeout(r, 100));
      return deletedLens();
    };
    const lens = await headerSaysDeleted(true);
    assert.match(lens?.command?.title ?? '', /has been deleted on the server/, 'no header says it is deleted');
    assert.equal(await document.save(), false, 'a save of a deleted object was not refused');
    assert.equal(await shownModified(document), true);
    // Undelete from the header: the document follows the server again, and the kept edit saves.
    await vscode.commands.executeCommand(lens!.command!.command, ...(lens!.command!.arguments ?? []));
    assert.equal(await headerSaysDeleted(false), undefined, 'the header still says deleted after Undelete');
    assert.equal(await document.save(), true, 'the save after Undelete was refused');
    assert.equal((await server(id)).name, 'Edited, then deleted');
  });

  it('after a save, shows what the server holds, though the user saved other text', async () => {
    const { id, document } = await openMachine(123);
    // Someone else renames it; the user saves the document with only a blank line added.
    await suite.truth.update('machine', id, { name: 'Renamed by someone else' });
    const edit = new vscode.WorkspaceEdit();
    edit.insert(document.uri, new vscode.Position(0, 1), '\n');
    await vscode.workspace.applyEdit(edit);
    assert.equal(await document.save(), true);
    await showsServer(document, id);
  });

  it("after a save, shows the server's state without turning modified again (closing it then asks nothing)", async () => {
    const { id, document } = await openMachine(126);
    await vscode.window.showTextDocument(document); // as in the UI: an editor shows it
    // The user's text differs from what the server's answer shows: an edit, and a blank line.
    await editAttribute(document, 'serial_number', '"SN-SAVED-WITH-A-BLANK-LINE"');
    const blankLine = new vscode.WorkspaceEdit();
    blankLine.insert(document.uri, new vscode.Position(0, 1), '\n');
    await vscode.workspace.applyEdit(blankLine);
    // Every state the document passes through once the save is done: a document that turns modified
    // again (to show the server's state) asks "save changes?" when it is closed at that moment.
    const dirtyAfterSave: boolean[] = [];
    let saved = false;
    const listener = vscode.workspace.onDidChangeTextDocument((e) => {
      if (saved && e.document === document) dirtyAfterSave.push(e.document.isDirty);
    });
    try {
      assert.equal(await document.save(), true);
      saved = true;
      // Exactly the server's text (the blank line gone), not only the same JSON.
      const text = documentText(await server(id));
      await waitFor(() => (document.getText() === text && !document.isDirty ? [true] : []));
      await showsServer(document, id);
    } finally {
      listener.dispose();
    }
    assert.equal((await server(id)).serial_number, 'SN-SAVED-WITH-A-BLANK-LINE');
    assert.ok(dirtyAfterSave.length > 0, "the document did not change to show the server's state");
    assert.deepEqual(
      dirtyAfterSave.filter((dirty) => dirty),
      [],
      'the document turned modified after its save',
    );
    await discardAndCloseEditors();
  });

  it('lets no auto-save write to the server: it stands as a marker, and a save the user asks for writes', async () => {
    const { node, id, document } = await openMachine(125);
    await vscode.window.showTextDocument(document);
    // code-server's default; the save below is the user's alone.
    const marked = await withAutoSave('afterDelay', async () => {
      await editAttribute(document, 'name', '"Typed, then left to auto-save"');
      return waitFor(
        () => vscode.languages.getDiagnostics(document.uri).filter((d) => d.message.startsWith('Not saved:')),
        15_000,
      );
    });
    assert.match(marked[0]?.message ?? '(no marker)', /Auto Save does not write to Vensoft\. Save with Ctrl\+S/);
    assert.equal(await shownModified(document), true);
    assert.equal((await server(id)).name, node.object.definition.name);
    assert.equal(await document.save(), true); // as Ctrl+S: a save the user asked for
    assert.equal((await server(id)).name, 'Typed, then left to auto-save');
    await discardAndCloseEditors();
  });

  it('refuses invalid JSON without failing the write, so VS Code offers no Revert; the text stays, unsaved', async () => {
    const { node, id, document } = await openMachine(124);
    await vscode.window.showTextDocument(document); // as a person edits it: in an editor
    await editAttribute(document, 'name', '"half typed",,');
    const typed = document.getText();
    // The write VS Code's save makes resolves: a rejection is what brings its "Failed to save" toast.
    await suite.api.files.writeFile(document.uri, new TextEncoder().encode(typed));
    assert.equal(await document.save(), false);
    assert.equal(await shownModified(document), true);
    assert.equal(document.getText(), typed);
    assert.ok(jsonEqual(await server(id), node.object.definition as JsonObject));
    await discardAndCloseEditors();
  });
});
