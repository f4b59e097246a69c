// The request history feature, wired: the store (global storage, one file per connection), the
// recorder the session's clients call, the History view, its documents and commands.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Exchange } from '../api';
import type { Log } from '../log';
import type { SessionManager } from '../session/sessionManager';
import type { SessionSecrets } from '../session/sessionSecrets';
import { registerHistoryDocuments } from './historyDocuments';
import { registerHistoryCommands } from './historyCommands';
import { HistoryStore, type HistoryEntry } from './historyStore';
import { HistoryView } from './historyView';
import { Sender } from './sendOn';
import { registerCompareAndCode } from './compareWith';

export interface History {
  store: HistoryStore;
  /** Records one exchange (what every client of the extension calls); undefined when the history is off. */
  record(connection: string, exchange: Exchange): HistoryEntry | undefined;
  view?: HistoryView;
}

const settings = () => vscode.workspace.getConfiguration('vensoft.history');

/** Created before the sessions (their clients record into it); reads nothing until it is needed. */
export function createHistory(globalStorage: vscode.Uri, log: Log): History & vscode.Disposable {
  const store = new HistoryStore(
    path.join(globalStorage.fsPath, 'history'),
    () => ({
      maxEntries: Math.max(1, settings().get<number>('maxEntries') ?? 500),
      maxResponseBytes: Math.max(0, settings().get<number>('maxResponseBytes') ?? 100_000),
    }),
    (message) => {
      log.warn(message);
      void vscode.window.showWarningMessage(message);
    },
  );
  const history: History & vscode.Disposable = {
    store,
    record(connection, exchange) {
      if (!settings().get<boolean>('enabled', true)) return undefined;
      const entry = store.record(connection, exchange);
      history.view?.refreshSoon();
      return entry;
    },
    dispose: () => void store.flush(),
  };
  return history;
}

export function registerHistory(
  history: History,
  sessions: SessionManager,
  secrets: SessionSecrets,
): vscode.Disposable {
  const view = new HistoryView(history.store, sessions);
  history.view = view;
  const tree = vscode.window.createTreeView('vensoft.requestHistory', { treeDataProvider: view });
  const describe = () => (tree.description = view.describe());
  view.visible = () => tree.visible;
  // A re-run is recorded even with the history off: that is how its answer is shown.
  const sender = new Sender(sessions, secrets, (c, x) => history.record(c, x) ?? history.store.record(c, x));
  return vscode.Disposable.from(
    view,
    tree,
    view.onDidChangeTreeData(describe),
    tree.onDidChangeVisibility((e) => e.visible && view.shown()),
    sessions.onDidChange(() => view.show(undefined)),
    registerHistoryDocuments(history.store),
    registerHistoryCommands(history.store, view, sender),
    registerCompareAndCode(sessions, sender),
  );
}
