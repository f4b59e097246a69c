// The request history in the real extension host: what the extension sends is recorded per
// connection and shown in the History view (newest first, by day, filtered, failures marked); the
// stored file holds no session key or password; an entry re-runs here and on a connection without
// a session (logging in first), a write asks first naming the connection, entries compare in the
// diff editor and save to a file; a corrupt history file is set aside with a message.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { historyFileName, type HistoryEntry } from '../../src/history/historyStore';
import type { HistoryNode } from '../../src/history/historyView';
import { objectUri } from '../../src/uris';
import { ACCOUNTS, demoSuite, emulatorUrl, LOCAL, setting, untitledFile, vensoftLog } from './support';

const SECOND = 'History second';

describe('request history', () => {
  const suite = demoSuite();
  let machineId: string;

  before(async () => {
    const [machine] = (await suite.truth.list('machine', { count: { count: 1, offset: 7 } })).transfer_objects;
    machineId = machine!.id.toString();
    await setting('connections', [{ name: SECOND, baseUrl: emulatorUrl() }]);
  });
  after(async () => {
    await setting('connections', undefined);
    await suite.api.secrets.forgetSession(SECOND);
  });

  const history = () => suite.api.history;
  const entries = async (connection = LOCAL) => {
    await history().store.flush();
    return history().store.entries(connection);
  };
  const ref = (e: HistoryEntry) => ({ connection: e.connection, id: e.id });
  const openObject = async (id: string) => {
    const document = await vscode.workspace.openTextDocument(objectUri({ connection: LOCAL, type: 'machine', id }));
    await vscode.window.showTextDocument(document);
    return document;
  };
  const shownEntries = async () => {
    const view = history().view!;
    const days = await view.getChildren();
    const nodes: HistoryNode[] = [];
    for (const day of days) nodes.push(...(await view.getChildren(day)));
    return nodes.map((n) => (n.kind === 'entry' ? n.entry : assert.fail('an entry under a day')));
  };

  it('records what the extension sends and shows it newest first by day, filtered, failures marked', async () => {
    // Recording needs only the store of the activation bundle: the view's bundle loads when first used.
    const historyBundleLoaded = () => Object.keys(require.cache).some((file) => file.endsWith('dist/history.js'));
    // The whole suite runs this file before the links' history tests, which open a history document
    // (and so load it); a partial run (INTEGRATION_GREP) may not.
    const untouched = !historyBundleLoaded();
    await openObject(machineId);
    await openObject('1').then(undefined, () => undefined); // no such machine: a failed get
    await entries();
    if (untouched) assert.equal(historyBundleLoaded(), false, 'recording does not load dist/history.js');
    await vscode.commands.executeCommand('vensoft.history.showConnection', LOCAL);
    assert.equal(historyBundleLoaded(), true, 'a command of the view loads it');
    const shown = await shownEntries();
    const get = shown.find((e) => e.path === `get/machine/${machineId}/`);
    assert.ok(get && get.status === 200, 'the document’s get is recorded');
    assert.ok(
      shown.some((e) => e.method === 'auth/login'),
      'the login too',
    );
    const times = shown.map((e) => e.at);
    assert.deepEqual(times, [...times].sort().reverse(), 'newest first');
    assert.equal((await history().view!.getChildren())[0]!.kind, 'day');

    await vscode.commands.executeCommand('vensoft.history.filter', { methods: ['get'], status: 'failed' });
    const failed = await shownEntries();
    assert.ok(failed.length > 0 && failed.every((e) => e.method.startsWith('get/') && e.status !== 200));
    const item = history().view!.getTreeItem({ kind: 'entry', entry: failed[0]! });
    assert.equal((item.iconPath as vscode.ThemeIcon).id, 'error', 'a failure is marked');
    await vscode.commands.executeCommand('vensoft.history.filter', { types: ['machine'], status: 'ok' });
    assert.ok((await shownEntries()).every((e) => e.method.endsWith('/machine') && e.status === 200));
    await vscode.commands.executeCommand('vensoft.history.clearFilter');
  });

  it('stores no session key and no password: the file on disk is read', async () => {
    await entries();
    const text = fs.readFileSync(history().store.fileOf(LOCAL), 'utf8');
    const key = (await suite.api.secrets.session(LOCAL))!.sessionKey;
    assert.ok(!text.includes(key), 'no session key');
    assert.ok(!text.includes(`"Password","${ACCOUNTS.demo[1]}"`), 'no password');
    assert.ok(text.includes('"Password","(redacted)"'), 'the login shows Password redacted');
    assert.ok(!/"SessionKey":"[0-9a-f]{64}"/.test(text.replace(/\\"/g, '"')), "no key in a login's answer");
  });

  it('opens request and response read-only with exact ids, re-runs, compares, copies as code, saves', async () => {
    await openObject(machineId);
    const original = (await entries()).filter((e) => e.path === `get/machine/${machineId}/`).at(-1)!;
    assert.equal(await vscode.commands.executeCommand('vensoft.history.openResponse', ref(original)), true);
    const response = vscode.window.activeTextEditor!.document;
    assert.equal(response.uri.scheme, 'vensoft-history');
    assert.match(response.getText(), new RegExp(`"id": ${machineId},`));
    const when = new Date(original.at).toTimeString().slice(0, 8);
    const activeTab = () => vscode.window.tabGroups.activeTabGroup.activeTab!;
    assert.equal(activeTab().label, `${when} get machine ${machineId} – response.json`, 'the tab says when and what');
    await vscode.commands.executeCommand('vensoft.history.openRequest', ref(original));
    assert.match(vscode.window.activeTextEditor!.document.getText(), /"method": "get\/machine"/);
    assert.equal(activeTab().label, `${when} get machine ${machineId} – request.json`);
    assert.ok(!activeTab().label.includes((await suite.api.secrets.session(LOCAL))!.sessionKey), 'no key in a title');

    const again = await vscode.commands.executeCommand<{ connection: string; id: string }>(
      'vensoft.history.rerun',
      ref(original),
      LOCAL,
    );
    assert.ok(again && again.id !== original.id);
    const rerun = (await history().store.entry(LOCAL, again.id))!;
    assert.equal(rerun.path, original.path);
    assert.equal(rerun.response, original.response, 'the same answer, byte for byte');

    assert.equal(await vscode.commands.executeCommand('vensoft.history.compare', ref(rerun), ref(original)), true);
    const tab = activeTab();
    assert.ok(tab.input instanceof vscode.TabInputTextDiff, 'the diff editor is open');
    const time = (e: HistoryEntry) => new Date(e.at).toLocaleTimeString(vscode.env.language);
    // The entry compared with on the left, the chosen one on the right.
    assert.equal(tab.label, `get machine ${machineId}: ${LOCAL} ${time(original)} ↔ ${LOCAL} ${time(rerun)}`);
    assert.deepEqual(
      [tab.input.original.path, tab.input.modified.path].map((p) => p.split('/')[2]),
      [original.id, rerun.id],
      'the two entries compared',
    );

    const code = await vscode.commands.executeCommand<string>('vensoft.history.copyAsCode', ref(original), 'python');
    assert.ok(code.includes('os.environ["VENSOFT_SESSION"]') && code.includes(`get/machine/${machineId}/`));
    assert.equal(await vscode.env.clipboard.readText(), code);

    const file = vscode.Uri.file(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'vensoft-save-')), 'get.json'));
    await vscode.commands.executeCommand('vensoft.history.save', ref(original), file);
    const saved = fs.readFileSync(file.fsPath, 'utf8');
    assert.match(saved, new RegExp(`"url": "${emulatorUrl()}get/machine/${machineId}/"`));
    assert.match(saved, new RegExp(`"response": \\{[\\s\\S]*"id": ${machineId},`));
  });

  /** An update of the machine as if the extension had sent it: an entry to re-run. */
  const recordedUpdate = (json: string) => {
    const exchange = {
      call: { method: 'update/machine', path: `update/machine/${machineId}/`, json, read: false, authenticated: true },
      status: 200,
      startedAt: Date.now(),
      ms: 1,
      bytes: 2,
      response: '{}',
    };
    history().store.record(LOCAL, exchange);
    return history().store.entryOf(exchange)!;
  };

  it('opens an answer cut at the size limit readable: a first line says so, the kept part laid out', async () => {
    const objects = Array.from({ length: 5000 }, (_, i) => `{"id":1844674407370955${String(i).padStart(4, '0')}}`);
    const response = `{"transfer_objects":[${objects.join(',')}]}`;
    const call = { method: 'list/machine', path: 'list/machine/', read: true, authenticated: true };
    const exchange = { call, status: 200, startedAt: Date.now(), ms: 1, bytes: response.length, response };
    history().store.record(LOCAL, exchange);
    const cut = history().store.entryOf(exchange)!;
    assert.equal(await vscode.commands.executeCommand('vensoft.history.openResponse', ref(cut)), true);
    const document = vscode.window.activeTextEditor!.document;
    assert.equal(document.languageId, 'jsonc', 'its first line is a comment, not a syntax error');
    assert.ok(vscode.window.tabGroups.activeTabGroup.activeTab!.label.endsWith('list machine – response (cut).jsonc'));
    assert.equal(
      document.lineAt(0).text,
      `// The answer was cut at 100000 bytes of ${response.length} (vensoft.history.maxResponseBytes); ` +
        'what was kept follows, laid out as far as it goes.',
    );
    assert.ok(document.lineCount > 1000, 'one line per member, not one long line');
    assert.equal(
      document.lineAt(7).text,
      '      "id": 18446744073709550001',
      'ids digit for digit (a double: …550000)',
    );
  });

  it('a write asks first, naming the connection; nothing is sent when the question is refused', async () => {
    const before = (await suite.truth.get('machine', BigInt(machineId))).definition.name;
    const write = recordedUpdate('{"name":"Re-run must not write this"}');
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('vensoft.history.rerun', ref(write), LOCAL)),
      /refused to show dialog in tests\. Contents: Re-run update\/machine on Local emulator\? It writes/,
    );
    assert.equal((await suite.truth.get('machine', BigInt(machineId))).definition.name, before);
  });

  it('a write re-run is journaled like any write, with the values it replaced, and can be reverted', async () => {
    const id = BigInt(machineId);
    const before = (await suite.truth.get('machine', id)).definition.name;
    const name = `Re-run ${Date.now().toString(36)}`;
    const write = recordedUpdate(JSON.stringify({ name }));
    await vscode.commands.executeCommand('vensoft.history.rerun', ref(write), LOCAL, undefined, true);
    assert.equal((await suite.truth.get('machine', id)).definition.name, name);
    const [entry] = suite.api.journal.list();
    assert.deepEqual(
      entry?.writes.map((w) => ({ kind: w.kind, state: w.state, before: w.objects[0]?.before?.name })),
      [{ kind: 'update', state: 'confirmed', before }],
    );
    await setting('confirmDestructiveActions', false); // Revert's own question
    try {
      await vscode.commands.executeCommand('vensoft.journal.revert', entry!.id, undefined, { onConflict: 'skip' });
    } finally {
      await setting('confirmDestructiveActions', undefined);
    }
    assert.equal((await suite.truth.get('machine', id)).definition.name, before);
  });

  it('re-runs on a connection without a session: logs in there first, then runs', async () => {
    await suite.api.secrets.forgetSession(SECOND);
    await openObject(machineId);
    const original = (await entries()).filter((e) => e.path === `get/machine/${machineId}/`).at(-1)!;
    const [username, password] = ACCOUNTS.demo;
    const again = await vscode.commands.executeCommand<{ connection: string; id: string }>(
      'vensoft.history.rerun',
      ref(original),
      SECOND,
      { username, password },
    );
    assert.equal(again?.connection, SECOND);
    assert.equal(suite.api.sessions.session?.connection.name, SECOND, 'logged in there');
    const there = (await entries(SECOND)).find((e) => e.id === again.id)!;
    assert.equal(there.response, original.response);
  });

  it('Compare with… on an object document runs the same get on another connection and opens the diff', async () => {
    const [username, password] = ACCOUNTS.demo;
    await vscode.commands.executeCommand('vensoft.logIn', { connection: SECOND, username, password });
    await vscode.commands.executeCommand('vensoft.logIn', { connection: LOCAL, username, password });
    await openObject(machineId);
    const pair = await vscode.commands.executeCommand<Array<{ connection: string }>>(
      'vensoft.compareWith',
      objectUri({ connection: LOCAL, type: 'machine', id: machineId }),
      SECOND,
    );
    assert.deepEqual(
      pair?.map((e) => e.connection),
      [LOCAL, SECOND],
    );
    assert.ok(vscode.window.tabGroups.activeTabGroup.activeTab!.input instanceof vscode.TabInputTextDiff);
  });

  it('a filter file: Copy as Code and Compare with… another connection', async () => {
    const filter = '{ "count": { "count": 3, "offset": 0 }, "order": { "attribute": "id", "direction": "ASC" } }';
    const document = await untitledFile('machine.vensoft-filter.json', filter);
    const code = await vscode.commands.executeCommand<string>('vensoft.copyQueryAsCode', document.uri, 'node');
    assert.ok(code.includes('list/machine/') && code.includes('process.env.VENSOFT_SESSION'), code);
    assert.ok(
      code.includes(`['filter', '{"count":{"count":3,"offset":0}`) && code.includes('await response.text()'),
      code,
    );
    const pair = await vscode.commands.executeCommand<Array<{ connection: string; id: string }>>(
      'vensoft.compareQueryWith',
      document.uri,
      SECOND,
    );
    assert.deepEqual(
      pair?.map((e) => e.connection),
      [LOCAL, SECOND],
    );
    const [here, there] = await Promise.all(pair!.map((e) => history().store.entry(e.connection, e.id)));
    assert.equal(here!.method, 'list/machine');
    assert.equal(here!.response, there!.response, 'the same emulator answers the same');
    assert.ok(vscode.window.tabGroups.activeTabGroup.activeTab!.input instanceof vscode.TabInputTextDiff);
  });

  it('records nothing while vensoft.history.enabled is off, and again once it is on', async () => {
    const history = vscode.workspace.getConfiguration('vensoft.history');
    const since = new Date().toISOString();
    // Counted by time: a full run may hold more entries than the history keeps.
    const count = async () => (await entries()).filter((e) => e.method === 'auth/validate' && e.at >= since).length;
    const before = await count();
    await history.update('enabled', false, vscode.ConfigurationTarget.Global);
    try {
      await suite.api.sessions.session!.client.validate();
      assert.equal(await count(), before);
    } finally {
      await history.update('enabled', undefined, vscode.ConfigurationTarget.Global);
    }
    await suite.api.sessions.session!.client.validate();
    assert.equal(await count(), before + 1);
  });

  it('sets a corrupt history file aside with a message and keeps its readable entries', async () => {
    const name = 'History corrupt';
    const file = path.join(history().store.directory, historyFileName(name));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const good = (await entries()).at(-1);
    const goodLine = fs.readFileSync(history().store.fileOf(LOCAL), 'utf8').trimEnd().split('\n').at(-1);
    fs.writeFileSync(file, `${goodLine}\n{ not json\n`);
    await vscode.commands.executeCommand('vensoft.history.showConnection', name);
    const shown = await shownEntries();
    assert.deepEqual(
      shown.map((e) => e.id),
      [good!.id],
    );
    await vensoftLog(suite.api, /request history of "History corrupt" had 1 unreadable lines: the file was set aside/);
    assert.ok(
      fs.readdirSync(path.dirname(file)).some((f) => f.startsWith(historyFileName(name)) && f.includes('.corrupt-')),
    );
    await vscode.commands.executeCommand('vensoft.history.showConnection', LOCAL);
  });
});
