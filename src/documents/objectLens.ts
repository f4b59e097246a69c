// What a document does not let the user edit, shown above it without being in the way: the
// object's type and id, and what this user may do with it and its attributes.
import * as vscode from 'vscode';
import { attributeKey } from '../core/attributeNames';
import { OBJECT_SCHEME, parseObjectUri } from '../uris';
import type { ObjectFileSystem } from './objectFileSystem';

export function registerObjectLens(files: ObjectFileSystem): vscode.Disposable {
  const changed = new vscode.EventEmitter<void>();
  const provider: vscode.CodeLensProvider = {
    onDidChangeCodeLenses: changed.event,
    provideCodeLenses(document) {
      const top = new vscode.Range(0, 0, 0, 0);
      const batch = files.drafts.updateManyIds(document.uri);
      if (batch) {
        const type = document.uri.path.split('/')[1];
        return [
          new vscode.CodeLens(top, {
            title: vscode.l10n.t(
              'Saving sets these attributes on {0} {1} objects (updatemany): {2}',
              batch.length,
              type ?? '',
              batch.join(', '),
            ),
            command: '',
          }),
        ];
      }
      const address = parseObjectUri(document.uri);
      const known = files.knownState(document.uri);
      if (!address || !known) return [];
      if (known.deleted)
        return [
          new vscode.CodeLens(top, {
            title: vscode.l10n.t('{0} {1} has been deleted on the server: Undelete…', address.type, address.id),
            command: 'vensoft.undeleteObject',
            arguments: [{ type: address.type, id: address.id }],
            tooltip: vscode.l10n.t('Undelete the object; the document then shows it again'),
          }),
        ];
      const updatable = new Set(known.updatable.map(attributeKey));
      const readOnly = Object.keys(known.definition).filter((k) => !updatable.has(attributeKey(k)));
      return [
        new vscode.CodeLens(top, {
          title: `${address.type} ${address.id}`,
          command: 'vensoft.copyId',
          arguments: [address],
          tooltip: vscode.l10n.t('Copy the id'),
        }),
        new vscode.CodeLens(top, {
          title: vscode.l10n.t('may: {0}', known.privileges.join(', ') || vscode.l10n.t('nothing')),
          command: '',
        }),
        new vscode.CodeLens(top, {
          title: readOnly.length
            ? vscode.l10n.t('read-only here: {0}', readOnly.join(', '))
            : vscode.l10n.t('every attribute updatable'),
          command: '',
        }),
      ];
    },
  };
  return vscode.Disposable.from(
    changed,
    vscode.languages.registerCodeLensProvider({ scheme: OBJECT_SCHEME }, provider),
    files.onDidChangeFile(() => changed.fire()),
  );
}
