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
import { HistoryStore, type HistoryEntry, type HistoryLimits } from './historyStore';
import { HistoryView } from './historyView';
import { Sender } from './sendOn';
import { registerCompareAndCode } from './compareWith';

export interface History {
  store: HistoryStore;
  /** Records one exchange (what every client of the extension calls); undefined when the history is off. */
  record(connection: string, exchange: Exchange): HistoryEntry | undefined;
  view?: HistoryView;
}

/** The settings, read once and again when they change: not at every request. */
function historySettings(): { current: { enabled: boolean } & HistoryLimits } & vscode.Disposable {
  const read = () => {
    const config = vscode.workspace.getConfiguration('vensoft.history');
    return {
      enabled: config.get<boolean>('enabled', true),
      maxEntries: Math.max(1, config.get<number>('maxEntries') ?? 500),
      maxResponseBytes: Math.max(0, config.get<number>('maxResponseBytes') ?? 100_000),
    };
  };
  const settings = { current: read(), dispose: () => watch.dispose() };
  const watch = vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration('vensoft.history')) settings.current = read();
  });
  return settings;
}

/** Created before the sessions (their clients record into it); reads no file until one is needed. */
export function createHistory(globalStorage: vscode.Uri, log: Log): History & vscode.Disposable {
  const settings = historySettings();
  const store = new HistoryStore(
    path.join(globalStorage.fsPath, 'history'),
    () => settings.current,
    (message) => {
      log.warn(message);
      void vscode.window.showWarningMessage(message);
    },
  );
  const history: History & vscode.Disposable = {
    store,
    record(connection, exchange) {
      if (!settings.current.enabled) return undefined;
      const entry = store.record(connection, exchange);
      history.view?.refreshSoon();
      return entry;
    },
    dispose: () => {
      settings.dispose();
      void store.flush();
    },
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
