// Zod schemas of what the Vensoft API sends and takes. Responses are parsed losslessly first
// (src/core/json), so ids arrive as bigint (above 2^53), number (small) or digit string
// (getcontainer); the id schema turns them all into bigint.

import { z } from 'zod';
import { toId } from '../core/ids';
import { CONDITION_TYPES, conditionValueProblem, type ConditionType } from '../core/filter';
import { AGGREGATION_FUNCTIONS, GROUP_FUNCTIONS } from '../core/report';

// Big ids already arrive as bigint; a preprocess (not a pipe) keeps this cheap on large lists.
export const idSchema = z.preprocess(
  (v) => (typeof v === 'bigint' ? v : (toId(v) ?? v)),
  z.bigint({ message: 'expected an id (unsigned 64-bit integer)' }).nonnegative(),
);

export const errorBodySchema = z.object({ code: z.union([z.number(), z.string(), z.bigint()]), message: z.string() });

export const permissionSchema = z.object({ name: z.string(), permitted: z.boolean() });
export const attributePermissionSchema = z.object({ name: z.string(), can_read: z.boolean(), can_update: z.boolean() });

/** Attribute values are any JSON; ids inside definitions stay bigint as parsed. */
export const jsonValueSchema: z.ZodType<unknown> = z.unknown();

export const transferObjectSchema = z.object({
  id: idSchema,
  type_id: idSchema,
  // Any JSON object: a plain check, since values are the type's own and ids in it are already bigint.
  definition: z.custom<Record<string, unknown>>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), {
    message: 'expected an object of attributes',
  }),
  permissions: z.array(permissionSchema).nullable(),
  attribute_permissions: z.array(attributePermissionSchema).nullable(),
});

const count = z.union([z.number(), z.bigint().transform(Number)]).nullable();

export const listResultSchema = z.object({
  filtered_record_count: count,
  limited_record_count: count,
  total_record_count: count,
  transfer_objects: z.array(transferObjectSchema),
});

export const objectDescriptionSchema = z.object({
  id: idSchema,
  name: z.string(),
  recoverable: z.boolean(),
  managed_object: z.boolean(),
  readable_attributes: z.array(z.string()).nullable(),
  writeable_attributes: z.array(z.string()).nullable(),
  privileges: z.array(z.string()).nullable(),
  parent_object_types: z.array(idSchema).nullable(),
});

export const aceSchema = z.object({ trustee: idSchema, entity: idSchema, role: idSchema });

const reportAttributeSchema = z.object({ Key: z.string(), Value: jsonValueSchema, Privileges: z.string() });
export const reportResultSchema = z.object({
  Axis: z.array(z.object({ Dimension: z.number().int(), Attributes: z.array(reportAttributeSchema) })).nullable(),
  Data: z.array(z.object({ Coordinates: z.array(z.number().int()), Value: jsonValueSchema })).nullable(),
});

export const loginResultSchema = z.object({ SessionKey: z.string().min(1) });
export const validateResultSchema = z.object({ Success: z.boolean(), UserId: idSchema.optional() });
export const logoutResultSchema = z.object({ Success: z.boolean() });
export const resultSchema = z.object({ result: z.boolean() });
export const perIdResultSchema = z.record(z.string().regex(/^\d+$/), z.boolean());
export const containerIdsSchema = z.array(idSchema);

// ---- What clients send: Filter and Report. Also the source of the editor's JSON Schemas. ----
// They accept and refuse the documents core/filter.ts and core/report.ts do (in the documentation's
// spelling; test/unit/core.grammars.test.ts proves it): a null field is an absent one, and the rules
// the readers spell out with precise messages (a value per condition type, at least one
// aggregation) are refinements here, which the JSON Schemas leave to the editor's own check.

const conditionTypeDescription = Object.values(CONDITION_TYPES)
  .map((t) => `${t.type}: ${t.label} (${t.sql}). ${t.documentation}`)
  .join('\n');

// Snippets the editor offers where one of these goes (JSON Schema `defaultSnippets`, which VS Code's
// JSON language service completes inside an array of them).
const conditionSnippet = (n: number) =>
  `{ "attribute": "$${n}", "type": \${${n + 1}|${Object.keys(CONDITION_TYPES).join(',')}|}, "value": "$${n + 2}" }`;
const snippets = (label: string, description: string, bodyText: string) => ({
  defaultSnippets: [{ label, description, bodyText }],
});

