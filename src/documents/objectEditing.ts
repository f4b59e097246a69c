// The object documents' editor helpers (diagnostics, CodeLens, attribute completion), bundled apart
// with jsonc-parser (dist/objectEditing.js) and loaded when the first object document opens
// (whenObjectsOpen.ts): activation does not pay for them.
import * as vscode from 'vscode';
import type { SessionManager } from '../session/sessionManager';
import { registerAttributeCompletion } from './attributeCompletion';
import { registerEditDiagnostics } from './editDiagnostics';
import { registerObjectLens } from './objectLens';
import type { ObjectFileSystem } from './objectFileSystem';

export function registerObjectEditing(files: ObjectFileSystem, sessions: SessionManager): vscode.Disposable {
  return vscode.Disposable.from(
    registerEditDiagnostics(files),
    registerObjectLens(files),
    registerAttributeCompletion(sessions),
  );
}
