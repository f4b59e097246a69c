// The explorer's view of a session: its catalog (describe and getstructure, cached per session) and
// paged lists through the session manager, so an ended session is renewed and the load completed.
import type { ExplorerSource } from './explorerTree';
import type { ObjectInfo } from '../session/sessionCatalog';
import { objectLabel } from '../core/labels';
import type { SessionManager } from '../session/sessionManager';

// Tree loads never wait for the user: an ended session shows as an item with Log In Again.
const BACKGROUND = { interactive: false };

export function explorerSource(sessions: SessionManager): ExplorerSource | undefined {
  const session = sessions.session;
  if (!session) return undefined;
  const { catalog } = session;
  // The tree's menus offer only what an object's permissions allow, so lists ask for them.
  const privileges = { returnPrivileges: true, returnAttributePrivileges: false };
  const underParent = (parentId: bigint | undefined) =>
    parentId === undefined
      ? undefined
      : {
          join: 'AND' as const,
          conditions: [{ attribute: 'parent_id', type: 1 as const, value: parentId.toString() }],
        };
  /** Names the object each one lives under (its machine, for a sale), one getmany a page: sales differ by it. */
  const nameOwners = async (type: string, objects: ObjectInfo[]) => {
    const ownerType = catalog.ownerType(type);
    const ids = [...new Set(objects.flatMap((o) => (o.parentId === null ? [] : [o.parentId])))];
    if (!ownerType || !ids.length) return;
    const owners = await sessions.run(
      (client) => client.getMany(ownerType, ids, { returnPrivileges: false, returnAttributePrivileges: false }),
      BACKGROUND,
    );
    const names = new Map(
      owners.transfer_objects.map((o) => [
        o.id,
        objectLabel(o.definition as ObjectInfo['definition'], o.id.toString()),
      ]),
    );
    for (const o of objects) o.parentLabel = o.parentId === null ? undefined : names.get(o.parentId);
  };
  return {
    connectionName: session.connection.name,
    username: session.username,
    catalog,
    async list(type, page) {
      const filter = { count: { count: page.count, offset: page.offset }, constraints: underParent(page.parentId) };
      const result = await sessions.run((client) => client.list(type, filter, privileges), BACKGROUND);
      const objects = result.transfer_objects.map((o) => catalog.objectInfo(o));
      await nameOwners(type, objects);
      return { objects, total: result.filtered_record_count ?? result.transfer_objects.length };
    },
    async count(type, parentId) {
      // One row, not none: the documentation does not say what a count of 0 means.
      const filter = { count: { count: 1, offset: 0 }, constraints: underParent(parentId) };
      const result = await sessions.run(
        (client) => client.list(type, filter, { returnPrivileges: false, returnAttributePrivileges: false }),
        BACKGROUND,
      );
      return result.filtered_record_count ?? 0;
    },
  };
}
