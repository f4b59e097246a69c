// The explorer's view of a session: describe (cached per session), getstructure and paged lists
// through the session manager, so an ended session is renewed and the load completed.
import { CONTAINER_TYPE, type ExplorerSource, type ObjectInfo, type TypeInfo } from './explorerTree';
import { objectLabel } from '../core/labels';
import type { SessionManager } from '../session/sessionManager';
import type { TransferObject } from '../api';

// Tree loads never wait for the user: an ended session shows as an item with Log In Again.
const BACKGROUND = { interactive: false };
const GETMANY_CHUNK = 500;

export function explorerSource(sessions: SessionManager): ExplorerSource | undefined {
  const session = sessions.session;
  if (!session) return undefined;
  let types: Map<bigint, string> | undefined;
  /** Types that live under objects of one other type (a sale under a machine): that type. */
  let ownerTypes = new Map<string, string>();
  const typeName = (id: bigint) => types?.get(id) ?? id.toString();
  const toObject = (o: TransferObject): ObjectInfo => ({
    id: o.id,
    typeName: typeName(o.type_id),
    parentId: (o.definition.parent_id as bigint | null) ?? null,
    definition: o.definition as ObjectInfo['definition'],
    permissions: o.permissions?.filter((p) => p.permitted).map((p) => p.name),
  });
  // The tree's menus offer only what an object's permissions allow, so lists ask for them.
  const privileges = { returnPrivileges: true, returnAttributePrivileges: false };
  const underParent = (parentId: bigint | undefined) => (parentId === undefined ? undefined
    : { join: 'AND' as const, conditions: [{ attribute: 'parent_id', type: 1 as const, value: parentId.toString() }] });
  /** Names the object each one lives under (its machine, for a sale), one getmany a page: sales differ by it. */
  const nameOwners = async (type: string, objects: ObjectInfo[]) => {
    const ownerType = ownerTypes.get(type);
    const ids = [...new Set(objects.flatMap((o) => (o.parentId === null ? [] : [o.parentId])))];
    if (!ownerType || !ids.length) return;
    const owners = await sessions.run((client) => client.getMany(ownerType, ids, { returnPrivileges: false, returnAttributePrivileges: false }), BACKGROUND);
    const names = new Map(owners.transfer_objects.map((o) => [o.id, objectLabel(o.definition as ObjectInfo['definition'], o.id.toString())]));
    for (const o of objects) o.parentLabel = o.parentId === null ? undefined : names.get(o.parentId);
  };
  return {
    connectionName: session.connection.name,
    username: session.username,
    async describe(): Promise<TypeInfo[]> {
      const described = await sessions.run((client) => client.describe(), BACKGROUND);
      types = new Map(described.map((d) => [d.id, d.name]));
      ownerTypes = new Map(described.flatMap((d) => {
        const parents = (d.parent_object_types ?? []).map((id) => types!.get(id));
        return parents.length === 1 && parents[0] && parents[0] !== CONTAINER_TYPE ? [[d.name, parents[0]]] : [];
      }));
      return described.map((d) => ({
        id: d.id,
        name: d.name,
        recoverable: d.recoverable,
        managed: d.managed_object,
        readableAttributes: d.readable_attributes ?? [],
        writeableAttributes: d.writeable_attributes ?? [],
        privileges: d.privileges ?? [],
        parentTypes: d.parent_object_types ?? [],
      }));
    },
    async structure(type) {
      // getstructure answers ids and parent ids only; the names come from getmany, in chunks.
      const structure = (await sessions.run((client) => client.getStructure(type), BACKGROUND)).transfer_objects;
      const named = new Map<bigint, TransferObject>();
      for (let start = 0; start < structure.length; start += GETMANY_CHUNK) {
        const ids = structure.slice(start, start + GETMANY_CHUNK).map((o) => o.id);
        const result = await sessions.run((client) => client.getMany(type, ids, privileges), BACKGROUND);
        for (const o of result.transfer_objects) named.set(o.id, o);
      }
      return structure.map((o) => toObject(named.get(o.id) ?? o));
    },
    async list(type, page) {
      const filter = { count: { count: page.count, offset: page.offset }, constraints: underParent(page.parentId) };
      const result = await sessions.run((client) => client.list(type, filter, privileges), BACKGROUND);
      const objects = result.transfer_objects.map(toObject);
      await nameOwners(type, objects);
      return { objects, total: result.filtered_record_count ?? result.transfer_objects.length };
    },
    async count(type, parentId) {
      // One row, not none: the documentation does not say what a count of 0 means.
      const filter = { count: { count: 1, offset: 0 }, constraints: underParent(parentId) };
      const result = await sessions.run((client) => client.list(type, filter, { returnPrivileges: false, returnAttributePrivileges: false }), BACKGROUND);
      return result.filtered_record_count ?? 0;
    },
  };
}
