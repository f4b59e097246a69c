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
        const { targets, typeName } = ofOneType('Delete', node, selection) ?? {};
        if (!targets || !typeName) return undefined;
        // From the bulk threshold on, the preview asks instead.
        if (targets.length < threshold()) {
          const type = await sessions.session?.catalog.type(typeName);
          const what =
            targets.length === 1
              ? `${typeName} "${label(targets[0]!.object)}" (${targets[0]!.object.id})`
              : `${targets.length} ${typeName} objects`;
          const undo = type?.recoverable
            ? 'It can be undeleted afterwards ("Undelete", or Revert in the Changes view).'
            : `${typeName} is not recoverable: deleted objects are gone for good.`;
          if (!(await confirmDestructive(`Delete ${what}?`, undo, 'Delete'))) return undefined;
        }
        const results = await bulk.deleteMany(
          typeName,
          targets.map((t) => t.object),
          answers,
        );
        tree.refreshType(typeName);
        return results && Object.fromEntries([...results].map(([id, ok]) => [id.toString(), ok]));
      },
      { failure: 'Delete failed' },
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
              'You may undelete objects of no type here: none is recoverable with your "undelete" privilege.',
            );
            return undefined;
          }
          const type = await vscode.window.showQuickPick(
            recoverable.map((t) => t.name),
            { title: 'Undelete (1/2)', placeHolder: 'The type of the deleted object (recoverable types)' },
          );
          if (!type) return undefined;
          const id = await vscode.window.showInputBox({
            title: `Undelete ${type} (2/2)`,
            prompt: "The deleted object's id",
            validateInput: (v) => (toId(v.trim()) === undefined ? 'An id is a whole number.' : undefined),
          });
          if (!id) return undefined;
          target = { type: type.trim(), id: id.trim() };
        }
        const results = await undeleteIds(sessions, tree, target.type, [toId(target.id)!]);
        return results && [...results.values()][0];
      },
      { failure: 'Undelete failed' },
    ),

    // `to`: the new parent's id as digits, for callers that know it; otherwise the user picks.
    registerCommand(
      'vensoft.moveObject',
      async (node?: Node, selection?: Node[], to?: string, answers?: BulkAnswers) => {
        const { targets, typeName } = ofOneType('Move', node, selection) ?? {};
        if (!targets || !typeName) return undefined;
        const pick = await pickNewParent(sessions, targets[0]!.object, to);
        if (!pick) return undefined;
        const results = await bulk.move(
          typeName,
          targets.map((t) => t.object),
          pick,
          answers,
        );
        if (!results) return undefined;
        tree.refresh();
        return pick.id.toString();
      },
      { failure: 'Move failed' },
    ),

    // `answers`: to the preview its save shows, for callers without a user (tests).
    registerCommand('vensoft.updateSelected', async (node?: Node, selection?: Node[], answers?: BulkAnswers) => {
      const session = requireSession(sessions);
      const { targets, typeName } = ofOneType('Update Selected', node, selection) ?? {};
      if (!targets || !typeName) return undefined;
      const uri = files.updateManyDraft(
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
    files.onDidUpdateMany(({ type }) => tree.refreshType(type)),

    registerCommand('vensoft.copyAsCurl', async (node?: Node) => {
      const [target] = selected(node, undefined);
      const session = requireSession(sessions);
      if (!target) return undefined;
      return copyCallsAsCurl(session, (calls) => [calls.get(target.object.typeName, target.object.id, {})]);
    }),
    // What Delete… would send: delete for one object, deletemany for a selection of one type.
    registerCommand('vensoft.copyDeleteAsCurl', async (node?: Node, selection?: Node[]) => {
      const session = requireSession(sessions);
      const { targets, typeName } = ofOneType('Delete', node, selection) ?? {};
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
        const pick = await pickNewParent(sessions, target.object, to);
        return (
          pick &&
          (await copyCallsAsCurl(session, (calls) => [calls.move(target.object.typeName, target.object.id, pick.id)]))
        );
      },
      { failure: 'Copy Move as curl' },
    ),
  );
}

/** A container to move an object to, among those where its type may be created; `to` picks by id. */
async function pickNewParent(
  sessions: SessionManager,
  object: ObjectInfo,
  to?: string,
): Promise<ContainerChoice | undefined> {
  const { typeName, id } = object;
  const items = (await creatableContainers(sessions, typeName)).filter((c) => c.id !== object.parentId && c.id !== id);
  if (to !== undefined) {
    const pick = items.find((i) => i.id.toString() === to);
    if (!pick)
      throw new UserFacingError(`You may not move ${typeName} objects to ${to}, or it is where the object is.`);
    return pick;
  }
  return vscode.window.showQuickPick(items, {
    title: `Move ${typeName} "${label(object)}" to…`,
    placeHolder: 'Containers where you may create this type',
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
    throw new UserFacingError(`${what} works on objects of one type at a time: select objects of one type.`);
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
    reportPerId('Undeleted', typeName, results);
    return results;
  } catch (e) {
    reportFailure('Undelete failed', e);
    return undefined;
  }
}

/** Says what happened per id: all done, or which ones failed. */
function reportPerId(
  verb: string,
  typeName: string,
  results: Map<bigint, boolean>,
  follow?: { label: string; run: (done: bigint[]) => unknown },
): void {
  const done = [...results].filter(([, ok]) => ok).map(([id]) => id);
  const failed = [...results].filter(([, ok]) => !ok).map(([id]) => id.toString());
  const text = failed.length
    ? `${verb} ${done.length} of ${results.size} ${typeName} objects. Not done (missing, or you lack the privilege): ${failed.join(', ')}.`
    : `${verb} ${done.length === 1 ? `${typeName} ${done[0]}` : `${done.length} ${typeName} objects`}.`;
  const show = failed.length ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  void (follow && done.length ? show(text, follow.label).then((c) => c && follow.run(done)) : show(text));
}

function label(object: ObjectInfo): string {
  return objectLabel(object.definition, object.id.toString());
}
