// Names for id-valued report groups (sale_status_id → "Paid"): one getmany per attribute whose
// name says its type (`<type>_id`, `<Type>Id`), and owner (a user). parent_id and the like are left as ids.
import type { VensoftClient } from '../../api';
import { toSnakeCase } from '../../core/attributeNames';
import { objectLabel } from '../../core/labels';
import type { JsonValue } from '../../core/json';
import { idsToLabel, labelPivot, type Pivot } from './model/pivot';

export async function labelIdGroups(
  pivot: Pivot,
  client: VensoftClient,
  typeNames: readonly string[],
  signal?: AbortSignal,
): Promise<Pivot> {
  const labels = new Map<string, Map<string, string>>();
  await Promise.all(
    [...idsToLabel(pivot)].map(async ([attribute, ids]) => {
      const name = toSnakeCase(attribute);
      const type = name === 'owner' ? 'user' : /^(\w+)_id$/.exec(name)?.[1];
      if (!type || type === 'parent' || !typeNames.includes(type)) return;
      try {
        const found = await client.getMany(type, ids.map(BigInt), {
          returnPrivileges: false,
          returnAttributePrivileges: false,
          signal,
        });
        labels.set(
          attribute,
          new Map(
            found.transfer_objects.map((o) => [
              o.id.toString(),
              objectLabel(o.definition as Record<string, JsonValue>, o.id.toString()),
            ]),
          ),
        );
      } catch {
        // Names are a courtesy: without them the ids show, and the report is still right.
      }
    }),
  );
  return labels.size ? labelPivot(pivot, labels) : pivot;
}
