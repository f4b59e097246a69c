// Contract tests: the documentation's own example requests, in their exact wire forms, against a
// real emulator over HTTP; every documented error code provoked; sessions; ids digit for digit.

import assert from 'node:assert/strict';
import { startEmulator, type TestEmulator } from '../support/emulator';
import { ACCOUNTS, login, wire, type WireResponse } from '../support/http';
import type { JsonObject, JsonValue } from '../../src/core/json';

const DOC_SIM = 125609740326667984n;
const DOC_SIM_2 = 262079543555130638n;
const DOC_MACHINE = 125752076205557483n;

type Obj = JsonObject & { id: bigint; definition: JsonObject };

function ok(res: WireResponse): JsonValue {
  assert.equal(res.status, 200, `expected 200, got ${res.status}: ${res.text}`);
  return res.body;
}

function fails(res: WireResponse, code: number | string, message?: RegExp): string {
  assert.equal(res.status, code === 42883 && /version/.test(res.text) ? 404 : 500, res.text);
  const body = res.body as { code: unknown; message: unknown };
  assert.equal(body.code, code, res.text);
  assert.equal(typeof body.message, 'string');
  if (message) assert.match(body.message as string, message);
  return body.message as string;
}

function assertTransferObject(o: JsonValue): asserts o is Obj {
  const t = o as Obj;
  assert.equal(typeof t.id, 'bigint', 'ids are parsed as bigint (they exceed 2^53)');
  assert.ok(t.id > 2n ** 56n, 'emulator ids are minted above 2^56');
  assert.equal(typeof t.type_id, 'bigint');
  assert.ok('parent_id' in t.definition && 'owner' in t.definition, 'definition always includes parent_id and owner');
  for (const p of t.permissions as JsonObject[]) assert.deepEqual(Object.keys(p), ['name', 'permitted']);
  for (const p of (t.attribute_permissions ?? []) as JsonObject[])
    assert.deepEqual(Object.keys(p), ['name', 'can_read', 'can_update']);
}

