// The client against the emulator over HTTP: every method, ids digit for digit, the error mapping.

import assert from 'node:assert/strict';
import { startEmulator, type TestEmulator } from '../support/emulator';
import { SessionExpiredError, VensoftClient, VensoftError, wireCalls, type RequestLogEntry } from '../../src/api';

const DOC_SIM = 125609740326667984n;
const DOC_MACHINE = 125752076205557483n;

async function rejectsWith(promise: Promise<unknown>, code: string, pattern?: RegExp): Promise<VensoftError> {
  try {
    await promise;
  } catch (e) {
    assert.ok(e instanceof VensoftError, `expected a VensoftError, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    if (pattern) assert.match(e.serverMessage, pattern);
    return e;
  }
  assert.fail(`expected ${code}`);
}

describe('api client against the emulator', function () {
  this.timeout(120_000);
  let emu: TestEmulator;
  let client: VensoftClient;
  const log: RequestLogEntry[] = [];

  before(async () => {
    emu = await startEmulator();
    client = new VensoftClient({ baseUrl: emu.baseUrl, onRequest: (e) => log.push(e) });
    await client.login('demo@vensoft.test', 'demo');
  });
  after(async () => {
    await client?.close();
    await emu?.stop();
  });

  it('logs in, validates and logs out', async () => {
    const other = new VensoftClient({ baseUrl: emu.baseUrl });
    const key = await other.login('operator@vensoft.test', 'operator');
    assert.match(key, /^[0-9a-f]{64}$/);
    const who = await other.validate();
    assert.equal(who.success, true);
    assert.equal(typeof who.userId, 'bigint');
    assert.equal(await other.logout(), true);
    await assert.rejects(other.describe(), SessionExpiredError, 'a logged-out client has no session');
    await other.close();
  });

  it('answers a wrong password with 28P01 and a hint, never echoing the password', async () => {
    const other = new VensoftClient({ baseUrl: emu.baseUrl });
    const e = await rejectsWith(other.login('demo@vensoft.test', 'hunter2-secret'), '28P01');
    assert.match(e.hint, /username.*password/);
    assert.doesNotMatch(`${e.message} ${e.hint} ${e.stack}`, /hunter2-secret/);
    await other.close();
  });

  it('reads: describe, get, getMany, list, getStructure, getContainer, report, aceGet', async () => {
    const types = await client.describe();
    assert.ok(types.find((t) => t.name === 'machine' && t.id === 122981964696257813n));
    const machine = await client.get('machine', DOC_MACHINE);
    assert.equal(machine.id, DOC_MACHINE);
    assert.equal(machine.definition.serial_number, 'VM-100001');
    const many = await client.getMany('sim', [DOC_SIM, 262079543555130638n], { returnAttributePrivileges: false });
    assert.deepEqual(
      many.transfer_objects.map((o) => o.id),
      [DOC_SIM, 262079543555130638n],
    );
    assert.equal(many.transfer_objects[0]!.attribute_permissions, null);
    const page = await client.list('sim', {
      order: { attribute: 'msisdn', direction: 'DESC' },
      count: { count: 5, offset: 0 },
    });
    assert.equal(page.limited_record_count, 5);
    assert.ok((page.total_record_count ?? 0) >= 1000);
    const structure = await client.getStructure('container');
    assert.ok(structure.transfer_objects.every((o) => Object.keys(o.definition).join() === 'id,parent_id'));
    const containers = await client.getContainer('machine', 'create');
    assert.ok(containers.length > 0 && containers.every((id) => typeof id === 'bigint'));
    const report = await client.report('sale', {
      Aggregation: [{ Function: 'COUNT', Attribute: 'Price' }],
      Group: [{ Function: null, Attribute: 'Choice', Orientation: 'vertical' }],
    });
    assert.equal(report.Axis!.length, 2);
    assert.ok(report.Data!.length > 0);
    const aces = await client.aceGet({ entity: structure.transfer_objects[0]!.id });
    assert.ok(aces.every((a) => typeof a.trustee === 'bigint'));
  });

  it('keeps ids digit-exact through list → get → update → get', async () => {
    const listed = await client.list('sim', {
      constraints: { conditions: [{ attribute: 'id', type: 1, value: DOC_SIM.toString() }] },
    });
    const id = listed.transfer_objects[0]!.id;
    assert.equal(id, DOC_SIM);
    const before = await client.get('sim', id);
    const updated = await client.update('sim', id, { machine_id: DOC_MACHINE });
    assert.equal(updated.id, DOC_SIM);
    assert.equal(updated.definition.machine_id, DOC_MACHINE);
    const after = await client.get('sim', id);
    assert.equal(after.id, 125609740326667984n);
    assert.equal(after.definition.parent_id, before.definition.parent_id);
  });

  it('writes: create, update, updateMany, move, delete, undelete, deleteMany, aceSet, aceDelete', async () => {
    const [parent] = await client.getContainer('sim', 'create');
    const created = await client.create('sim', { msisdn: '4917000000001', parent_id: parent! });
    assert.ok(created.id > 2n ** 56n);
    const updated = await client.update('sim', created.id, { imsi: '262019999999999' });
    assert.equal(updated.definition.imsi, '262019999999999');
    assert.deepEqual(
      await client.updateMany('sim', [created.id], { msisdn: '4917000000002' }),
      new Map([[created.id, true]]),
    );
    const containers = await client.getContainer('sim', 'create');
    assert.equal(await client.move('sim', created.id, containers[containers.length - 1]!), true);
    assert.equal(await client.delete('sim', created.id), true);
    await rejectsWith(client.get('sim', created.id), 'P0002');
    assert.equal(await client.undelete('sim', created.id), true);
    assert.deepEqual(
      await client.deleteMany('sim', [created.id, 1n]),
      new Map([
        [created.id, true],
        [1n, false],
      ]),
    );
    const ace = (await client.aceGet())[0]!;
    const mine = { trustee: ace.trustee, entity: DOC_MACHINE, role: ace.role };
    assert.equal(await client.aceSet(mine), true);
    assert.equal(await client.aceDelete(mine), true);
  });

  it('tells onWrite which objects each successful write touched, and nothing for reads or refused writes', async () => {
    const touched: Array<{ type: string; ids: readonly bigint[] }> = [];
    const writer = new VensoftClient({ baseUrl: emu.baseUrl, onWrite: (t) => touched.push(t) });
    await writer.login('demo@vensoft.test', 'demo');
    try {
      const [parent, other] = await writer.getContainer('sim', 'create');
      const sim = await writer.create('sim', { msisdn: '4917000000009', parent_id: parent! });
      await writer.get('sim', sim.id);
      await writer.update('sim', sim.id, { imsi: '262019999999998' });
      await writer.updateMany('sim', [sim.id], { msisdn: '4917000000010' });
      await writer.move('sim', sim.id, other!);
      await rejectsWith(writer.update('sim', 1n, { imsi: '1' }), 'P0002');
      await writer.delete('sim', sim.id);
      await writer.undelete('sim', sim.id);
      await writer.deleteMany('sim', [sim.id]);
      assert.deepEqual(
        touched,
        ['update', 'updatemany', 'move', 'delete', 'undelete', 'deletemany'].map(() => ({
          type: 'sim',
          ids: [sim.id],
        })),
      );
    } finally {
      await writer.logout();
      await writer.close();
    }
  });

  it('uploads with a DeviceToken', async () => {
    const device = new VensoftClient({ baseUrl: emu.baseUrl, deviceToken: '00:ab:cd:ef:12:34:56' });
    await device.login('demo@vensoft.test', 'demo');
    assert.equal(await device.upload('machine_product', [{ choice: 21, price: 1.2, parent_id: DOC_MACHINE }]), true);
    await device.close();
    await assert.rejects(client.upload('machine_product', []), /DeviceToken/);
  });

  it("maps the server's codes: 22023, 22004, 42703, 42809, 42701, P0002, 42883, 0B000", async () => {
    await rejectsWith(
      client.list('sim', { constraints: { conditions: [{ attribute: 'imsi', type: 9, value: '(' }] } }),
      '22023',
      /regular expression/,
    );
    await rejectsWith(client.list('sim', { constraints: { conditions: [{ attribute: 'imsi', type: 1 }] } }), '22004');
    const unknown = await rejectsWith(
      client.list('sim', { constraints: { conditions: [{ attribute: 'ismi', type: 9, value: '1' }] } }),
      '42703',
      /Did you mean "imsi"/,
    );
    assert.match(unknown.hint, /describe/);
    await rejectsWith(
      client.describe().then(() => client.get('simm', 1n)),
      '42809',
    );
    await rejectsWith(client.update('sim', DOC_SIM, { imsi: '1', Imsi: '2' }), '42701');
    await rejectsWith(client.get('sim', 140999485865067647n), 'P0002');
    const v1 = new VensoftClient({ baseUrl: emu.baseUrl.replace('/stable/', '/1/'), sessionKey: client.sessionKey });
    const version = await rejectsWith(v1.describe(), '42883', /\/stable\/.*\/2\//);
    assert.equal(version.httpStatus, 404);
    await v1.close();
    const device = new VensoftClient({ baseUrl: emu.baseUrl, deviceToken: 'not a token' });
    await rejectsWith(device.login('demo@vensoft.test', 'demo'), '0B000');
    await device.close();
  });

  it('tells an ended session (SessionExpiredError) from a missing privilege (42501)', async () => {
    const stale = new VensoftClient({
      baseUrl: emu.baseUrl,
      sessionKey: 'c0ffd3704d99c6731151f1c5b318878d1503d6d2b54e3069ae139193ac63d861',
    });
    await assert.rejects(
      stale.describe(),
      (e: unknown) => e instanceof SessionExpiredError && /log in again/.test(e.hint),
    );
    await stale.close();
    const reader = new VensoftClient({ baseUrl: emu.baseUrl });
    await reader.login('reader@vensoft.test', 'reader');
    const machine = (await reader.list('machine', { count: { count: 1 } })).transfer_objects[0]!;
    const e = await rejectsWith(reader.update('machine', machine.id, { name: 'x' }), '42501');
    assert.ok(!(e instanceof SessionExpiredError));
    // The session is alive, so the hint names the missing privilege and does not blame the session.
    assert.match(e.hint, /"update" privilege/);
    assert.doesNotMatch(e.hint, /session has ended/);
    const deleted = await rejectsWith(reader.delete('machine', machine.id), '42501');
    assert.match(deleted.hint, /"delete" privilege/);
    const moved = await rejectsWith(
      reader.move('machine', machine.id, machine.definition.parent_id as bigint),
      '42501',
    );
    assert.match(moved.hint, /"update" privilege on the object and "create" in the new container/);
    await reader.close();
  });

  it('logs method, path, status, time and size, and never a key or password', async () => {
    const entries: RequestLogEntry[] = [];
    const logged = new VensoftClient({ baseUrl: emu.baseUrl, onRequest: (e) => entries.push(e) });
    const key = await logged.login('demo@vensoft.test', 'demo');
    await logged.get('machine', DOC_MACHINE);
    await logged.get('sim', 1n).catch(() => undefined);
    const text = JSON.stringify(entries);
    assert.ok(!text.includes(key) && !text.includes('"demo"') && !text.includes('Password'));
    assert.deepEqual(
      entries.map((e) => [e.method, e.status]),
      [
        ['auth/login', 200],
        ['get/machine', 200],
        ['get/sim', 500],
      ],
    );
    assert.ok(entries.every((e) => e.ms >= 0 && e.bytes > 0 && e.path.startsWith('/stable/')));
    assert.ok(log.length > 0);
    await logged.close();
  });

  it("logs the server's code of a refused call, and none for one that succeeded", async () => {
    const entries: RequestLogEntry[] = [];
    const logged = new VensoftClient({ baseUrl: emu.baseUrl, onRequest: (e) => entries.push(e) });
    await logged.login('demo@vensoft.test', 'wrong').catch(() => undefined);
    await logged.login('demo@vensoft.test', 'demo');
    await logged.get('sim', 1n).catch(() => undefined);
    assert.deepEqual(
      entries.map((e) => [e.method, e.status, e.code]),
      [
        ['auth/login', 500, '28P01'],
        ['auth/login', 200, undefined],
        ['get/sim', 500, 'P0002'],
      ],
    );
    await logged.close();
  });

  it('renders calls as curl with $VENSOFT_SESSION and $VENSOFT_PASSWORD instead of secrets', () => {
    const curl = client.toCurl(
      wireCalls.list('sim', {
        count: { count: 5 },
        constraints: { conditions: [{ attribute: 'tstamp', type: 3, value: "2026-01-01T00:00:00+01:00 it's" }] },
      }),
    );
    assert.ok(!curl.includes(client.sessionKey!));
    assert.match(curl, /-H "SessionKey: \$VENSOFT_SESSION"/);
    assert.match(curl, /--data-urlencode 'filter=\{"count":\{"count":5\}/);
    assert.match(curl, /it'\\''s/, 'single quotes are escaped for the shell');
    const login = client.toCurl(wireCalls.login('demo@vensoft.test', 'demo'));
    assert.match(login, /"Password=\$VENSOFT_PASSWORD"/);
    assert.doesNotMatch(login, /Password=demo/);
    assert.doesNotMatch(login, /SessionKey/);
    const update = client.toCurl(wireCalls.update('sim', DOC_SIM, { machine_id: DOC_MACHINE }));
    assert.match(update, /--data-binary '\{"machine_id":125752076205557483\}'/);
  });
});
