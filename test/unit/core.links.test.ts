import assert from 'node:assert/strict';
import { idInValue, LinkModel, objectSummary, referenceFilter, selfLink } from '../../src/core/links';

// A describe answer of three types, spelt as describe spells attributes (CamelCase).
const MODEL = new LinkModel([
  { id: 1n, name: 'container', readableAttributes: ['Name'], parentTypes: [1n] },
  { id: 2n, name: 'tour', readableAttributes: ['Name', 'DriverId'], parentTypes: [1n] },
  { id: 3n, name: 'machine', readableAttributes: ['Name', 'TourId', 'CurrencyId'], parentTypes: [1n, 9n] },
  { id: 4n, name: 'user', readableAttributes: ['Email'], parentTypes: [] },
  { id: 5n, name: 'currency', readableAttributes: ['Code'], parentTypes: [1n] },
]);

describe('core: links between objects', () => {
  it('points parent_id at the described parent types, leaving out types the account cannot read', () => {
    assert.deepEqual(MODEL.linkOf('machine', 'parent_id'), {
      attribute: 'parent_id',
      kind: 'parent',
      types: ['container'],
    });
  });

  it('points owner at user, <name>_id at the type <name>, and any other *_id at every type (a probe)', () => {
    assert.deepEqual(MODEL.linkOf('machine', 'owner'), { attribute: 'owner', kind: 'owner', types: ['user'] });
    assert.deepEqual(MODEL.linkOf('machine', 'TourId'), { attribute: 'tour_id', kind: 'named', types: ['tour'] });
    assert.deepEqual(MODEL.linkOf('tour', 'driver_id'), {
      attribute: 'driver_id',
      kind: 'probe',
      types: ['container', 'tour', 'machine', 'user', 'currency'],
    });
    assert.equal(MODEL.linkOf('machine', 'name'), undefined);
    assert.equal(MODEL.linkOf('machine', 'id'), undefined);
  });

  it("names a type by its id (an answer's type_id), and takes an object's own id as a link to itself", () => {
    assert.equal(MODEL.typeName('3'), 'machine');
    assert.equal(MODEL.typeName('9'), undefined, 'a parent type the account may not read');
    assert.equal(MODEL.typeName('machine'), undefined);
    assert.deepEqual(selfLink('machine'), { attribute: 'id', kind: 'self', types: ['machine'] });
    assert.ok(!MODEL.pointingAt('machine').some((p) => p.attribute === 'id'), 'references never ask id = id');
  });

  it('lists the attributes that can point at a type, probes included until found elsewhere', () => {
    assert.deepEqual(
      MODEL.pointingAt('tour').map((p) => `${p.type}.${p.attribute}`),
      ['tour.driver_id', 'machine.tour_id'],
    );
    const found = (type: string, attribute: string) =>
      type === 'tour' && attribute === 'driver_id' ? 'user' : undefined;
    assert.deepEqual(
      MODEL.pointingAt('tour', found).map((p) => `${p.type}.${p.attribute}`),
      ['machine.tour_id'],
    );
    assert.deepEqual(
      MODEL.pointingAt('user', found).map((p) => `${p.type}.${p.attribute}`),
      ['container.owner', 'tour.owner', 'tour.driver_id', 'machine.owner', 'user.owner', 'currency.owner'],
    );
    assert.deepEqual(
      MODEL.pointingAt('container').map((p) => `${p.type}.${p.attribute}`),
      ['container.parent_id', 'tour.parent_id', 'tour.driver_id', 'machine.parent_id', 'currency.parent_id'],
    );
  });

  it('reads an id from a value only when it is a 64-bit id, as a number or a string', () => {
    assert.equal(idInValue('18446744073709551615'), '18446744073709551615');
    assert.equal(idInValue('"125752076205557483"'), '125752076205557483');
    for (const bad of ['18446744073709551616', '-1', '1.5', '"abc"', 'null', 'true', '""'])
      assert.equal(idInValue(bad), undefined, bad);
  });

  it('builds the equality filter of a reference query, the id as its exact digits', () => {
    assert.deepEqual(referenceFilter('tour_id', '18446744073709551615', { count: 200, offset: 0 }), {
      count: { count: 200, offset: 0 },
      constraints: {
        join: 'AND',
        conditions: [{ attribute: 'tour_id', type: 1, value: '18446744073709551615' }],
        lists: [],
      },
    });
  });

  it('summarises an object by its label and a few attributes with values', () => {
    const summary = objectSummary(
      {
        owner: 1n,
        parent_id: 2n,
        name: 'Hamburg Monday tour',
        weekday: 1,
        driver_id: null,
        note: '',
        at: 'x',
        more: 'y',
        most: 'z',
      },
      '7',
      3,
    );
    assert.deepEqual(summary, {
      label: 'Hamburg Monday tour',
      attributes: [
        ['weekday', '1'],
        ['at', 'x'],
        ['more', 'y'],
      ],
    });
  });
});
