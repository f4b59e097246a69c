// The one question asked before anything that cannot be taken back, unless the user has turned
// such questions off (`vensoft.confirmDestructiveActions`).
import * as vscode from 'vscode';

export async function confirmDestructive(question: string, detail: string, action: string): Promise<boolean> {
  if (!vscode.workspace.getConfiguration('vensoft').get<boolean>('confirmDestructiveActions', true)) return true;
  return (await vscode.window.showWarningMessage(question, { modal: true, detail }, action)) === action;
}
