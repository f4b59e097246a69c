// What a session knows of its account's schema, asked once per session: describe (the types by
// name, their attributes and privileges) and the container structure (getstructure, named through
// getmany). The tree, documents, queries and commands ask it; nothing else calls describe.
// A new session (log in, log out, switch) gets a new catalog; the tree's Refresh drops its cache.
import type { TransferObject, VensoftClient } from '../api';
import type { JsonValue } from '../core/json';
import { toSnakeCase } from '../core/attributeNames';

export interface TypeInfo {
  id: bigint;
  name: string;
  recoverable: boolean;
  managed: boolean;
  readableAttributes: string[];
  writeableAttributes: string[];
  privileges: string[];
  parentTypes: bigint[];
}

export interface ObjectInfo {
  id: bigint;
  typeName: string;
  parentId: bigint | null;
  definition: Record<string, JsonValue>;
  /** The privileges this user holds on the object (its `permissions`), when the server sent them. */
  permissions?: string[];
  /** The label of the object it lives under, when that is not a container (a sale's machine). */
  parentLabel?: string;
}

/** Runs a call in the session, renewing it when it has ended (SessionManager.run). */
export type SessionRun = <T>(
  action: (client: VensoftClient) => Promise<T>,
  options?: { interactive: boolean },
) => Promise<T>;

export const CONTAINER_TYPE = 'container';
/** Every object has an id, a parent_id and an owner, and filters may use them, though describe may not list them. */
const EVERY_OBJECT = ['id', 'parent_id', 'owner'];
/** Catalog loads never wait for the user unless a command asks: an ended session offers Log In Again. */
const BACKGROUND = { interactive: false };
const GETMANY_CHUNK = 500;
// Containers are named, and the tree's menus follow their permissions.
const WITH_PRIVILEGES = { returnPrivileges: true, returnAttributePrivileges: false };

export class SessionCatalog {
  private described: Promise<TypeInfo[]> | undefined;
  private structure: Promise<ObjectInfo[]> | undefined;
  private loadedTypes: readonly TypeInfo[] = [];
  private names: ReadonlyMap<bigint, string> = new Map();
  /** Types that live under objects of one other type (a sale under a machine): that type. */
  private owners: ReadonlyMap<string, string> = new Map();

  constructor(private readonly run: SessionRun) {}

  /** The types describe lists for this account; `interactive`: a command the user started asks. */
  types(options = BACKGROUND): Promise<TypeInfo[]> {
    if (this.described) return this.described;
    const loading = this.run((client) => client.describe(), options).then((described) =>
      this.learn(described.map(toTypeInfo)),
    );
    // A failure is not kept: the next question asks the server again.
    loading.catch(() => this.described === loading && (this.described = undefined));
    this.described = loading;
    return loading;
  }

  async type(name: string): Promise<TypeInfo | undefined> {
    return (await this.types()).find((t) => t.name === name);
  }

  async typeNames(options = BACKGROUND): Promise<string[]> {
    return (await this.types(options)).map((t) => t.name);
  }

  /** A type's attributes as documents and filters spell them (snake_case), with id, parent_id and owner. */
  async attributesOf(name: string): Promise<string[] | undefined> {
    const readable = (await this.type(name))?.readableAttributes.map(toSnakeCase);
    return readable && [...new Set([...EVERY_OBJECT, ...readable])];
  }

  /** The types as last described (none before the first answer), for what cannot wait. */
  get loaded(): readonly TypeInfo[] {
    return this.loadedTypes;
  }

  /** The name of a type id, once described; its digits before. */
  typeName(id: bigint): string {
    return this.names.get(id) ?? id.toString();
  }

  /** The one type whose objects a type's objects live under, other than container (a sale's: machine). */
  ownerType(name: string): string | undefined {
    return this.owners.get(name);
  }

  /** Every container this account may read, named, with its permissions. */
  containers(): Promise<ObjectInfo[]> {
    if (this.structure) return this.structure;
    const loading = this.loadContainers();
    loading.catch(() => this.structure === loading && (this.structure = undefined));
    this.structure = loading;
    return loading;
  }

  /** An object as the editor shows it: its type by name, its parent, what this user may do with it. */
  objectInfo(o: TransferObject): ObjectInfo {
    return {
      id: o.id,
      typeName: this.typeName(o.type_id),
      parentId: (o.definition.parent_id as bigint | null) ?? null,
      definition: o.definition as ObjectInfo['definition'],
      permissions: o.permissions?.filter((p) => p.permitted).map((p) => p.name),
    };
  }

  /** Drops what is cached (the types, the containers, or both), so that the next question asks the server. */
  forget(part?: 'types' | 'containers'): void {
    if (part !== 'containers') this.described = undefined;
    if (part !== 'types') this.structure = undefined;
  }

  private learn(types: TypeInfo[]): TypeInfo[] {
    this.loadedTypes = types;
    this.names = new Map(types.map((t) => [t.id, t.name]));
    this.owners = new Map(
      types.flatMap((t) => {
        const parents = t.parentTypes.map((id) => this.names.get(id));
        return parents.length === 1 && parents[0] && parents[0] !== CONTAINER_TYPE ? [[t.name, parents[0]]] : [];
      }),
    );
    return types;
  }

  private async loadContainers(): Promise<ObjectInfo[]> {
    // getstructure answers ids and parent ids only; the names come from getmany, in chunks.
    const structure = (await this.run((client) => client.getStructure(CONTAINER_TYPE), BACKGROUND)).transfer_objects;
    const named = new Map<bigint, TransferObject>();
    for (let start = 0; start < structure.length; start += GETMANY_CHUNK) {
      const ids = structure.slice(start, start + GETMANY_CHUNK).map((o) => o.id);
      const result = await this.run((client) => client.getMany(CONTAINER_TYPE, ids, WITH_PRIVILEGES), BACKGROUND);
      for (const o of result.transfer_objects) named.set(o.id, o);
    }
    return structure.map((o) => this.objectInfo(named.get(o.id) ?? o));
  }
}

type ObjectDescription = Awaited<ReturnType<VensoftClient['describe']>>[number];

function toTypeInfo(d: ObjectDescription): TypeInfo {
  return {
    id: d.id,
    name: d.name,
    recoverable: d.recoverable,
    managed: d.managed_object,
    readableAttributes: d.readable_attributes ?? [],
    writeableAttributes: d.writeable_attributes ?? [],
    privileges: d.privileges ?? [],
    parentTypes: d.parent_object_types ?? [],
  };
}
