import assert from 'node:assert/strict';
import { filterJsonSchema, reportJsonSchema } from '../../src/api/jsonSchemas';
import { filterSchema, reportSchema, transferObjectSchema } from '../../src/api/wireSchemas';
import { parseJson } from '../../src/core/json';

describe('api schemas', () => {
  it("accepts the documentation's filter and report examples", () => {
    const filter = parseJson(
      '{"order":{"attribute":"msisdn","direction":"ASC"},"count":{"count":30,"offset":0},"constraints":{"join":"AND","conditions":[{"attribute":"msisdn","type":1,"value":"1234567"},{"attribute":"ismi","type":9,"value":"234"}],"lists":[]}}',
    );
    assert.equal(filterSchema.safeParse(filter).success, true);
    const report = parseJson(
      '{"Aggregation":[{"Function":"SUM","Attribute":"Price"},{"Function":"COUNT","Attribute":"Price"}],"Group":[{"Function":null,"Attribute":"Choice","Orientation":"vertical"},{"Function":null,"Attribute":"SaleStatusId","Orientation":"horizontal"}]}',
    );
    assert.equal(reportSchema.safeParse(report).success, true);
  });

  it('names the field that does not match', () => {
    const bad = filterSchema.safeParse({ constraints: { conditions: [{ attribute: 'imsi', type: 12, value: '1' }] } });
    assert.equal(bad.success, false);
    assert.deepEqual(bad.error!.issues[0]!.path, ['constraints', 'conditions', 0, 'type']);
    const object = transferObjectSchema.safeParse({
      id: 125609740326667984n,
      type_id: '122981964696257802',
      definition: {},
      permissions: null,
      attribute_permissions: null,
    });
    assert.equal(object.success, true);
    assert.equal(object.data!.type_id, 122981964696257802n, 'digit-string ids become bigint');
    assert.equal(
      transferObjectSchema.safeParse({
        id: 1.5,
        type_id: 1,
        definition: {},
        permissions: null,
        attribute_permissions: null,
      }).success,
      false,
    );
  });

  it('exports JSON Schemas that explain every condition type and report function', () => {
    const filter = JSON.stringify(filterJsonSchema());
    for (let type = 1; type <= 11; type++) assert.match(filter, new RegExp(`${type}: `));
    assert.match(filter, /case-insensitive/);
    assert.match(filter, /"enum":\["ASC","DESC"\]/);
    const report = JSON.stringify(reportJsonSchema());
    assert.match(report, /DATE_TRUNC:DAY/);
    assert.match(report, /"enum":\["SUM","AVG","COUNT"\]/);
    // Unknown keys are the extension's to report (once, case-insensitively), not the schema's too.
    assert.doesNotMatch(filter + report, /"additionalProperties":false/);
    assert.match(filter, /"properties":\{"order"/);
  });

  it('types a condition value in the JSON Schema as text or a JSON scalar, big integers as integers', () => {
    const filter = JSON.stringify(filterJsonSchema());
    // zod has no JSON Schema for bigint: left alone it would become {} and let any value through.
    assert.match(filter, /"value":\{[^{}]*"type":\["string","number","integer","boolean","null"\]\}/);
  });
});
