// Which attribute of an object points at which object type, derived from the account's describe,
// never hard-coded: parent_id at the type's parent types, owner at user, <name>_id at the type
// named <name>, and any other *_id at a type found by asking the server (a "probe": every type the
// account can read is a candidate, and the caller remembers what it found).
import { toSnakeCase } from './attributeNames';
import { toId } from './ids';
import type { JsonObject, JsonValue } from './json';
import { objectLabel } from './labels';

/** What describe says of a type, as far as links need it. */
export interface DescribedType {
  id: bigint;
  name: string;
  /** As describe spells them (CamelCase) or snake_case: both are read. */
  readableAttributes: readonly string[];
  parentTypes: readonly bigint[];
}

export type LinkKind = 'parent' | 'owner' | 'named' | 'probe' | 'self';

export interface Link {
  /** snake_case, as definitions and filters spell it. */
  attribute: string;
  kind: LinkKind;
  /** The types the id may be of: one for owner and named links; for a probe, every readable type. */
  types: string[];
}

/** An attribute of `type` that can point at a given type (one reference query each). */
export interface PointingAttribute {
  type: string;
  attribute: string;
  kind: LinkKind;
}

export const OWNER_TYPE = 'user';

export class LinkModel {
  private readonly byName = new Map<string, DescribedType>();
  private readonly nameById = new Map<bigint, string>();

  constructor(readonly types: readonly DescribedType[]) {
    for (const t of types) {
      this.byName.set(t.name, t);
      this.nameById.set(t.id, t.name);
    }
  }

  has(type: string): boolean {
    return this.byName.has(type);
  }

  /** The name of the type with this id (a TransferObject's type_id), if the account may read it. */
  typeName(id: string): string | undefined {
    return /^\d{1,20}$/.test(id) ? this.nameById.get(BigInt(id)) : undefined;
  }

  /** Where `attribute` of a `type` object points; undefined when it is not a link. */
  linkOf(type: string, attribute: string): Link | undefined {
    const name = /[A-Z]/.test(attribute) ? toSnakeCase(attribute) : attribute;
    if (name === 'parent_id') {
      const parents = this.byName.get(type)?.parentTypes ?? [];
      // A parent type the account cannot read is not described: its ids resolve to nothing readable.
      return { attribute: name, kind: 'parent', types: parents.flatMap((id) => this.nameById.get(id) ?? []) };
    }
    if (name === 'owner') return { attribute: name, kind: 'owner', types: [OWNER_TYPE] };
    const m = /^([a-z0-9_]+)_id$/.exec(name);
    if (!m) return undefined;
    if (this.byName.has(m[1]!)) return { attribute: name, kind: 'named', types: [m[1]!] };
    return { attribute: name, kind: 'probe', types: this.types.map((t) => t.name) };
  }

  /** Every link attribute objects of `type` have (parent_id and owner, then its *_id attributes). */
  linksOf(type: string): Link[] {
    const attributes = ['parent_id', 'owner', ...(this.byName.get(type)?.readableAttributes ?? [])];
    const links = attributes.map((a) => this.linkOf(type, a)).filter((l): l is Link => l !== undefined);
    return [...new Map(links.map((l) => [l.attribute, l])).values()];
  }

  /**
   * The attributes that can point at an object of `target`, over every readable type. A probe
   * attribute counts unless `probed` says it was found to point at another type.
   */
  pointingAt(
    target: string,
    probed: (type: string, attribute: string) => string | undefined = () => undefined,
  ): PointingAttribute[] {
    return this.types.flatMap((t) =>
      this.linksOf(t.name)
        .filter((l) =>
          l.kind === 'probe' ? (probed(t.name, l.attribute) ?? target) === target : l.types.includes(target),
        )
        .map((l) => ({ type: t.name, attribute: l.attribute, kind: l.kind })),
    );
  }
}

/**
 * An object's own `id` (in an API answer): it points at that object. Not a link of linkOf, so that
 * references never ask for `id = id`.
 */
export function selfLink(type: string): Link {
  return { attribute: 'id', kind: 'self', types: [type] };
}

/** An id written in a value: the digits of a non-negative 64-bit integer, as a JSON number or string. */
export function idInValue(text: string): string | undefined {
  const digits = /^"?(\d{1,20})"?$/.exec(text)?.[1];
  return digits !== undefined && toId(digits) !== undefined ? BigInt(digits).toString() : undefined;
}

/** The filter that finds the objects whose `attribute` holds `id` (condition type 1, equal). */
export function referenceFilter(attribute: string, id: string, page: { count: number; offset: number }): JsonObject {
  return {
    count: { count: page.count, offset: page.offset },
    constraints: { join: 'AND', conditions: [{ attribute, type: 1, value: id }], lists: [] },
  };
}

const NOT_KEY = new Set(['id', 'parent_id', 'owner']);

/** A linked object in a few words: its label, and up to `max` other attributes that have a value. */
export function objectSummary(
  definition: Record<string, JsonValue>,
  id: string,
  max = 4,
): { label: string; attributes: Array<[string, string]> } {
  const label = objectLabel(definition, id);
  const attributes = Object.entries(definition)
    .filter(([k, v]) => !NOT_KEY.has(k) && v !== null && v !== '' && String(v) !== label && typeof v !== 'object')
    .slice(0, max)
    .map(([k, v]): [string, string] => [k, String(v)]);
  return { label, attributes };
}
