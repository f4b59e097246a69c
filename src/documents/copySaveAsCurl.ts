// "Copy Save as curl": the call(s) saving this document would send, for a shell. An object's update
// (only the attributes changed since it was opened, as Save sends), a move when parent_id was edited
// (what Save offers instead), a new object's create, or the updatemany of Update Selected.
import * as vscode from 'vscode';
import type { WireCall, wireCalls } from '../api';
import { copyCallsAsCurl } from '../copyAsCurl';
import { UserFacingError } from '../core/errors';
import { registerCommand } from '../commandPath';
import { requireSession } from '../session/requireSession';
import { diffDefinition, readDefinition } from '../core/objectEdit';
import type { SessionManager } from '../session/sessionManager';
import { parseDraftUri, parseObjectUri } from '../uris';
import type { ObjectFileSystem } from './objectFileSystem';

type CallBuilder = (calls: typeof wireCalls) => WireCall[];

export function registerCopySaveAsCurl(sessions: SessionManager, files: ObjectFileSystem): vscode.Disposable {
  return registerCommand(
    'vensoft.copySaveAsCurl',
    async (uri?: vscode.Uri) => {
      const document = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
      const session = requireSession(sessions);
      if (!document) return undefined;
      return copyCallsAsCurl(session, saveCalls(document, files));
    },
    { failure: vscode.l10n.t('Copy Save as curl') },
  );
}

function saveCalls(document: vscode.TextDocument, files: ObjectFileSystem): CallBuilder {
  const read = readDefinition(document.getText());
  if ('problem' in read) throw new UserFacingError(vscode.l10n.t('Copy Save as curl: {0}', read.problem));
  const { definition } = read;
  const draft = parseDraftUri(document.uri);
  if (draft?.kind === 'update') {
    const ids = files.drafts.updateManyIds(document.uri);
    if (!ids)
      throw new UserFacingError(vscode.l10n.t('This Update Selected document is closed: select the objects again.'));
    return (calls) => [calls.updateMany(draft.type, ids, definition)];
  }
  // As a save creates it: attributes left null are not sent.
  if (draft)
    return (calls) => [
      calls.create(draft.type, Object.fromEntries(Object.entries(definition).filter(([, v]) => v !== null))),
    ];
  const address = parseObjectUri(document.uri);
  const opened = address && files.knownState(document.uri);
  if (!address || !opened)
    throw new UserFacingError(vscode.l10n.t('This is not an object document opened from the Vensoft explorer.'));
  const diff = diffDefinition(opened.definition, definition);
  const id = BigInt(address.id);
  const to = diff.parentChange?.to;
  const move = typeof to === 'bigint' || typeof to === 'number' ? BigInt(to) : undefined;
  if (!Object.keys(diff.changes).length && move === undefined) {
    throw new UserFacingError(
      vscode.l10n.t(
        'Nothing to save: the document is what was opened from {0} {1}. Edit it first.',
        address.type,
        address.id,
      ),
    );
  }
  return (calls) => [
    ...(Object.keys(diff.changes).length ? [calls.update(address.type, id, diff.changes)] : []),
    ...(move === undefined ? [] : [calls.move(address.type, id, move)]),
  ];
}
