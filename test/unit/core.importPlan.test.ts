// The pure import plan and export columns (src/core/importPlan.ts, transferSchema.ts): columns mapped
// by name, values converted and checked by kind, each row planned (diff-only updates, creates with a
// parent, refusals with reasons), and an exported object read back as unchanged.
import assert from 'node:assert/strict';
import {
  addToSummary,
  convertJson,
  convertRow,
  convertText,
  emptySummary,
  mapColumns,
  planRow,
  planText,
  updateDefinition,
  type PlanContext,
} from '../../src/core/importPlan';
import { parseJson, type JsonObject } from '../../src/core/json';
import { csvCells, jsonRecord, transferSchema } from '../../src/core/transferSchema';
import { guardFormula, unguardFormula } from '../../src/core/spreadsheetText';

const SIM = 125609740326667984n;
const PARENT = 125752076205557483n;
const schema = transferSchema(
  'sim',
  ['Imsi', 'Iccid', 'Msisdn', 'MachineId', 'Active', 'Price', 'TstampSeen'],
  ['Imsi', 'Iccid', 'Msisdn', 'MachineId', 'Active', 'Price', 'TstampSeen'],
  [parseJson('{"imsi":"2620","price":1.5,"active":true}') as JsonObject],
);
const server = parseJson(`{"parent_id":${PARENT},"owner":7,"imsi":"262011","iccid":null,"msisdn":"=1+1",
  "machine_id":122981964696257813,"active":true,"price":2.5,"tstamp_seen":"2026-11-20T10:15:00Z"}`) as JsonObject;
const context = (over: Partial<PlanContext> = {}): PlanContext => ({
  schema,
  current: new Map([[SIM, server]]),
  mayCreate: true,
  creatableParents: new Set([PARENT]),
  ...over,
});
const kind = (name: string) => schema.columns.find((c) => c.name === name)!;
const csvRow = (values: Record<string, string>, line = 2) => ({ line, values });

