// Which values of an API answer may point at objects, and of which type each is an attribute:
// answers as the documentation shows them (get, list, report, getcontainer, validate, describe).
import assert from 'node:assert/strict';
import { responseValues, type ResponseContext } from '../../src/links/responseIds';

const TYPES: Record<string, string> = { '122981964696257813': 'machine', '122981964696257802': 'sim' };
const context = (method: string): ResponseContext => {
  const [verb, type] = method.split('/');
  return { verb: verb!, type: /^(auth|ace)$/.test(verb!) ? undefined : type, typeName: (id) => TYPES[id] };
};
/** "attribute@type=text" for each value found. */
const found = (text: string, method: string) =>
  responseValues(text, context(method)).map((v) => `${v.attribute}@${v.type || '?'}=${v.text}`);

describe('links: ids in API answers', () => {
  it("reads a TransferObject's id and definition as its type's, from its type_id, every digit kept", () => {
    const answer = `{
      "id": 125752076205557483,
      "type_id": 122981964696257813,
      "definition": { "owner": 112712829290677262, "tour_id": 18446744073709551615, "name": "M", "parent_id": null },
      "permissions": [{ "name": "read", "permitted": true }],
      "attribute_permissions": [{ "name": "tour_id", "can_read": true, "can_update": true }]
    }`;
    assert.deepEqual(found(answer, 'get/container'), [
      'id@machine=125752076205557483',
      'owner@machine=112712829290677262',
      'tour_id@machine=18446744073709551615',
      'parent_id@machine=null',
    ]);
    const [id] = responseValues(answer, context('get/machine'));
    assert.equal(answer.slice(id!.offset, id!.offset + id!.length), '125752076205557483');
  });

  it("takes the call's type when the type_id is not one the account may read, and reads every object of a list", () => {
    const answer = `{ "filtered_record_count": 2, "transfer_objects": [
      { "id": 1, "type_id": 99, "definition": { "currency_id": 5 } },
      { "id": "2", "type_id": 99, "definition": { "currency_id": 6 } } ] }`;
    assert.deepEqual(found(answer, 'list/machine'), [
      'id@machine=1',
      'currency_id@machine=5',
      'id@machine="2"',
      'currency_id@machine=6',
    ]);
  });

  it("reads a report axis's group values as the report type's attributes (not its aggregations or data)", () => {
    const answer = `{ "Axis": [
      { "Dimension": 0, "Attributes": [{ "Key": "SaleStatusId", "Value": 141024786821154052, "Privileges": "" }] },
      { "Dimension": 1, "Attributes": [{ "Key": "Price", "Value": "SUM", "Privileges": "" }] } ],
      "Data": [{ "Coordinates": [0, 0], "Value": 2.5 }] }`;
    assert.deepEqual(found(answer, 'report/sale'), ['SaleStatusId@sale=141024786821154052']);
  });

  it("reads getcontainer's ids as parents of the call's type, and validate's UserId without a type", () => {
    assert.deepEqual(found('["112728507255096337", "125133518824015550"]', 'getcontainer/machine'), [
      'parent_id@machine="112728507255096337"',
      'parent_id@machine="125133518824015550"',
    ]);
    assert.deepEqual(found('{ "Success": true, "UserId": 118586315118453611 }', 'auth/validate'), [
      'UserId@?=118586315118453611',
    ]);
  });

  it("leaves out an id outside a TransferObject (describe's are object types'), and still reads a cut-off answer", () => {
    assert.deepEqual(
      found('[{ "id": 112776158021420064, "name": "acl_lang", "parent_object_types": [1] }]', 'describe/'),
      [],
    );
    assert.deepEqual(
      found('{ "transfer_objects": [{ "id": 7, "type_id": 99, "definition": { "tour_id": 8', 'list/machine'),
      ['id@machine=7', 'tour_id@machine=8'],
    );
  });
});
