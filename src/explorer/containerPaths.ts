// Containers as people know them: by their path of names.
import type * as vscode from 'vscode';
import { objectLabel } from '../core/labels';
import type { SessionManager } from '../session/sessionManager';
import type { ObjectInfo } from '../session/sessionCatalog';

/** "Vensoft Demo GmbH / Region North / Hamburg" from the parent chain of the container structure. */
export function containerPath(id: bigint, byId: ReadonlyMap<bigint, ObjectInfo>): string {
  const names: string[] = [];
  for (let c = byId.get(id); c; c = c.parentId === null ? undefined : byId.get(c.parentId))
    names.unshift(objectLabel(c.definition, c.id.toString()));
  return names.join(' / ');
}

export interface ContainerChoice extends vscode.QuickPickItem {
  id: bigint;
}

/** The containers where the user may create `typeName` (getcontainer), named by their paths, for a QuickPick. */
export async function creatableContainers(sessions: SessionManager, typeName: string): Promise<ContainerChoice[]> {
  const containers = sessions.session?.catalog.containers() ?? Promise.resolve([]);
  const [allowed, named] = await Promise.all([
    sessions.run((client) => client.getContainer(typeName, 'create')),
    containers,
  ]);
  const byId = new Map(named.map((c) => [c.id, c]));
  return allowed.map((id) => ({
    label: byId.has(id) ? objectLabel(byId.get(id)!.definition, id.toString()) : id.toString(),
    description: containerPath(id, byId),
    detail: id.toString(),
    id,
  }));
}
