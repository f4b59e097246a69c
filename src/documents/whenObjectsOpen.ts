// Loads and registers the object documents' editor helpers (diagnostics, CodeLens, completion:
// dist/objectEditing.js) when the first object document opens, not at activation: most sessions
// browse before they edit. Other features loaded with object documents (links) use the same hook.
import * as vscode from 'vscode';
import type { SessionManager } from '../session/sessionManager';
import { OBJECT_SCHEME } from '../uris';
import type { ObjectFileSystem } from './objectFileSystem';

/** Calls `ensure` once an object document (or one of the `also` schemes) is open, now or when the first one opens. */
export function onObjectDocuments(ensure: () => void, ...also: string[]): vscode.Disposable {
  const isObject = (d: vscode.TextDocument) => d.uri.scheme === OBJECT_SCHEME || also.includes(d.uri.scheme);
  if (vscode.workspace.textDocuments.some(isObject)) ensure();
  return vscode.workspace.onDidOpenTextDocument((d) => isObject(d) && ensure());
}

export function whenObjectsOpen(files: ObjectFileSystem, sessions: SessionManager): vscode.Disposable {
  let registered: vscode.Disposable | undefined;
  const listener = onObjectDocuments(() => {
    // A separate bundle beside dist/extension.js; esbuild leaves this require alone.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on demand, from a sibling bundle
    registered ??= (require('./objectEditing.js') as typeof import('./objectEditing')).registerObjectEditing(
      files,
      sessions,
    );
  });
  return new vscode.Disposable(() => {
    listener.dispose();
    registered?.dispose();
  });
}
