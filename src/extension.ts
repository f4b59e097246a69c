// Composition root of Vensoft Explorer: activate() wires the features together, nothing else.
import * as vscode from 'vscode';
import { DisposableStore } from './disposable';
import { SessionSecrets } from './session/sessionSecrets';
import { SessionManager } from './session/sessionManager';
import { LocalEmulator } from './session/localEmulator';
import { registerSessionCommands, startEmulator } from './session/commands';
import { createSessionStatusBar } from './session/statusBar';
import { ExplorerTree } from './explorer/explorerTree';
import { explorerSource } from './explorer/clientSource';
import { registerExplorerCommands } from './explorer/commands';

/** What activate() returns: the extension's parts, for its integration tests and other extensions. */
export interface VensoftExplorerApi {
  sessions: SessionManager;
  secrets: SessionSecrets;
  explorer: ExplorerTree;
  emulator: LocalEmulator;
}

const disposables = new DisposableStore();

export function activate(context: vscode.ExtensionContext): VensoftExplorerApi {
  context.subscriptions.push(disposables);
  const secrets = new SessionSecrets(context.secrets);
  const emulator = disposables.add(new LocalEmulator(context.extensionPath));
  const sessions = disposables.add(new SessionManager(secrets, context.globalState, () => startEmulator(emulator)));
  const explorer = disposables.add(new ExplorerTree(() => vscode.workspace.getConfiguration('vensoft').get<number>('pageSize') ?? 200));
  const view = disposables.add(vscode.window.createTreeView('vensoft.explorer', { treeDataProvider: explorer, showCollapseAll: true, canSelectMany: true }));
  disposables.add(sessions.onDidChange(() => explorer.setSource(explorerSource(sessions))));
  disposables.add(registerSessionCommands(sessions, emulator));
  disposables.add(registerExplorerCommands(explorer, view));
  disposables.add(createSessionStatusBar(sessions));
  void vscode.commands.executeCommand('setContext', 'vensoft.hasSession', false);
  void sessions.restore();
  return { sessions, secrets, explorer, emulator };
}

export function deactivate(): void {
  disposables.dispose();
}
