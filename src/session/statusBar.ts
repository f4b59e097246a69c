// Who is logged in where; a click offers Log Out, Switch Connection and Show Session.
import * as vscode from 'vscode';
import type { SessionManager } from './sessionManager';

export function createSessionStatusBar(sessions: SessionManager): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('vensoft.session', vscode.StatusBarAlignment.Left, 50);
  item.name = vscode.l10n.t('Vensoft Session');
  item.command = 'vensoft.sessionMenu';
  const update = () => {
    const s = sessions.session;
    item.text = s
      ? `$(account) ${s.username} @ ${s.connection.name}`
      : `$(account) ${vscode.l10n.t('Vensoft: not logged in')}`;
    item.tooltip = s
      ? vscode.l10n.t('Vensoft: logged in to {0} as {1}', s.connection.baseUrl, s.username)
      : vscode.l10n.t('Vensoft: log in');
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
      { label: `$(info) ${vscode.l10n.t('Show Session')}`, command: 'vensoft.showSession' },
      { label: `$(arrow-swap) ${vscode.l10n.t('Switch Connection…')}`, command: 'vensoft.switchConnection' },
      { label: `$(sign-out) ${vscode.l10n.t('Log Out')}`, command: 'vensoft.logOut' },
    ],
    { title: vscode.l10n.t('Vensoft session') },
  );
  if (pick) await vscode.commands.executeCommand(pick.command);
}
