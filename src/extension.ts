// Composition root of the Vensoft Explorer extension: activate() wires the features together.
// The features (sessions, explorer, documents, filters, reports) arrive with their issues; until
// then the extension contributes nothing and the emulator is used on its own (npm start).
import type * as vscode from 'vscode';

export function activate(_context: vscode.ExtensionContext): void {
  // Nothing to wire yet.
}

export function deactivate(): void {
  // Nothing to dispose yet.
}
