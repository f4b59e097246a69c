// Add, Edit and Remove Connection. Connections live in the `vensoft.connections` setting (names,
// URLs, usernames); removing one also forgets its session key and remembered passwords.
import * as vscode from 'vscode';
import { baseUrlProblem, normaliseBaseUrl } from '../core/baseUrl';
import { confirmDestructive } from '../confirmDestructive';
import { registerCommand } from '../commandPath';
import { readConnections, removeConnectionSetting, saveConnection, type Connection } from './connections';
import type { SessionManager } from './sessionManager';
import type { SessionSecrets } from './sessionSecrets';

/** For tests and other extensions: answers to the questions the commands would ask. */
export interface ConnectionArgs {
  name?: string;
  baseUrl?: string;
  username?: string;
}

const USERNAME = /^[^@\s/:]+@[^@\s/:]+$/;
const usernameProblem = (v: string) =>
  v.trim() && !USERNAME.test(v.trim())
    ? vscode.l10n.t('The username is the e-mail address you log in with, like me@example.com (or leave it empty).')
    : undefined;

export function registerConnectionCommands(sessions: SessionManager, secrets: SessionSecrets): vscode.Disposable {
  return vscode.Disposable.from(
    registerCommand('vensoft.addConnection', addConnection),
    registerCommand('vensoft.editConnection', (args?: ConnectionArgs) => editConnection(sessions, args)),
    registerCommand('vensoft.removeConnection', (args?: ConnectionArgs) => removeConnection(sessions, secrets, args)),
  );
}

async function addConnection(): Promise<void> {
  const name = await vscode.window.showInputBox({
    title: vscode.l10n.t('Vensoft: Add Connection (1/3)'),
    prompt: vscode.l10n.t('A name for the connection'),
    placeHolder: vscode.l10n.t('Production'),
    validateInput: (v) =>
      !v.trim()
        ? vscode.l10n.t('Enter a name.')
        : readConnections().some((c) => c.name.toLowerCase() === v.trim().toLowerCase())
          ? vscode.l10n.t('A connection with this name exists.')
          : undefined,
  });
  if (!name) return;
  const baseUrl = await vscode.window.showInputBox({
    title: vscode.l10n.t('Vensoft: Add Connection (2/3)'),
    prompt: vscode.l10n.t('Base URL with the API version'),
    value: 'https://api.vensoft.de/stable/',
    validateInput: baseUrlProblem,
  });
  if (!baseUrl) return;
  const username = await vscode.window.showInputBox({
    title: vscode.l10n.t('Vensoft: Add Connection (3/3)'),
    prompt: vscode.l10n.t('Username (the e-mail address you log in with); optional'),
    validateInput: usernameProblem,
  });
  if (username === undefined) return;
  await saveConnection({
    name: name.trim(),
    baseUrl: normaliseBaseUrl(baseUrl.trim()),
    username: username.trim() || undefined,
  });
  const choice = await vscode.window.showInformationMessage(
    vscode.l10n.t('Connection "{0}" added.', name.trim()),
    vscode.l10n.t('Log In'),
  );
  if (choice)
    await vscode.commands.executeCommand('vensoft.logIn', {
      connection: name.trim(),
      username: username.trim() || undefined,
    });
}

/** One of the user's own connections (the built-in local emulator is set by `vensoft.localEmulatorUrl`). */
async function pickConnection(verb: 'edit' | 'remove', name?: string): Promise<Connection | undefined> {
  const own = readConnections().filter((c) => !c.builtIn);
  if (name !== undefined) return own.find((c) => c.name.toLowerCase() === name.toLowerCase());
  if (!own.length) {
    void vscode.window.showInformationMessage(
      verb === 'edit'
        ? vscode.l10n.t(
            'There is no connection to edit: the built-in "Local emulator" follows the vensoft.localEmulatorUrl setting. Add one with "Vensoft: Add Connection…".',
          )
        : vscode.l10n.t(
            'There is no connection to remove: the built-in "Local emulator" follows the vensoft.localEmulatorUrl setting. Add one with "Vensoft: Add Connection…".',
          ),
    );
    return undefined;
  }
  const title =
    verb === 'edit' ? vscode.l10n.t('Vensoft: Edit Connection') : vscode.l10n.t('Vensoft: Remove Connection');
  const picked = await vscode.window.showQuickPick(
    own.map((c) => ({ label: c.name, description: c.baseUrl, detail: c.username, connection: c })),
    { title, placeHolder: vscode.l10n.t('Which connection?') },
  );
  return picked?.connection;
}

/** Changes a connection's URL and username; a session on it ends when its URL changes. */
async function editConnection(sessions: SessionManager, args: ConnectionArgs = {}): Promise<Connection | undefined> {
  const connection = await pickConnection('edit', args.name);
  if (!connection) return undefined;
  const baseUrl =
    args.baseUrl ??
    (await vscode.window.showInputBox({
      title: vscode.l10n.t('Vensoft: Edit Connection "{0}" (1/2)', connection.name),
      prompt: vscode.l10n.t('Base URL with the API version'),
      value: connection.baseUrl,
      validateInput: baseUrlProblem,
    }));
  if (!baseUrl || baseUrlProblem(baseUrl)) return undefined;
  const username =
    args.username ??
    (await vscode.window.showInputBox({
      title: vscode.l10n.t('Vensoft: Edit Connection "{0}" (2/2)', connection.name),
      prompt: vscode.l10n.t('Username (the e-mail address you log in with); optional'),
      value: connection.username ?? '',
      validateInput: usernameProblem,
    }));
  if (username === undefined || usernameProblem(username)) return undefined;
  const edited = {
    name: connection.name,
    baseUrl: normaliseBaseUrl(baseUrl.trim()),
    username: username.trim() || undefined,
    deviceToken: connection.deviceToken,
  };
  if (edited.baseUrl !== connection.baseUrl && sessions.session?.connection.name === connection.name)
    await sessions.logOut();
  await saveConnection(edited);
  vscode.window.setStatusBarMessage(vscode.l10n.t('Connection "{0}" saved', connection.name), 5000);
  return { ...edited, builtIn: false };
}

/** Removes a connection, its session and its remembered passwords, after asking. */
async function removeConnection(
  sessions: SessionManager,
  secrets: SessionSecrets,
  args: ConnectionArgs = {},
): Promise<boolean> {
  const connection = await pickConnection('remove', args.name);
  if (!connection) return false;
  if (
    !(await confirmDestructive(
      vscode.l10n.t('Remove the connection "{0}"?', connection.name),
      vscode.l10n.t('{0}\nIts session key and remembered password are forgotten too.', connection.baseUrl),
      vscode.l10n.t('Remove'),
    ))
  )
    return false;
  if (sessions.session?.connection.name === connection.name) await sessions.logOut();
  const stored = await secrets.session(connection.name);
  await secrets.forgetSession(connection.name);
  for (const username of new Set([connection.username, stored?.username].filter((u): u is string => !!u)))
    await secrets.forgetPassword(connection.name, username);
  await removeConnectionSetting(connection.name);
  vscode.window.setStatusBarMessage(vscode.l10n.t('Connection "{0}" removed', connection.name), 5000);
  return true;
}
