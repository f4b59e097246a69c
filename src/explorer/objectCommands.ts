// Commands on objects in the tree: Delete (one or the selection, via deletemany), Update Selected
// (updatemany, from a small document of attributes to set), Undelete, Move
// (to a container picked by its path), Copy as curl (the get, and what Delete and Move would send). Destructive ones ask first unless
// `vensoft.confirmDestructiveActions` is off.
import * as vscode from 'vscode';
import { UserFacingError } from '../core/errors';
import { registerCommand, reportFailure } from '../commandPath';
import { requireSession } from '../session/requireSession';
import { toId } from '../core/ids';
import type { SessionManager } from '../session/sessionManager';
import type { ObjectFileSystem } from '../documents/objectFileSystem';
import { objectLabel } from '../core/labels';
import type { ObjectInfo } from '../session/sessionCatalog';
import type { ExplorerTree, Node } from './explorerTree';
import { creatableContainers, type ContainerChoice } from './containerPaths';
import { copyCallsAsCurl } from '../copyAsCurl';
import { confirmDestructive } from '../confirmDestructive';
import { pickTypeAndId } from '../pickTypeAndId';
import type { BulkOperations } from '../bulk/bulkOperations';
import type { BulkAnswers } from '../bulk/bulkRunner';

type ObjectNode = Extract<Node, { kind: 'object' | 'container' }>;

