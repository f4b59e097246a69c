// Report files (src/queries/report/model/reportFile.ts): the Filter beside the Report, and the builder's draft
// going in and out of the file without losing what the builder does not show.
import assert from 'node:assert/strict';
import { applyDraft, draftOf, splitReportFile } from '../../src/queries/report/model/reportFile';
import { parseJson, stringifyJson } from '../../src/core/json';

// The documentation's report call, its filter moved into the file.
const FILE = parseJson(`{
  "Aggregation": [{"Function": "SUM", "Attribute": "Price"}, {"Function": "COUNT", "Attribute": "Price"}],
  "Group": [{"Function": null, "Attribute": "Choice", "Orientation": "vertical"}, {"Function": null, "Attribute": "SaleStatusId", "Orientation": "horizontal"}],
  "filter": {"order": null, "count": null, "constraints": {"join": "AND", "conditions": [
    {"attribute": "tstamp", "type": 8, "value": "2016-11-20T00:00:00+01:00|2016-11-22T23:59:59+01:00"},
    {"attribute": "parent_id", "type": 1, "value": 421338385039230354},
    {"attribute": "sale_status_id", "type": 7, "value": "141024786821154052,141024786821154056"}
  ], "lists": [{"join": "OR", "conditions": [], "lists": []}]}}
}`);

describe('core: report files', () => {
  it('splits the Filter (any case) from the Report', () => {
    const { report, filter, filterKey } = splitReportFile(FILE);
    assert.equal(filterKey, 'filter');
    assert.deepEqual(Object.keys(report as object), ['Aggregation', 'Group']);
    assert.equal(
      stringifyJson(
        (filter as { constraints: { conditions: Array<{ value: unknown }> } }).constraints.conditions[1]!.value,
      ),
      '421338385039230354',
    );
    assert.deepEqual(splitReportFile(parseJson('{"Aggregation": []}')).filter, undefined);
  });

  it('reads a draft: functions, groups, conditions with their values as text', () => {
    const draft = draftOf(FILE);
    assert.deepEqual(draft.aggregations, [
      { function: 'SUM', attribute: 'Price' },
      { function: 'COUNT', attribute: 'Price' },
    ]);
    assert.deepEqual(draft.groups[1], { function: null, attribute: 'SaleStatusId', orientation: 'horizontal' });
    assert.deepEqual(draft.filter.conditions[1], {
      attribute: 'parent_id',
      type: 1,
      value: '421338385039230354',
      numeric: true,
    });
    assert.deepEqual(draft.filter.conditions[0]!.numeric, false);
    assert.equal(draft.filter.nestedLists, 1);
  });

  it('writes a draft back keeping ids digit-exact, the key spellings, order, count and nested lists', () => {
    const draft = draftOf(FILE);
    draft.aggregations[0]!.function = 'AVG';
    draft.groups.push({ function: 'DATE_TRUNC:DAY', attribute: 'tstamp', orientation: 'vertical' });
    draft.filter.conditions[1]!.value = '421338385039230355';
    const written = stringifyJson(applyDraft(FILE, draft));
    assert.ok(written.includes('"Function":"AVG"'));
    assert.ok(written.includes('{"Function":"DATE_TRUNC:DAY","Attribute":"tstamp","Orientation":"vertical"}'));
    assert.ok(written.includes('"filter":{"order":null,"count":null,"constraints":{"join":"AND","conditions":['));
    assert.ok(written.includes('{"attribute":"parent_id","type":1,"value":421338385039230355}'), written);
    assert.ok(written.includes('"value":"141024786821154052,141024786821154056"'));
    assert.ok(written.includes('"lists":[{"join":"OR","conditions":[],"lists":[]}]'));
    // Unchanged, it is the same JSON.
    assert.equal(stringifyJson(applyDraft(FILE, draftOf(FILE))), stringifyJson(FILE));
  });

  it('adds a Filter only when there is something to filter by', () => {
    const bare = parseJson('{"Aggregation": [{"Function": "COUNT", "Attribute": "id"}], "Group": []}');
    const draft = draftOf(bare);
    assert.deepEqual(Object.keys(applyDraft(bare, draft)), ['Aggregation', 'Group']);
    draft.filter.conditions.push({ attribute: 'price', type: 3, value: '1.5', numeric: false });
    assert.equal(
      stringifyJson(applyDraft(bare, draft).Filter),
      '{"constraints":{"join":"AND","conditions":[{"attribute":"price","type":3,"value":"1.5"}],"lists":[]}}',
    );
    // A condition of type 6 takes no value.
    draft.filter.conditions[0] = { attribute: 'price', type: 6, value: null, numeric: false };
    assert.equal(
      stringifyJson(applyDraft(bare, draft).Filter),
      '{"constraints":{"join":"AND","conditions":[{"attribute":"price","type":6,"value":null}],"lists":[]}}',
    );
  });
});