export const conditionSchema = z
  .object({
    attribute: z.string().min(1).describe('The attribute to filter by (snake_case or CamelCase).'),
    type: z
      .union(
        Object.keys(CONDITION_TYPES).map((k) => z.literal(Number(k) as ConditionType)) as unknown as [
          z.ZodLiteral<ConditionType>,
          z.ZodLiteral<ConditionType>,
        ],
      )
      .describe(`The operator:\n${conditionTypeDescription}`),
    value: z
      .union([z.string(), z.number(), z.bigint(), z.boolean()])
      .nullish()
      .describe('The value as text. Type 7: comma separated ("1,2,3"); type 8: "low|high"; types 5 and 6: no value.'),
  })
  .strict()
  .superRefine((condition, ctx) => {
    const problem = conditionValueProblem(condition.type, condition.value);
    if (problem) ctx.addIssue({ code: 'custom', path: ['value'], message: problem.message });
  })
  .meta(snippets('condition', 'A condition: attribute, type 1–11, value', conditionSnippet(1)));

export interface ConditionListInput {
  join?: 'AND' | 'OR' | null;
  conditions?: Array<z.input<typeof conditionSchema>> | null;
  lists?: ConditionListInput[] | null;
}

export const conditionListSchema: z.ZodType<ConditionListInput> = z.lazy(() =>
  z
    .object({
      join: z.enum(['AND', 'OR']).nullish().describe('How the conditions and lists combine: "AND" or "OR".'),
      conditions: z.array(conditionSchema).nullish().describe('The conditions of this list.'),
      lists: z.array(conditionListSchema).nullish().describe('Nested condition lists, each with its own join.'),
    })
    .strict()
    .meta(
      snippets(
        'nested condition list',
        'A list of conditions with its own join',
        `{ "join": "\${1|AND,OR|}", "conditions": [${conditionSnippet(2)}], "lists": [] }`,
      ),
    ),
);

export const filterSchema = z
  .object({
    order: z
      .object({
        attribute: z.string().min(1).describe('The attribute to order by.'),
        direction: z
          .enum(['ASC', 'DESC'])
          .nullish()
          .describe('"ASC" (when left out) or "DESC"; nulls come last either way.'),
      })
      .strict()
      .nullable()
      .optional()
      .describe('Sort order (ORDER BY … NULLS LAST).'),
    count: z
      .object({
        count: z
          .number()
          .int()
          .min(0)
          .nullable()
          .optional()
          .describe('The maximum number of objects to return (LIMIT).'),
        offset: z.number().int().min(0).nullish().describe('How many objects to skip (OFFSET).'),
      })
      .strict()
      .nullable()
      .optional()
      .describe('Paging.'),
    constraints: conditionListSchema.nullable().optional().describe('The conditions (WHERE).'),
  })
  .strict()
  .describe('A Vensoft Filter: which objects list returns, in what order, how many.');

export const reportSchema = z
  .object({
    Aggregation: z
      .array(
        z
          .object({
            Function: z
              .enum(AGGREGATION_FUNCTIONS as unknown as ['SUM', 'AVG', 'COUNT'])
              .describe('SUM, AVG or COUNT.'),
            Attribute: z.string().min(1).describe('The attribute to aggregate.'),
          })
          .strict()
          .meta(
            snippets(
              'aggregation',
              'SUM, AVG or COUNT of an attribute',
              '{ "Function": "${1|SUM,AVG,COUNT|}", "Attribute": "$2" }',
            ),
          ),
      )
      .nullish()
      .describe('The values to compute (at least one); each becomes a column of the last dimension.'),
    Group: z
      .array(
        z
          .object({
            Function: z
              .enum(GROUP_FUNCTIONS as unknown as [string, ...string[]])
              .nullable()
              .optional()
              .describe('null, or a function of the attribute such as DATE_TRUNC:DAY.'),
            Attribute: z.string().min(1).describe('The attribute to group by.'),
            Orientation: z
              .enum(['vertical', 'horizontal'])
              .nullish()
              .describe('vertical (when left out): rows; horizontal: columns.'),
          })
          .strict()
          .meta(
            snippets(
              'group',
              'Group by an attribute, as rows or columns',
              `{ "Function": \${1|null,${GROUP_FUNCTIONS.map((f) => `"${f}"`).join(',')}|}, "Attribute": "$2", "Orientation": "\${3|vertical,horizontal|}" }`,
            ),
          ),
      )
      .nullish()
      .describe("The groups; vertical ones come first in the result's dimensions, then horizontal ones."),
  })
  .strict()
  .superRefine((report, ctx) => {
    if (!report.Aggregation?.length)
      ctx.addIssue({ code: 'custom', path: ['Aggregation'], message: 'A report needs at least one aggregation.' });
  })
  .describe('A Vensoft Report: a pivot of aggregations over groups.');

export type TransferObject = z.output<typeof transferObjectSchema>;
export type ListResult = z.output<typeof listResultSchema>;
export type ObjectDescription = z.output<typeof objectDescriptionSchema>;
export type Ace = z.output<typeof aceSchema>;
export type ReportResult = z.output<typeof reportResultSchema>;
export type FilterInput = z.input<typeof filterSchema>;
export type ReportInput = z.input<typeof reportSchema>;