export function registerObjectCommands(
  tree: ExplorerTree,
  sessions: SessionManager,
  files: ObjectFileSystem,
  bulk: BulkOperations,
): vscode.Disposable {
  const threshold = () => vscode.workspace.getConfiguration('vensoft').get<number>('confirmBulkThreshold') ?? 2;
  return vscode.Disposable.from(
    // `answers`: to the preview, for callers without a user (tests).
    registerCommand(
      'vensoft.deleteObject',
      async (node?: Node, selection?: Node[], answers?: BulkAnswers) => {
        const { targets, typeName } = ofOneType(vscode.l10n.t('Delete'), node, selection) ?? {};
        if (!targets || !typeName) return undefined;
        // From the bulk threshold on, the preview asks instead.
        if (targets.length < threshold()) {
          const type = await sessions.session?.catalog.type(typeName);
          const what =
            targets.length === 1
              ? vscode.l10n.t(
                  'Delete {0} "{1}" ({2})?',
                  typeName,
                  label(targets[0]!.object),
                  targets[0]!.object.id.toString(),
                )
              : vscode.l10n.t('Delete {0} {1} objects?', targets.length, typeName);
          const undo = type?.recoverable
            ? vscode.l10n.t('It can be undeleted afterwards ("Undelete", or Revert in the Changes view).')
            : vscode.l10n.t('{0} is not recoverable: deleted objects are gone for good.', typeName);
          if (!(await confirmDestructive(what, undo, vscode.l10n.t('Delete')))) return undefined;
        }
        const results = await bulk.deleteMany(
          typeName,
          targets.map((t) => t.object),
          answers,
        );
        tree.refreshType(typeName);
        return results && Object.fromEntries([...results].map(([id, ok]) => [id.toString(), ok]));
      },
      { failure: vscode.l10n.t('Delete failed') },
    ),

    registerCommand(
      'vensoft.undeleteObject',
      async (args?: { type: string; id: string }) => {
        let target = args;
        if (!target) {
          // Only types whose delete can be undone, and where this user holds "undelete".
          const recoverable = ((await sessions.session?.catalog.types()) ?? []).filter(
            (t) => t.recoverable && t.privileges.includes('undelete'),
          );
          if (!recoverable.length) {
            void vscode.window.showInformationMessage(
              vscode.l10n.t(
                'You may undelete objects of no type here: none is recoverable with your "undelete" privilege.',
              ),
            );
            return undefined;
          }
          target = await pickTypeAndId(
            recoverable.map((t) => t.name),
            {
              typeTitle: vscode.l10n.t('Undelete (1/2)'),
              typePlaceholder: vscode.l10n.t('The type of the deleted object (recoverable types)'),
              idTitle: (type) => vscode.l10n.t('Undelete {0} (2/2)', type),
              idPrompt: vscode.l10n.t("The deleted object's id"),
            },
          );
          if (!target) return undefined;
        }
        const results = await undeleteIds(sessions, tree, target.type, [toId(target.id)!]);
        return results && [...results.values()][0];
      },
      { failure: vscode.l10n.t('Undelete failed') },
    ),

    // `to`: the new parent's id as digits, for callers that know it; otherwise the user picks.
    registerCommand(
      'vensoft.moveObject',
      async (node?: Node, selection?: Node[], to?: string, answers?: BulkAnswers) => {
        const { targets, typeName } = ofOneType(vscode.l10n.t('Move'), node, selection) ?? {};
        if (!targets || !typeName) return undefined;
        const pick = await pickNewParent(
          sessions,
          targets.map((t) => t.object),
          to,
        );
        if (!pick) return undefined;
        const results = await bulk.move(
          typeName,
          targets.map((t) => t.object),
          pick,
          answers,
        );
        if (!results) return undefined;
        tree.refresh();
        if (targets.length === 1)
          vscode.window.setStatusBarMessage(
            vscode.l10n.t('Moved {0} {1} to {2}', typeName, targets[0]!.object.id.toString(), pick.label),
            5000,
          );
        return pick.id.toString();
      },
      { failure: vscode.l10n.t('Move failed') },
    ),

    // `answers`: to the preview its save shows, for callers without a user (tests).
    registerCommand('vensoft.updateSelected', async (node?: Node, selection?: Node[], answers?: BulkAnswers) => {
      const session = requireSession(sessions);
      const { targets, typeName } = ofOneType(vscode.l10n.t('Update Selected'), node, selection) ?? {};
      if (!targets || !typeName) return undefined;
      const uri = files.drafts.updateManyDraft(
        session.connection.name,
        typeName,
        targets.map((t) => t.object.id),
        {},
        answers,
      );
      await vscode.window.showTextDocument(uri, { preview: false });
      return uri.toString();
    }),
    // The bulk summary says what happened.
    files.drafts.onDidUpdateMany(({ type }) => tree.refreshType(type)),

    registerCommand('vensoft.copyAsCurl', async (node?: Node) => {
      const [target] = selected(node, undefined);
      const session = requireSession(sessions);
      if (!target) return undefined;
      return copyCallsAsCurl(session, (calls) => [calls.get(target.object.typeName, target.object.id, {})]);
    }),
    // What Delete… would send: delete for one object, deletemany for a selection of one type.
    registerCommand('vensoft.copyDeleteAsCurl', async (node?: Node, selection?: Node[]) => {
      const session = requireSession(sessions);
      const { targets, typeName } = ofOneType(vscode.l10n.t('Delete'), node, selection) ?? {};
      if (!targets || !typeName) return undefined;
      const ids = targets.map((t) => t.object.id);
      return copyCallsAsCurl(session, (calls) => [
        ids.length === 1 ? calls.delete(typeName, ids[0]!) : calls.deleteMany(typeName, ids),
      ]);
    }),
    // What Move… would send, to a container picked the same way (`to`: its id as digits, for callers that know it).
    registerCommand(
      'vensoft.copyMoveAsCurl',
      async (node?: Node, _selection?: Node[], to?: string) => {
        const [target] = selected(node, undefined);
        const session = requireSession(sessions);
        if (!target) return undefined;
        const pick = await pickNewParent(sessions, [target.object], to);
        return (
          pick &&
          (await copyCallsAsCurl(session, (calls) => [calls.move(target.object.typeName, target.object.id, pick.id)]))
        );
      },
      { failure: vscode.l10n.t('Copy Move as curl') },
    ),
  );
}

/**
 * A container to move objects (of one type) to, among those where their type may be created: not
 * one of them, nor the container they all are in already; `to` picks by id.
 */
async function pickNewParent(
  sessions: SessionManager,
  objects: readonly ObjectInfo[],
  to?: string,
): Promise<ContainerChoice | undefined> {
  const [object] = objects as [ObjectInfo];
  const { typeName } = object;
  const moved = new Set(objects.map((o) => o.id));
  const allIn = objects.every((o) => o.parentId === object.parentId) ? object.parentId : undefined;
  const items = (await creatableContainers(sessions, typeName)).filter((c) => c.id !== allIn && !moved.has(c.id));
  if (to !== undefined) {
    const pick = items.find((i) => i.id.toString() === to);
    if (!pick)
      throw new UserFacingError(
        vscode.l10n.t('You may not move {0} objects to {1}, or it is where the object is.', typeName, to),
      );
    return pick;
  }
  return vscode.window.showQuickPick(items, {
    title:
      objects.length === 1
        ? vscode.l10n.t('Move {0} "{1}" to…', typeName, label(object))
        : vscode.l10n.t('Move {0} {1} objects to…', objects.length, typeName),
    placeHolder: vscode.l10n.t('Containers where you may create this type'),
    matchOnDescription: true,
    matchOnDetail: true,
  });
}

