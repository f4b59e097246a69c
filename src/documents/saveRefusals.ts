// How a save the extension refuses (invalid JSON, a parent_id edit, a conflict left open, a server
// error) ends without looking like data loss. A writeFile that throws makes VS Code show its own
// "Failed to save … (FileSystemError)" toast with a Revert button that drops the user's text. So a
// refused save resolves without writing and the document stays modified, because its version
// moves while the save runs (VS Code then does not mark it saved); the reason is said once.
// Auto-save (files.autoSave, on by default in code-server) must not retry a refusal in a loop:
// VS Code skips auto-saving JSON with error markers (files.autoSaveWhenNoErrors, set for JSON by
// this extension), the editor marks problems in the text, and a refusal for any other reason
// stands as a marker until a save goes through. An auto-save that repeats a refusal anyway (the
// setting turned off) waits until the document changes, or until Ctrl+S ("vensoft.saveObject").
import * as vscode from 'vscode';

/** A save refused for a problem in the document's text, which the editor marks as the user types. */
export class TextProblem extends Error {}

export class SaveRefusals implements vscode.Disposable {
  private readonly reasons = new Map<string, vscode.TextDocumentSaveReason>();
  /** The text of each document's last refused save: an auto-save of the same text is not tried again. */
  private readonly refusedText = new Map<string, string>();
  /** Documents whose last save was refused, by URI, until a save goes through. */
  private readonly unsaved = new Set<string>();
  /** Refused auto-saves waiting for the document to change, by URI: resolving ends the save. */
  private readonly waiting = new Map<string, () => void>();
  /** Refusals that stand until a save goes through (a conflict, a server error). */
  private readonly markers = vscode.languages.createDiagnosticCollection('vensoft-save');
  /** The status bar message of a refused auto-save, by URI: gone once a save goes through. */
  private readonly statusMessages = new Map<string, vscode.Disposable>();
  private readonly listeners: vscode.Disposable;

  constructor() {
    this.listeners = vscode.Disposable.from(
      this.markers,
      // VS Code says why a document is saved just before it writes it.
      vscode.workspace.onWillSaveTextDocument((e) => this.reasons.set(e.document.uri.toString(), e.reason)),
      vscode.workspace.onDidChangeTextDocument((e) => e.contentChanges.length && this.endWaiting(e.document.uri)),
      vscode.workspace.onDidCloseTextDocument((d) => {
        this.endWaiting(d.uri);
        this.forget(d.uri);
      }),
    );
  }

  /** Whether the save now being written was started by the user (Ctrl+S, a menu, the API), not by auto-save. */
  isExplicit(uri: vscode.Uri): boolean {
    const reason = this.reasons.get(uri.toString());
    this.reasons.delete(uri.toString());
    return reason === undefined || reason === vscode.TextDocumentSaveReason.Manual;
  }

  /** An auto-save that would only repeat the document's last refusal waits until the document changes. */
  repeatsRefusal(uri: vscode.Uri, text: string, explicit: boolean): Promise<void> | undefined {
    return !explicit && this.refusedText.get(uri.toString()) === text ? this.waitForChange(uri) : undefined;
  }

  /**
   * Ends a save without writing; the document stays modified. Says why once: as a warning for a
   * save the user asked for, in the status bar for an auto-save.
   */
  async refuse(uri: vscode.Uri, text: string, reason: unknown, explicit: boolean): Promise<void> {
    const message = reason instanceof Error ? reason.message : String(reason);
    this.refusedText.set(uri.toString(), text);
    this.unsaved.add(uri.toString());
    if (!(reason instanceof TextProblem)) {
      const marker = new vscode.Diagnostic(
        new vscode.Range(0, 0, 0, 1),
        vscode.l10n.t('Not saved: {0}', message),
        vscode.DiagnosticSeverity.Error,
      );
      marker.source = 'Vensoft';
      this.markers.set(uri, [marker]);
    }
    if (explicit) void vscode.window.showWarningMessage(vscode.l10n.t('Not saved. {0}', message));
    else {
      this.statusMessages.get(uri.toString())?.dispose();
      this.statusMessages.set(
        uri.toString(),
        vscode.window.setStatusBarMessage(`$(warning) ${vscode.l10n.t('Not saved: {0}', message)}`, 10_000),
      );
    }
    await keepModified(uri);
  }

  /**
   * The document's last refusal no longer holds (the object changed on the server, or the user asks
   * to save): the same text is tried again, and a refused auto-save still waiting ends (the
   * document stays modified, and auto-save tries it anew).
   */
  async reconsider(uri: vscode.Uri): Promise<void> {
    this.refusedText.delete(uri.toString());
    if (this.waiting.has(uri.toString())) await keepModified(uri); // the change ends the wait
  }

  /** Whether the document's last save was refused (it keeps unsaved text, whatever TextDocument.isDirty says). */
  hasRefused(uri: vscode.Uri): boolean {
    return this.unsaved.has(uri.toString());
  }

  /** Forgets the refusal (and its marker) once a save went through. */
  forget(uri: vscode.Uri): void {
    this.refusedText.delete(uri.toString());
    this.unsaved.delete(uri.toString());
    this.markers.delete(uri);
    this.statusMessages.get(uri.toString())?.dispose();
    this.statusMessages.delete(uri.toString());
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
 * Moves the document's version without changing its text, so that the save running now leaves it
 * modified: a space added at its end and taken away again (VS Code ignores an edit that replaces
 * text by itself). In a visible editor both go into one undo step, which undoes nothing visible.
 */
async function keepModified(uri: vscode.Uri): Promise<void> {
  const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (!document) return;
  const end = document.lineAt(document.lineCount - 1).range.end;
  const space = new vscode.Range(end, end.translate(0, 1));
  const editor = vscode.window.visibleTextEditors.find((e) => e.document === document);
  if (editor) {
    const noUndoStop = { undoStopBefore: false, undoStopAfter: false };
    if (await editor.edit((b) => b.insert(end, ' '), noUndoStop)) await editor.edit((b) => b.delete(space), noUndoStop);
    return;
  }
  const add = new vscode.WorkspaceEdit();
  add.insert(uri, end, ' ');
  const remove = new vscode.WorkspaceEdit();
  remove.delete(uri, space);
  if (await vscode.workspace.applyEdit(add)) await vscode.workspace.applyEdit(remove);
}