describe('import plan', () => {
  it('learns kinds from names and samples; id, parent_id, owner come first', () => {
    assert.deepEqual(
      schema.columns.map((c) => `${c.name}:${c.kind}`),
      [
        'id:id',
        'parent_id:id',
        'owner:id',
        'imsi:text',
        'iccid:unknown',
        'msisdn:unknown',
        'machine_id:id',
        'active:boolean',
        'price:number',
        'tstamp_seen:timestamp',
      ],
    );
    assert.equal(kind('owner').writeable, false);
    assert.equal(kind('imsi').writeable, true);
  });

  it('maps columns by name whatever their case, then by a saved mapping; the rest are unknown', () => {
    const { mapping, unknown } = mapColumns(['ID', 'IMSI', 'Machine_Id', 'Farbe', 'Handy', 'import_problem'], schema, {
      Handy: 'msisdn',
    });
    assert.deepEqual(mapping, {
      ID: 'id',
      IMSI: 'imsi',
      Machine_Id: 'machine_id',
      Handy: 'msisdn',
      import_problem: null,
    });
    assert.deepEqual(unknown, ['Farbe']);
  });

  it('converts CSV text by kind and says what was expected', () => {
    assert.deepEqual(convertText(kind('machine_id'), '18446744073709551615'), { value: 18446744073709551615n });
    assert.deepEqual(convertText(kind('price'), '1,25'), { value: 1.25 });
    assert.deepEqual(convertText(kind('active'), 'FALSCH'), { value: false });
    assert.deepEqual(convertText(kind('imsi'), ''), { value: null });
    assert.deepEqual(convertText(kind('imsi'), "'=1+1"), { value: '=1+1' });
    assert.deepEqual(convertText(kind('tstamp_seen'), '2026-11-20 10:15:00+00'), { value: '2026-11-20T10:15:00Z' });
    assert.match(
      (convertText(kind('machine_id'), '12.5') as { problem: string }).problem,
      /machine_id: "12.5" is not an id/,
    );
    assert.match((convertText(kind('price'), 'cheap') as { problem: string }).problem, /is not a number/);
    assert.match((convertText(kind('tstamp_seen'), 'tomorrow') as { problem: string }).problem, /ISO 8601/);
    assert.deepEqual(convertJson(kind('machine_id'), '122981964696257813'), { value: 122981964696257813n });
    assert.match((convertJson(kind('imsi'), 5) as { problem: string }).problem, /is not text/);
  });

  it('plans an update with only the changed attributes, comparing by value', () => {
    const row = convertRow(
      csvRow({
        id: `${SIM}`,
        parent_id: `${PARENT}`,
        imsi: '262099',
        msisdn: "'=1+1",
        price: '2,50',
        tstamp_seen: '2026-11-20T11:15:00+01:00',
      }),
      mapColumns(['id', 'parent_id', 'imsi', 'msisdn', 'price', 'tstamp_seen'], schema).mapping,
      schema,
      'csv',
    );
    const entry = planRow(row, context());
    assert.equal(entry.kind, 'update');
    assert.deepEqual(updateDefinition(entry as Extract<typeof entry, { kind: 'update' }>), { imsi: '262099' });
  });

  it('plans an exported object as unchanged, from CSV and from JSON', () => {
    const cells = csvCells(schema, SIM, server);
    const names = schema.columns.map((c) => c.name);
    const values = Object.fromEntries(names.map((n, k) => [n, cells[k]!]));
    const fromCsv = convertRow(csvRow(values), mapColumns(names, schema).mapping, schema, 'csv');
    assert.deepEqual(planRow(fromCsv, context()), { kind: 'unchanged', line: 2, id: SIM });
    const record = parseJson(jsonRecord(schema, SIM, server)) as JsonObject;
    assert.equal(record.id, SIM);
    const fromJson = convertRow({ line: 1, values: record }, mapColumns(names, schema).mapping, schema, 'json');
    assert.deepEqual(planRow(fromJson, context()), { kind: 'unchanged', line: 1, id: SIM });
  });

  it('refuses with a reason: unknown id, read-only change, moved parent, bad value, no parent, forbidden parent', () => {
    const mapping = mapColumns(['id', 'parent_id', 'owner', 'price', 'imsi'], schema).mapping;
    const plan = (values: Record<string, string>, over?: Partial<PlanContext>) =>
      planRow(convertRow(csvRow(values), mapping, schema, 'csv'), context(over));
    const reason = (e: ReturnType<typeof plan>) => (e.kind === 'refused' ? e.reason : `not refused: ${e.kind}`);
    assert.match(reason(plan({ id: '42', imsi: 'x' })), /No sim 42 exists/);
    assert.match(reason(plan({ id: `${SIM}`, owner: '8' })), /may not change owner/);
    assert.match(reason(plan({ id: `${SIM}`, parent_id: '5' })), /does not move objects/);
    assert.match(reason(plan({ id: `${SIM}`, price: 'abc' })), /price: "abc" is not a number/);
    assert.match(reason(plan({ imsi: 'new' })), /No parent/);
    assert.match(reason(plan({ imsi: 'new', parent_id: '5' })), /may not create sim objects in 5/);
    assert.match(reason(plan({ imsi: 'new', parent_id: `${PARENT}` }, { mayCreate: false })), /may not create sim/);
    assert.match(reason(planRow({ line: 3, values: {}, problems: ['Malformed CSV line: x'] }, context())), /Malformed/);
  });

  it('plans a create under its parent without the empty attributes and the owner (the server sets it)', () => {
    const mapping = mapColumns(['owner', 'imsi', 'iccid', 'price'], schema).mapping;
    const row = convertRow(csvRow({ owner: '7', imsi: 'Prüfung', iccid: '', price: '3' }), mapping, schema, 'csv');
    assert.deepEqual(planRow(row, context({ defaultParent: PARENT })), {
      kind: 'create',
      line: 2,
      parentId: PARENT,
      definition: { parent_id: PARENT, imsi: 'Prüfung', price: 3 },
    });
  });

  it('keeps counts of every row and at most `keep` samples of a kind', () => {
    const summary = emptySummary();
    addToSummary(
      summary,
      Array.from({ length: 5 }, (_, k) => ({ kind: 'unchanged' as const, line: k, id: SIM })),
      2,
    );
    assert.equal(summary.counts.unchanged, 5);
    assert.equal(summary.samples.unchanged.length, 2);
    assert.match(
      planText(summary, 'T'),
      /5 rows: 0 to create, 0 to update, 5 unchanged, 0 refused[\s\S]*first 2 shown/,
    );
  });

  it('guards formulas for spreadsheets and reads them back', () => {
    for (const text of ['=SUM(A1)', '+1', '-1', '@x', '\tx']) assert.equal(unguardFormula(guardFormula(text)), text);
    assert.equal(guardFormula('plain'), 'plain');
    assert.equal(unguardFormula("'quoted"), "'quoted");
  });
});
