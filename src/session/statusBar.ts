// Who is logged in where; a click offers Log Out, Switch Connection and Show Session.
import * as vscode from 'vscode';
import type { SessionManager } from './sessionManager';

export function createSessionStatusBar(sessions: SessionManager): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('vensoft.session', vscode.StatusBarAlignment.Left, 50);
  item.name = 'Vensoft Session';
  item.command = 'vensoft.sessionMenu';
  const update = () => {
    const s = sessions.session;
    item.text = s ? `$(account) ${s.username} @ ${s.connection.name}` : '$(account) Vensoft: not logged in';
    item.tooltip = s ? `Vensoft: logged in to ${s.connection.baseUrl} as ${s.username}` : 'Vensoft: log in';
    item.show();
  };
  update();
  const listener = sessions.onDidChange(update);
  return vscode.Disposable.from(item, listener);
}

export async function showSessionMenu(sessions: SessionManager): Promise<void> {
  if (!sessions.session) {
    await vscode.commands.executeCommand('vensoft.logIn');
    return;
  }
  const pick = await vscode.window.showQuickPick(
    [
      // Log Out last: a reflexive Enter should not end the session.
      { label: '$(info) Show Session', command: 'vensoft.showSession' },
      { label: '$(arrow-swap) Switch Connection…', command: 'vensoft.switchConnection' },
      { label: '$(sign-out) Log Out', command: 'vensoft.logOut' },
    ],
    { title: 'Vensoft session' },
  );
  if (pick) await vscode.commands.executeCommand(pick.command);
}
