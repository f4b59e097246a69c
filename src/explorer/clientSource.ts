// The explorer's view of a session: describe (cached per session), getstructure and paged lists
// through the session manager, so an ended session is renewed and the load completed.
import type { ExplorerSource, ObjectInfo, TypeInfo } from './explorerTree';
import type { SessionManager } from '../session/sessionManager';
import type { TransferObject } from '../api';

// Tree loads never wait for the user: an ended session shows as an item with Log In Again.
const BACKGROUND = { interactive: false };
const GETMANY_CHUNK = 500;

export function explorerSource(sessions: SessionManager): ExplorerSource | undefined {
  const session = sessions.session;
  if (!session) return undefined;
  let types: Map<bigint, string> | undefined;
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
  return {
    connectionName: session.connection.name,
    username: session.username,
    async describe(): Promise<TypeInfo[]> {
      const described = await sessions.run((client) => client.describe(), BACKGROUND);
      types = new Map(described.map((d) => [d.id, d.name]));
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
      return { objects: result.transfer_objects.map(toObject), total: result.filtered_record_count ?? result.transfer_objects.length };
    },
    async count(type, parentId) {
      // One row, not none: the documentation does not say what a count of 0 means.
      const filter = { count: { count: 1, offset: 0 }, constraints: underParent(parentId) };
      const result = await sessions.run((client) => client.list(type, filter, { returnPrivileges: false, returnAttributePrivileges: false }), BACKGROUND);
      return result.filtered_record_count ?? 0;
    },
  };
}
