// The request history on disk: recorded through the client's onExchange against the emulator,
// written in batches, read back by a new store (a restart), bounded, truncated and marked, secrets
// redacted; a corrupt or over-large file is set aside with a message, and newer entries survive it.

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmulator, type TestEmulator } from '../support/emulator';
import { VensoftClient, wireCalls, type Exchange } from '../../src/api';
import { HistoryStore, historyFileName, type HistoryLimits } from '../../src/history/historyStore';
import { groupByDay, requestDocument, responseDocument } from '../../src/history/historyModel';

const DOC_MACHINE = 125752076205557483n;

describe('request history store', function () {
  this.timeout(120_000);
  let emu: TestEmulator;
  let client: VensoftClient;
  let dir: string;
  let limits: HistoryLimits;
  let messages: string[];
  let store: HistoryStore;
  const newStore = () =>
    new HistoryStore(
      dir,
      () => limits,
      (m) => messages.push(m),
    );

  before(async () => {
    emu = await startEmulator();
  });
  after(async () => {
    await client?.close();
    await emu?.stop();
  });
  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'vensoft-history-'));
    limits = { maxEntries: 500, maxResponseBytes: 100_000 };
    messages = [];
    store = newStore();
    await client?.close();
    client = new VensoftClient({ baseUrl: emu.baseUrl, onExchange: (x) => store.record('Local emulator', x) });
    await client.login('demo@vensoft.test', 'demo');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps calls and answers across a restart, ids digit-exact, the newest maxEntries only', async () => {
    limits.maxEntries = 5;
    for (let i = 0; i < 12; i++) await client.get('machine', DOC_MACHINE);
    await store.flush();
    const again = newStore();
    const entries = await again.entries('Local emulator');
    assert.equal(entries.length, 5, 'the oldest were dropped');
    assert.ok(entries.every((e) => e.method === 'get/machine' && e.status === 200));
    assert.match(responseDocument(entries.at(-1)!), /"id": 125752076205557483,/);
    const lines = readFileSync(again.fileOf('Local emulator'), 'utf8').split('\n').filter(Boolean).length;
    assert.ok(lines <= 10, `the file is rewritten past twice the limit (${lines} lines)`);
  });

  it('never stores the password, the session key or a DeviceToken (the file is read)', async () => {
    const withToken = new VensoftClient({
      baseUrl: emu.baseUrl,
      deviceToken: 'device-token-123',
      onExchange: (x) => store.record('Local emulator', x),
    });
    await withToken.login('demo@vensoft.test', 'demo');
    await withToken.describe();
    await withToken.close();
    await store.flush();
    const text = readFileSync(store.fileOf('Local emulator'), 'utf8');
    assert.ok(!text.includes(client.sessionKey!) && !text.includes(withToken.sessionKey!), 'no session key');
    assert.ok(!/"demo"/.test(text), 'no password');
    assert.ok(!text.includes('device-token-123'), 'no DeviceToken');
    const login = (await store.entries('Local emulator')).find((e) => e.method === 'auth/login')!;
    assert.deepEqual(login.form, [
      ['Username', 'demo@vensoft.test'],
      ['Password', '(redacted)'],
    ]);
    assert.match(login.response, /"SessionKey":\s*"\(redacted\)"/);
  });

  it('redacts a Password, SessionKey or DeviceToken in a form, a JSON body or an answer, in the batch', async () => {
    const exchange: Exchange = {
      call: {
        method: 'update/user',
        path: 'update/user/1/',
        json: '{"name":"Ann","Password" : "pa\\"ss-secret-1"}',
        read: false,
        authenticated: true,
      },
      status: 200,
      startedAt: Date.now(),
      ms: 1,
      bytes: 60,
      response: '{"SessionKey":"key-secret-2","DeviceToken":"token-secret-3","name":"Ann"}',
    };
    const formExchange: Exchange = {
      ...exchange,
      call: { ...exchange.call, json: undefined, form: [['DeviceToken', 'token-secret-4']] },
      response: '{}',
    };
    store.record('Other', exchange);
    store.record('Other', formExchange);
    assert.match(exchange.call.json!, /pa\\"ss-secret-1/, 'what the client handed over is not touched');
    await store.flush();
    const text = readFileSync(store.fileOf('Other'), 'utf8');
    assert.ok(!/secret-\d/.test(text), `no secret on disk: ${text}`);
    const [body, form] = await newStore().entries('Other');
    assert.equal(body!.json, '{"name":"Ann","Password" : "(redacted)"}');
    assert.equal(body!.response, '{"SessionKey":"(redacted)","DeviceToken":"(redacted)","name":"Ann"}');
    assert.deepEqual(form!.form, [['DeviceToken', '(redacted)']]);
  });

  it('reads back answers of one line (kept as they came) and of several lines alike', async () => {
    const answers = ['{"a":\t"b\\"c"}', '{\n  "id": 18446744073709551615\r\n}\n', ''];
    for (const response of answers)
      store.record('Other', { call: wireCalls.describe(), status: 200, startedAt: 1, ms: 1, bytes: 1, response });
    await store.flush();
    assert.deepEqual(
      (await newStore().entries('Other')).map((e) => e.response),
      answers,
    );
  });

  it('keeps a large answer cut off, and says so', async () => {
    limits.maxResponseBytes = 200;
    await client.list('machine');
    const entry = (await store.entries('Local emulator')).at(-1)!;
    assert.equal(Buffer.byteLength(entry.response), 200);
    assert.ok(entry.truncated! > 200 && entry.truncated === entry.bytes);
    assert.match(requestDocument(entry), /"responseTruncatedFrom": \d+/);
  });

  it('shows a cut answer readable: what was cut first, then the kept part laid out line by line, ids exact', async () => {
    limits.maxResponseBytes = 700;
    await client.list('machine', { count: { count: 5 } });
    const entry = (await store.entries('Local emulator')).at(-1)!;
    const [first, ...rest] = responseDocument(entry).trimEnd().split('\n');
    assert.equal(first, `// The answer was cut at 700 bytes of ${entry.bytes}.`);
    assert.ok(rest.length > 10, `laid out on many lines: ${rest.join('\n')}`);
    assert.equal(rest[0], '{');
    assert.ok(rest.every((line) => line.length < 200));
    const ids = [...entry.response.matchAll(/"id":(\d+)/g)].map((m) => m[1]);
    assert.ok(ids.length >= 1);
    for (const id of ids) assert.ok(rest.includes(`      "id": ${id},`), `${id} kept digit for digit`);
    assert.equal(rest.join('').replace(/\s/g, ''), entry.response.replace(/\s/g, ''), 'nothing but layout changed');
  });

  it('sets a corrupt file aside with a message, keeps its readable entries and the newer ones', async () => {
    await client.get('machine', DOC_MACHINE);
    await store.flush();
    const file = store.fileOf('Local emulator');
    writeFileSync(file, `${readFileSync(file, 'utf8')}{"id": "half a line\nnot json at all\n`);
    const restarted = newStore();
    client = new VensoftClient({
      baseUrl: emu.baseUrl,
      sessionKey: client.sessionKey,
      onExchange: (x) => restarted.record('Local emulator', x),
    });
    await client.describe(); // recorded before the file is read
    const entries = await restarted.entries('Local emulator');
    assert.deepEqual(
      entries.map((e) => e.method),
      ['auth/login', 'get/machine', 'describe'],
    );
    assert.equal(messages.length, 1);
    assert.match(
      messages[0]!,
      /had 2 unreadable lines: the file was set aside as .*corrupt.*; its 2 readable entries are kept/,
    );
    assert.ok(
      readdirSync(dir).some((f) => f.includes('.corrupt-')),
      'the old file is still there',
    );
    await restarted.flush();
    assert.equal((await newStore().entries('Local emulator')).length, 3, 'the newer entry was written');
  });

  it('sets an over-large file aside and begins a new one', async () => {
    limits = { maxEntries: 1, maxResponseBytes: 10 };
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, historyFileName('Production')), 'x'.repeat(1024 * 1024));
    const entries = await store.entries('Production');
    assert.deepEqual(entries, []);
    assert.match(messages[0]!, /was too large to read \(1\.0 MB\): it was set aside as .*too-large/);
    assert.ok(!existsSync(path.join(dir, historyFileName('Production'))));
    assert.deepEqual(await store.connections(), ['Local emulator', 'Production']);
  });

  it('groups newest first by day and filters by method, type and status', async () => {
    await client.get('machine', DOC_MACHINE);
    await client.list('sim', { count: { count: 1, offset: 0 } });
    await client.get('machine', 1n).catch(() => undefined);
    const entries = await store.entries('Local emulator');
    const [today] = groupByDay(entries);
    assert.deepEqual(
      today!.entries,
      [...entries].sort((a, b) => b.at.localeCompare(a.at)),
      'newest first',
    );
    const failed = groupByDay(entries, { status: 'failed' })[0]!.entries;
    assert.ok(failed.length >= 1 && failed.every((e) => e.status !== 200));
    assert.deepEqual(
      groupByDay(entries, { types: ['sim'] })[0]!.entries.map((e) => e.method),
      ['list/sim'],
    );
    assert.ok(
      groupByDay(entries, { methods: ['get'], status: 'ok' })[0]!.entries.every((e) => e.method === 'get/machine'),
    );
  });

  it('recording returns at once: nothing is on disk until the batch is written', async () => {
    const exchange: Exchange = {
      call: wireCalls.describe(),
      status: 200,
      startedAt: Date.now(),
      ms: 1,
      bytes: 2,
      response: '[]',
    };
    const fresh = newStore();
    fresh.record('Other', exchange);
    assert.ok(!existsSync(fresh.fileOf('Other')));
    await fresh.flush();
    assert.equal(readFileSync(fresh.fileOf('Other'), 'utf8').split('\n').filter(Boolean).length, 1);
  });
});
