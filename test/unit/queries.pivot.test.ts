// The pivot model of the report view (src/queries/report/model/pivot.ts), built from the documentation's own
// ReportResult examples (non-breaking spaces of the published page made plain spaces).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  buildPivot,
  cellValue,
  idsToLabel,
  labelPivot,
  pivotGrid,
  pivotToDelimited,
  sortedRows,
  valueColumns,
  type GroupSpec,
} from '../../src/queries/report/model/pivot';
import { parseJson } from '../../src/core/json';

const fixture = (name: string) => parseJson(fs.readFileSync(path.join(__dirname, '..', 'fixtures', name), 'utf8'));
// The documentation's report: SUM and COUNT of Price by Choice (vertical) × SaleStatusId (horizontal).
const DOC_GROUPS: GroupSpec[] = [
  { attribute: 'Choice', function: null, orientation: 'vertical' },
  { attribute: 'SaleStatusId', function: null, orientation: 'horizontal' },
];

describe('core: pivot', () => {
  it('lays the method example out as choices × (status × SUM, COUNT), with totals', () => {
    const pivot = buildPivot(fixture('doc-report-result-method.json'), DOC_GROUPS);
    assert.deepEqual(pivot.warnings, []);
    assert.deepEqual(
      pivot.rows.map((d) => d.attribute),
      ['Choice'],
    );
    assert.deepEqual(
      pivot.rows[0]!.values.map((v) => v.raw),
      ['11', '13', '14', '17', '27', '37', '38', '45', '48', '54', '56', '58', '61', '63'],
    );
    // The status is an id above 2^53: its digits are kept.
    assert.deepEqual(pivot.columns[0]!.values, [{ raw: '141024786821154052', kind: 'id' }]);
    assert.deepEqual(pivot.measures, [
      { function: 'SUM', attribute: 'Price' },
      { function: 'COUNT', attribute: 'Price' },
    ]);
    assert.equal(pivot.rowKeys.length, 14);
    assert.deepEqual(pivot.cells[7], [[4.5, 3]]);
    // One status: two value columns and a total per measure.
    const columns = valueColumns(pivot);
    assert.deepEqual(columns, [
      { column: 0, measure: 0 },
      { column: 0, measure: 1 },
      { column: -1, measure: 0 },
      { column: -1, measure: 1 },
    ]);
    assert.equal(cellValue(pivot, -1, columns[0]!), 31.8);
    assert.equal(cellValue(pivot, -1, columns[1]!), 21);
    assert.equal(cellValue(pivot, 5, columns[3]!), 2);
  });

  it("keeps the data type example's odd coordinate (choice #4 of 4 values) and says so", () => {
    const pivot = buildPivot(fixture('doc-report-result-datatype.json'), DOC_GROUPS);
    assert.deepEqual(
      pivot.rows[0]!.values.map((v) => [v.raw, v.kind]),
      [
        ['1', 'number'],
        ['2', 'number'],
        ['3', 'number'],
        ['4', 'number'],
        ['#4', 'odd'],
      ],
    );
    assert.equal(pivot.rowKeys.length, 5);
    assert.deepEqual(pivot.cells[4], [[2, 1]]);
    assert.deepEqual(pivot.warnings, [
      '2 values have coordinate 4 in dimension 0 (Choice), which its axis does not have; shown under "#4".',
    ]);
    // Nothing is lost: the totals count all ten data items.
    assert.equal(cellValue(pivot, -1, { column: 0, measure: 1 }), 5);
  });

  it('takes a group by owner for ids (links to users, digits kept), as it does *_id and id', () => {
    const answer = parseJson(`{ "Axis": [
      { "Dimension": 0, "Attributes": [{ "Key": "Owner", "Value": 112712829290677262, "Privileges": "" }] },
      { "Dimension": 1, "Attributes": [{ "Key": "Price", "Value": "COUNT", "Privileges": "" }] } ],
      "Data": [{ "Coordinates": [0, 0], "Value": 3 }] }`);
    for (const attribute of ['Owner', 'owner', 'id', 'tour_id']) {
      const pivot = buildPivot(answer, [{ attribute, function: null, orientation: 'vertical' }]);
      assert.deepEqual(pivot.rows[0]!.values, [{ raw: '112712829290677262', kind: 'id' }], attribute);
    }
  });

  it('names id groups from one lookup per attribute, and sorts by label or by value', () => {
    const pivot = buildPivot(fixture('doc-report-result-method.json'), DOC_GROUPS);
    assert.deepEqual([...idsToLabel(pivot)], [['SaleStatusId', ['141024786821154052']]]);
    const named = labelPivot(pivot, new Map([['SaleStatusId', new Map([['141024786821154052', 'Paid']])]]));
    assert.equal(named.columns[0]!.values[0]!.label, 'Paid');
    assert.deepEqual(pivotGrid(named).header[0]!.slice(0, 3), ['SaleStatusId', 'Paid', 'Paid']);
    // By SUM, largest first; by the Choice header, descending.
    assert.deepEqual(sortedRows(pivot, { column: 0, direction: 'desc' }).slice(0, 3), [7, 5, 9]);
    assert.deepEqual(sortedRows(pivot, { column: -1, direction: 'desc' }).slice(0, 2), [13, 12]);
    assert.deepEqual(sortedRows(pivot), [...Array(14).keys()]);
  });

  it('leaves AVG totals empty (an average of averages is wrong) and sorts nulls last', () => {
    const result = parseJson(`{"Axis": [
      {"Dimension": 0, "Attributes": [{"Key": "tstamp", "Value": "2026-11-20T00:00:00+00:00", "Privileges": ""}, {"Key": "tstamp", "Value": "2026-11-21T00:00:00+00:00", "Privileges": ""}, {"Key": "tstamp", "Value": null, "Privileges": ""}]},
      {"Dimension": 1, "Attributes": [{"Key": "price", "Value": "AVG", "Privileges": ""}]}],
      "Data": [{"Coordinates": [0, 0], "Value": 2}, {"Coordinates": [1, 0], "Value": null}, {"Coordinates": [2, 0], "Value": 1}]}`);
    const pivot = buildPivot(result, [{ attribute: 'tstamp', function: 'DATE_TRUNC:DAY', orientation: 'vertical' }]);
    assert.deepEqual(
      pivot.rows[0]!.values.map((v) => v.kind),
      ['timestamp', 'timestamp', 'null'],
    );
    assert.deepEqual(valueColumns(pivot), [{ column: 0, measure: 0 }]);
    assert.equal(cellValue(pivot, -1, { column: 0, measure: 0 }), null);
    assert.deepEqual(sortedRows(pivot, { column: 0, direction: 'asc' }), [2, 0, 1]);
    assert.deepEqual(sortedRows(pivot, { column: 0, direction: 'desc' }), [0, 2, 1]);
  });

  it('adds totals up without binary noise: 1.1 + 2.2 is 3.3', () => {
    const pivot = buildPivot(
      parseJson(`{"Axis": [
      {"Dimension": 0, "Attributes": [{"Key": "choice", "Value": 1, "Privileges": ""}, {"Key": "choice", "Value": 2, "Privileges": ""}]},
      {"Dimension": 1, "Attributes": [{"Key": "price", "Value": "SUM", "Privileges": ""}]}],
      "Data": [{"Coordinates": [0, 0], "Value": 1.1}, {"Coordinates": [1, 0], "Value": 2.2}]}`),
      [{ attribute: 'choice', function: null, orientation: 'vertical' }],
    );
    assert.equal(1.1 + 2.2, 3.3000000000000003);
    assert.equal(cellValue(pivot, -1, { column: 0, measure: 0 }), 3.3);
  });

  it('says what it could not place', () => {
    const pivot = buildPivot(
      parseJson(
        '{"Axis": [{"Dimension": 0, "Attributes": [{"Key": "price", "Value": "SUM", "Privileges": ""}]}], "Data": [{"Coordinates": [0, 1], "Value": 1}, {"Coordinates": [0], "Value": "x"}]}',
      ),
      [],
    );
    assert.deepEqual(pivot.warnings, [
      '1 data item had no usable Coordinates (1 whole numbers) and could not be placed.',
      '1 value is not a number and shows as empty.',
    ]);
  });

  it('exports CSV and TSV a spreadsheet reads as text, not formulas', () => {
    const result = parseJson(`{"Axis": [
      {"Dimension": 0, "Attributes": [{"Key": "name", "Value": "=HYPERLINK(\\"x\\")", "Privileges": ""}, {"Key": "name", "Value": "a,b\\tc", "Privileges": ""}]},
      {"Dimension": 1, "Attributes": [{"Key": "price", "Value": "SUM", "Privileges": ""}, {"Key": "id", "Value": "COUNT", "Privileges": ""}]}],
      "Data": [{"Coordinates": [0, 0], "Value": -2.5}, {"Coordinates": [0, 1], "Value": 1}, {"Coordinates": [1, 0], "Value": 3}, {"Coordinates": [1, 1], "Value": 2}]}`);
    const pivot = buildPivot(result, [{ attribute: 'name', function: null, orientation: 'vertical' }]);
    assert.equal(
      pivotToDelimited(pivot, 'csv'),
      ['name,SUM(price),COUNT(id)', `"'=HYPERLINK(""x"")",-2.5,1`, '"a,b\tc",3,2', 'Total,0.5,3', ''].join('\r\n'),
    );
    assert.equal(pivotToDelimited(pivot, 'tsv', { column: 0, direction: 'desc' }).split('\r\n')[1], 'a,b c\t3\t2');
  });

  it('exports with the decimal separator of its setting and the totals named in the display language', () => {
    const result = parseJson(`{"Axis": [
      {"Dimension": 0, "Attributes": [{"Key": "name", "Value": "a;b", "Privileges": ""}, {"Key": "name", "Value": "c", "Privileges": ""}]},
      {"Dimension": 1, "Attributes": [{"Key": "price", "Value": "SUM", "Privileges": ""}]}],
      "Data": [{"Coordinates": [0, 0], "Value": 1234.5}, {"Coordinates": [1, 0], "Value": 0.25}]}`);
    const pivot = buildPivot(result, [{ attribute: 'name', function: null, orientation: 'vertical' }]);
    // Never grouped (1234,5, not 1.234,5): a spreadsheet reads it as one number.
    assert.equal(
      pivotToDelimited(pivot, 'csv', null, { decimal: ',', total: 'Summe' }),
      ['name;SUM(price)', '"a;b";1234,5', 'c;0,25', 'Summe;1234,75', ''].join('\r\n'),
    );
    assert.equal(pivotToDelimited(pivot, 'tsv', null, { decimal: ',' }).split('\r\n')[1], 'a;b\t1234,5');
    assert.equal(pivotToDelimited(pivot, 'csv').split('\r\n')[1], 'a;b,1234.5');
  });

  it('guards formulas behind a leading tab, carriage return or line feed too', () => {
    for (const lead of ['\t', '\r', '\n']) {
      const value = `${lead}=HYPERLINK("x")`;
      const result = {
        Axis: [
          { Dimension: 0, Attributes: [{ Key: 'name', Value: value, Privileges: '' }] },
          { Dimension: 1, Attributes: [{ Key: 'price', Value: 'SUM', Privileges: '' }] },
        ],
        Data: [{ Coordinates: [0, 0], Value: 1 }],
      };
      const pivot = buildPivot(result, [{ attribute: 'name', function: null, orientation: 'vertical' }]);
      assert.equal(
        pivotToDelimited(pivot, 'csv').split('\r\n').slice(1).join('\r\n').startsWith(`"'${lead}=`),
        true,
        JSON.stringify(lead),
      );
      assert.match(pivotToDelimited(pivot, 'tsv').split('\r\n')[1]!, /^' =HYPERLINK/, JSON.stringify(lead));
    }
  });
});
