import assert from 'node:assert/strict';
import { checkFilterAttributes, readFilter } from '../../src/core/filter';
import { readReport } from '../../src/core/report';
import { attributeKey, editDistance, suggestAttribute, toCamelCase } from '../../src/core/attributeNames';
import { formatCount, objectLabel } from '../../src/core/labels';
import { parseJson } from '../../src/core/json';

describe('core: filter model', () => {
  it('reads the documentation\'s example and flags its "ismi" typo with a suggestion', () => {
    const { filter, problems } = readFilter(
      parseJson(
        '{"order":{"attribute":"msisdn","direction":"ASC"},"count":{"count":30,"offset":0},"constraints":{"join":"AND","conditions":[{"attribute":"msisdn","type":1,"value":"1234567"},{"attribute":"ismi","type":9,"value":"234"}],"lists":[]}}',
      ),
    );
    assert.deepEqual(problems, []);
    assert.deepEqual(filter.count, { count: 30, offset: 0 });
    const unknown = checkFilterAttributes(filter, ['imsi', 'iccid', 'msisdn'], 'sim');
    assert.equal(unknown.length, 1);
    assert.deepEqual(unknown[0]!.path, ['constraints', 'conditions', 1, 'attribute']);
    assert.match(unknown[0]!.message, /Did you mean "imsi"\?/);
    assert.equal(unknown[0]!.code, '42703');
  });

  it('matches keys case-insensitively and reports unknown keys with their path', () => {
    const { filter, problems } = readFilter(
      parseJson('{"Order":{"Attribute":"imsi","Direction":"desc"},"contraints":{}}'),
    );
    assert.deepEqual(filter.order, { attribute: 'imsi', direction: 'DESC' });
    assert.deepEqual(
      problems.map((p) => [p.path, p.code]),
      [[['contraints'], '22023']],
    );
  });

  it('checks condition types and their value formats', () => {
    const problemsOf = (condition: object) =>
      readFilter({ constraints: { conditions: [condition] } } as never).problems.map((p) => p.code);
    assert.deepEqual(problemsOf({ attribute: 'a', type: 12, value: '1' }), ['22023']);
    assert.deepEqual(problemsOf({ attribute: 'a', value: '1' }), ['22004']);
    assert.deepEqual(problemsOf({ attribute: 'a', type: 1 }), ['22004']);
    assert.deepEqual(problemsOf({ attribute: 'a', type: 5 }), []);
    assert.deepEqual(problemsOf({ attribute: 'a', type: 7, value: '1,,2' }), ['22023']);
    assert.deepEqual(problemsOf({ attribute: 'a', type: 8, value: '1' }), ['22023']);
    assert.deepEqual(problemsOf({ attribute: 'a', type: '8', value: '1|2' }), []);
    const { filter } = readFilter(
      parseJson('{"constraints":{"conditions":[{"attribute":"parent_id","type":1,"value":421338385039230354}]}}'),
    );
    assert.equal(
      filter.constraints!.conditions[0]!.value,
      '421338385039230354',
      'a big numeric value keeps every digit as text',
    );
  });
});

describe('core: report model', () => {
  it("reads the documentation's example in any key case", () => {
    const { report, problems } = readReport(
      parseJson(
        '{"aggregation":[{"function":"sum","attribute":"Price"}],"group":[{"function":"DATE_TRUNC:day","attribute":"tstamp","orientation":"Horizontal"}]}',
      ),
    );
    assert.deepEqual(problems, []);
    assert.deepEqual(report, {
      aggregations: [{ function: 'SUM', attribute: 'Price' }],
      groups: [{ dateTrunc: 'DAY', attribute: 'tstamp', orientation: 'horizontal' }],
    });
  });
  it('explains what is wrong', () => {
    assert.match(
      readReport({ Aggregation: [{ Function: 'MEDIAN', Attribute: 'x' }] }).problems[0]!.message,
      /SUM, AVG, COUNT/,
    );
    assert.match(
      readReport({ Aggregation: [{ Function: 'SUM', Attribute: 'x' }], Group: [{ Function: 'ROUND', Attribute: 'x' }] })
        .problems[0]!.message,
      /DATE_TRUNC:DAY/,
    );
    assert.equal(readReport({ Group: [] }).problems[0]!.code, '22004');
  });
});

describe('core: attribute names and labels', () => {
  it('treats snake_case and CamelCase as one name', () => {
    assert.equal(attributeKey('Sale_Status_Id'), attributeKey('SaleStatusId'));
    assert.equal(toCamelCase('tstamp_last_filling'), 'TstampLastFilling');
  });
  it('suggests close names only', () => {
    assert.equal(editDistance('ismi', 'imsi'), 1);
    assert.equal(suggestAttribute('ismi', ['iccid', 'imsi', 'msisdn']), 'imsi');
    assert.equal(suggestAttribute('SerialNumbr', ['serial_number', 'lat']), 'serial_number');
    assert.equal(suggestAttribute('colour', ['imsi', 'iccid']), undefined);
  });
  it('labels objects by their most meaningful attribute', () => {
    assert.equal(objectLabel({ serial_number: 'VM-1', lat: 1 }, '7'), 'VM-1');
    assert.equal(objectLabel({ msisdn: null, imsi: '2620' }, '7'), '2620');
    assert.equal(objectLabel({ lat: 1 }, '125752076205557483'), '125752076205557483');
    assert.equal(formatCount(12345), '12,345');
  });
});
