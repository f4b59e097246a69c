// Session commands: Log In, Log Out, Show Session, Switch Connection, and the local emulator.
// (Adding, editing and removing connections: connectionCommands.ts.)
import { loadApi } from '../apiLoader';
import * as vscode from 'vscode';
import { LOCAL_EMULATOR, readConnections } from './connections';
import { DEMO_ACCOUNTS_TEXT } from '../core/demoAccounts';
import { describeFailure } from '../failureText';
import { registerCommand } from '../commandPath';
import { requireSession } from './requireSession';
import type { LogInArgs, SessionManager } from './sessionManager';
import { showSessionMenu } from './statusBar';
import type { LocalEmulator } from './localEmulator';
import { freePort } from '../freePort.mjs';
import { probeEmulatorUrl } from './emulatorProbe';

export function registerSessionCommands(sessions: SessionManager, emulator: LocalEmulator): vscode.Disposable {
  return vscode.Disposable.from(
    registerCommand('vensoft.logIn', (args?: LogInArgs) => sessions.logIn(args)),
    registerCommand('vensoft.logOut', async () => {
      const s = sessions.session;
      if (!s) return;
      await sessions.logOut();
      // Short: a notification shows one line; what is forgotten is in the docs.
      void vscode.window.showInformationMessage(
        vscode.l10n.t('Logged out of {0} ({1}).', s.connection.name, s.username),
      );
    }),
    registerCommand('vensoft.switchConnection', () => sessions.logIn()),
    registerCommand('vensoft.sessionMenu', () => showSessionMenu(sessions)),
    registerCommand(
      'vensoft.showSession',
      async () => {
        const s = requireSession(sessions);
        const who = await sessions.run(async (client) => {
          const answer = await client.validate();
          // validate answers an ended session with Success: false, not with an error.
          if (!answer.success)
            throw new (await loadApi()).SessionExpiredError(
              'auth/validate',
              vscode.l10n.t('The session is no longer valid.'),
            );
          return answer;
        });
        // A modal, so that nothing of it is cut off as a toast's one line is.
        const detail = vscode.l10n.t(
          'Connection: {0}\nURL: {1}\nUser: {2}\nUser id: {3}\nThe server confirmed the session just now.',
          s.connection.name,
          s.connection.baseUrl,
          s.username,
          (who.userId ?? s.userId).toString(),
        );
        void vscode.window
          .showInformationMessage(vscode.l10n.t('Logged in to {0} as {1}', s.connection.name, s.username), {
            modal: true,
            detail,
          })
          .then(undefined, () => undefined);
        return { connection: s.connection.name, username: s.username, userId: (who.userId ?? s.userId).toString() };
      },
      { failure: vscode.l10n.t('Vensoft session') },
    ),
    // `answers.otherPort`: the answer to "Use port N instead?" when something else holds the port.
    registerCommand('vensoft.startEmulator', (answers?: { otherPort?: boolean }) => startEmulator(emulator, answers)),
    // Resolves true once the emulator has stopped, false when none started from VS Code ran; says which.
    registerCommand('vensoft.stopEmulator', async () => {
      if (!emulator.running) {
        void vscode.window.showInformationMessage(
          vscode.l10n.t(
            'No emulator started from VS Code is running. (An emulator started with `npm start` or `npm run emulator` stops with Ctrl+C where it runs.)',
          ),
        );
        return false;
      }
      await emulator.stop();
      void vscode.window.showInformationMessage(vscode.l10n.t('The local emulator has stopped.'));
      return true;
    }),
  );
}

/**
 * Starts the emulator for the built-in connection; resolves true when one listens there. An emulator
 * already answering at its URL is used as it is; when something else holds the port, offers a free one.
 */
export async function startEmulator(emulator: LocalEmulator, answers: { otherPort?: boolean } = {}): Promise<boolean> {
  let url = readConnections().find((c) => c.name === LOCAL_EMULATOR)!.baseUrl;
  if (!emulator.running) {
    const found = await probeEmulatorUrl(url);
    if (found === 'vensoft') {
      offerLogIn(
        vscode.l10n.t(
          'A Vensoft emulator already answers at {0}: using it (it was not started from VS Code, so Stop Local Emulator leaves it running).',
          url,
        ),
      );
      return true;
    }
    if (found === 'other') {
      const port = await freePort();
      const taken = new URL(url).port || '80';
      const use = vscode.l10n.t('Use Port {0}', port);
      const choice =
        answers.otherPort ??
        (await vscode.window.showErrorMessage(
          vscode.l10n.t(
            'Port {0} is in use by something that is not a Vensoft emulator ({1}). Start the emulator on port {2} instead?',
            taken,
            url,
            port,
          ),
          use,
        )) === use;
      if (!choice) return false;
      const moved = new URL(url);
      moved.port = String(port);
      url = moved.toString();
      await vscode.workspace
        .getConfiguration('vensoft')
        .update('localEmulatorUrl', url, vscode.ConfigurationTarget.Global);
    }
  }
  try {
    const listening = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Starting the local Vensoft emulator…') },
      () => emulator.start(url),
    );
    offerLogIn(vscode.l10n.t('The local emulator is listening on {0}.', listening));
    return true;
  } catch (e) {
    void vscode.window
      .showErrorMessage(describeFailure(e), vscode.l10n.t('Show Output'))
      .then((c) => c && emulator.showOutput());
    return false;
  }
}

function offerLogIn(text: string): void {
  void vscode.window
    .showInformationMessage(vscode.l10n.t('{0} Demo accounts: {1}.', text, DEMO_ACCOUNTS_TEXT), vscode.l10n.t('Log In'))
    .then((c) => c && vscode.commands.executeCommand('vensoft.logIn', { connection: LOCAL_EMULATOR }));
}
