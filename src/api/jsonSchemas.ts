// JSON Schemas of Filter and Report for editors (jsonValidation), generated from the zod schemas
// so that the wire types and the editor's knowledge have one source.
import { z } from 'zod';
import { filterSchema, reportSchema } from './wireSchemas';

function toJsonSchema(schema: z.ZodType, id: string, title: string): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { target: 'draft-7', unrepresentable: 'any', io: 'input' }) as Record<string, unknown>;
  return { ...allowOtherKeys(json) as Record<string, unknown>, $id: id, title };
}

/**
 * Drops `additionalProperties: false`. The extension reports unknown keys itself, once and with the
 * keys it expected, and matches them case-insensitively as the server does ("Order" is fine); the
 * schema's own check said the same thing a second time, and wrongly for such spellings.
 */
function allowOtherKeys(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(allowOtherKeys);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'additionalProperties' && value === false) continue;
    out[key] = allowOtherKeys(value);
  }
  return out;
}

export function filterJsonSchema(): Record<string, unknown> {
  return toJsonSchema(filterSchema, 'https://vensoft-explorer.invalid/schemas/filter.json', 'Vensoft Filter');
}

/** A report file: the Report, and optionally the Filter sent with it (src/core/reportFile.ts). */
export function reportJsonSchema(): Record<string, unknown> {
  const reportFile = reportSchema.extend({
    Filter: filterSchema.nullable().optional().describe('Which objects to report on: a Filter, sent as the report call\'s filter field (its order and count do not apply).'),
  });
  return toJsonSchema(reportFile, 'https://vensoft-explorer.invalid/schemas/report.json', 'Vensoft Report');
}
