// JSON Schemas of Filter and Report for editors (jsonValidation), generated from the zod schemas
// so that the wire types and the editor's knowledge have one source.
import { z } from 'zod';
import { filterSchema, reportSchema } from './wireSchemas';

function toJsonSchema(schema: z.ZodType, id: string, title: string): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { target: 'draft-7', unrepresentable: 'any', io: 'input' }) as Record<string, unknown>;
  return { ...json, $id: id, title };
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
