// The readable SQL of a filter (src/core/filterSqlText.ts), checked against the documentation's
// own translation of its example.
import assert from 'node:assert/strict';
import { readFilter } from '../../src/core/filter';
import { conditionSql, filterSql } from '../../src/core/filterSqlText';
import { parseJson } from '../../src/core/json';

describe('core/filterSqlText', () => {
  it("translates the documentation's example as the documentation does", () => {
    const { filter } = readFilter(
      parseJson(`{"order": {"attribute": "msisdn", "direction": "ASC"}, "count": {"count": 30, "offset": 0},
      "constraints": {"join": "AND", "conditions": [{"attribute": "msisdn", "type": 1, "value": "1234567"}, {"attribute": "imsi", "type": 9, "value": "234"}], "lists": []}}`),
    );
    assert.equal(
      filterSql(filter),
      "WHERE (msisdn = '1234567' AND imsi ~* '234') ORDER BY msisdn ASC NULLS LAST LIMIT 30 OFFSET 0",
    );
  });

  it('renders every condition type', () => {
    const sql = (type: number, value: string | null) => conditionSql({ attribute: 'a', type: type as 1, value });
    assert.deepEqual(
      [1, 2, 3, 4, 10, 11].map((t) => sql(t, '5')),
      ["a = '5'", "a <> '5'", "a > '5'", "a < '5'", "a >= '5'", "a <= '5'"],
    );
    assert.equal(sql(5, null), 'a IS NULL');
    assert.equal(sql(6, null), 'a IS NOT NULL');
    assert.equal(sql(7, '1, 2,3'), "a IN ('1', '2', '3')");
    assert.equal(sql(8, '10|20'), "a BETWEEN '10' AND '20'");
    assert.equal(sql(9, "^O'Brien"), "a ~* '^O''Brien'");
  });

  it('nests lists in parentheses and defaults the order to id', () => {
    const { filter } = readFilter(
      parseJson(`{"constraints": {"join": "AND", "conditions": [{"attribute": "price", "type": 3, "value": "2"}],
      "lists": [{"join": "OR", "conditions": [{"attribute": "choice", "type": 1, "value": "1"}, {"attribute": "choice", "type": 1, "value": "2"}], "lists": []}]}}`),
    );
    assert.equal(filterSql(filter), "WHERE (price > '2' AND (choice = '1' OR choice = '2')) ORDER BY id ASC");
  });
});
