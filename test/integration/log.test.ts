// The "Vensoft" log channel in the real extension host, read from its file: every request with its
// method, path, status, time and size, a failed save and a failed command with their codes, and
// never the session key or a password (the right one or a wrong one).
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { VensoftExplorerApi } from '../../src/extension';
import { objectUri } from '../../src/uris';
import {
  ACCOUNTS,
  closeClient,
  discardAndCloseEditors,
  editAttribute,
  emulatorUrl,
  extensionApi,
  groundTruth,
  LOCAL,
  logIn,
  vensoftLog,
} from './support';

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('the Vensoft log', () => {
  let api: VensoftExplorerApi;

  before(async () => {
    api = await extensionApi();
  });

  after(discardAndCloseEditors);

  it('logs a login and a failed save with their codes, and neither the session key nor a password', async () => {
    const [username, password] = ACCOUNTS.operator;
    const wrongPassword = 'Wr0ng-Passw0rd-for-the-log';
    const base = escape(new URL(emulatorUrl()).pathname);
    const request = (method: string, path: string, outcome: string) =>
      new RegExp(`${escape(method)} ${base}${escape(path)} → ${outcome} \\(\\d+ ms, \\d+ B\\)`);

    const start = (await vensoftLog(api, /$/)).length;
    assert.equal(
      await vscode.commands.executeCommand('vensoft.logIn', { connection: LOCAL, username, password: wrongPassword }),
      undefined,
    );
    await logIn('operator');
    const key = (await api.secrets.session(LOCAL))!.sessionKey;
    const operator = await groundTruth('operator');
    // One that no other test opens (a document of an earlier test stays known to the extension).
    const target = (await operator.list('machine', { count: { count: 1, offset: 5 } })).transfer_objects[0]!;
    await closeClient(operator);

    // A save the server refuses: lat is a number.
    const document = await vscode.workspace.openTextDocument(
      objectUri({ connection: LOCAL, type: 'machine', id: target.id.toString() }),
    );
    await vscode.window.showTextDocument(document);
    await editAttribute(document, 'lat', '"north"');
    assert.equal(await document.save(), false);
    // A command the server refuses: the operator may not undelete.
    assert.equal(
      await vscode.commands.executeCommand('vensoft.undeleteObject', { type: 'machine', id: target.id.toString() }),
      undefined,
    );

    const text = await vensoftLog(api, new RegExp(`Undelete failed: [^\\n]*machine ${target.id}`), start);
    // What a failed match shows, with the secrets blanked: they must not reach the test output either.
    const shown = [key, password, wrongPassword, username].reduce(
      (t, secret) => t.replaceAll(secret, '<secret>'),
      text,
    );
    const expectations: Array<[string, RegExp]> = [
      ["the wrong password's login", request('auth/login', 'auth/login/', '500 28P01')],
      ['the login', request('auth/login', 'auth/login/', '200')],
      ['the validate after it', request('auth/validate', 'auth/validate/', '200')],
      ["the document's get", request('get/machine', `get/machine/${target.id}/`, '200')],
      [
        'the refused update, as a warning',
        new RegExp(`\\[warning\\] ${request('update/machine', `update/machine/${target.id}/`, '500 22023').source}`),
      ],
      [
        'the failed command with its code',
        new RegExp(`\\[error\\] Undelete failed: \\[42501\\] You may not undelete machine ${target.id}\\.`),
      ],
    ];
    for (const [what, line] of expectations) assert.match(text, line, `no line for ${what} in the log:\n${shown}`);
    for (const [what, secret] of [
      ['session key', key],
      ['password', password],
      ['wrong password', wrongPassword],
      ['username', username],
    ] as const) {
      assert.ok(!text.includes(secret), `the log holds the ${what}`);
    }
  });

  it('answers nothing without a session in the commands that need one (they ask to log in), and sends nothing', async () => {
    // A failed login is a line to wait for: everything written before it is in the file then.
    const failedLogIn = () =>
      vscode.commands.executeCommand('vensoft.logIn', {
        connection: LOCAL,
        username: ACCOUNTS.operator[0],
        password: 'not-the-password',
      });
    const lastLine = /\[warning\] auth\/login [^\n]*28P01[^\n]*\n$/;
    await api.sessions.logOut();
    await failedLogIn();
    const start = (await vensoftLog(api, lastLine)).length;
    const terminals = vscode.window.terminals.length;
    for (const command of [
      'vensoft.showSession',
      'vensoft.openTerminal',
      'vensoft.openObjectById',
      'vensoft.newObject',
      'vensoft.copySaveAsCurl',
      'vensoft.copyQueryAsCurl',
    ]) {
      assert.equal(await vscode.commands.executeCommand(command), undefined, command);
    }
    assert.equal(vscode.window.terminals.length, terminals, 'a terminal without a session was opened');
    await failedLogIn();
    const written = await vensoftLog(api, lastLine, start);
    assert.match(written, new RegExp(`^[^\\n]*${lastLine.source}`), `the commands wrote to the log:\n${written}`);
  });
});
