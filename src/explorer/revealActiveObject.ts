// Reveal of an object opened elsewhere: when an object document becomes the active editor and
// the explorer is visible, select that object in the tree (unless it was last opened from a row of
// the tree, a row of it is selected already, or the document belongs to another connection than the tree's).
import * as vscode from 'vscode';
import { parseObjectUri, sameConnection } from '../uris';
import type { Node } from './explorerTree';

function isObject(node: Node, type: string, id: string): boolean {
  return (
    (node.kind === 'object' || node.kind === 'container') &&
    node.object.typeName === type &&
    node.object.id.toString() === id
  );
}

export interface ActiveObjectReveal extends vscode.Disposable {
  /** A document about to open, from a row of the tree or not: one from the tree never moves the tree. */
  opening(uri: vscode.Uri, fromTree: boolean): void;
}

/** `connection`: the name of the connection the tree shows now, if any. */
export function revealActiveObject(
  view: vscode.TreeView<Node>,
  connection: () => string | undefined,
): ActiveObjectReveal {
  // Documents a row opened (a click or right-click → Open), until opened otherwise or closed: the tree
  // keeps the user's place (under Containers, say) when their tabs are chosen again. A right-clicked
  // row is not selected, so the selection check below does not see it.
  const fromTree = new Set<string>();
  const closed = vscode.workspace.onDidCloseTextDocument((d) => fromTree.delete(d.uri.toString()));
  const listener = vscode.window.onDidChangeActiveTextEditor((editor) => {
    if (!editor) return; // no editor for a moment: the one opening follows
    if (fromTree.has(editor.document.uri.toString())) return;
    const address = parseObjectUri(editor.document.uri);
    if (!address || !view.visible) return;
    // A document of another connection (still open after switching) has no row in this tree: an
    // object with its id here would be another object, or a row VS Code cannot resolve.
    const shown = connection();
    if (!shown || !sameConnection(address.connection, shown)) return;
    // A row of it is selected (its tab chosen again, say): the user sees it already; do not jump elsewhere.
    if (view.selection.some((n) => isObject(n, address.type, address.id))) return;
    void vscode.commands.executeCommand('vensoft.revealObject', { type: address.type, id: address.id, quiet: true });
  });
  return {
    opening: (uri, tree) => void (tree ? fromTree.add(uri.toString()) : fromTree.delete(uri.toString())),
    dispose: () => {
      listener.dispose();
      closed.dispose();
    },
  };
}
