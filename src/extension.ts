// Composition root of Vensoft Explorer: activate() wires the features together, nothing else.
import * as vscode from 'vscode';
import { DisposableStore } from './disposable';
import { SessionSecrets } from './session/sessionSecrets';
import { SessionManager } from './session/sessionManager';
import { LocalEmulator } from './session/localEmulator';
import { registerSessionCommands, startEmulator } from './session/commands';
import { registerConnectionCommands } from './session/connectionCommands';
import { createSessionStatusBar } from './session/statusBar';
import { ExplorerTree } from './explorer/explorerTree';
import { explorerSource } from './explorer/clientSource';
import { registerExplorerCommands } from './explorer/commands';
import { revealActiveObject } from './explorer/revealActiveObject';
import { registerObjectCommands } from './explorer/objectCommands';
import { registerNewObjectCommand } from './explorer/newObjectCommand';
import { registerAccessCommands } from './explorer/accessCommands';
import { ObjectFileSystem } from './documents/objectFileSystem';
import { registerDocumentCommands } from './documents/commands';
import { registerCopySaveAsCurl } from './documents/copySaveAsCurl';
import { registerSessionTerminal } from './session/sessionTerminal';
import { whenObjectsOpen } from './documents/whenObjectsOpen';
import { registerQueriesLazily } from './queries/loader';
import { registerLinksLazily } from './links/loader';
import { registerTransferLazily } from './transfer/loader';
import { OBJECT_SCHEME, SERVER_VERSION_SCHEME } from './uris';
import { registerWalkthrough } from './walkthrough/walkthrough';
import { createVensoftLog, logRequest } from './log';
import { setUpCommandPath } from './commandPath';
import { createChangeJournal, registerJournalFeature } from './journal/journalFeature';
import type { ChangeJournal } from './journal/changeJournal';
import { BulkOperations } from './bulk/bulkOperations';
import { createHistory, registerHistoryLazily, type History } from './history/loader';

/** What activate() returns: the extension's parts, for its integration tests and other extensions. */
export interface VensoftExplorerApi {
  sessions: SessionManager;
  secrets: SessionSecrets;
  explorer: ExplorerTree;
  emulator: LocalEmulator;
  files: ObjectFileSystem;
  journal: ChangeJournal;
  /** Bulk operations with their preview and summary pages. */
  bulk: BulkOperations;
  /** The request history (store and view). */
  history: History;
  /** The file of the "Vensoft" log channel. */
  logFile: vscode.Uri;
}

const disposables = new DisposableStore();

export function activate(context: vscode.ExtensionContext): VensoftExplorerApi {
  context.subscriptions.push(disposables);
  const log = disposables.add(createVensoftLog());
  const secrets = new SessionSecrets(context.secrets);
  const history = disposables.add(createHistory(context.globalStorageUri, log));
  const emulator = disposables.add(
    new LocalEmulator(context.extensionPath, vscode.Uri.joinPath(context.globalStorageUri, 'emulator').fsPath, log),
  );
  const journal = disposables.add(createChangeJournal(context, log));
  const sessions = disposables.add(
    new SessionManager(
      secrets,
      context.globalState,
      () => startEmulator(emulator),
      (entry) => logRequest(log, entry),
      (writer, intent, call) => journal.writeStarting(writer, intent, call),
      (connection, exchange) => history.record(connection, exchange),
    ),
  );
  disposables.add(setUpCommandPath({ log, sessions }));
  const setting = <T>(name: string, fallback: T) =>
    vscode.workspace.getConfiguration('vensoft').get<T>(name) ?? fallback;
  const explorer = disposables.add(
    new ExplorerTree({
      pageSize: () => setting('pageSize', 200),
      showEmptyTypes: () => setting('showEmptyTypes', false),
    }),
  );
  const view = disposables.add(
    vscode.window.createTreeView('vensoft.explorer', {
      treeDataProvider: explorer,
      showCollapseAll: true,
      canSelectMany: true,
    }),
  );
  disposables.add(sessions.onDidChange(() => explorer.setSource(explorerSource(sessions))));
  disposables.add(
    vscode.workspace.onDidChangeConfiguration(
      (e) => e.affectsConfiguration('vensoft.showEmptyTypes') && explorer.refresh(),
    ),
  );
  disposables.add(registerSessionCommands(sessions, emulator));
  disposables.add(registerConnectionCommands(sessions, secrets));
  disposables.add(registerExplorerCommands(explorer, view));
  disposables.add(createSessionStatusBar(sessions));
  const bulk = disposables.add(new BulkOperations(sessions, journal, context.extensionUri));
  const files = disposables.add(new ObjectFileSystem(sessions, bulk));
  disposables.add(vscode.workspace.registerFileSystemProvider(OBJECT_SCHEME, files, { isCaseSensitive: true }));
  disposables.add(vscode.workspace.registerTextDocumentContentProvider(SERVER_VERSION_SCHEME, files));
  disposables.add(files.onDidSave((address) => explorer.refreshType(address.type)));
  const reveal = disposables.add(revealActiveObject(view, () => sessions.session?.connection.name));
  disposables.add(registerDocumentCommands(sessions, files, (uri, fromTree) => reveal.opening(uri, fromTree)));
  disposables.add(registerCopySaveAsCurl(sessions, files));
  disposables.add(registerSessionTerminal(sessions));
  disposables.add(registerNewObjectCommand(sessions, files));
  disposables.add(registerObjectCommands(explorer, sessions, files, bulk));
  disposables.add(registerAccessCommands(sessions));
  disposables.add(registerJournalFeature(journal, sessions));
  disposables.add(whenObjectsOpen(files, sessions));
  disposables.add(registerQueriesLazily(context.extensionUri, sessions));
  disposables.add(registerLinksLazily(sessions, (connection, id) => history.store.entry(connection, id)));
  disposables.add(registerTransferLazily(sessions, context.globalState, journal));
  disposables.add(registerHistoryLazily(history, sessions, secrets));
  disposables.add(
    registerWalkthrough(context, {
      onDidChangeEmulator: emulator.onDidChangeRunning,
      onDidSaveObject: files.onDidSave,
    }),
  );
  void vscode.commands.executeCommand('setContext', 'vensoft.hasSession', false);
  void sessions.restore();
  return {
    sessions,
    secrets,
    explorer,
    emulator,
    files,
    journal,
    bulk,
    history,
    logFile: vscode.Uri.joinPath(context.logUri, 'Vensoft.log'),
  };
}

export function deactivate(): void {
  disposables.dispose();
}
