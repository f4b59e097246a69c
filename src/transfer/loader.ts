// Registers Export Objects…, Import Objects… and Cancel Import or Export at activation, as stubs that
// load the transfer feature (dist/transfer.js) on first use. Imports the feature by type only.
import * as vscode from 'vscode';
import { registerCommand } from '../commandPath';
import type { SessionManager } from '../session/sessionManager';
import type { ChangeJournal } from '../journal/changeJournal';
import type { TransferFeature } from './index';

export function registerTransferLazily(
  sessions: SessionManager,
  mappings: vscode.Memento,
  journal: ChangeJournal,
): vscode.Disposable {
  let feature: TransferFeature | undefined;
  const load = (): TransferFeature => {
    if (!feature) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on demand, from a sibling bundle
      const { createTransferFeature } = require('./transfer.js') as typeof import('./index');
      feature = createTransferFeature(sessions, mappings, journal);
    }
    return feature;
  };
  return vscode.Disposable.from(
    registerCommand(
      'vensoft.exportObjects',
      (node?: unknown, nodes?: unknown, options?: object) => load().exportObjects(node, nodes, options),
      { failure: vscode.l10n.t('Export failed') },
    ),
    registerCommand(
      'vensoft.importObjects',
      (node?: unknown, options?: object) => load().importObjects(node, options),
      {
        failure: vscode.l10n.t('Import failed'),
      },
    ),
    registerCommand('vensoft.cancelTransfer', () => feature?.cancel() ?? 0),
    { dispose: () => feature?.disposable.dispose() },
  );
}
