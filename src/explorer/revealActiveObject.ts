// Reveal of an object opened elsewhere: when an object document becomes the active editor and
// the explorer is visible, select that object in the tree (unless a row of it is selected already).
import * as vscode from 'vscode';
import { parseObjectUri } from '../uris';
import type { Node } from './explorerTree';

function isObject(node: Node, type: string, id: string): boolean {
  return (node.kind === 'object' || node.kind === 'container') && node.object.typeName === type && node.object.id.toString() === id;
}

export function revealActiveObject(view: vscode.TreeView<Node>): vscode.Disposable {
  return vscode.window.onDidChangeActiveTextEditor((editor) => {
    const address = editor && parseObjectUri(editor.document.uri);
    if (!address || !view.visible) return;
    // Opened from the tree (say under Containers): the row is selected already; do not jump elsewhere.
    if (view.selection.some((n) => isObject(n, address.type, address.id))) return;
    void vscode.commands.executeCommand('vensoft.revealObject', { type: address.type, id: address.id, quiet: true });
  });
}
