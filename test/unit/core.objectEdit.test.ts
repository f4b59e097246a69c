// The object document's edit model (src/core/objectEdit.ts): reading the text, the diff that
// update sends, and which changes the type does not allow.
import assert from 'node:assert/strict';
import {
  diffDefinition,
  jsonEqual,
  lineAndColumn,
  notUpdatable,
  readDefinition,
  rebase,
} from '../../src/core/objectEdit';
import { parseJson, type JsonObject } from '../../src/core/json';

const opened = parseJson(`{
  "parent_id": 125752076205557483,
  "serial_number": "VM-0001",
  "name": "Hamburg Central Station #1",
  "lat": 53.55,
  "tour_id": 262079543555130638,
  "tstamp_last_filling": null
}`) as JsonObject;

describe('core/objectEdit', () => {
  it('reads a definition, keeping 64-bit ids exact', () => {
    const read = readDefinition('{ "machine_id": 125609740326667984, "msisdn": "4915112345678" }');
    assert.ok('definition' in read);
    assert.equal(read.definition.machine_id, 125609740326667984n);
  });

  it('says where the JSON is broken, and that the text is kept', () => {
    const read = readDefinition('{\n  "name": "x",\n  "lat": 53.5,,\n}');
    assert.ok('problem' in read);
    assert.match(read.problem, /not valid JSON \(line 3, column 15/);
    assert.match(read.problem, /your text is kept/);
  });

  it('refuses a non-object and a duplicated key', () => {
    assert.match((readDefinition('[1, 2]') as { problem: string }).problem, /one JSON object/);
    assert.match((readDefinition('"name"') as { problem: string }).problem, /one JSON object/);
    assert.match((readDefinition('{"name": "a", "name": "b"}') as { problem: string }).problem, /duplicate key "name"/);
  });

  it('sends only what changed, with removed attributes as null', () => {
    const edited = { ...opened, name: 'Hamburg Hbf', lat: 53.553 } as JsonObject;
    delete edited.serial_number;
    assert.deepEqual(diffDefinition(opened, edited), {
      changes: { name: 'Hamburg Hbf', lat: 53.553, serial_number: null },
      removed: ['serial_number'],
    });
  });

  it('sends nothing when only the key order or the spelling of the same number changed', () => {
    const reordered = parseJson(
      '{"tstamp_last_filling": null, "tour_id": 262079543555130638, "lat": 53.55, "name": "Hamburg Central Station #1", "serial_number": "VM-0001", "parent_id": 125752076205557483}',
    ) as JsonObject;
    assert.deepEqual(diffDefinition(opened, reordered), { changes: {}, removed: [] });
  });

  it('keeps a removed null attribute out of the changes, and adds new attributes', () => {
    const edited = { ...opened, fill_level: 3 } as JsonObject;
    delete edited.tstamp_last_filling;
    assert.deepEqual(diffDefinition(opened, edited), { changes: { fill_level: 3 }, removed: [] });
  });

  it('reports a changed parent_id apart from the changes: that is a move', () => {
    const edited = { ...opened, parent_id: 125752076205557999n, name: 'moved' } as JsonObject;
    assert.deepEqual(diffDefinition(opened, edited), {
      changes: { name: 'moved' },
      removed: [],
      parentChange: { from: 125752076205557483n, to: 125752076205557999n },
    });
  });

  it('tells a one-digit change in a 64-bit id', () => {
    const edited = { ...opened, tour_id: 262079543555130639n } as JsonObject;
    assert.deepEqual(diffDefinition(opened, edited).changes, { tour_id: 262079543555130639n });
  });

  it('compares JSON deeply, bigint-aware', () => {
    assert.equal(jsonEqual({ a: [1, { b: 2n }] }, { a: [1, { b: 2n }] }), true);
    assert.equal(jsonEqual({ a: 1 }, { a: 1, b: null }), false);
    assert.equal(jsonEqual(125609740326667984n, 125609740326667985n), false);
    assert.equal(jsonEqual('1', 1), false);
  });

  it('names the changes the type does not allow, whatever the spelling', () => {
    assert.deepEqual(notUpdatable({ name: 'x', tstamp_last_filling: null, owner: 1 }, ['Name', 'TstampLastFilling']), [
      'owner',
    ]);
  });

  it("rebases a modified document on the server's values where its text agrees with them, and only there", () => {
    const base = { parent_id: 1n, lon: 10, name: 'old' } as JsonObject;
    const edited = { parent_id: 2n, lon: 10, name: 'mine' } as JsonObject;
    const server = { parent_id: 2n, lon: 11, name: 'old', added: true } as JsonObject;
    const rebased = rebase(base, edited, server);
    assert.deepEqual(rebased, { parent_id: 2n, lon: 10, name: 'old' });
    // Saving then sends only the user's own edit: not their stale lon, and no parent_id move.
    assert.deepEqual(diffDefinition(rebased, edited), { changes: { name: 'mine' }, removed: [] });
  });

  it('counts lines and columns from 1', () => {
    assert.deepEqual(lineAndColumn('ab\ncd', 4), { line: 2, column: 2 });
  });
});
