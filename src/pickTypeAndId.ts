// The two questions of Open Object by ID… and Undelete Object…: an object type from a list, then an
// id checked as it is typed (digits, unsigned 64-bit). The words are the caller's.
import * as vscode from 'vscode';
import { toId } from './core/ids';

export interface TypeAndIdWords {
  typeTitle: string;
  typePlaceholder: string;
  idTitle: (type: string) => string;
  idPrompt: string;
}

/** The type and the id (digits, trimmed), or undefined when the user escaped either question. */
export async function pickTypeAndId(
  types: readonly string[],
  words: TypeAndIdWords,
): Promise<{ type: string; id: string } | undefined> {
  const type = await vscode.window.showQuickPick(types, { title: words.typeTitle, placeHolder: words.typePlaceholder });
  if (!type) return undefined;
  // Kept open when focus moves: the id is often copied from elsewhere (a log, a mail, the browser).
  const id = await vscode.window.showInputBox({
    title: words.idTitle(type),
    prompt: words.idPrompt,
    ignoreFocusOut: true,
    validateInput: (v) =>
      toId(v.trim()) === undefined
        ? vscode.l10n.t('An id is a whole number from 0 to 18446744073709551615.')
        : undefined,
  });
  return id ? { type: type.trim(), id: id.trim() } : undefined;
}
