// Reveal of an object opened elsewhere: when an object document becomes the active editor and
// the explorer is visible, select that object in the tree (unless a row of it is selected already,
// or the document belongs to another connection than the tree's).
import * as vscode from 'vscode';
import { parseObjectUri, sameConnection } from '../uris';
import type { Node } from './explorerTree';

function isObject(node: Node, type: string, id: string): boolean {
  return (node.kind === 'object' || node.kind === 'container') && node.object.typeName === type && node.object.id.toString() === id;
}

/** `connection`: the name of the connection the tree shows now, if any. */
export function revealActiveObject(view: vscode.TreeView<Node>, connection: () => string | undefined): vscode.Disposable {
  return vscode.window.onDidChangeActiveTextEditor((editor) => {
    const address = editor && parseObjectUri(editor.document.uri);
    if (!address || !view.visible) return;
    // A document of another connection (still open after switching) has no row in this tree: an
    // object with its id here would be another object, or a row VS Code cannot resolve.
    const shown = connection();
    if (!shown || !sameConnection(address.connection, shown)) return;
    // Opened from the tree (say under Containers): the row is selected already; do not jump elsewhere.
    if (view.selection.some((n) => isObject(n, address.type, address.id))) return;
    void vscode.commands.executeCommand('vensoft.revealObject', { type: address.type, id: address.id, quiet: true });
  });
}
