// Privileges, as the wire contract describes them: a role bundles object privileges and attribute
// privileges per type; an ACE grants a role to a trustee (user or user group) on an entity and is
// inherited by every descendant of that entity. A user's trustees are the user and the user groups
// above it (its path in the user_group tree). Unmanaged types take their parent's privileges.
//
// ACEs and role grants are small and read on every request, so they are cached in memory and
// reloaded after any change that can affect them (ace/set, ace/delete, changes to users, groups
// and roles, moves). Rights read while such a change was under way are never cached.

import type { Database } from './database';
import type { Catalog, TypeDef } from './catalog';

interface AttributeGrant {
  read: boolean;
  update: boolean;
}

interface RoleGrants {
  privileges: Map<bigint, Set<string>>;
  attributes: Map<bigint, Map<string, AttributeGrant>>;
}

export interface AttributePermission {
  name: string;
  can_read: boolean;
  can_update: boolean;
}

type Ace = { trustee: bigint; entity: bigint; role: bigint };

/** One consistent reading of roles and ACEs. */
interface Grants {
  roles: Map<bigint, RoleGrants>;
  aces: Ace[];
}

export class AccessControl {
  /** Counts invalidations: rights computed across one are never cached (they may predate it). */
  private generation = 0;
  private grants: Promise<Grants> | undefined;
  /** A user's rights, or null for a user who may not act (deleted or deactivated). */
  private users = new Map<bigint, UserAccess | null>();

  constructor(
    private readonly db: Database,
    readonly catalog: Catalog,
  ) {}

  /** Forget cached ACEs, role grants and user paths; the next request reloads them. */
  invalidate(): void {
    this.generation++;
    this.grants = undefined;
    this.users.clear();
  }

  /** The user's rights; undefined when the user is deleted or deactivated (its sessions end with it). */
  async forUser(userId: bigint): Promise<UserAccess | undefined> {
    const cached = this.users.get(userId);
    if (cached !== undefined) return cached ?? undefined;
    const generation = this.generation;
    const { roles, aces } = await (this.grants ??= this.load());
    const rows = await this.db.query<{ path: unknown[]; active: boolean | null }>(
      `SELECT path, active FROM obj_user WHERE id = $1 AND NOT deleted`,
      [userId],
    );
    let access: UserAccess | null = null;
    if (rows[0] && rows[0].active !== false) {
      const trustees = new Set(rows[0].path.map((x) => BigInt(x as bigint)));
      const entityRoles = new Map<bigint, bigint[]>();
      for (const ace of aces) {
        if (!trustees.has(ace.trustee)) continue;
        const list = entityRoles.get(ace.entity) ?? [];
        list.push(ace.role);
        entityRoles.set(ace.entity, list);
      }
      access = new UserAccess(userId, trustees, entityRoles, roles, this.catalog);
    }
    // Rights read while a revocation was under way serve this one request; only rights read
    // entirely after the last change are kept for the next.
    if (generation === this.generation) this.users.set(userId, access);
    return access ?? undefined;
  }

  private async load(): Promise<Grants> {
    const [privileges, attributes, aces] = await Promise.all([
      this.db.query<{ role_id: bigint; type_id: bigint; privilege: string }>(
        `SELECT role_id, type_id, privilege FROM vs_role_privilege`,
      ),
      this.db.query<{ role_id: bigint; type_id: bigint; attribute: string; can_read: boolean; can_update: boolean }>(
        `SELECT role_id, type_id, attribute, can_read, can_update FROM vs_role_attribute`,
      ),
      // A deleted role, or a deleted user or group as trustee, grants nothing (until undeleted); nor
      // does a group inside a deleted group (its path, which includes itself, meets a deleted group).
      this.db.query<Ace>(`SELECT a.trustee, a.entity, a.role FROM vs_ace a
        WHERE EXISTS (SELECT 1 FROM obj_role r WHERE r.id = a.role AND NOT r.deleted)
          AND NOT EXISTS (SELECT 1 FROM obj_user u WHERE u.id = a.trustee AND u.deleted)
          AND NOT EXISTS (SELECT 1 FROM obj_user_group t JOIN obj_user_group g ON g.id = ANY(t.path)
            WHERE t.id = a.trustee AND g.deleted)`),
    ]);
    const roles = new Map<bigint, RoleGrants>();
    const grants = (id: bigint) => {
      let g = roles.get(id);
      if (!g) roles.set(id, (g = { privileges: new Map(), attributes: new Map() }));
      return g;
    };
    for (const p of privileges) {
      const g = grants(p.role_id);
      const set = g.privileges.get(p.type_id) ?? new Set<string>();
      set.add(p.privilege);
      g.privileges.set(p.type_id, set);
    }
    for (const a of attributes) {
      const g = grants(a.role_id);
      const map = g.attributes.get(a.type_id) ?? new Map<string, AttributeGrant>();
      map.set(a.attribute, { read: a.can_read, update: a.can_update });
      g.attributes.set(a.type_id, map);
    }
    return { roles, aces };
  }
}

/** What one user may do, derived from the ACEs that apply to the user. */
export class UserAccess {
  private readonly entityMemo = new Map<string, bigint[]>();

  constructor(
    readonly userId: bigint,
    readonly trustees: ReadonlySet<bigint>,
    /** entity → roles granted to this user there */
    private readonly entityRoles: ReadonlyMap<bigint, bigint[]>,
    private readonly roles: ReadonlyMap<bigint, RoleGrants>,
    private readonly catalog: Catalog,
  ) {}

