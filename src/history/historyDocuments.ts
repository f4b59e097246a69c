// History entries as read-only JSON documents: vensoft-history:/<connection>/<id>/<when and what> –
// request.json and … – response.json, or response (cut).jsonc (a TextDocumentContentProvider: VS Code opens them read-only).
import * as vscode from 'vscode';
import { readConnections } from '../session/connections';
import { callName, entryTitle, requestDocument, responseDocument } from './historyModel';
import type { HistoryEntry, HistoryStore } from './historyStore';
import { HISTORY_SCHEME, parseHistoryUri, type HistoryPart } from './scheme';

/** …/<connection>/<id>/14:03:12 get machine 123 – response.json: the tab says when and what (no secrets). */
export function historyUri(entry: HistoryEntry, part: HistoryPart): vscode.Uri {
  return vscode.Uri.from({
    scheme: HISTORY_SCHEME,
    path: `/${encodeURIComponent(entry.connection)}/${entry.id}/${entryTitle(entry)} – ${fileName(entry, part)}`,
  });
}

// A cut answer starts with a // line saying so: JSON with comments (.jsonc), not a syntax error.
const fileName = (entry: HistoryEntry, part: HistoryPart) =>
  part === 'response' && entry.truncated ? 'response (cut).jsonc' : `${part}.json`;

export const baseUrlOf = (connection: string) => readConnections().find((c) => c.name === connection)?.baseUrl;

/** A history document's text (the scheme's provider is registered at activation: src/history/loader.ts). */
export async function documentContent(store: HistoryStore, uri: vscode.Uri): Promise<string> {
  const address = parseHistoryUri(uri);
  const entry = address && (await store.entry(address.connection, address.id));
  if (!entry) return vscode.l10n.t('This history entry is no longer kept (the history holds the newest entries only).');
  if (address.part === 'request') return requestDocument(entry, baseUrlOf(entry.connection));
  return responseDocument(entry, (kept, of) =>
    vscode.l10n.t(
      'The answer was cut at {0} bytes of {1} (vensoft.history.maxResponseBytes); what was kept follows, laid out as far as it goes.',
      kept,
      of,
    ),
  );
}

export async function openHistoryDocument(entry: HistoryEntry, part: HistoryPart): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(historyUri(entry, part));
  return vscode.window.showTextDocument(document, { preview: true });
}

/**
 * Opens VS Code's diff editor on two entries' responses, titled with both: "get machine 123: Local
 * emulator 14:03:12 ↔ Production 14:05:40", or each entry's own call when they differ.
 */
export function diffResponses(left: HistoryEntry, right: HistoryEntry): Thenable<unknown> {
  const when = (e: HistoryEntry) => `${e.connection} ${new Date(e.at).toLocaleTimeString(vscode.env.language)}`;
  const title =
    left.path === right.path
      ? `${callName(left)}: ${when(left)} ↔ ${when(right)}`
      : `${callName(left)} (${when(left)}) ↔ ${callName(right)} (${when(right)})`;
  return vscode.commands.executeCommand(
    'vscode.diff',
    historyUri(left, 'response'),
    historyUri(right, 'response'),
    title,
  );
}
