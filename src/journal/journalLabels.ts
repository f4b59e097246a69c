// How journal entries and writes read in the Changes view and in messages (localised).
import * as vscode from 'vscode';
import type { EntryState, JournalWrite } from '../core/journal';
import type { WriteIntent } from '../core/writeIntent';

/** The label of a write made outside any batch: "Update machine 1250…", "Delete 3 sim objects". */
export function writeLabel(intent: WriteIntent): string {
  if (intent.kind === 'aceSet' || intent.kind === 'aceDelete') {
    const entity = String(intent.ace.entity);
    return intent.kind === 'aceSet'
      ? vscode.l10n.t('Add ACE on {0}', entity)
      : vscode.l10n.t('Remove ACE on {0}', entity);
  }
  const type = 'type' in intent ? intent.type : '';
  const ids = 'ids' in intent ? intent.ids : [];
  const what = ids.length === 1 ? `${type} ${ids[0]!.toString()}` : `${ids.length} ${type}`;
  switch (intent.kind) {
    case 'create':
      return vscode.l10n.t('Create {0}', intent.type);
    case 'update':
    case 'updatemany':
      return vscode.l10n.t('Update {0}', what);
    case 'move':
      return vscode.l10n.t('Move {0} to {1}', what, intent.parentId.toString());
    case 'delete':
    case 'deletemany':
      return vscode.l10n.t('Delete {0}', what);
    case 'undelete':
      return vscode.l10n.t('Undelete {0}', what);
    case 'upload':
      return vscode.l10n.t('Upload {0}', intent.type);
  }
}

export function stateLabel(state: EntryState | JournalWrite['state']): string {
  switch (state) {
    case 'confirmed':
      return vscode.l10n.t('confirmed');
    case 'partial':
      return vscode.l10n.t('partly done');
    case 'failed':
      return vscode.l10n.t('failed');
    case 'unknown':
      return vscode.l10n.t('unknown: no answer came');
    case 'pending':
      return vscode.l10n.t('waiting for the answer');
    case 'empty':
      return vscode.l10n.t('nothing sent');
  }
}

/** "update machine 1250…", for a write's line in the view. */
export function kindLabel(write: JournalWrite): string {
  const kinds: Record<JournalWrite['kind'], string> = {
    create: vscode.l10n.t('create'),
    update: vscode.l10n.t('update'),
    updatemany: vscode.l10n.t('updatemany'),
    move: vscode.l10n.t('move'),
    delete: vscode.l10n.t('delete'),
    deletemany: vscode.l10n.t('deletemany'),
    undelete: vscode.l10n.t('undelete'),
    aceSet: vscode.l10n.t('ACE set'),
    aceDelete: vscode.l10n.t('ACE delete'),
    upload: vscode.l10n.t('upload'),
  };
  return kinds[write.kind];
}
