// Containers as people know them: by their path of names.
import { objectLabel } from '../core/labels';
import type { ObjectInfo } from './explorerTree';

/** "Vensoft Demo GmbH / Region North / Hamburg" from the parent chain of the container structure. */
export function containerPath(id: bigint, byId: ReadonlyMap<bigint, ObjectInfo>): string {
  const names: string[] = [];
  for (let c = byId.get(id); c; c = c.parentId === null ? undefined : byId.get(c.parentId)) names.unshift(objectLabel(c.definition, c.id.toString()));
  return names.join(' / ');
}
