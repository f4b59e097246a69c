// The scheme of history documents (vensoft-history:/<connection>/<id>/…): registered at activation,
// so that a document restored with the window opens before the history feature is loaded; and the
// reading of their addresses, which the links (dist/links.js) need without the history feature.
import type * as vscode from 'vscode';

export const HISTORY_SCHEME = 'vensoft-history';

export type HistoryPart = 'request' | 'response';

export function parseHistoryUri(uri: vscode.Uri): { connection: string; id: string; part: HistoryPart } | undefined {
  const m = /^\/([^/]+)\/([\w-]+)\/(?:[^/]* – )?(request|response)(?: \(cut\))?\.jsonc?$/.exec(uri.path);
  return m ? { connection: decodeURIComponent(m[1]!), id: m[2]!, part: m[3] as HistoryPart } : undefined;
}
