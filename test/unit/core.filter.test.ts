// Pure unit tests of the shared models: the Filter (src/core/filter.ts), the Report
// (src/core/report.ts) and attribute-name matching (src/core/attributeNames.ts).

import assert from 'node:assert/strict';
import {
  checkFilterAttributes,
  checkValueFormat,
  CONDITION_TYPES,
  EMPTY_FILTER,
  readFilter,
  splitList,
  splitRange,
  type Filter,
  type FilterProblem,
} from '../../src/core/filter';
import { readReport } from '../../src/core/report';
import {
  attributeKey,
  editDistance,
  findAttribute,
  suggestAttribute,
  toCamelCase,
  toSnakeCase,
} from '../../src/core/attributeNames';
import { parseJson, type JsonValue } from '../../src/core/json';

const SIM_ATTRIBUTES = ['id', 'parent_id', 'owner', 'imsi', 'iccid', 'msisdn', 'machine_id'] as const;

/** A filter whose constraints hold just these conditions. */
function withConditions(...conditions: JsonValue[]): JsonValue {
  return { constraints: { join: 'AND', conditions, lists: [] } };
}

/** Reads a filter that must have no problems. */
function read(json: JsonValue | undefined): Filter {
  const { filter, problems } = readFilter(json);
  assert.deepEqual(problems, [], 'expected no problems');
  return filter;
}

/** Reads a filter that must have exactly one problem, and returns it. */
function problemOf(json: JsonValue): FilterProblem {
  const { problems } = readFilter(json);
  assert.equal(problems.length, 1, `expected one problem, got ${problems.map((p) => p.message).join(' | ') || 'none'}`);
  return problems[0]!;
}

/** The single condition of a one-condition filter, read without problems. */
function conditionOf(condition: JsonValue) {
  const constraints = read(withConditions(condition)).constraints!;
  assert.equal(constraints.conditions.length, 1);
  return constraints.conditions[0]!;
}

