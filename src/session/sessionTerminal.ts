// "Open Terminal with Session": a VS Code terminal whose environment holds VENSOFT_SESSION (the key)
// and VENSOFT_URL (the connection's base URL), so that copied curl commands run as they are. The key
// is only in the terminal's environment: never typed into it, shown or logged.
import * as vscode from 'vscode';
import type { SessionManager } from './sessionManager';
import { registerCommand } from '../commandPath';
import { requireSession } from './requireSession';

export function registerSessionTerminal(sessions: SessionManager): vscode.Disposable {
  return registerCommand('vensoft.openTerminal', () => {
    const session = requireSession(
      sessions,
      vscode.l10n.t('the terminal gets the session of the connection you are logged in to.'),
    );
    const key = session.client.sessionKey;
    const terminal = vscode.window.createTerminal({
      name: `Vensoft: ${session.connection.name}`,
      env: { VENSOFT_SESSION: key, VENSOFT_URL: session.connection.baseUrl },
      message: vscode.l10n.t(
        '$VENSOFT_SESSION holds your session on {0} as {1}; $VENSOFT_URL is {2}. Paste a copied curl command to run it. After logging in again, open a new terminal.',
        session.connection.name,
        session.username,
        session.connection.baseUrl,
      ),
    });
    terminal.show();
    return terminal.name;
  });
}
