// Reveal of an object opened elsewhere: when an object document becomes the active editor and
// the explorer is visible, select that object in the tree.
import * as vscode from 'vscode';
import { parseObjectUri } from '../uris';
import type { Node } from './explorerTree';

export function revealActiveObject(view: vscode.TreeView<Node>): vscode.Disposable {
  return vscode.window.onDidChangeActiveTextEditor((editor) => {
    const address = editor && parseObjectUri(editor.document.uri);
    if (!address || !view.visible) return;
    void vscode.commands.executeCommand('vensoft.revealObject', { type: address.type, id: address.id, quiet: true });
  });
}
