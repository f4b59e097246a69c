// New Object… on a type, a container or a type inside a container: a document prefilled with the
// type's writeable attributes and the chosen parent; saving it creates the object.
import * as vscode from 'vscode';
import { toSnakeCase } from '../core/attributeNames';
import { UserFacingError } from '../core/errors';
import { registerCommand } from '../commandPath';
import { requireSession } from '../session/requireSession';
import type { JsonObject } from '../core/json';
import type { SessionManager } from '../session/sessionManager';
import type { ObjectFileSystem } from '../documents/objectFileSystem';
import { creatableContainers } from './containerPaths';
import { CONTAINER_TYPE, type SessionCatalog, type TypeInfo } from '../session/sessionCatalog';
import type { Node } from './explorerTree';

/** Attributes the server sets itself, never prefilled. */
const SERVER_SET = new Set(['id', 'parent_id', 'owner']);

export function registerNewObjectCommand(sessions: SessionManager, files: ObjectFileSystem): vscode.Disposable {
  return registerCommand(
    'vensoft.newObject',
    async (node?: Node, _selection?: Node[], parentId?: string) => {
      const session = requireSession(sessions);
      const type = await chooseType(session.catalog, node);
      if (!type) return undefined;
      const parent =
        node?.kind === 'group'
          ? node.parent.object.id
          : node?.kind === 'container'
            ? node.object.id
            : parentId !== undefined
              ? BigInt(parentId)
              : await chooseParent(sessions, type);
      if (parent === undefined) return undefined;
      const definition: JsonObject = { parent_id: parent };
      for (const attribute of type.writeableAttributes.map(toSnakeCase))
        if (!SERVER_SET.has(attribute)) definition[attribute] = null;
      const uri = files.drafts.createDraft(session.connection.name, type.name, definition);
      await vscode.window.showTextDocument(uri, { preview: false });
      return uri.toString();
    },
    { failure: vscode.l10n.t('New object') },
  );
}

async function chooseType(catalog: SessionCatalog, node: Node | undefined): Promise<TypeInfo | undefined> {
  if (node?.kind === 'type' || node?.kind === 'group') return node.type;
  const all = await catalog.types();
  const types = all.filter((t) => t.privileges.includes('create'));
  const container = all.find((t) => t.name === CONTAINER_TYPE);
  const candidates =
    node?.kind === 'container' && container ? types.filter((t) => t.parentTypes.includes(container.id)) : types;
  if (!candidates.length) throw new UserFacingError(vscode.l10n.t('You may create no object type here.'));
  const pick = await vscode.window.showQuickPick(
    candidates.map((t) => ({ label: t.name, type: t })),
    { title: vscode.l10n.t('New Object: type') },
  );
  return pick?.type;
}

async function chooseParent(sessions: SessionManager, type: TypeInfo): Promise<bigint | undefined> {
  const items = await creatableContainers(sessions, type.name);
  if (!items.length)
    throw new UserFacingError(vscode.l10n.t('You may not create {0} objects in any container.', type.name));
  const pick = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('New {0}: where?', type.name),
    placeHolder: vscode.l10n.t('Containers where you may create this type'),
    matchOnDescription: true,
  });
  return pick?.id;
}
