// The request history at activation: the store every client records into (a reference queued per
// request), and the History view's, documents' and commands' registrations. What shows and works on
// entries (dist/history.js: the view's rows, documents, re-run, compare, code) loads when the view
// is first shown, a history document opens, or one of its commands runs. Imports the feature by type.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Exchange } from '../api';
import { registerCommand } from '../commandPath';
import type { Log } from '../log';
import type { SessionManager } from '../session/sessionManager';
import type { SessionSecrets } from '../session/sessionSecrets';
import { HistoryStore, type HistoryLimits } from './historyStore';
import { HISTORY_SCHEME } from './scheme';
import type { HistoryFeature } from './index';
import type { HistoryNode, HistoryView } from './historyView';

/** Every command of the feature (package.json): stubs until the feature is loaded, then its own. */
const COMMANDS = [
  'vensoft.history.refresh',
  'vensoft.history.filter',
  'vensoft.history.clearFilter',
  'vensoft.history.showConnection',
  'vensoft.history.clear',
  'vensoft.history.openRequest',
  'vensoft.history.openResponse',
  'vensoft.history.rerun',
  'vensoft.history.copyAsCurl',
  'vensoft.history.copyAsCode',
  'vensoft.history.compare',
  'vensoft.history.save',
  'vensoft.history.compareCall',
  'vensoft.compareWith',
  'vensoft.copyAsCode',
];

export interface History {
  store: HistoryStore;
  /** Records one exchange (what every client of the extension calls); ignored when the history is off. */
  record(connection: string, exchange: Exchange): void;
  /** The History view's provider (loads the feature; for tests and the benchmark). */
  readonly view: HistoryView | undefined;
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
export function createHistory(globalStorage: vscode.Uri, log: Log): History & vscode.Disposable & Loadable {
  const settings = historySettings();
  const store = new HistoryStore(
    path.join(globalStorage.fsPath, 'history'),
    () => settings.current,
    (message) => {
      log.warn(message);
      void vscode.window.showWarningMessage(message);
    },
  );
  const history: History & vscode.Disposable & Loadable = {
    store,
    record(connection, exchange) {
      if (!settings.current.enabled) return;
      store.record(connection, exchange);
      history.loaded?.view.refreshSoon();
    },
    get view() {
      return history.load?.().view;
    },
    dispose: () => {
      settings.dispose();
      void store.flush();
    },
  };
  return history;
}

interface Loadable {
  /** Set once the feature is loaded. */
  loaded?: HistoryFeature;
  /** Set by registerHistoryLazily. */
  load?: () => HistoryFeature;
}

export function registerHistoryLazily(
  history: History & Loadable,
  sessions: SessionManager,
  secrets: SessionSecrets,
): vscode.Disposable {
  const changed = new vscode.EventEmitter<void>();
  const tree = vscode.window.createTreeView<HistoryNode>('vensoft.requestHistory', {
    treeDataProvider: {
      onDidChangeTreeData: changed.event,
      getChildren: (node) => load().view.getChildren(node),
      getTreeItem: (node) => load().view.getTreeItem(node),
    },
  });
  // A command run before the feature is loaded loads it (which registers the real commands), then runs.
  const stubs = vscode.Disposable.from(
    ...COMMANDS.map((id) =>
      vscode.commands.registerCommand(id, (...args: unknown[]) => {
        load();
        return vscode.commands.executeCommand(id, ...args);
      }),
    ),
  );
  const load = (): HistoryFeature => {
    if (!history.loaded) {
      stubs.dispose();
      // A separate bundle beside dist/extension.js; esbuild leaves this require alone.
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on demand, from a sibling bundle
      const { createHistoryFeature } = require('./history.js') as typeof import('./index');
      history.loaded = createHistoryFeature({
        store: history.store,
        sessions,
        secrets,
        tree,
        changed,
        registerCommand,
      });
    }
    return history.loaded;
  };
  history.load = load;
  return vscode.Disposable.from(
    tree,
    changed,
    stubs,
    vscode.workspace.registerTextDocumentContentProvider(HISTORY_SCHEME, {
      provideTextDocumentContent: (uri) => load().documentContent(uri),
    }),
    { dispose: () => history.loaded?.dispose() },
  );
}
