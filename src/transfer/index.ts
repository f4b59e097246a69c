// Import and export of objects, bundled apart (dist/transfer.js: csv-parse, csv-stringify, iconv-lite)
// and loaded on first use by src/transfer/loader.ts, so that activation does not pay for them.
import * as vscode from 'vscode';
import type { SessionManager } from '../session/sessionManager';
import type { ChangeJournal } from '../journal/changeJournal';
import { exportCommand, type ExportAnswer, type ExportOptions } from './exportCommand';
import { importCommand, PREVIEW_SCHEME, type ImportAnswer, type ImportOptions } from './importCommand';
import { TransferRuns } from './transferShared';

export interface TransferFeature {
  exportObjects(node?: unknown, nodes?: unknown, options?: ExportOptions): Promise<ExportAnswer | undefined>;
  importObjects(node?: unknown, options?: ImportOptions): Promise<ImportAnswer | undefined>;
  cancel(): number;
  disposable: vscode.Disposable;
}

export function createTransferFeature(
  sessions: SessionManager,
  mappings: vscode.Memento,
  journal: ChangeJournal,
): TransferFeature {
  const runs = new TransferRuns();
  const previews = new Map<string, string>();
  const previewChanged = new vscode.EventEmitter<vscode.Uri>();
  const provider: vscode.TextDocumentContentProvider = {
    onDidChange: previewChanged.event,
    provideTextDocumentContent: (uri) => previews.get(uri.toString()) ?? '',
  };
  return {
    exportObjects: (node, nodes, options) => exportCommand(sessions, runs, node, nodes, options),
    importObjects: (node, options) =>
      importCommand({ sessions, runs, mappings, previews, previewChanged, journal }, node, options),
    cancel: () => runs.cancelAll(),
    disposable: vscode.Disposable.from(
      previewChanged,
      vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, provider),
    ),
  };
}
