// Registers the object documents' editor helpers (diagnostics, CodeLens, completion) when the
// first object document opens, not at activation: most sessions browse before they edit.
import * as vscode from 'vscode';
import { OBJECT_SCHEME } from '../uris';

export function whenObjectsOpen(register: () => vscode.Disposable): vscode.Disposable {
  let registered: vscode.Disposable | undefined;
  const isObject = (d: vscode.TextDocument) => d.uri.scheme === OBJECT_SCHEME;
  const ensure = () => {
    registered ??= register();
  };
  if (vscode.workspace.textDocuments.some(isObject)) ensure();
  const listener = vscode.workspace.onDidOpenTextDocument((d) => isObject(d) && ensure());
  return new vscode.Disposable(() => {
    listener.dispose();
    registered?.dispose();
  });
}
