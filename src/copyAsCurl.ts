// Copy as curl, for every call the extension makes: the calls as runnable commands on the clipboard.
// The key is never written out: they read it from $VENSOFT_SESSION, which a terminal opened with
// "Open Terminal with Session" holds.
import * as vscode from 'vscode';
import { loadApi } from './apiLoader';
import type { WireCall, wireCalls } from './api';
import type { ActiveSession } from './session/sessionManager';

/** Copies the calls `build` makes (one curl command a line) and returns the text copied. */
export async function copyCallsAsCurl(
  session: ActiveSession,
  build: (calls: typeof wireCalls) => WireCall[],
): Promise<string> {
  const { toCurl, wireCalls } = await loadApi();
  const curl = build(wireCalls)
    .map((call) => toCurl(session.connection.baseUrl, call, session.connection.deviceToken))
    .join('\n');
  await vscode.env.clipboard.writeText(curl);
  vscode.window.setStatusBarMessage(
    vscode.l10n.t(
      'Copied as curl: run it in "Vensoft: Open Terminal with Session" (or set VENSOFT_SESSION to your key)',
    ),
    5000,
  );
  return curl;
}
