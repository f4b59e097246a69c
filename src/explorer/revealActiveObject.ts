// Reveal of an object opened elsewhere: when an object document becomes the active editor and
// the explorer is visible, select that object in the tree (unless it was opened from a row of the
// tree, a row of it is selected already, or the document belongs to another connection than the tree's).
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
  /** The document about to open was opened from a row of the tree: the tree keeps the user's place. */
  openingFromTree(uri: vscode.Uri): void;
}

/** `connection`: the name of the connection the tree shows now, if any. */
export function revealActiveObject(
  view: vscode.TreeView<Node>,
  connection: () => string | undefined,
): ActiveObjectReveal {
  // The document a row opens (a click or right-click → Open): not revealed when it becomes active. A
  // right-clicked row is not selected, so the selection check below does not see it.
  let fromTree: string | undefined;
  const listener = vscode.window.onDidChangeActiveTextEditor((editor) => {
    if (!editor) return; // no editor for a moment: the one opening follows
    const opened = fromTree;
    fromTree = undefined;
    if (editor.document.uri.toString() === opened) return;
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
    openingFromTree: (uri) => {
      fromTree = uri.toString();
    },
    dispose: () => listener.dispose(),
  };
}