describe('emulator contract: the documentation, on the wire', function () {
  this.timeout(120_000);
  let emu: TestEmulator;
  let base: string;
  let key: string;
  let simContainer: bigint;

  before(async () => {
    emu = await startEmulator();
    base = emu.baseUrl;
    key = await login(base, ...ACCOUNTS.demo);
    const containers = ok(await wire(base, 'getcontainer/sim/create/', { sessionKey: key })) as string[];
    simContainer = BigInt(containers[containers.length - 1]!);
  });
  after(() => emu?.stop());

  describe('authentication', () => {
    it('logs in with form fields exactly like the documented curl call', async () => {
      const body = ok(
        await wire(base, 'auth/login/', { curlData: ['Username=demo@vensoft.test', 'Password=demo'] }),
      ) as JsonObject;
      assert.match(body.SessionKey as string, /^[0-9a-f]{64}$/);
    });

    it('logs in with a JSON body and with a DeviceToken header (the mobile example)', async () => {
      ok(
        await wire(base, 'auth/login/', {
          raw: '{"Username": "demo@vensoft.test", "Password": "demo"}',
          contentType: 'application/json',
        }),
      );
      ok(
        await wire(base, 'auth/login/', {
          deviceToken: '00:ab:cd:ef:12:34:56',
          curlData: ['Username=demo@vensoft.test', 'Password=demo'],
        }),
      );
    });

    it('answers 28P01 for a wrong password and for an unknown user alike', async () => {
      const a = fails(
        await wire(base, 'auth/login/', { curlData: ['Username=demo@vensoft.test', 'Password=nope'] }),
        '28P01',
      );
      const b = fails(
        await wire(base, 'auth/login/', { curlData: ['Username=nobody@vensoft.test', 'Password=nope'] }),
        '28P01',
      );
      assert.equal(a, b, 'the message must not reveal whether the user exists');
    });

    it('answers 22004 when a credential is empty and 0B000 for a malformed DeviceToken', async () => {
      fails(
        await wire(base, 'auth/login/', { curlData: ['Username=demo@vensoft.test', 'Password='] }),
        22004,
        /Password/,
      );
      fails(
        await wire(base, 'auth/login/', {
          deviceToken: 'bad token',
          curlData: ['Username=demo@vensoft.test', 'Password=demo'],
        }),
        '0B000',
        /DeviceToken/,
      );
    });

    it('refuses credentials in the query string without logging in', async () => {
      const message = fails(await wire(base, 'auth/login/?Username=demo@vensoft.test&Password=demo', {}), 22023, /URL/);
      assert.doesNotMatch(message, /demo@vensoft\.test|Password=demo/);
    });

    it('validates a session, the anonymous key and a bogus key', async () => {
      const valid = ok(await wire(base, 'auth/validate/', { sessionKey: key })) as JsonObject;
      assert.equal(valid.Success, true);
      assert.equal(typeof valid.UserId, 'bigint');
      const anonymous = ok(await wire(base, 'auth/validate/', { sessionKey: 'anonymous' })) as JsonObject;
      assert.equal(anonymous.Success, true);
      assert.deepEqual(ok(await wire(base, 'auth/validate/', { sessionKey: '12345678901234567890' })), {
        Success: false,
      });
    });

    it('logs out: the key stops working with the documented 42501 message', async () => {
      const k = await login(base, ...ACCOUNTS.demo);
      assert.deepEqual(ok(await wire(base, 'auth/logout/', { sessionKey: k })), { Success: true });
      assert.deepEqual(ok(await wire(base, 'auth/validate/', { sessionKey: k })), { Success: false });
      fails(await wire(base, 'describe/', { sessionKey: k }), 42501, /^The sessionKey could not be validated\.$/);
    });

    it('answers 42501 without a SessionKey header, saying how to get one', async () => {
      fails(await wire(base, 'describe/'), 42501, /auth\/login/);
    });
  });

  describe('addressing', () => {
    it('serves /stable/ and /2/, with or without the trailing slash, by GET and POST', async () => {
      const a = ok(await wire(base, 'describe/', { sessionKey: key }));
      const b = ok(await wire(base, 'describe', { sessionKey: key, method: 'GET' }));
      const c = ok(await wire(base.replace('/stable/', '/2/'), 'describe/', { sessionKey: key }));
      assert.deepEqual(b, a);
      assert.deepEqual(c, a);
    });

    it('answers 404 naming the versions that exist for any other version', async () => {
      const res = await wire(base.replace('/stable/', '/1/'), 'describe/', { sessionKey: key });
      assert.equal(res.status, 404);
      assert.match((res.body as JsonObject).message as string, /\/stable\/.*\/2\//);
    });

    it('answers 42883 for an unknown method and 42809 for an unknown type, with a suggestion', async () => {
      fails(await wire(base, 'frobnicate/', { sessionKey: key }), 42883, /Methods: .*getmany/);
      fails(await wire(base, 'list/simm/', { sessionKey: key }), 42809, /Did you mean "sim"/);
    });

    it('answers 22004 for a missing path segment and 22023 for a malformed id', async () => {
      fails(await wire(base, 'get/sim/', { sessionKey: key }), 22004, /ObjectId/);
      fails(await wire(base, 'get/sim/12ab/', { sessionKey: key }), 22023, /12ab/);
      fails(await wire(base, 'get/sim/1/2/', { sessionKey: key }), 22023, /Usage/);
    });
  });

  describe('reading', () => {
    it('describe returns ObjectDescriptions with CamelCase attribute names', async () => {
      const types = ok(await wire(base, 'describe/', { sessionKey: key, method: 'GET' })) as JsonObject[];
      const machine = types.find((t) => t.name === 'machine')!;
      assert.deepEqual(Object.keys(machine), [
        'id',
        'name',
        'recoverable',
        'managed_object',
        'readable_attributes',
        'writeable_attributes',
        'privileges',
        'parent_object_types',
      ]);
      assert.equal(machine.id, 122981964696257813n, 'the documented type id of machines');
      assert.ok((machine.readable_attributes as string[]).includes('SerialNumber'));
      assert.ok((machine.readable_attributes as string[]).includes('TstampLastFilling'));
      const sale = types.find((t) => t.name === 'sale')!;
      assert.deepEqual(sale.privileges, ['read']);
      assert.equal(sale.writeable_attributes, null);
      const tour = types.find((t) => t.name === 'tour')!;
      assert.ok((tour.privileges as string[]).includes('plan'));
      const slot = types.find((t) => t.name === 'machine_product')!;
      assert.equal(slot.managed_object, false);
      assert.equal(slot.recoverable, false);
    });

    it("get returns the documented TransferObject for the documentation's machine", async () => {
      const o = ok(await wire(base, `get/machine/${DOC_MACHINE}/`, { sessionKey: key }));
      assertTransferObject(o);
      assert.equal(o.id, DOC_MACHINE);
      for (const attribute of [
        'lat',
        'lon',
        'tour_id',
        'currency_id',
        'serial_number',
        'machine_type_id',
        'tstamp_last_haccp',
        'tstamp_next_filling',
      ]) {
        assert.ok(attribute in o.definition, attribute);
      }
      assert.deepEqual(
        Object.keys(o.definition).slice(0, 3),
        ['lat', 'lon', 'name'],
        'keys in jsonb order, as the documentation shows',
      );
    });

    it('getmany returns objects in the order asked, with null counts (documented example)', async () => {
      const body = ok(
        await wire(base, 'getmany/sim/', {
          sessionKey: key,
          curlData: [`ids=[${DOC_SIM}, ${DOC_SIM_2}]`, 'return_privileges=true', 'return_attribute_privileges=true'],
        }),
      ) as JsonObject;
      assert.equal(body.filtered_record_count, null);
      assert.equal(body.total_record_count, null);
      assert.deepEqual(
        (body.transfer_objects as Obj[]).map((o) => o.id),
        [DOC_SIM, DOC_SIM_2],
      );
    });

    it('list without a filter counts all readable objects (documented example)', async () => {
      const body = ok(
        await wire(base, 'list/sim/', {
          sessionKey: key,
          curlData: [
            'filter={"count": {"count": 30,"offset": 0}}',
            'return_privileges=true',
            'return_attribute_privileges=false',
          ],
        }),
      ) as JsonObject;
      assert.equal(body.limited_record_count, 30);
      assert.equal(body.filtered_record_count, body.total_record_count);
      const first = (body.transfer_objects as Obj[])[0]!;
      assertTransferObject(first);
      assert.equal(first.attribute_permissions, null);
      assert.ok(Array.isArray(first.permissions));
    });

    it('getstructure returns only id and parent_id per object (documented example)', async () => {
      const body = ok(await wire(base, 'getstructure/user_group/', { sessionKey: key })) as JsonObject;
      const objects = body.transfer_objects as Obj[];
      assert.ok(objects.length >= 4);
      for (const o of objects) {
        assert.deepEqual(Object.keys(o.definition), ['id', 'parent_id']);
        assert.equal(o.definition.id, o.id);
        assert.equal(o.attribute_permissions, null);
      }
      assert.equal(body.total_record_count, objects.length);
      const containers = (ok(await wire(base, 'getstructure/container/', { sessionKey: key })) as JsonObject)
        .transfer_objects as Obj[];
      assert.ok(containers.length >= 50, 'the demo container tree has about 50 nodes');
      const depth = (o: Obj): number => {
        let d = 0;
        let p = o.definition.parent_id;
        while (p !== null) {
          d++;
          p = containers.find((c) => c.id === p)!.definition.parent_id;
        }
        return d;
      };
      assert.ok(Math.max(...containers.map(depth)) >= 3, 'at least three levels');
    });

    it('getcontainer returns ids as JSON strings (documented example)', async () => {
      const res = await wire(base, 'getcontainer/machine/create/', { sessionKey: key });
      const ids = ok(res) as JsonValue[];
      assert.ok(ids.length > 0);
      for (const id of ids) assert.match(id as string, /^\d+$/);
      assert.match(res.text, /^\["\d+"/);
      ok(await wire(base, 'getcontainer/machine/set%20privilege/', { sessionKey: key }));
      fails(await wire(base, 'getcontainer/sale/create/', { sessionKey: key }), 22023, /only|privilege/);
    });
  });

  describe('writing', () => {
    it('creates, updates and reads back an object with ids digit for digit (documented create and update)', async () => {
      const created = ok(
        await wire(base, 'create/sim/', {
          sessionKey: key,
          raw: `{"imsi": "214074300078189", "iccid": "8934071100289374062", "msisdn": "345901000303208", "parent_id": ${simContainer}}`,
        }),
      );
      assertTransferObject(created);
      assert.equal(created.definition.parent_id, simContainer);
      assert.equal(created.definition.imsi, '214074300078189');
      const id = created.id;
      // parent_id in an update is discarded (documented).
      const updated = ok(
        await wire(base, `update/sim/${id}/`, {
          sessionKey: key,
          raw: `{"imsi": "214074300078190", "iccid": "8934071100289374062", "parent_id": ${DOC_MACHINE}}`,
        }),
      );
      assertTransferObject(updated);
      assert.equal(updated.definition.imsi, '214074300078190');
      assert.equal(updated.definition.parent_id, simContainer);
      const res = await wire(base, `get/sim/${id}/`, { sessionKey: key });
      assert.ok(res.text.includes(`"id":${id}`), 'the id is written as a bare number, every digit intact');
      assert.equal((res.body as Obj).id, id);
    });

    it('round-trips a list → get → update → get without touching the id', async () => {
      const listed = (
        (
          ok(
            await wire(base, 'list/sim/', {
              sessionKey: key,
              form: { filter: '{"order":{"attribute":"msisdn","direction":"ASC"},"count":{"count":1,"offset":0}}' },
            }),
          ) as JsonObject
        ).transfer_objects as Obj[]
      )[0]!;
      const id = listed.id;
      ok(await wire(base, `update/sim/${id}/`, { sessionKey: key, raw: `{"machine_id": ${DOC_MACHINE}}` }));
      const again = ok(await wire(base, `get/sim/${id}/`, { sessionKey: key })) as Obj;
      assert.equal(again.id, id);
      assert.equal(again.definition.machine_id, DOC_MACHINE);
      // updatemany's documented example sends an id as a JSON string: accepted as the same id.
      const many = ok(
        await wire(base, 'updatemany/sim/', {
          sessionKey: key,
          curlData: [`ids=[${id}]&definition={"machine_id":"${DOC_MACHINE}"}`],
        }),
      );
      assert.deepEqual(many, { [id.toString()]: true });
    });

    it('updatemany and deletemany answer per id, naming failures false (documented examples)', async () => {
      const ids: bigint[] = [];
      for (let i = 0; i < 2; i++)
        ids.push(
          (
            ok(
              await wire(base, 'create/sim/', {
                sessionKey: key,
                raw: `{"msisdn": "4900${i}", "parent_id": ${simContainer}}`,
              }),
            ) as Obj
          ).id,
        );
      const missing = 140999485865067700n;
      assert.deepEqual(
        ok(
          await wire(base, 'updatemany/sim/', {
            sessionKey: key,
            curlData: [`ids=[${ids.join(', ')}, ${missing}]&definition={"msisdn":"4999"}`],
          }),
        ),
        { [ids[0]!.toString()]: true, [ids[1]!.toString()]: true, [missing.toString()]: false },
      );
      assert.deepEqual(
        ok(await wire(base, 'deletemany/sim/', { sessionKey: key, curlData: [`ids=[${ids.join(', ')}, ${missing}]`] })),
        { [ids[0]!.toString()]: true, [ids[1]!.toString()]: true, [missing.toString()]: false },
      );
      fails(await wire(base, `get/sim/${ids[0]}/`, { sessionKey: key }), 'P0002');
    });

    it('deletes and undeletes a recoverable object; list skips it while deleted', async () => {
      const id = (
        ok(
          await wire(base, 'create/sim/', {
            sessionKey: key,
            raw: `{"msisdn": "49777", "parent_id": ${simContainer}}`,
          }),
        ) as Obj
      ).id;
      const filter = `filter={"constraints":{"join":"AND","conditions":[{"attribute":"id","type":1,"value":"${id}"}]}}`;
      assert.deepEqual(ok(await wire(base, `delete/sim/${id}/`, { sessionKey: key })), { result: true });
      fails(await wire(base, `get/sim/${id}/`, { sessionKey: key }), 'P0002');
      assert.equal(
        (ok(await wire(base, 'list/sim/', { sessionKey: key, curlData: [filter] })) as JsonObject)
          .filtered_record_count,
        0,
      );
      assert.deepEqual(ok(await wire(base, `undelete/sim/${id}/`, { sessionKey: key })), { result: true });
      assert.equal(
        (ok(await wire(base, 'list/sim/', { sessionKey: key, curlData: [filter] })) as JsonObject)
          .filtered_record_count,
        1,
      );
      fails(await wire(base, `undelete/sim/${id}/`, { sessionKey: key }), 22023, /not deleted/);
    });

    it('drops a non-recoverable object for good', async () => {
      const slots = (
        ok(
          await wire(base, 'list/machine_product/', {
            sessionKey: key,
            curlData: [
              `filter={"constraints":{"conditions":[{"attribute":"parent_id","type":1,"value":"${DOC_MACHINE}"}]}}`,
            ],
          }),
        ) as JsonObject
      ).transfer_objects as Obj[];
      const slot = slots[0]!;
      assert.deepEqual(ok(await wire(base, `delete/machine_product/${slot.id}/`, { sessionKey: key })), {
        result: true,
      });
      fails(await wire(base, `undelete/machine_product/${slot.id}/`, { sessionKey: key }), 22023, /not recoverable/);
      fails(await wire(base, `get/machine_product/${slot.id}/`, { sessionKey: key }), 'P0002');
    });

    it('moves an object and its whole subtree (documented move), and refuses a cycle', async () => {
      const containers = (ok(await wire(base, 'getstructure/container/', { sessionKey: key })) as JsonObject)
        .transfer_objects as Obj[];
      const machine = ok(await wire(base, `get/machine/${DOC_MACHINE}/`, { sessionKey: key })) as Obj;
      const oldParent = machine.definition.parent_id as bigint;
      const target = containers.find(
        (c) =>
          c.id !== oldParent &&
          c.definition.parent_id !== null &&
          containers.some((x) => x.definition.parent_id === c.id) === false,
      )!.id;
      assert.deepEqual(ok(await wire(base, `move/machine/${DOC_MACHINE}/${target}/`, { sessionKey: key })), {
        result: true,
      });
      assert.equal(
        (ok(await wire(base, `get/machine/${DOC_MACHINE}/`, { sessionKey: key })) as Obj).definition.parent_id,
        target,
      );
      // The machine's sales moved with it: a report filtered on the new branch finds them.
      const sales = ok(
        await wire(base, 'list/sale/', {
          sessionKey: key,
          curlData: [
            `filter={"count":{"count":1},"constraints":{"conditions":[{"attribute":"parent_id","type":1,"value":"${DOC_MACHINE}"}]}}`,
          ],
        }),
      ) as JsonObject;
      assert.ok((sales.filtered_record_count as number) > 0);
      ok(await wire(base, `move/machine/${DOC_MACHINE}/${oldParent}/`, { sessionKey: key }));
      // A container cannot go under its own descendant.
      const root = containers.find((c) => c.definition.parent_id === null)!;
      const child = containers.find((c) => c.definition.parent_id === root.id)!;
      fails(
        await wire(base, `move/container/${root.id}/${child.id}/`, { sessionKey: key }),
        22023,
        /inside the object itself/,
      );
      fails(
        await wire(base, `move/sim/${DOC_SIM}/${DOC_MACHINE}/`, { sessionKey: key }),
        22023,
        /cannot live under a machine/,
      );
    });

    it('upload needs a DeviceToken and is all or nothing (emulator format: a JSON array of definitions)', async () => {
      const count = async () =>
        (
          ok(
            await wire(base, 'list/machine_product/', {
              sessionKey: key,
              curlData: [
                `filter={"count":{"count":0},"constraints":{"conditions":[{"attribute":"parent_id","type":1,"value":"${DOC_MACHINE}"}]}}`,
              ],
            }),
          ) as JsonObject
        ).filtered_record_count as number;
      const before = await count();
      const items = `[{"choice": 11, "price": 1.5, "parent_id": ${DOC_MACHINE}}, {"choice": 12, "price": 2.5, "parent_id": ${DOC_MACHINE}}]`;
      fails(await wire(base, 'upload/machine_product/', { sessionKey: key, raw: items }), 22004, /DeviceToken/);
      fails(
        await wire(base, 'upload/machine_product/', {
          sessionKey: key,
          deviceToken: '00:ab:cd:ef:12:34:56',
          raw: `[{"choice": 13, "parent_id": ${DOC_MACHINE}}, {"chioce": 14, "parent_id": ${DOC_MACHINE}}]`,
        }),
        42703,
        /Item 1.*Did you mean "choice"/,
      );
      assert.equal(await count(), before, 'a failed upload leaves nothing behind');
      assert.deepEqual(
        ok(
          await wire(base, 'upload/machine_product/', {
            sessionKey: key,
            deviceToken: '00:ab:cd:ef:12:34:56',
            raw: items,
          }),
        ),
        { result: true },
      );
      assert.equal(await count(), before + 2);
    });
  });

  describe('access control entries', () => {
    it('lists ACEs for an entity and a trustee (documented example form)', async () => {
      const all = ok(await wire(base, 'ace/get/', { sessionKey: key })) as JsonObject[];
      assert.ok(all.length >= 6);
      for (const ace of all) assert.deepEqual(Object.keys(ace), ['trustee', 'entity', 'role']);
      const entity = all[0]!.entity as bigint;
      const forEntity = ok(
        await wire(base, 'ace/get/', { sessionKey: key, curlData: [`entity=${entity}`] }),
      ) as JsonObject[];
      assert.ok(forEntity.length > 0 && forEntity.every((a) => a.entity === entity));
      // A user's ACEs include those of its groups.
      const me = (ok(await wire(base, 'auth/validate/', { sessionKey: key })) as JsonObject).UserId as bigint;
      const mine = ok(await wire(base, 'ace/get/', { sessionKey: key, curlData: [`trustee=${me}`] })) as JsonObject[];
      assert.ok(mine.length >= 2, 'the administrators group holds ACEs on both trees');
    });

    it('sets and deletes an ACE; unmanaged objects hold none', async () => {
      const all = ok(await wire(base, 'ace/get/', { sessionKey: key })) as JsonObject[];
      const { trustee, role } = all[0]!;
      const ace = [`trustee=${trustee}`, `entity=${DOC_MACHINE}`, `role=${role}`];
      assert.deepEqual(ok(await wire(base, 'ace/set/', { sessionKey: key, curlData: ace })), { result: true });
      assert.equal(
        (ok(await wire(base, 'ace/get/', { sessionKey: key, curlData: [`entity=${DOC_MACHINE}`] })) as JsonObject[])
          .length,
        1,
      );
      assert.deepEqual(ok(await wire(base, 'ace/delete/', { sessionKey: key, curlData: ace })), { result: true });
      fails(await wire(base, 'ace/delete/', { sessionKey: key, curlData: ace }), 'P0002');
      const slot = (
        (
          ok(
            await wire(base, 'list/machine_product/', { sessionKey: key, curlData: ['filter={"count":{"count":1}}'] }),
          ) as JsonObject
        ).transfer_objects as Obj[]
      )[0]!;
      fails(
        await wire(base, 'ace/set/', {
          sessionKey: key,
          curlData: [`trustee=${trustee}`, `entity=${slot.id}`, `role=${role}`],
        }),
        22023,
        /unmanaged/,
      );
    });
  });

  describe('bad input', () => {
    it('answers 42701 for an attribute named twice, in one spelling or two', async () => {
      fails(await wire(base, 'create/sim/', { sessionKey: key, raw: '{"imsi": "1", "imsi": "2"}' }), 42701, /imsi/);
      fails(
        await wire(base, `update/sim/${DOC_SIM}/`, { sessionKey: key, raw: '{"machine_id": null, "MachineId": null}' }),
        42701,
        /machine_id.*MachineId/,
      );
    });

    it('answers 42703 for an unknown attribute in a definition, with a suggestion', async () => {
      fails(
        await wire(base, `update/sim/${DOC_SIM}/`, { sessionKey: key, raw: '{"ismi": "1"}' }),
        42703,
        /Did you mean "imsi"/,
      );
    });

    it('answers 22023 for malformed JSON and wrong value types, saying what is expected', async () => {
      fails(
        await wire(base, `update/sim/${DOC_SIM}/`, { sessionKey: key, raw: '{"imsi": }' }),
        22023,
        /not valid JSON.*position/,
      );
      fails(
        await wire(base, `update/sim/${DOC_SIM}/`, { sessionKey: key, raw: '{"imsi": 5}' }),
        22023,
        /imsi: expected text/,
      );
      fails(
        await wire(base, `update/machine/${DOC_MACHINE}/`, { sessionKey: key, raw: '{"lat": "north"}' }),
        22023,
        /lat: expected a number/,
      );
      fails(
        await wire(base, `update/machine/${DOC_MACHINE}/`, {
          sessionKey: key,
          raw: '{"tstamp_next_filling": "tomorrow"}',
        }),
        22023,
        /timestamp|date/i,
      );
      fails(
        await wire(base, `update/sim/${DOC_SIM}/`, { sessionKey: key, raw: '{"imsi": "1"}&return_privileges=false' }),
        22023,
        /query string/,
      );
      fails(
        await wire(base, 'getmany/sim/', { sessionKey: key, curlData: ['ids=125609740326667984'] }),
        22023,
        /JSON array/,
      );
    });

    it('answers P0002 alike for a missing object and one the caller may not read', async () => {
      fails(
        await wire(base, 'get/sim/140999485865067647/', { sessionKey: key }),
        'P0002',
        /No sim with id 140999485865067647/,
      );
    });

    it('refuses to create objects of a read-only type (42501)', async () => {
      fails(
        await wire(base, 'create/sale/', { sessionKey: key, raw: `{"price": 1, "parent_id": ${DOC_MACHINE}}` }),
        42501,
        /only has the privileges read/,
      );
    });

    it('stays consistent under concurrent reads and writes', async () => {
      const updates = Array.from({ length: 20 }, (_, i) =>
        wire(base, `update/sim/${DOC_SIM}/`, {
          sessionKey: key,
          raw: `{"msisdn": "4915100000${String(i).padStart(3, '0')}"}`,
        }),
      );
      const reads = Array.from({ length: 30 }, () => wire(base, `get/machine/${DOC_MACHINE}/`, { sessionKey: key }));
      const results = await Promise.all([...updates, ...reads]);
      for (const r of results) assert.equal(r.status, 200, r.text);
      const final = (ok(await wire(base, `get/sim/${DOC_SIM}/`, { sessionKey: key })) as Obj).definition
        .msisdn as string;
      assert.match(final, /^4915100000\d{3}$/);
    });
  });
});

describe('emulator contract: limits, expiry and internal errors', function () {
  this.timeout(120_000);

  it('expires an idle session after --session-ttl seconds', async () => {
    const emu = await startEmulator({ seed: 'empty', sessionTtlSeconds: 1 });
    try {
      const key = await login(emu.baseUrl, ...ACCOUNTS.demo);
      ok(await wire(emu.baseUrl, 'describe/', { sessionKey: key }));
      await new Promise((r) => setTimeout(r, 1600));
      fails(
        await wire(emu.baseUrl, 'describe/', { sessionKey: key }),
        42501,
        /^The sessionKey could not be validated\.$/,
      );
      assert.deepEqual(ok(await wire(emu.baseUrl, 'auth/validate/', { sessionKey: key })), { Success: false });
    } finally {
      await emu.stop();
    }
  });

  it('answers 54000 for a body over the limit, and XX000 (without crashing) when the store breaks', async () => {
    const emu = await startEmulator({ seed: 'empty', maxBodyBytes: 4096 });
    try {
      const key = await login(emu.baseUrl, ...ACCOUNTS.demo);
      fails(
        await wire(emu.baseUrl, 'create/sim/', { sessionKey: key, raw: `{"imsi": "${'9'.repeat(5000)}"}` }),
        54000,
        /limit is 4096 bytes/,
      );
      await emu.emulator.db.exec('DROP TABLE obj_currency');
      fails(await wire(emu.baseUrl, 'list/currency/', { sessionKey: key }), 'XX000', /Internal error/);
      ok(await wire(emu.baseUrl, 'describe/', { sessionKey: key }));
    } finally {
      await emu.stop();
    }
  });
});
