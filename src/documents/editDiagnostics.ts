// Marks, while the user types, the edits a save would refuse: attributes this user may not update
// on this object, and a changed parent_id (a move, not an update).
import * as vscode from 'vscode';
import { findNodeAtLocation, parseTree, type Node as JsonNode } from 'jsonc-parser';
import { diffDefinition, notUpdatable, readDefinition } from '../core/objectEdit';
import { OBJECT_SCHEME } from '../uris';
import type { ObjectFileSystem } from './objectFileSystem';

export function registerEditDiagnostics(files: ObjectFileSystem): vscode.Disposable {
  const diagnostics = vscode.languages.createDiagnosticCollection('vensoft-object');
  const check = (document: vscode.TextDocument) => {
    if (document.uri.scheme !== OBJECT_SCHEME) return;
    diagnostics.set(document.uri, problemsOf(document, files));
  };
  vscode.workspace.textDocuments.forEach(check);
  return vscode.Disposable.from(
    diagnostics,
    vscode.workspace.onDidOpenTextDocument(check),
    vscode.workspace.onDidChangeTextDocument((e) => check(e.document)),
    files.onDidChangeFile((events) =>
      events.forEach((e) => {
        const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === e.uri.toString());
        if (document) check(document);
      }),
    ),
    vscode.workspace.onDidCloseTextDocument((d) => diagnostics.delete(d.uri)),
  );
}

function problemsOf(document: vscode.TextDocument, files: ObjectFileSystem): vscode.Diagnostic[] {
  const known = files.knownState(document.uri);
  if (!known) return [];
  const text = document.getText();
  const read = readDefinition(text);
  if ('problem' in read) return []; // the JSON language service already marks syntax errors
  const diff = diffDefinition(known.definition, read.definition);
  const tree = parseTree(text);
  const problems: vscode.Diagnostic[] = [];
  for (const name of notUpdatable(diff.changes, known.updatable)) {
    const problem = new vscode.Diagnostic(
      keyRange(document, tree, name),
      vscode.l10n.t('You may not update "{0}" of this object; saving will be refused. Undo this edit.', name),
      vscode.DiagnosticSeverity.Error,
    );
    problem.source = 'Vensoft';
    problems.push(problem);
  }
  if (diff.parentChange) {
    const problem = new vscode.Diagnostic(
      keyRange(document, tree, 'parent_id'),
      vscode.l10n.t(
        'Saving does not change parent_id (update does not move objects): saving offers to move the object instead; or put it back.',
      ),
      vscode.DiagnosticSeverity.Error,
    );
    problem.source = 'Vensoft';
    problems.push(problem);
  }
  return problems;
}

/** The range of `"name"` as a top-level key in the document, or the first line when it was removed. */
function keyRange(document: vscode.TextDocument, tree: JsonNode | undefined, name: string): vscode.Range {
  const key = tree && findNodeAtLocation(tree, [name])?.parent?.children?.[0];
  if (!key) return document.lineAt(0).range;
  return new vscode.Range(document.positionAt(key.offset), document.positionAt(key.offset + key.length));
}