/** The nodes a command acts on: the selection when the clicked node is part of it, else the node. */
function selected(node: Node | undefined, selection: Node[] | undefined): ObjectNode[] {
  const nodes = selection?.length && node && selection.includes(node) ? selection : node ? [node] : [];
  return nodes.filter((n): n is ObjectNode => n.kind === 'object' || n.kind === 'container');
}

/** The objects a command acts on when they are of one type; otherwise throws saying so (`what` is the command). */
function ofOneType(
  what: string,
  node: Node | undefined,
  selection: Node[] | undefined,
): { targets: ObjectNode[]; typeName: string } | undefined {
  const targets = selected(node, selection);
  if (!targets.length) return undefined;
  const typeName = targets[0]!.object.typeName;
  if (targets.some((t) => t.object.typeName !== typeName)) {
    throw new UserFacingError(
      vscode.l10n.t('{0} works on objects of one type at a time: select objects of one type.', what),
    );
  }
  return { targets, typeName };
}

async function undeleteIds(
  sessions: SessionManager,
  tree: ExplorerTree,
  typeName: string,
  ids: bigint[],
): Promise<Map<bigint, boolean> | undefined> {
  try {
    const results = new Map<bigint, boolean>();
    for (const id of ids) results.set(id, await sessions.run((client) => client.undelete(typeName, id)));
    tree.refreshType(typeName);
    reportPerId('undeleted', typeName, results);
    return results;
  } catch (e) {
    reportFailure(vscode.l10n.t('Undelete failed'), e);
    return undefined;
  }
}

type Outcome = 'deleted' | 'updated' | 'undeleted';

// Whole sentences per outcome (a verb spliced into one sentence does not translate).
interface Sentences {
  one(type: string, id: string): string;
  all(count: number, type: string): string;
  some(done: number, total: number, type: string, failed: string): string;
}
const SAID: Record<Outcome, Sentences> = {
  deleted: {
    one: (type, id) => vscode.l10n.t('Deleted {0} {1}.', type, id),
    all: (count, type) => vscode.l10n.t('Deleted {0} {1} objects.', count, type),
    some: (done, total, type, failed) =>
      vscode.l10n.t(
        'Deleted {0} of {1} {2} objects. Not done (missing, or you lack the privilege): {3}.',
        done,
        total,
        type,
        failed,
      ),
  },
  updated: {
    one: (type, id) => vscode.l10n.t('Updated {0} {1}.', type, id),
    all: (count, type) => vscode.l10n.t('Updated {0} {1} objects.', count, type),
    some: (done, total, type, failed) =>
      vscode.l10n.t(
        'Updated {0} of {1} {2} objects. Not done (missing, or you lack the privilege): {3}.',
        done,
        total,
        type,
        failed,
      ),
  },
  undeleted: {
    one: (type, id) => vscode.l10n.t('Undeleted {0} {1}.', type, id),
    all: (count, type) => vscode.l10n.t('Undeleted {0} {1} objects.', count, type),
    some: (done, total, type, failed) =>
      vscode.l10n.t(
        'Undeleted {0} of {1} {2} objects. Not done (missing, or you lack the privilege): {3}.',
        done,
        total,
        type,
        failed,
      ),
  },
};

/** Says what happened per id: all done, or which ones failed. */
function reportPerId(
  outcome: Outcome,
  typeName: string,
  results: Map<bigint, boolean>,
  follow?: { label: string; run: (done: bigint[]) => unknown },
): void {
  const done = [...results].filter(([, ok]) => ok).map(([id]) => id);
  const failed = [...results].filter(([, ok]) => !ok).map(([id]) => id.toString());
  const said = SAID[outcome];
  const text = failed.length
    ? said.some(done.length, results.size, typeName, failed.join(', '))
    : done.length === 1
      ? said.one(typeName, done[0]!.toString())
      : said.all(done.length, typeName);
  const show = failed.length ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  void (follow && done.length ? show(text, follow.label).then((c) => c && follow.run(done)) : show(text));
}

function label(object: ObjectInfo): string {
  return objectLabel(object.definition, object.id.toString());
}
