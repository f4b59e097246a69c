// The request history's own bundle (dist/history.js), loaded by src/history/loader.ts when the view
// is first shown, a history document opens, or a command of the feature runs: the History view's
// rows, its documents and commands, re-runs on any connection, Compare with… and Copy as Code.
import * as vscode from 'vscode';
import type { registerCommand } from '../commandPath';
import type { SessionManager } from '../session/sessionManager';
import type { SessionSecrets } from '../session/sessionSecrets';
import { documentContent } from './historyDocuments';
import { registerHistoryCommands } from './historyCommands';
import type { HistoryStore } from './historyStore';
import { HistoryView, type HistoryNode } from './historyView';
import { Sender } from './sendOn';
import { registerCompareAndCode } from './compareWith';

export type RegisterCommand = typeof registerCommand;

export interface HistoryFeature extends vscode.Disposable {
  view: HistoryView;
  documentContent(uri: vscode.Uri): Promise<string>;
}

export interface HistoryParts {
  store: HistoryStore;
  sessions: SessionManager;
  secrets: SessionSecrets;
  /** The History view, registered at activation; its provider hands over to `view`. */
  tree: vscode.TreeView<HistoryNode>;
  /** What tells the registered view that its rows changed. */
  changed: vscode.EventEmitter<void>;
  /** The activation bundle's one command path (this bundle has none of its own). */
  registerCommand: RegisterCommand;
}

export function createHistoryFeature({
  store,
  sessions,
  secrets,
  tree,
  changed,
  registerCommand,
}: HistoryParts): HistoryFeature {
  const view = new HistoryView(store, sessions);
  const describe = () => (tree.description = view.describe());
  view.visible = () => tree.visible;
  // A re-run is recorded even with the history off: that is how its answer is shown.
  const sender = new Sender(sessions, secrets, store);
  const disposable = vscode.Disposable.from(
    view,
    view.onDidChangeTreeData(() => {
      describe();
      changed.fire();
    }),
    tree.onDidChangeVisibility((e) => e.visible && view.shown()),
    sessions.onDidChange(() => view.show(undefined)),
    registerHistoryCommands(store, view, sender, registerCommand),
    registerCompareAndCode(sessions, sender, registerCommand),
  );
  describe();
  return { view, documentContent: (uri) => documentContent(store, uri), dispose: () => disposable.dispose() };
}
