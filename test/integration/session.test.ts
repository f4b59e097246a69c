// Sessions in the real extension host: logging in and out through the commands, where the key is
// kept, wrong passwords, an ended session, and the local emulator as a child process.
import assert from 'node:assert/strict';
import * as http from 'node:http';
import * as vscode from 'vscode';
import type { VensoftExplorerApi } from '../../src/extension';
import type { ActiveSession } from '../../src/session/sessionManager';
import {
  ACCOUNTS,
  child,
  closeClient,
  emulatorUrl,
  endSessionOnServer,
  extensionApi,
  freePort,
  groundTruth,
  label,
  LOCAL,
  logIn,
  sessionAlive,
  setting,
  vensoftLog,
  wire,
} from './support';

describe('sessions', () => {
  let api: VensoftExplorerApi;

  before(async () => {
    api = await extensionApi();
  });

  beforeEach(async () => {
    await api.sessions.logOut();
  });

  it('logs in through the command and keeps the key in SecretStorage, not in settings', async () => {
    const session = (await logIn('demo')) as ActiveSession | undefined;
    assert.ok(session, 'the login command returned no session');
    assert.equal(session.connection.name, LOCAL);
    const stored = await api.secrets.session(LOCAL);
    assert.ok(stored?.sessionKey, 'no session key in SecretStorage');
    assert.equal(await sessionAlive(stored.sessionKey), true, 'the stored key is not the live session');
    const truth = await groundTruth();
    assert.equal(stored.userId, (await truth.validate()).userId?.toString());
    await closeClient(truth);
    const everySetting = JSON.stringify(vscode.workspace.getConfiguration());
    assert.ok(everySetting.includes('"localEmulatorUrl"'), 'the settings dump does not hold the vensoft settings');
    assert.ok(!everySetting.includes(stored.sessionKey), 'the session key is in the settings');
    assert.equal(
      await api.secrets.password(LOCAL, ACCOUNTS.demo[0]),
      undefined,
      'a password was stored without "Remember password"',
    );
  });

  it('answers a wrong password with nothing stored and no session', async () => {
    const result = await vscode.commands.executeCommand('vensoft.logIn', {
      connection: LOCAL,
      username: ACCOUNTS.demo[0],
      password: 'not-the-password',
    });
    assert.equal(result, undefined);
    assert.equal(api.sessions.session, undefined);
    assert.equal(await api.secrets.session(LOCAL), undefined);
    assert.equal(await api.secrets.password(LOCAL, ACCOUNTS.demo[0]), undefined);
  });

  it('shows the session: connection, user and the user id the server validates', async () => {
    await logIn('operator');
    const shown = await vscode.commands.executeCommand<{ connection: string; username: string; userId: string }>(
      'vensoft.showSession',
    );
    const truth = await groundTruth('operator');
    assert.deepEqual(shown, {
      connection: LOCAL,
      username: ACCOUNTS.operator[0],
      userId: (await truth.validate()).userId?.toString(),
    });
    await closeClient(truth);
  });

  it('logs out on the server, forgets the key and the remembered password, and empties the tree', async () => {
    await logIn('demo', { remember: true });
    const key = (await api.secrets.session(LOCAL))!.sessionKey;
    assert.equal(await api.secrets.password(LOCAL, ACCOUNTS.demo[0]), ACCOUNTS.demo[1]);
    assert.equal((await api.explorer.getChildren()).length, 1);
    await vscode.commands.executeCommand('vensoft.logOut');
    assert.equal(await sessionAlive(key), false, 'the server still knows the session');
    assert.equal(await api.secrets.session(LOCAL), undefined);
    assert.equal(await api.secrets.password(LOCAL, ACCOUNTS.demo[0]), undefined);
    assert.deepEqual(await api.explorer.getChildren(), []);
  });

  it('edits a connection (a new URL ends its session) and removes one with its key and password', async () => {
    const url = emulatorUrl();
    const configured = () =>
      vscode.workspace.getConfiguration('vensoft').get<Array<Record<string, string>>>('connections');
    // A function, not the property: TypeScript would keep the narrowing of an earlier assertion.
    const current = () => api.sessions.session;
    await setting('connections', [{ name: 'Staging', baseUrl: url }]);
    try {
      await logIn('demo', { connection: 'Staging', remember: true });
      assert.equal(current()?.connection.name, 'Staging');
      // The same URL with a username: the session goes on.
      await vscode.commands.executeCommand('vensoft.editConnection', {
        name: 'Staging',
        baseUrl: url,
        username: ACCOUNTS.demo[0],
      });
      assert.deepEqual(configured(), [{ name: 'Staging', baseUrl: url, username: ACCOUNTS.demo[0] }]);
      assert.equal(current()?.connection.name, 'Staging');
      // Another URL: the session on the old one ends.
      const pinned = url.replace(/stable\/$/, '2/');
      await vscode.commands.executeCommand('vensoft.editConnection', {
        name: 'Staging',
        baseUrl: pinned,
        username: ACCOUNTS.demo[0],
      });
      assert.equal(configured()![0]!.baseUrl, pinned);
      assert.equal(current(), undefined);

      // Removing asks first; the smoke-test driver refuses the modal question, so nothing goes.
      await vscode.commands.executeCommand('vensoft.editConnection', {
        name: 'Staging',
        baseUrl: url,
        username: ACCOUNTS.demo[0],
      });
      await logIn('demo', { connection: 'Staging', remember: true });
      await assert.rejects(
        Promise.resolve(vscode.commands.executeCommand('vensoft.removeConnection', { name: 'Staging' })),
        /refused to show dialog in tests\. Contents: Remove the connection "Staging"\?/,
      );
      assert.equal(current()?.connection.name, 'Staging');
      assert.equal(configured()!.length, 1);
      await setting('confirmDestructiveActions', false);
      assert.equal(await vscode.commands.executeCommand('vensoft.removeConnection', { name: 'Staging' }), true);
      assert.deepEqual(configured(), []);
      assert.equal(current(), undefined);
      assert.equal(await api.secrets.session('Staging'), undefined);
      assert.equal(await api.secrets.password('Staging', ACCOUNTS.demo[0]), undefined);
    } finally {
      await setting('confirmDestructiveActions', undefined);
      await setting('connections', undefined);
    }
  });

  it('renews an ended session silently with a remembered password and completes the load', async () => {
    await logIn('demo', { remember: true });
    const before = (await api.secrets.session(LOCAL))!.sessionKey;
    await endSessionOnServer(before);
    api.explorer.refresh();
    const types = await child(api, await child(api, undefined, LOCAL), 'Object Types');
    const children = await api.explorer.getChildren(types);
    assert.ok(
      children.some((c) => label(api, c) === 'machine'),
      `the types did not load: ${children.map((c) => label(api, c)).join(', ')}`,
    );
    const after = (await api.secrets.session(LOCAL))!.sessionKey;
    assert.notEqual(after, before, 'no new session key was stored');
    assert.equal(await sessionAlive(after), true);
  });

  it('shows an ended session (no remembered password) as "Log In Again", which completes the load', async () => {
    await logIn('demo');
    await endSessionOnServer((await api.secrets.session(LOCAL))!.sessionKey);
    api.explorer.refresh();
    const types = await child(api, await child(api, undefined, LOCAL), 'Object Types');
    const [failure, ...rest] = await api.explorer.getChildren(types);
    assert.equal(rest.length, 0);
    const item = api.explorer.getTreeItem(failure!);
    assert.match(String(item.label), /session on Local emulator has ended/);
    assert.equal(item.command?.command, 'vensoft.logIn');
    assert.deepEqual(item.command?.arguments, [{ connection: LOCAL, username: ACCOUNTS.demo[0] }]);
    // The user clicks it and types the password; the tree loads what was asked.
    await vscode.commands.executeCommand(item.command.command, {
      ...item.command.arguments![0],
      password: ACCOUNTS.demo[1],
    });
    const again = await child(api, await child(api, undefined, LOCAL), 'Object Types');
    assert.ok((await api.explorer.getChildren(again)).some((c) => label(api, c) === 'machine'));
  });

  it("uses an emulator that already answers at the local emulator's URL instead of starting another", async () => {
    // The suite's emulator runs at emulatorUrl(), which extensionApi() made the local emulator's URL.
    assert.equal(await vscode.commands.executeCommand('vensoft.startEmulator'), true);
    assert.equal(api.emulator.running, false, 'a second emulator was started on a port in use');
    const session = (await logIn('reader')) as ActiveSession | undefined;
    assert.equal(session?.username, ACCOUNTS.reader[0]);
  });

  it('offers another port when something that is not a Vensoft emulator holds the port, and starts there', async function () {
    this.timeout(120_000);
    const port = await freePort();
    const squatter = http.createServer((_req, res) =>
      res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html>a dev server</html>'),
    );
    await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', resolve));
    await setting('localEmulatorUrl', `http://127.0.0.1:${port}/stable/`);
    try {
      assert.equal(await vscode.commands.executeCommand('vensoft.startEmulator', { otherPort: false }), false);
      assert.equal(api.emulator.running, false);
      assert.equal(await vscode.commands.executeCommand('vensoft.startEmulator', { otherPort: true }), true);
      const moved = vscode.workspace.getConfiguration('vensoft').get<string>('localEmulatorUrl')!;
      assert.notEqual(new URL(moved).port, String(port), 'the setting still names the taken port');
      const res = await wire(moved, 'auth/login/', {
        form: { Username: ACCOUNTS.reader[0], Password: ACCOUNTS.reader[1] },
      });
      assert.equal(res.status, 200, res.text);
      const stopped = new Promise<void>((resolve) =>
        api.emulator.onDidChangeRunning((running) => running || resolve()),
      );
      await vscode.commands.executeCommand('vensoft.stopEmulator');
      await stopped;
    } finally {
      squatter.close();
      await extensionApi(); // back to the suite's emulator
    }
  });

  it('starts the local emulator as a child process on the configured port, and stops it', async function () {
    this.timeout(120_000);
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/stable/`;
    await setting('localEmulatorUrl', url);
    try {
      assert.equal(await vscode.commands.executeCommand('vensoft.startEmulator'), true);
      assert.equal(api.emulator.running, true);
      const res = await wire(url, 'auth/login/', {
        form: { Username: ACCOUNTS.reader[0], Password: ACCOUNTS.reader[1] },
      });
      assert.equal(res.status, 200, res.text);
      // Stop finishes (and says so) once the emulator has stopped; a second Stop finds none running.
      assert.equal(await vscode.commands.executeCommand('vensoft.stopEmulator'), true);
      assert.equal(api.emulator.running, false, 'Stop finished before the emulator stopped');
      assert.equal(await vscode.commands.executeCommand('vensoft.stopEmulator'), false);
      await assert.rejects(fetch(url), 'the emulator still answers after Stop');
      // The Vensoft log says when it started and stopped.
      const started = `Local emulator: starting on port ${port}\n[^]*Local emulator: listening on ${url}\n`;
      const logged = new RegExp(`${started}[^]*Local emulator: stopping\n[^]*Local emulator: stopped \\(`);
      assert.match(await vensoftLog(api, logged), logged);
    } finally {
      await extensionApi(); // back to the suite's emulator
    }
  });
});
