// Resolving names against the catalog and the caller's privileges: the gate every name passes
// before it may become a column in SQL.

import { findAttribute, suggestAttribute } from '../core/attributeNames';
import { unknownAttributeMessage } from '../core/filter';
import { ApiError } from './errors';
import { SYSTEM_ATTRIBUTES, type Catalog, type TypeDef } from './catalog';
import type { UserAccess } from './access';
import type { AttributeRef } from './values';
import { checkNameLength } from './limits';

export function resolveType(catalog: Catalog, name: string | undefined): TypeDef {
  if (!name) throw new ApiError('22004', 'The object type name is missing from the path, e.g. /stable/list/machine/.');
  checkNameLength(name, 'object type name');
  const t = catalog.type(name);
  if (t) return t;
  const names = catalog.types.map((x) => x.name);
  const suggestion = suggestAttribute(name, names);
  throw new ApiError(
    '42809',
    `Unknown object type "${name}".${suggestion ? ` Did you mean "${suggestion}"?` : ''} Types: ${names.join(', ')}.`,
  );
}

/**
 * An attribute the caller names in a filter, order or report, in any spelling. Unknown names are
 * 42703 (with a suggestion); attributes the caller cannot read anywhere are 42501.
 */
export function resolveReadableAttribute(t: TypeDef, access: UserAccess, name: string): AttributeRef {
  checkNameLength(name, 'attribute name');
  // Nothing about the type's attributes (not even a suggestion) for a caller who cannot read it.
  if (access.entitiesWith(t, 'read').length === 0) throw new ApiError('42501', `You may not read ${t.name} objects.`);
  const system = findAttribute(name, SYSTEM_ATTRIBUTES);
  if (system) return { column: system, dataType: 'id', name: system };
  const readable = t.attributes.filter((a) => access.entitiesReading(t, a.name).length > 0).map((a) => a.name);
  const known = [...SYSTEM_ATTRIBUTES, ...readable];
  const match = t.attributes.find(
    (a) =>
      a.name ===
      findAttribute(
        name,
        t.attributes.map((x) => x.name),
      ),
  );
  if (!match) throw new ApiError('42703', unknownAttributeMessage(name, known, t.name));
  if (!readable.includes(match.name))
    throw new ApiError(
      '42501',
      `You may not read attribute ${match.name} of ${t.name} objects, so it cannot be used in a filter, order or report.`,
    );
  return { column: match.name, dataType: match.dataType, name: match.name };
}
