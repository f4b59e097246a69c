// Session commands: Log In, Log Out, Show Session, Switch Connection, Add Connection, and the
// local emulator.
import { loadApi } from '../apiLoader';
import * as vscode from 'vscode';
import { baseUrlProblem, normaliseBaseUrl } from '../core/baseUrl';
import { LOCAL_EMULATOR, readConnections, saveConnection } from './connections';
import { describeError } from '../core/errors';
import type { LogInArgs, SessionManager } from './sessionManager';
import { showSessionMenu } from './statusBar';
import type { LocalEmulator } from './localEmulator';

export function registerSessionCommands(sessions: SessionManager, emulator: LocalEmulator): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand('vensoft.logIn', (args?: LogInArgs) => sessions.logIn(args)),
    vscode.commands.registerCommand('vensoft.logOut', () => sessions.logOut()),
    vscode.commands.registerCommand('vensoft.switchConnection', () => sessions.logIn()),
    vscode.commands.registerCommand('vensoft.sessionMenu', () => showSessionMenu(sessions)),
    vscode.commands.registerCommand('vensoft.showSession', async () => {
      const s = sessions.session;
      if (!s) {
        void vscode.window.showInformationMessage('Not logged in to Vensoft.', 'Log In').then((c) => c && vscode.commands.executeCommand('vensoft.logIn'));
        return undefined;
      }
      try {
        const who = await sessions.run(async (client) => {
          const answer = await client.validate();
          // validate answers an ended session with Success: false, not with an error.
          if (!answer.success) throw new (await loadApi()).SessionExpiredError('auth/validate', 'The session is no longer valid.');
          return answer;
        });
        const text = `Logged in to ${s.connection.name} (${s.connection.baseUrl}) as ${s.username}, user id ${who.userId ?? s.userId}.`;
        void vscode.window.showInformationMessage(text);
        return { connection: s.connection.name, username: s.username, userId: (who.userId ?? s.userId).toString() };
      } catch (e) {
        void vscode.window.showErrorMessage(`Vensoft session: ${describeError(e)}`);
        return undefined;
      }
    }),
    vscode.commands.registerCommand('vensoft.addConnection', addConnection),
    vscode.commands.registerCommand('vensoft.startEmulator', () => startEmulator(emulator)),
    vscode.commands.registerCommand('vensoft.stopEmulator', () => {
      if (!emulator.running) {
        void vscode.window.showInformationMessage('No emulator started from VS Code is running. (An emulator started with `npm start` or `npm run emulator` stops with Ctrl+C where it runs.)');
        return;
      }
      emulator.stop();
    }),
  );
}

/** Starts the emulator for the built-in connection; resolves true when it listens. */
export async function startEmulator(emulator: LocalEmulator): Promise<boolean> {
  const local = readConnections().find((c) => c.name === LOCAL_EMULATOR)!;
  try {
    const url = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Starting the local Vensoft emulator…' }, () => emulator.start(local.baseUrl));
    void vscode.window.showInformationMessage(`The local emulator is listening on ${url}. Demo accounts: demo@vensoft.test / demo, operator@vensoft.test / operator, reader@vensoft.test / reader.`, 'Log In')
      .then((c) => c && vscode.commands.executeCommand('vensoft.logIn', { connection: LOCAL_EMULATOR }));
    return true;
  } catch (e) {
    void vscode.window.showErrorMessage(describeError(e), 'Show Output').then((c) => c && emulator.showOutput());
    return false;
  }
}

async function addConnection(): Promise<void> {
  const name = await vscode.window.showInputBox({
    title: 'Vensoft: Add Connection (1/3)', prompt: 'A name for the connection', placeHolder: 'Production',
    validateInput: (v) => (!v.trim() ? 'Enter a name.' : readConnections().some((c) => c.name.toLowerCase() === v.trim().toLowerCase()) ? 'A connection with this name exists.' : undefined),
  });
  if (!name) return;
  const baseUrl = await vscode.window.showInputBox({
    title: 'Vensoft: Add Connection (2/3)', prompt: 'Base URL with the API version', value: 'https://api.vensoft.de/stable/', validateInput: baseUrlProblem,
  });
  if (!baseUrl) return;
  const username = await vscode.window.showInputBox({
    title: 'Vensoft: Add Connection (3/3)', prompt: 'Username (the e-mail address you log in with); optional',
    validateInput: (v) => (v.trim() && !/^[^@\s/:]+@[^@\s/:]+$/.test(v.trim()) ? 'The username is the e-mail address you log in with, like me@example.com (or leave it empty).' : undefined),
  });
  if (username === undefined) return;
  await saveConnection({ name: name.trim(), baseUrl: normaliseBaseUrl(baseUrl.trim()), username: username.trim() || undefined });
  const choice = await vscode.window.showInformationMessage(`Connection "${name.trim()}" added.`, 'Log In');
  if (choice) await vscode.commands.executeCommand('vensoft.logIn', { connection: name.trim(), username: username.trim() || undefined });
}
