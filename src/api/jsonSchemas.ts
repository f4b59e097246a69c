// JSON Schemas of Filter and Report for editors (jsonValidation), generated from the zod schemas
// so that the wire types and the editor's knowledge have one source.
import { z } from 'zod';
import { filterSchema, reportSchema } from './wireSchemas';

function toJsonSchema(schema: z.ZodType, id: string, title: string): Record<string, unknown> {
  const json = z.toJSONSchema(schema, {
    target: 'draft-7',
    unrepresentable: 'any',
    io: 'input',
    // A condition value may be a big integer (an id): in the editor's text that is a JSON integer.
    override: (ctx) => {
      if (ctx.zodSchema._zod.def.type === 'bigint') ctx.jsonSchema.type = 'integer';
    },
  }) as Record<string, unknown>;
  return { ...(allowOtherKeys(numberRanges(json)) as Record<string, unknown>), $id: id, title };
}

/**
 * A choice of whole numbers (`anyOf` of number consts: the condition types 1–11) becomes the range it
 * is. The editor still checks it, but no longer offers the bare numbers: the extension's completion
 * offers each type once, with its meaning ("9 — matches regex"), and the two lists showed "1" twice.
 */
function numberRanges(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(numberRanges);
  if (node === null || typeof node !== 'object') return node;
  const { anyOf, ...rest } = node as Record<string, unknown>;
  const values = Array.isArray(anyOf)
    ? anyOf.map((o: { type?: unknown; const?: unknown }) =>
        o.type === 'number' && Number.isInteger(o.const) ? (o.const as number) : undefined,
      )
    : [];
  const min = Math.min(...(values as number[]));
  if (values.length && values.every((v, k) => v === min + k)) {
    return { ...mapValues(rest), type: 'integer', minimum: min, maximum: min + values.length - 1 };
  }
  return mapValues(node as Record<string, unknown>);
}

function mapValues(node: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, numberRanges(value)]));
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

/** A report file: the Report, and optionally the Filter sent with it (src/queries/report/model/reportFile.ts). */
export function reportJsonSchema(): Record<string, unknown> {
  const reportFile = reportSchema.extend({
    Filter: filterSchema
      .nullable()
      .optional()
      .describe(
        "Which objects to report on: a Filter, sent as the report call's filter field (its order and count do not apply).",
      ),
  });
  return toJsonSchema(reportFile, 'https://vensoft-explorer.invalid/schemas/report.json', 'Vensoft Report');
}