describe('core/filter: readFilter', () => {
  it('reads nothing, null and "" as the empty filter', () => {
    for (const json of [undefined, null, '']) assert.deepEqual(read(json), EMPTY_FILTER);
  });

  it("reads the documentation's filter example", () => {
    const filter = read({
      order: { attribute: 'msisdn', direction: 'ASC' },
      count: { count: 30, offset: 0 },
      constraints: {
        join: 'AND',
        conditions: [
          { attribute: 'msisdn', type: 1, value: '1234567' },
          { attribute: 'ismi', type: 9, value: '234' },
        ],
        lists: [],
      },
    });
    assert.deepEqual(filter, {
      order: { attribute: 'msisdn', direction: 'ASC' },
      count: { count: 30, offset: 0 },
      constraints: {
        join: 'AND',
        conditions: [
          { attribute: 'msisdn', type: 1, value: '1234567' },
          { attribute: 'ismi', type: 9, value: '234' },
        ],
        lists: [],
      },
    });
  });

  it('matches keys case-insensitively and normalises direction and join', () => {
    const filter = read({
      ORDER: { Attribute: 'imsi', DIRECTION: 'desc' },
      Count: { COUNT: 5, Offset: 2 },
      Constraints: { JOIN: 'or', Conditions: [{ ATTRIBUTE: 'imsi', Type: 1, VALUE: 'x' }], Lists: [] },
    });
    assert.deepEqual(filter, {
      order: { attribute: 'imsi', direction: 'DESC' },
      count: { count: 5, offset: 2 },
      constraints: { join: 'OR', conditions: [{ attribute: 'imsi', type: 1, value: 'x' }], lists: [] },
    });
  });

  it('defaults direction to ASC, join to AND, offset to 0 and keeps count null', () => {
    const filter = read({ order: { attribute: 'imsi' }, count: { count: null }, constraints: { conditions: [] } });
    assert.deepEqual(filter, {
      order: { attribute: 'imsi', direction: 'ASC' },
      count: { count: null, offset: 0 },
      constraints: { join: 'AND', conditions: [], lists: [] },
    });
  });

  it('reports unknown keys as 22023 with their path, at every level', () => {
    const cases: Array<[JsonValue, Array<string | number>]> = [
      [{ limit: 3 }, ['limit']],
      [{ order: { attribute: 'imsi', dir: 'ASC' } }, ['order', 'dir']],
      [{ count: { count: 1, skip: 2 } }, ['count', 'skip']],
      [{ constraints: { join: 'AND', conditions: [], lists: [], extra: true } }, ['constraints', 'extra']],
      [withConditions({ attribute: 'imsi', type: 6, operator: 'x' }), ['constraints', 'conditions', 0, 'operator']],
      [
        { constraints: { lists: [{ conditions: [{ attribute: 'imsi', type: 6, valeu: 1 }] }] } },
        ['constraints', 'lists', 0, 'conditions', 0, 'valeu'],
      ],
    ];
    for (const [json, path] of cases) {
      const p = problemOf(json);
      assert.equal(p.code, '22023');
      assert.deepEqual(p.path, path);
      assert.match(p.message, new RegExp(`Unknown key "${String(path[path.length - 1])}"`));
      assert.match(p.message, /expected one of/);
    }
  });

  it('rejects a filter that is not an object (22023, path [])', () => {
    for (const json of [[], 'filter', 3, true] as JsonValue[]) {
      const p = problemOf(json);
      assert.equal(p.code, '22023');
      assert.deepEqual(p.path, []);
    }
  });

  it('rejects a bad direction, join, count or offset with 22023', () => {
    const cases: Array<[JsonValue, Array<string | number>]> = [
      [{ order: { attribute: 'imsi', direction: 'UP' } }, ['order', 'direction']],
      [{ constraints: { join: 'XOR' } }, ['constraints', 'join']],
      [{ count: { count: -1 } }, ['count', 'count']],
      [{ count: { count: 1.5 } }, ['count', 'count']],
      [{ count: { count: 10, offset: 'x' } }, ['count', 'offset']],
      [{ constraints: { conditions: {} } }, ['constraints', 'conditions']],
      [{ constraints: { lists: 'none' } }, ['constraints', 'lists']],
    ];
    for (const [json, path] of cases) {
      const p = problemOf(json);
      assert.equal(p.code, '22023', p.message);
      assert.deepEqual(p.path, path);
    }
  });

  it('takes count and offset as digit strings too', () => {
    assert.deepEqual(read({ count: { count: '30', offset: '60' } }).count, { count: 30, offset: 60 });
  });

  it('requires an attribute name in conditions and in order (22004)', () => {
    const p = problemOf(withConditions({ type: 6 }));
    assert.equal(p.code, '22004');
    assert.deepEqual(p.path, ['constraints', 'conditions', 0, 'attribute']);
    const q = problemOf({ order: { direction: 'ASC' } });
    assert.equal(q.code, '22004');
    assert.deepEqual(q.path, ['order', 'attribute']);
  });

  it('answers 22004 for a condition without a type', () => {
    for (const type of [undefined, null]) {
      const p = problemOf(withConditions({ attribute: 'imsi', type, value: '1' } as JsonValue));
      assert.equal(p.code, '22004');
      assert.deepEqual(p.path, ['constraints', 'conditions', 0, 'type']);
    }
  });

  it('answers 22023 for a type outside 1–11 and names the valid types', () => {
    for (const type of [0, 12, -1, 1.5, 'abc', '12', true] as JsonValue[]) {
      const p = problemOf(withConditions({ attribute: 'imsi', type, value: '1' }));
      assert.equal(p.code, '22023', `type ${String(type)}`);
      assert.deepEqual(p.path, ['constraints', 'conditions', 0, 'type']);
      assert.match(p.message, /1 equal.*11 less than or equal/);
    }
  });

  it('accepts every type 1–11, also written as a digit string', () => {
    for (let type = 1; type <= 11; type++) {
      const value = type === 8 ? '1|2' : '1';
      assert.equal(conditionOf({ attribute: 'imsi', type, value }).type, type);
      assert.equal(conditionOf({ attribute: 'imsi', type: String(type), value }).type, type);
    }
    assert.deepEqual(Object.keys(CONDITION_TYPES).map(Number), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });

  it('gives types 5 and 6 no value (none needed, any given one is dropped)', () => {
    assert.deepEqual(conditionOf({ attribute: 'machine_id', type: 5 }), {
      attribute: 'machine_id',
      type: 5,
      value: null,
    });
    assert.deepEqual(conditionOf({ attribute: 'machine_id', type: 6, value: null }), {
      attribute: 'machine_id',
      type: 6,
      value: null,
    });
    assert.deepEqual(conditionOf({ attribute: 'machine_id', type: 6, value: 'ignored' }), {
      attribute: 'machine_id',
      type: 6,
      value: null,
    });
  });

  it('answers 22004 when a type that needs a value has none', () => {
    for (const type of [1, 2, 3, 4, 7, 8, 9, 10, 11]) {
      for (const value of [undefined, null, '']) {
        const p = problemOf(withConditions({ attribute: 'imsi', type, value } as JsonValue));
        assert.equal(p.code, '22004', `type ${type}, value ${String(value)}`);
        assert.deepEqual(p.path, ['constraints', 'conditions', 0, 'value']);
        assert.match(p.message, /needs a value/);
      }
    }
  });

  it('answers 22023 for a type 7 list with an empty entry', () => {
    for (const value of ['1,,2', '1,2,', ',1', ',', '1, ,2']) {
      const p = problemOf(withConditions({ attribute: 'imsi', type: 7, value }));
      assert.equal(p.code, '22023', value);
      assert.deepEqual(p.path, ['constraints', 'conditions', 0, 'value']);
      assert.match(p.message, /empty entry/);
    }
    assert.equal(conditionOf({ attribute: 'imsi', type: 7, value: '1, 2,3' }).value, '1, 2,3');
    assert.deepEqual(splitList('1, 2 ,3'), ['1', '2', '3']);
  });

  it('answers 22023 for a type 8 value without exactly one "|" between two values', () => {
    for (const value of ['1', '1|2|3', '|2', '1|', ' | ', '1,2']) {
      const p = problemOf(withConditions({ attribute: 'imsi', type: 8, value }));
      assert.equal(p.code, '22023', value);
      assert.deepEqual(p.path, ['constraints', 'conditions', 0, 'value']);
      assert.match(p.message, /between/);
    }
    assert.equal(conditionOf({ attribute: 'imsi', type: 8, value: '10 | 20' }).value, '10 | 20');
    assert.deepEqual(splitRange('10 | 20'), ['10', '20']);
    assert.equal(checkValueFormat(8, '2016-11-20T00:00:00+01:00|2016-11-22T23:59:59+01:00'), undefined);
  });

  it('turns number, bigint and boolean values into their text', () => {
    assert.equal(conditionOf({ attribute: 'choice', type: 1, value: 42 }).value, '42');
    assert.equal(conditionOf({ attribute: 'price', type: 3, value: 2.5 }).value, '2.5');
    assert.equal(conditionOf({ attribute: 'active', type: 1, value: true }).value, 'true');
    assert.equal(
      conditionOf({ attribute: 'parent_id', type: 1, value: 421338385039230354n }).value,
      '421338385039230354',
    );
  });

  it('keeps an id sent as a bare JSON number digit-exact (parsed losslessly first)', () => {
    const json = parseJson(
      '{"constraints":{"join":"AND","conditions":[{"attribute":"parent_id","type":1,"value":421338385039230354}],"lists":[]}}',
    );
    assert.equal(read(json).constraints!.conditions[0]!.value, '421338385039230354');
  });

  it('answers 22023 for a value that is an object or an array', () => {
    for (const value of [{}, [1, 2]] as JsonValue[]) {
      const p = problemOf(withConditions({ attribute: 'imsi', type: 1, value }));
      assert.equal(p.code, '22023');
      assert.deepEqual(p.path, ['constraints', 'conditions', 0, 'value']);
    }
  });

  it('answers 22023 for a condition or list that is not an object', () => {
    const p = problemOf(withConditions('imsi = 1'));
    assert.deepEqual([p.code, p.path], ['22023', ['constraints', 'conditions', 0]]);
    const q = problemOf({ constraints: { lists: [42] } });
    assert.deepEqual([q.code, q.path], ['22023', ['constraints', 'lists', 0]]);
  });

  it('reads nested lists to any depth, with paths into them', () => {
    const filter = read({
      constraints: {
        join: 'AND',
        conditions: [{ attribute: 'machine_id', type: 6 }],
        lists: [
          {
            join: 'OR',
            conditions: [{ attribute: 'imsi', type: 9, value: '7$' }],
            lists: [{ join: 'AND', conditions: [{ attribute: 'msisdn', type: 8, value: '1|2' }], lists: [] }],
          },
        ],
      },
    });
    assert.deepEqual(filter.constraints, {
      join: 'AND',
      conditions: [{ attribute: 'machine_id', type: 6, value: null }],
      lists: [
        {
          join: 'OR',
          conditions: [{ attribute: 'imsi', type: 9, value: '7$' }],
          lists: [{ join: 'AND', conditions: [{ attribute: 'msisdn', type: 8, value: '1|2' }], lists: [] }],
        },
      ],
    });
    const p = problemOf({
      constraints: {
        lists: [
          {
            lists: [
              {
                conditions: [
                  { attribute: 'imsi', type: 6 },
                  { attribute: 'imsi', type: 13 },
                ],
              },
            ],
          },
        ],
      },
    });
    assert.equal(p.code, '22023');
    assert.deepEqual(p.path, ['constraints', 'lists', 0, 'lists', 0, 'conditions', 1, 'type']);
  });

  it('collects every problem, not only the first', () => {
    const { problems } = readFilter({
      order: { attribute: 'imsi', direction: 'UP' },
      constraints: { conditions: [{ attribute: 'imsi' }, { attribute: 'imsi', type: 1 }] },
    });
    assert.deepEqual(
      problems.map((p) => [p.code, p.path.join('.')]),
      [
        ['22023', 'order.direction'],
        ['22004', 'constraints.conditions.0.type'],
        ['22004', 'constraints.conditions.1.value'],
      ],
    );
  });
});

describe('core/filter: checkFilterAttributes', () => {
  it('suggests "imsi" for the documentation\'s typo "ismi" (42703, with path)', () => {
    const filter = read({
      order: { attribute: 'msisdn', direction: 'ASC' },
      constraints: {
        join: 'AND',
        conditions: [
          { attribute: 'msisdn', type: 1, value: '1234567' },
          { attribute: 'ismi', type: 9, value: '234' },
        ],
        lists: [],
      },
    });
    const problems = checkFilterAttributes(filter, SIM_ATTRIBUTES, 'sim');
    assert.equal(problems.length, 1);
    assert.equal(problems[0]!.code, '42703');
    assert.deepEqual(problems[0]!.path, ['constraints', 'conditions', 1, 'attribute']);
    assert.ok(problems[0]!.message.includes('Did you mean "imsi"'), problems[0]!.message);
    assert.match(problems[0]!.message, /Unknown attribute "ismi" for type sim/);
    assert.match(problems[0]!.message, /Known attributes: iccid, id, imsi, machine_id, msisdn, owner, parent_id\./);
  });

  it('accepts every spelling of a known attribute', () => {
    const filter = read({
      order: { attribute: 'MachineId' },
      constraints: {
        conditions: [
          { attribute: 'MACHINE_ID', type: 6 },
          { attribute: 'Imsi', type: 6 },
          { attribute: 'ParentId', type: 6 },
        ],
        lists: [],
      },
    });
    assert.deepEqual(checkFilterAttributes(filter, SIM_ATTRIBUTES, 'sim'), []);
  });

  it('checks order and nested lists, and gives no suggestion for far-off names', () => {
    const filter = read({
      order: { attribute: 'colour' },
      constraints: {
        lists: [
          {
            conditions: [
              { attribute: 'imsi', type: 6 },
              { attribute: 'msidsn', type: 6 },
            ],
          },
        ],
      },
    });
    const problems = checkFilterAttributes(filter, SIM_ATTRIBUTES, 'sim');
    assert.deepEqual(
      problems.map((p) => p.path),
      [
        ['order', 'attribute'],
        ['constraints', 'lists', 0, 'conditions', 1, 'attribute'],
      ],
    );
    assert.ok(problems.every((p) => p.code === '42703'));
    assert.doesNotMatch(problems[0]!.message, /Did you mean/);
    assert.ok(problems[1]!.message.includes('Did you mean "msisdn"'), problems[1]!.message);
  });
});

describe('core/report: readReport', () => {
  const DOC_REPORT = parseJson(
    '{"Aggregation":[{"Function":"SUM","Attribute":"Price"},{"Function":"COUNT","Attribute":"Price"}],"Group":[{"Function":null,"Attribute":"Choice","Orientation":"vertical"},{"Function":null,"Attribute":"SaleStatusId","Orientation":"horizontal"}]}',
  );

  function reportProblem(json: JsonValue | undefined): FilterProblem {
    const { problems } = readReport(json);
    assert.equal(
      problems.length,
      1,
      `expected one problem, got ${problems.map((p) => p.message).join(' | ') || 'none'}`,
    );
    return problems[0]!;
  }

  function group(fn: JsonValue, orientation: JsonValue = 'vertical'): JsonValue {
    return {
      Aggregation: [{ Function: 'COUNT', Attribute: 'id' }],
      Group: [{ Function: fn, Attribute: 'tstamp', Orientation: orientation }],
    };
  }

  it("reads the documentation's report example, keeping the caller's spelling", () => {
    const { report, problems } = readReport(DOC_REPORT);
    assert.deepEqual(problems, []);
    assert.deepEqual(report, {
      aggregations: [
        { function: 'SUM', attribute: 'Price' },
        { function: 'COUNT', attribute: 'Price' },
      ],
      groups: [
        { dateTrunc: null, attribute: 'Choice', orientation: 'vertical' },
        { dateTrunc: null, attribute: 'SaleStatusId', orientation: 'horizontal' },
      ],
    });
  });

  it('matches keys and values case-insensitively', () => {
    const { report, problems } = readReport({
      aggregation: [{ function: 'avg', attribute: 'price' }],
      group: [{ function: 'date_trunc:month', attribute: 'tstamp', orientation: 'HORIZONTAL' }],
    });
    assert.deepEqual(problems, []);
    assert.deepEqual(report, {
      aggregations: [{ function: 'AVG', attribute: 'price' }],
      groups: [{ dateTrunc: 'MONTH', attribute: 'tstamp', orientation: 'horizontal' }],
    });
  });

  it('reads DATE_TRUNC:DAY and DATE_TRUNC:WEEK group functions', () => {
    for (const unit of ['DAY', 'WEEK'] as const) {
      const { report, problems } = readReport(group(`DATE_TRUNC:${unit}`));
      assert.deepEqual(problems, []);
      assert.equal(report.groups[0]!.dateTrunc, unit);
    }
  });

  it('answers 22023 for an unknown group function', () => {
    for (const fn of ['DATE_TRUNC:DECADE', 'DATE_TRUNC', 'UPPER', 7] as JsonValue[]) {
      const p = reportProblem(group(fn));
      assert.equal(p.code, '22023', String(fn));
      assert.deepEqual(p.path, ['Group', 0, 'Function']);
      assert.match(p.message, /DATE_TRUNC:DAY/);
    }
  });

  it('answers 22023 for an unknown aggregation function and 22004 for a missing one', () => {
    const bad = reportProblem({ Aggregation: [{ Function: 'MEDIAN', Attribute: 'Price' }] });
    assert.deepEqual([bad.code, bad.path], ['22023', ['Aggregation', 0, 'Function']]);
    assert.match(bad.message, /SUM, AVG, COUNT/);
    const missing = reportProblem({ Aggregation: [{ Attribute: 'Price' }] });
    assert.deepEqual([missing.code, missing.path], ['22004', ['Aggregation', 0, 'Function']]);
  });

  it('answers 22023 for a bad orientation and defaults a missing one to vertical', () => {
    const p = reportProblem(group(null, 'diagonal'));
    assert.deepEqual([p.code, p.path], ['22023', ['Group', 0, 'Orientation']]);
    const { report, problems } = readReport({
      Aggregation: [{ Function: 'COUNT', Attribute: 'id' }],
      Group: [{ Function: null, Attribute: 'Choice' }],
    });
    assert.deepEqual(problems, []);
    assert.equal(report.groups[0]!.orientation, 'vertical');
  });

  it('answers 22004 for a report without aggregations', () => {
    for (const json of [
      { Group: [{ Function: null, Attribute: 'Choice', Orientation: 'vertical' }] },
      { Aggregation: [] },
      { Aggregation: null },
      {},
    ] as JsonValue[]) {
      const p = reportProblem(json);
      assert.deepEqual([p.code, p.path], ['22004', ['Aggregation']]);
      assert.match(p.message, /at least one aggregation/);
    }
  });

  it('answers 22004 for no report at all and 22023 for one that is not an object', () => {
    for (const json of [undefined, null, '']) assert.equal(reportProblem(json).code, '22004');
    for (const json of [[], 'report', 1] as JsonValue[]) assert.equal(reportProblem(json).code, '22023');
  });

  it('answers 22023 for unknown keys and for non-array Aggregation/Group, 22004 for a missing attribute', () => {
    const unknown = reportProblem({ Aggregation: [{ Function: 'COUNT', Attribute: 'id' }], Having: [] });
    assert.deepEqual([unknown.code, unknown.path], ['22023', ['Having']]);
    const notArray = reportProblem({ Aggregation: { Function: 'COUNT', Attribute: 'id' } });
    assert.deepEqual([notArray.code, notArray.path], ['22023', ['Aggregation']]);
    const noAttribute = reportProblem({
      Aggregation: [{ Function: 'COUNT', Attribute: 'id' }],
      Group: [{ Function: null, Orientation: 'vertical' }],
    });
    assert.deepEqual([noAttribute.code, noAttribute.path], ['22004', ['Group', 0, 'Attribute']]);
  });
});

describe('core/attributeNames', () => {
  it('attributeKey drops underscores and case', () => {
    assert.equal(attributeKey('Sale_Status_Id'), 'salestatusid');
    assert.equal(attributeKey('SaleStatusId'), attributeKey('sale_status_id'));
    assert.equal(attributeKey('MACHINE_ID'), attributeKey('machineId'));
    assert.notEqual(attributeKey('tstamp'), attributeKey('tstamp_last_filling'));
  });

  it("toSnakeCase spells describe's CamelCase the way definitions do", () => {
    assert.equal(toSnakeCase('TstampLastFilling'), 'tstamp_last_filling');
    assert.equal(toSnakeCase('MachineTypeId'), 'machine_type_id');
    assert.equal(toSnakeCase('Lat'), 'lat');
    assert.equal(toSnakeCase('serial_number'), 'serial_number');
  });

  it('toCamelCase spells snake_case the way describe and reports do', () => {
    assert.equal(toCamelCase('tstamp_last_filling'), 'TstampLastFilling');
    assert.equal(toCamelCase('sale_status_id'), 'SaleStatusId');
    assert.equal(toCamelCase('imsi'), 'Imsi');
    assert.equal(toCamelCase('id'), 'Id');
    assert.equal(toCamelCase('_a__b_'), 'AB');
  });

  it('findAttribute finds the attribute whatever the spelling', () => {
    assert.equal(findAttribute('MachineId', SIM_ATTRIBUTES), 'machine_id');
    assert.equal(findAttribute('PARENT_ID', SIM_ATTRIBUTES), 'parent_id');
    assert.equal(findAttribute('ismi', SIM_ATTRIBUTES), undefined);
  });

  it('suggestAttribute finds typos, including an adjacent swap ("ismi" → "imsi")', () => {
    assert.equal(suggestAttribute('ismi', SIM_ATTRIBUTES), 'imsi');
    assert.equal(suggestAttribute('msidsn', SIM_ATTRIBUTES), 'msisdn');
    assert.equal(suggestAttribute('MachinId', SIM_ATTRIBUTES), 'machine_id');
    assert.equal(
      suggestAttribute('SaleStatsId', ['tstamp', 'price', 'choice', 'sale_status_id', 'product_id']),
      'sale_status_id',
    );
  });

  it('suggestAttribute suggests nothing for far-off names', () => {
    for (const name of ['colour', 'zzzzzz', 'temperature', 'x'])
      assert.equal(suggestAttribute(name, SIM_ATTRIBUTES), undefined, name);
    assert.equal(suggestAttribute('imsi', []), undefined);
  });

  it('editDistance counts an adjacent swap as one edit', () => {
    assert.equal(editDistance('ismi', 'imsi'), 1);
    assert.equal(editDistance('kitten', 'sitting'), 3);
    assert.equal(editDistance('', 'abc'), 3);
    assert.equal(editDistance('same', 'same'), 0);
  });
});
