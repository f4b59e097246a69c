// Loads and registers the object documents' editor helpers (diagnostics, CodeLens, completion:
// dist/objectEditing.js) when the first object document opens, not at activation: most sessions
// browse before they edit.
import * as vscode from 'vscode';
import type { SessionManager } from '../session/sessionManager';
import { OBJECT_SCHEME } from '../uris';
import type { ObjectFileSystem } from './objectFileSystem';

export function whenObjectsOpen(files: ObjectFileSystem, sessions: SessionManager): vscode.Disposable {
  let registered: vscode.Disposable | undefined;
  const isObject = (d: vscode.TextDocument) => d.uri.scheme === OBJECT_SCHEME;
  const ensure = () => {
    // A separate bundle beside dist/extension.js; esbuild leaves this require alone.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on demand, from a sibling bundle
    registered ??= (require('./objectEditing.js') as typeof import('./objectEditing')).registerObjectEditing(
      files,
      sessions,
    );
  };
  if (vscode.workspace.textDocuments.some(isObject)) ensure();
  const listener = vscode.workspace.onDidOpenTextDocument((d) => isObject(d) && ensure());
  return new vscode.Disposable(() => {
    listener.dispose();
    registered?.dispose();
  });
}
