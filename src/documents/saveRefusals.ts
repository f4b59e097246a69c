// How a save the extension refuses (invalid JSON, a parent_id edit, a conflict left open, a server
// error) ends without looking like data loss. A writeFile that throws makes VS Code show its own
// "Failed to save … (FileSystemError)" toast with a Revert button that drops the user's text. So a
// refused save resolves without writing and the document stays dirty, because its version moves
// while the save runs (VS Code then does not mark it saved); the reason is said once, in our words.
// Auto-saves (files.autoSave, on by default in code-server) must not loop: each version move would
// start another one. A refused auto-save therefore waits, quietly, until the document changes or
// closes, or until "vensoft.saveObject" (Ctrl+S on these documents) asks for an explicit save.
import * as vscode from 'vscode';

export class SaveRefusals implements vscode.Disposable {
  private readonly reasons = new Map<string, vscode.TextDocumentSaveReason>();
  /** The text of each document's last refused save: an auto-save of the same text is not tried again. */
  private readonly refusedText = new Map<string, string>();
  /** Refused auto-saves waiting for the document to change, by URI: resolving ends the save. */
  private readonly waiting = new Map<string, () => void>();
  private readonly listeners: vscode.Disposable;

  constructor() {
    this.listeners = vscode.Disposable.from(
      // VS Code says why a document is saved just before it writes it.
      vscode.workspace.onWillSaveTextDocument((e) => this.reasons.set(e.document.uri.toString(), e.reason)),
      vscode.workspace.onDidChangeTextDocument((e) => e.contentChanges.length && this.endWaiting(e.document.uri)),
      vscode.workspace.onDidCloseTextDocument((d) => {
        this.endWaiting(d.uri);
        this.refusedText.delete(d.uri.toString());
      }),
    );
  }

  /** Whether the save now being written was started by the user (Ctrl+S, a menu, the API), not by auto-save. */
  isExplicit(uri: vscode.Uri): boolean {
    const reason = this.reasons.get(uri.toString());
    this.reasons.delete(uri.toString());
    return reason === undefined || reason === vscode.TextDocumentSaveReason.Manual;
  }

  /** Whether an auto-save of `text` would only repeat the document's last refusal. */
  refusedBefore(uri: vscode.Uri, text: string): boolean {
    return this.refusedText.get(uri.toString()) === text;
  }

  /**
   * Ends a save without writing; the document stays dirty. `message` (none when it was said already)
   * is shown as a warning for a save the user asked for, in the status bar for an auto-save.
   */
  async refuse(uri: vscode.Uri, text: string, message: string | undefined, explicit: boolean): Promise<void> {
    this.refusedText.set(uri.toString(), text);
    if (!explicit) {
      if (message) vscode.window.setStatusBarMessage(`$(warning) Not saved: ${message}`, 10_000);
      return this.waitForChange(uri);
    }
    void vscode.window.showWarningMessage(`Not saved. ${message}`);
    await keepDirty(uri);
  }

  /** A refused auto-save waiting on the document of `uri` ends (still dirty), before a save the user asked for. */
  async releaseForExplicitSave(uri: vscode.Uri): Promise<void> {
    this.refusedText.delete(uri.toString());
    if (!this.waiting.has(uri.toString())) return;
    await keepDirty(uri); // the change itself ends the wait
  }

  /** Whether the document's last save was refused (it keeps unsaved text, whatever TextDocument.isDirty says). */
  hasRefused(uri: vscode.Uri): boolean {
    return this.refusedText.has(uri.toString());
  }

  /** Forgets the refusal once a save went through. */
  saved(uri: vscode.Uri): void {
    this.refusedText.delete(uri.toString());
  }

  private waitForChange(uri: vscode.Uri): Promise<void> {
    this.endWaiting(uri);
    return new Promise((resolve) => this.waiting.set(uri.toString(), resolve));
  }

  private endWaiting(uri: vscode.Uri): void {
    const resolve = this.waiting.get(uri.toString());
    this.waiting.delete(uri.toString());
    resolve?.();
  }

  dispose(): void {
    this.listeners.dispose();
    for (const resolve of this.waiting.values()) resolve();
    this.waiting.clear();
  }
}

/**
 * Moves the document's version without changing its text (its last character replaced by itself),
 * so that the save running now leaves it dirty.
 */
async function keepDirty(uri: vscode.Uri): Promise<void> {
  const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  const text = document?.getText();
  if (!document || !text) return;
  const edit = new vscode.WorkspaceEdit();
  edit.replace(uri, new vscode.Range(document.positionAt(text.length - 1), document.positionAt(text.length)), text.slice(-1));
  await vscode.workspace.applyEdit(edit);
}
