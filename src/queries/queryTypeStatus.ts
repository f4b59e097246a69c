// A status bar item naming the object type of the active filter or report file (from its name);
// clicking it changes the type: a saved file is renamed, an untitled one reopened under the new name.
import * as vscode from 'vscode';
import { queryKindOf, withQueryType } from './queryDocuments';

export function registerQueryTypeStatus(typeNames: () => Promise<string[]>): {
  disposable: vscode.Disposable;
  changeType: (type?: string) => Promise<vscode.Uri | undefined>;
} {
  const item = vscode.window.createStatusBarItem('vensoft.queryType', vscode.StatusBarAlignment.Right, 100);
  item.name = vscode.l10n.t('Vensoft Query Type');
  item.command = 'vensoft.changeQueryType';
  const update = () => {
    const what = vscode.window.activeTextEditor && queryKindOf(vscode.window.activeTextEditor.document.uri);
    if (!what) return item.hide();
    item.text = `$(symbol-class) ${what.type}`;
    item.tooltip =
      what.kind === 'filter'
        ? vscode.l10n.t('Vensoft filter on type {0} (from the file name). Click to change the type.', what.type)
        : vscode.l10n.t('Vensoft report on type {0} (from the file name). Click to change the type.', what.type);
    item.show();
  };
  update();

  const changeType = async (type?: string): Promise<vscode.Uri | undefined> => {
    const document = vscode.window.activeTextEditor?.document;
    const what = document && queryKindOf(document.uri);
    if (!document || !what) return undefined;
    const chosen =
      type ??
      (await vscode.window.showQuickPick(
        (await typeNames().catch(() => [])).filter((t) => t !== what.type),
        {
          title: what.kind === 'filter' ? vscode.l10n.t('Type of this filter') : vscode.l10n.t('Type of this report'),
          placeHolder: what.type,
        },
      ));
    if (!chosen) return undefined;
    const name = withQueryType(document.uri.path.split('/').pop()!, chosen);
    const target = document.uri.with({ path: document.uri.path.replace(/[^/]*$/, name) });
    if (document.isUntitled) {
      // An untitled document cannot be renamed: open its text under the new name, close the old.
      const text = document.getText();
      const fresh = await vscode.workspace.openTextDocument(target);
      const edit = new vscode.WorkspaceEdit();
      edit.insert(target, new vscode.Position(0, 0), text);
      await vscode.workspace.applyEdit(edit);
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      await vscode.window.showTextDocument(fresh);
    } else {
      const edit = new vscode.WorkspaceEdit();
      edit.renameFile(document.uri, target);
      if (!(await vscode.workspace.applyEdit(edit))) throw new Error(vscode.l10n.t('Could not rename to {0}.', name));
    }
    update();
    return target;
  };

  return {
    changeType,
    disposable: vscode.Disposable.from(item, vscode.window.onDidChangeActiveTextEditor(update)),
  };
}