  /** Entities at or below which the user has `privilege` on objects of type t. */
  entitiesWith(t: TypeDef, privilege: string): bigint[] {
    const key = `${t.name}\0${privilege}`;
    let list = this.entityMemo.get(key);
    if (!list) {
      const grantType = this.catalog.grantType(t);
      list = t.privileges.includes(privilege)
        ? this.entitiesWhere((role) => this.roles.get(role)?.privileges.get(grantType.id)?.has(privilege) ?? false)
        : [];
      this.entityMemo.set(key, list);
    }
    return list;
  }

  /** Entities at or below which the user can read attribute `attribute` of objects of type t. */
  entitiesReading(t: TypeDef, attribute: string): bigint[] {
    if (!t.managed) return this.entitiesWith(t, 'read');
    const key = `${t.name}\0attr:${attribute}`;
    let list = this.entityMemo.get(key);
    if (!list) {
      list = this.entitiesWhere(
        (role) => this.roles.has(role) && this.roleReads(role, t, attribute) && this.roleGrants(role, t, 'read'),
      );
      this.entityMemo.set(key, list);
    }
    return list;
  }

  /** The privileges the user has on one object, given its path (root … object). */
  privilegesOn(t: TypeDef, path: readonly bigint[]): Set<string> {
    const grantType = this.catalog.grantType(t);
    const granted = new Set<string>();
    for (const role of this.rolesOn(path)) {
      for (const p of this.roles.get(role)?.privileges.get(grantType.id) ?? []) {
        if (t.privileges.includes(p)) granted.add(p);
      }
    }
    return granted;
  }

  /** Attribute permissions on one object; only readable attributes are listed. */
  attributePermissionsOn(t: TypeDef, path: readonly bigint[], privileges: ReadonlySet<string>): AttributePermission[] {
    const canUpdateObject = privileges.has('update');
    if (!t.managed) {
      if (!privileges.has('read')) return [];
      return t.attributes.map((a) => ({ name: a.name, can_read: true, can_update: canUpdateObject }));
    }
    const roles = this.rolesOn(path).filter((r) => this.roleGrants(r, t, 'read'));
    const result: AttributePermission[] = [];
    for (const a of t.attributes) {
      const canRead = roles.some((r) => this.roleReads(r, t, a.name));
      if (!canRead) continue;
      result.push({
        name: a.name,
        can_read: true,
        can_update: canUpdateObject && roles.some((r) => this.roleUpdates(r, t, a.name)),
      });
    }
    return result;
  }

  /** What describe reports: privileges and attributes granted anywhere for type t. */
  typeSummary(t: TypeDef): { privileges: string[]; readable: string[]; writeable: string[] } {
    const all = [...new Set([...this.entityRoles.values()].flat())];
    const grantType = this.catalog.grantType(t);
    const privileges = t.privileges.filter((p) =>
      all.some((r) => this.roles.get(r)?.privileges.get(grantType.id)?.has(p)),
    );
    if (!t.managed) {
      return {
        privileges,
        readable: privileges.includes('read') ? t.attributes.map((a) => a.name) : [],
        writeable: privileges.includes('update') ? t.attributes.map((a) => a.name) : [],
      };
    }
    const readers = all.filter((r) => this.roleGrants(r, t, 'read'));
    const updaters = readers.filter((r) => this.roleGrants(r, t, 'update'));
    return {
      privileges,
      readable: t.attributes.filter((a) => readers.some((r) => this.roleReads(r, t, a.name))).map((a) => a.name),
      writeable: t.attributes.filter((a) => updaters.some((r) => this.roleUpdates(r, t, a.name))).map((a) => a.name),
    };
  }

  /**
   * The object privileges a role grants that the user does not hold at `path` itself. Granting a
   * role is only allowed when this is empty: set privilege must not become a way to escalate.
   */
  privilegesBeyond(role: bigint, path: readonly bigint[]): string[] {
    const held = this.rolesOn(path);
    const missing: string[] = [];
    for (const [typeId, privileges] of this.roles.get(role)?.privileges ?? []) {
      for (const p of privileges) {
        if (!held.some((r) => this.roles.get(r)?.privileges.get(typeId)?.has(p)))
          missing.push(`${this.catalog.typeById(typeId)?.name ?? typeId}: ${p}`);
      }
    }
    return missing;
  }

  private rolesOn(path: readonly bigint[]): bigint[] {
    const roles: bigint[] = [];
    for (const entity of path) {
      const r = this.entityRoles.get(BigInt(entity));
      if (r) roles.push(...r);
    }
    return roles;
  }

  private entitiesWhere(grants: (role: bigint) => boolean): bigint[] {
    const list: bigint[] = [];
    for (const [entity, roles] of this.entityRoles) if (roles.some(grants)) list.push(entity);
    return list;
  }

  private roleGrants(role: bigint, t: TypeDef, privilege: string): boolean {
    return this.roles.get(role)?.privileges.get(t.id)?.has(privilege) ?? false;
  }

  private attributeGrant(role: bigint, t: TypeDef, attribute: string): AttributeGrant | undefined {
    const map = this.roles.get(role)?.attributes.get(t.id);
    return map?.get(attribute) ?? map?.get('*');
  }

  private roleReads(role: bigint, t: TypeDef, attribute: string): boolean {
    return this.attributeGrant(role, t, attribute)?.read ?? false;
  }

  private roleUpdates(role: bigint, t: TypeDef, attribute: string): boolean {
    return this.attributeGrant(role, t, attribute)?.update ?? false;
  }
}
