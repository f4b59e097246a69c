// The demo accounts' privilege matrix, enforced on every method and every attribute:
// demo (everything), operator (read/update/create in Region North, no delete),
// reader (read-only in Region South, machine lat/lon unreadable), and the anonymous key.

import assert from 'node:assert/strict';
import { startEmulator, type TestEmulator } from '../support/emulator';
import { ACCOUNTS, loginAll, wire, type WireResponse } from '../support/http';
import type { JsonObject, JsonValue } from '../../src/core/json';

type Obj = JsonObject & {
  id: bigint;
  definition: JsonObject;
  permissions: Array<{ name: string; permitted: boolean }>;
};

function body(res: WireResponse): JsonValue {
  assert.equal(res.status, 200, res.text);
  return res.body;
}

function code(res: WireResponse): unknown {
  assert.equal(res.status, 500, res.text);
  return (res.body as JsonObject).code;
}

describe('emulator privileges: the demo accounts', function () {
  this.timeout(120_000);
  let emu: TestEmulator;
  let base: string;
  const keys: Record<keyof typeof ACCOUNTS, string> = { demo: '', operator: '', reader: '' };
  let containers: Obj[];
  const branch = (name: string): Set<bigint> => {
    const top = containers.find((c) => c.definition.name === name)!;
    const ids = new Set([top.id]);
    for (let grew = true; grew;) {
      grew = false;
      for (const c of containers)
        if (!ids.has(c.id) && ids.has(c.definition.parent_id as bigint)) {
          ids.add(c.id);
          grew = true;
        }
    }
    return ids;
  };
  const list = async (who: keyof typeof ACCOUNTS, type: string, filter: object = {}): Promise<JsonObject> =>
    body(
      await wire(base, `list/${type}/`, { sessionKey: keys[who], form: { filter: JSON.stringify(filter) } }),
    ) as JsonObject;
  const objects = (result: JsonObject) => result.transfer_objects as Obj[];
  const machineIn = async (region: string) =>
    objects(await list('demo', 'machine', { count: { count: 500 } })).find((m) =>
      branch(region).has(m.definition.parent_id as bigint),
    )!;

  before(async () => {
    emu = await startEmulator();
    base = emu.baseUrl;
    Object.assign(keys, await loginAll(base));
    const all = await list('demo', 'container', { count: { count: 1000 } });
    containers = objects(all);
  });
  after(() => emu?.stop());

  it('describe shows each account only the types it may read', async () => {
    const names = async (who: keyof typeof ACCOUNTS) =>
      (body(await wire(base, 'describe/', { sessionKey: keys[who] })) as JsonObject[]).map((t) => t.name).sort();
    assert.equal((await names('demo')).length, 13);
    const staff = [
      'container',
      'currency',
      'machine',
      'machine_product',
      'machine_type',
      'product',
      'sale',
      'sale_status',
      'sim',
      'tour',
    ];
    assert.deepEqual(await names('operator'), staff);
    assert.deepEqual(await names('reader'), staff);
    assert.deepEqual(body(await wire(base, 'describe/', { sessionKey: 'anonymous' })), []);
  });

  it('describe reports the privileges and attributes granted for a type', async () => {
    const machineOf = async (who: keyof typeof ACCOUNTS) =>
      (body(await wire(base, 'describe/', { sessionKey: keys[who] })) as JsonObject[]).find(
        (t) => t.name === 'machine',
      )!;
    const operator = await machineOf('operator');
    assert.deepEqual(operator.privileges, ['create', 'read', 'update']);
    assert.ok((operator.writeable_attributes as string[]).includes('SerialNumber'));
    assert.ok(
      !(operator.writeable_attributes as string[]).includes('CurrencyId'),
      "the operator may not change a machine's currency",
    );
    const reader = await machineOf('reader');
    assert.deepEqual(reader.privileges, ['read']);
    assert.equal(reader.writeable_attributes, null);
    assert.ok(!(reader.readable_attributes as string[]).includes('Lat'));
    assert.ok(!(reader.readable_attributes as string[]).includes('Lon'));
    assert.ok((reader.readable_attributes as string[]).includes('SerialNumber'));
  });

  it("lists only the objects in the account's branch, with counts to match", async () => {
    const north = branch('Region North');
    const south = branch('Region South');
    const operatorMachines = await list('operator', 'machine', { count: { count: 1000 } });
    assert.ok(objects(operatorMachines).length > 0);
    assert.ok(objects(operatorMachines).every((m) => north.has(m.definition.parent_id as bigint)));
    assert.equal(operatorMachines.total_record_count, objects(operatorMachines).length);
    const readerMachines = objects(await list('reader', 'machine', { count: { count: 1000 } }));
    assert.ok(readerMachines.length > 0 && readerMachines.every((m) => south.has(m.definition.parent_id as bigint)));
    const all = await list('demo', 'machine', { count: { count: 0 } });
    assert.ok((all.total_record_count as number) >= 300);
    assert.ok((operatorMachines.total_record_count as number) < (all.total_record_count as number));
  });

  it('answers P0002 for an object outside the branch, exactly as for one that does not exist', async () => {
    const southMachine = await machineIn('Region South');
    const hidden = await wire(base, `get/machine/${southMachine.id}/`, { sessionKey: keys.operator });
    const missing = await wire(base, 'get/machine/140999485865067647/', { sessionKey: keys.operator });
    assert.equal(code(hidden), 'P0002');
    assert.equal(code(missing), 'P0002');
    assert.equal(
      (hidden.body as JsonObject).message,
      ((missing.body as JsonObject).message as string).replace('140999485865067647', southMachine.id.toString()),
    );
    assert.deepEqual(
      objects(
        body(
          await wire(base, 'getmany/machine/', { sessionKey: keys.operator, curlData: [`ids=[${southMachine.id}]`] }),
        ) as JsonObject,
      ),
      [],
    );
  });

  it('leaves unreadable attributes out of definitions and refuses them in filters and reports', async () => {
    const m = await machineIn('Region South');
    const seen = body(await wire(base, `get/machine/${m.id}/`, { sessionKey: keys.reader })) as Obj;
    assert.ok(!('lat' in seen.definition) && !('lon' in seen.definition));
    assert.ok('serial_number' in seen.definition && 'parent_id' in seen.definition && 'owner' in seen.definition);
    const names = (seen.attribute_permissions as JsonObject[]).map((p) => p.name);
    assert.ok(!names.includes('lat') && names.includes('serial_number'));
    assert.ok((seen.attribute_permissions as JsonObject[]).every((p) => p.can_update === false));
    assert.equal(
      code(
        await wire(base, 'list/machine/', {
          sessionKey: keys.reader,
          form: { filter: '{"constraints":{"conditions":[{"attribute":"lat","type":6}]}}' },
        }),
      ),
      42501,
    );
    assert.equal(
      code(
        await wire(base, 'list/machine/', {
          sessionKey: keys.reader,
          form: { filter: '{"order":{"attribute":"Lon","direction":"ASC"}}' },
        }),
      ),
      42501,
    );
    assert.equal(
      code(
        await wire(base, 'report/machine/', {
          sessionKey: keys.reader,
          form: { report: '{"Aggregation":[{"Function":"AVG","Attribute":"Lat"}]}' },
        }),
      ),
      42501,
    );
  });

  it('lets the operator read and update in its branch, but not delete or undelete', async () => {
    const m = await machineIn('Region North');
    const seen = body(await wire(base, `get/machine/${m.id}/`, { sessionKey: keys.operator })) as Obj;
    const permitted = Object.fromEntries(seen.permissions.map((p) => [p.name, p.permitted]));
    assert.deepEqual(permitted, {
      read: true,
      update: true,
      create: true,
      delete: false,
      undelete: false,
      'set privilege': false,
    });
    const updated = body(
      await wire(base, `update/machine/${m.id}/`, {
        sessionKey: keys.operator,
        raw: '{"name": "Serviced by operator"}',
      }),
    ) as Obj;
    assert.equal(updated.definition.name, 'Serviced by operator');
    assert.equal(code(await wire(base, `delete/machine/${m.id}/`, { sessionKey: keys.operator })), 42501);
    assert.equal(code(await wire(base, `undelete/machine/${m.id}/`, { sessionKey: keys.operator })), 42501);
    assert.deepEqual(
      body(await wire(base, 'deletemany/machine/', { sessionKey: keys.operator, curlData: [`ids=[${m.id}]`] })),
      { [m.id.toString()]: false },
    );
  });

  it('lets the operator create in its branch only', async () => {
    const northContainers = body(
      await wire(base, 'getcontainer/machine/create/', { sessionKey: keys.operator }),
    ) as string[];
    const north = branch('Region North');
    assert.ok(northContainers.length > 0 && northContainers.every((id) => north.has(BigInt(id))));
    const created = body(
      await wire(base, 'create/machine/', {
        sessionKey: keys.operator,
        raw: `{"serial_number": "VM-OP-1", "parent_id": ${northContainers[0]}}`,
      }),
    ) as Obj;
    assert.equal(created.definition.serial_number, 'VM-OP-1');
    const southSite = [...branch('Region South')].pop()!;
    assert.equal(
      code(
        await wire(base, 'create/machine/', {
          sessionKey: keys.operator,
          raw: `{"serial_number": "VM-OP-2", "parent_id": ${southSite}}`,
        }),
      ),
      'P0002',
    );
    // Without parent_id the first container the account may create in is chosen.
    const defaulted = body(
      await wire(base, 'create/sim/', { sessionKey: keys.operator, raw: '{"msisdn": "4915199999"}' }),
    ) as Obj;
    assert.ok(north.has(defaulted.definition.parent_id as bigint));
  });

  it('lets the reader change nothing', async () => {
    const m = await machineIn('Region South');
    assert.equal(
      code(await wire(base, `update/machine/${m.id}/`, { sessionKey: keys.reader, raw: '{"name": "x"}' })),
      42501,
    );
    assert.equal(code(await wire(base, `delete/machine/${m.id}/`, { sessionKey: keys.reader })), 42501);
    assert.deepEqual(body(await wire(base, 'getcontainer/machine/create/', { sessionKey: keys.reader })), []);
    assert.equal(
      code(await wire(base, 'create/machine/', { sessionKey: keys.reader, raw: '{"serial_number": "x"}' })),
      42501,
    );
  });

  it('refuses an update naming an attribute the caller may not update, naming it', async () => {
    const products = objects(await list('operator', 'product', { count: { count: 1 } }));
    const res = await wire(base, `update/product/${products[0]!.id}/`, {
      sessionKey: keys.operator,
      raw: '{"price": 9.99}',
    });
    assert.equal(code(res), 42501);
    assert.match((res.body as JsonObject).message as string, /update product/);
    // On an object the operator may update, one attribute stays read-only for it.
    const north = await machineIn('Region North');
    const currency = await wire(base, `update/machine/${north.id}/`, {
      sessionKey: keys.operator,
      raw: '{"currency_id": 1, "name": "x"}',
    });
    assert.equal(code(currency), 42501);
    assert.match((currency.body as JsonObject).message as string, /currency_id/);
    const got = body(
      await wire(base, `get/machine/${north.id}/`, {
        sessionKey: keys.operator,
        curlData: ['return_attribute_privileges=true'],
      }),
    ) as Obj;
    assert.deepEqual(
      (got.attribute_permissions as JsonObject[]).filter((p) => !p.can_update).map((p) => p.name),
      ['currency_id'],
    );
  });

  it('gives unmanaged objects the privileges of their parent machine', async () => {
    const north = await machineIn('Region North');
    const south = await machineIn('Region South');
    const slotOf = async (who: keyof typeof ACCOUNTS, machine: Obj) =>
      objects(
        await list(who, 'machine_product', {
          constraints: { conditions: [{ attribute: 'parent_id', type: 1, value: String(machine.id) }] },
        }),
      )[0]!;
    const northSlot = await slotOf('operator', north);
    const permitted = Object.fromEntries(northSlot.permissions.map((p) => [p.name, p.permitted]));
    assert.deepEqual(permitted, { read: true, update: true, create: true, delete: false });
    body(
      await wire(base, `update/machine_product/${northSlot.id}/`, {
        sessionKey: keys.operator,
        raw: '{"fill_level": 40}',
      }),
    );
    const southSlot = await slotOf('reader', south);
    assert.ok(
      (southSlot.attribute_permissions as JsonObject[]).every((p) => p.can_read === true && p.can_update === false),
    );
    assert.equal(
      code(
        await wire(base, `update/machine_product/${southSlot.id}/`, {
          sessionKey: keys.reader,
          raw: '{"fill_level": 0}',
        }),
      ),
      42501,
    );
  });

  it('keeps sales read-only for everyone, even the administrator', async () => {
    const sale = objects(await list('demo', 'sale', { count: { count: 1 } }))[0]!;
    assert.deepEqual(sale.permissions, [{ name: 'read', permitted: true }]);
    assert.equal(
      code(await wire(base, `update/sale/${sale.id}/`, { sessionKey: keys.demo, raw: '{"price": 0}' })),
      42501,
    );
    assert.equal(code(await wire(base, `delete/sale/${sale.id}/`, { sessionKey: keys.demo })), 42501);
  });

  it('grants the tour "plan" privilege to operators, not readers', async () => {
    const tourOf = async (who: keyof typeof ACCOUNTS) => objects(await list(who, 'tour', { count: { count: 1 } }))[0]!;
    assert.ok((await tourOf('operator')).permissions.some((p) => p.name === 'plan' && p.permitted));
    assert.ok((await tourOf('reader')).permissions.some((p) => p.name === 'plan' && !p.permitted));
  });

  it('lets nobody pass on privileges they do not hold (01007), and needs set privilege for ACEs (42501)', async () => {
    const aces = body(await wire(base, 'ace/get/', { sessionKey: keys.demo })) as JsonObject[];
    const roles = objects(await list('demo', 'role'));
    const role = (name: string) => roles.find((r) => r.definition.name === name)!.id;
    const northId = containers.find((c) => c.definition.name === 'Region North')!.id;
    const operatorGroup = aces.find((a) => a.entity === northId)!.trustee as bigint;
    const grant = (who: keyof typeof ACCOUNTS, roleName: string) =>
      wire(base, 'ace/set/', {
        sessionKey: keys[who],
        curlData: [`trustee=${operatorGroup}`, `entity=${northId}`, `role=${role(roleName)}`],
      });
    assert.equal(code(await grant('operator', 'Reader')), 42501);
    // An administrator lets the operators' group delegate in its region…
    assert.deepEqual(body(await grant('demo', 'Delegator')), { result: true });
    // …so the operator may now pass on what it holds, but not more.
    assert.deepEqual(body(await grant('operator', 'Reader')), { result: true });
    const escalation = await grant('operator', 'Administrator');
    assert.equal(code(escalation), 1007, 'privilege_not_granted, written 1007 as a JSON number');
    assert.match((escalation.body as JsonObject).message as string, /do not hold/);
    body(
      await wire(base, 'ace/delete/', {
        sessionKey: keys.demo,
        curlData: [`trustee=${operatorGroup}`, `entity=${northId}`, `role=${role('Delegator')}`],
      }),
    );
  });

  it('gives the anonymous key nothing but validate', async () => {
    const m = await machineIn('Region North');
    assert.equal(code(await wire(base, `get/machine/${m.id}/`, { sessionKey: 'anonymous' })), 'P0002');
    assert.equal(
      (body(await wire(base, 'list/machine/', { sessionKey: 'anonymous' })) as JsonObject).total_record_count,
      0,
    );
    assert.equal(code(await wire(base, 'auth/logout/', { sessionKey: 'anonymous' })), 22023);
  });
});
