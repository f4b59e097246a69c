// Copy as Code: any call (a history entry, an object, a filter, a report) as curl for bash or
// PowerShell, Node, Python, C#, Go or PHP, on the clipboard. The key is read from VENSOFT_SESSION
// and a login's password from VENSOFT_PASSWORD when the code runs; neither is ever written out.
import * as vscode from 'vscode';
import type { SnippetLanguage, WireCall } from '../api';
import { loadApi } from '../apiLoader';

export interface CodeTarget {
  baseUrl: string;
  deviceToken?: string;
}

/** Asks for the language unless given; copies the code and answers it (undefined when cancelled). */
export async function copyCallAsCode(
  target: CodeTarget,
  call: WireCall,
  language?: SnippetLanguage,
): Promise<string | undefined> {
  const { SNIPPET_LANGUAGES, renderSnippet } = await loadApi();
  const chosen =
    language ??
    (
      await vscode.window.showQuickPick(
        SNIPPET_LANGUAGES.map((l) => ({ label: l.label, id: l.id })),
        { title: vscode.l10n.t('Copy {0} as Code', call.method), placeHolder: vscode.l10n.t('Language') },
      )
    )?.id;
  if (!chosen) return undefined;
  const code = renderSnippet(chosen, target.baseUrl, call, target.deviceToken);
  await vscode.env.clipboard.writeText(code);
  vscode.window.setStatusBarMessage(
    vscode.l10n.t('Copied as code: it reads the session key from the environment variable VENSOFT_SESSION'),
    5000,
  );
  return code;
}
