// Code in other languages, run: the generated curl, Node and Python snippets are executed against the
// emulator for a read, a write and a report, and print what the client got, digit for digit. C#, Go,
// PHP and PowerShell (no runtime here) are checked for the exact method, URL, headers and body.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { startEmulator, type TestEmulator } from '../support/emulator';
import {
  renderSnippet,
  VensoftClient,
  wireCalls,
  type Exchange,
  type SnippetLanguage,
  type WireCall,
} from '../../src/api';
import { parseJson, stringifyJson } from '../../src/core/json';

const run = promisify(execFile);
const DOC_MACHINE = 125752076205557483n;
const RUNNABLE = ['curl', 'node', 'python'] as const;
const canonical = (text: string) => stringifyJson(parseJson(text));

describe('code in other languages, run against the emulator', function () {
  this.timeout(120_000);
  let emu: TestEmulator;
  let client: VensoftClient;
  let dir: string;
  const exchanges: Exchange[] = [];

  before(async () => {
    emu = await startEmulator();
    client = new VensoftClient({ baseUrl: emu.baseUrl, onExchange: (x) => exchanges.push(x) });
    await client.login('demo@vensoft.test', 'demo');
    dir = mkdtempSync(path.join(tmpdir(), 'vensoft-snippets-'));
  });
  after(async () => {
    await client?.close();
    await emu?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Runs the snippet with the session key (and a password) in its environment only; answers its output. */
  async function execute(language: (typeof RUNNABLE)[number], call: WireCall): Promise<string> {
    const code = renderSnippet(language, emu.baseUrl, call);
    assert.ok(!code.includes(client.sessionKey!), 'the key is never inlined');
    const file = path.join(dir, `snippet.${language === 'python' ? 'py' : language === 'node' ? 'js' : 'sh'}`);
    writeFileSync(file, code);
    const env = { ...process.env, VENSOFT_SESSION: client.sessionKey!, VENSOFT_PASSWORD: 'demo' };
    const command = language === 'curl' ? 'bash' : language === 'node' ? process.execPath : 'python3';
    const { stdout } = await run(command, [file], { env });
    return stdout.trim();
  }

  /** What the client itself got for the same call, as text. */
  async function clientAnswer(call: WireCall): Promise<string> {
    await client.replay(call);
    return exchanges.at(-1)!.response;
  }

  it('a read (get): each snippet prints the answer the client got, ids digit for digit', async () => {
    const call = wireCalls.get('machine', DOC_MACHINE);
    const expected = await clientAnswer(call);
    for (const language of RUNNABLE) {
      const output = await execute(language, call);
      assert.equal(canonical(output), canonical(expected), language);
      assert.match(output, /"id":\s*125752076205557483\b/, `${language} keeps the id exact`);
    }
  });

  it('a read with a JSON form field (list with a filter on an id)', async () => {
    const filter = {
      constraints: {
        join: 'AND',
        conditions: [{ attribute: 'parent_id', type: 5, value: null }],
        lists: [],
      },
      count: { count: 3, offset: 0 },
      order: { attribute: 'id', direction: 'ASC' },
    };
    const call = wireCalls.list('machine', filter);
    const expected = await clientAnswer(call);
    for (const language of RUNNABLE)
      assert.equal(canonical(await execute(language, call)), canonical(expected), language);
  });

  it('a write (update): each snippet writes, and answers what the client answers for the same update', async () => {
    for (const language of RUNNABLE) {
      const call = wireCalls.update('machine', DOC_MACHINE, { name: `Written by ${language} 'quoted' "twice" +01:00` });
      const output = await execute(language, call);
      const object = await client.get('machine', DOC_MACHINE);
      assert.equal(object.definition.name, `Written by ${language} 'quoted' "twice" +01:00`, `${language} wrote it`);
      assert.equal(canonical(output), canonical(await clientAnswer(call)), language);
    }
  });

  it('a report: each snippet prints the client answer', async () => {
    const report = {
      Aggregation: [{ Function: 'SUM', Attribute: 'price' }],
      Group: [{ Function: null, Attribute: 'sale_status_id', Orientation: 'vertical' }],
    };
    const call = wireCalls.report('sale', report);
    const expected = await clientAnswer(call);
    for (const language of RUNNABLE)
      assert.equal(canonical(await execute(language, call)), canonical(expected), language);
  });

  it('a login reads the password from VENSOFT_PASSWORD and never inlines it', async () => {
    const call = wireCalls.login('demo@vensoft.test', 'demo');
    for (const language of RUNNABLE) {
      assert.ok(!/\bdemo['"]/.test(renderSnippet(language, emu.baseUrl, call).replace(/demo@vensoft/g, '')), language);
      const output = parseJson(await execute(language, call)) as { SessionKey?: string };
      assert.match(String(output.SessionKey), /^[0-9a-f]{64}$/, `${language} logged in`);
    }
  });

  it('a server error exits non-zero with the error body (Node, Python)', async () => {
    const call = wireCalls.get('machine', 1n);
    for (const language of ['node', 'python'] as const) {
      await assert.rejects(execute(language, call), (e: { code?: number; stdout?: string }) => {
        assert.equal(e.code, 1);
        assert.match(String(e.stdout), /"code"/);
        return true;
      });
    }
  });
});

describe('code in languages without a runtime here: exact method, URL, headers and body', () => {
  const base = 'http://127.0.0.1:9/stable/';
  const url = `${base}update/machine/125752076205557483/`;
  const update = wireCalls.update('machine', DOC_MACHINE, { parent_id: 125752076205557483n, name: "O'Neil" });
  const body = '{"parent_id":125752076205557483,"name":"O\'Neil"}';
  const report = wireCalls.report('sale', { Aggregation: [{ Function: 'SUM', Attribute: 'price' }] });
  const reportField = '{"Aggregation":[{"Function":"SUM","Attribute":"price"}]}';
  const login = wireCalls.login('demo@vensoft.test', 'secret-password');
  const snippet = (language: SnippetLanguage, call: WireCall) => renderSnippet(language, base, call, 'device-1');

  it('C# (HttpClient)', () => {
    const code = snippet('csharp', update);
    assert.ok(code.includes(`new HttpRequestMessage(HttpMethod.Post, ${JSON.stringify(url)})`));
    assert.ok(
      code.includes(`request.Headers.Add("SessionKey", Environment.GetEnvironmentVariable("VENSOFT_SESSION") ?? "");`),
    );
    assert.ok(code.includes(`request.Headers.Add("DeviceToken", "device-1");`));
    assert.ok(
      code.includes(`new StringContent(${JSON.stringify(body)}, System.Text.Encoding.UTF8, "application/json")`),
    );
    const form = snippet('csharp', report);
    assert.ok(form.includes(`new KeyValuePair<string, string>("report", ${JSON.stringify(reportField)})`));
    const logIn = snippet('csharp', login);
    assert.ok(logIn.includes(`("Password", Environment.GetEnvironmentVariable("VENSOFT_PASSWORD") ?? "")`));
    assert.ok(
      !logIn.includes('secret-password') && !logIn.includes('SessionKey'),
      'no password, no key header for login',
    );
  });

  it('Go (net/http)', () => {
    const code = snippet('go', update);
    assert.ok(code.includes(`http.NewRequest("POST", ${JSON.stringify(url)}, strings.NewReader(body))`));
    assert.ok(code.includes(`body := ${JSON.stringify(body)}`));
    assert.ok(code.includes(`req.Header.Set("SessionKey", os.Getenv("VENSOFT_SESSION"))`));
    assert.ok(code.includes(`req.Header.Set("Content-Type", "application/json")`));
    assert.ok(!code.includes('"net/url"'), 'no unused import (Go refuses them)');
    const form = snippet('go', report);
    assert.ok(form.includes(`form.Add("report", ${JSON.stringify(reportField)})`) && form.includes('"net/url"'));
    assert.ok(form.includes(`req.Header.Set("Content-Type", "application/x-www-form-urlencoded")`));
    assert.ok(snippet('go', login).includes(`form.Add("Password", os.Getenv("VENSOFT_PASSWORD"))`));
  });

  it('PHP (curl)', () => {
    const code = snippet('php', update);
    assert.ok(code.includes(`curl_init('${url}')`) && code.includes('CURLOPT_POST => true'));
    assert.ok(code.includes(`'SessionKey: ' . getenv('VENSOFT_SESSION')`));
    assert.ok(code.includes(`CURLOPT_POSTFIELDS => '{"parent_id":125752076205557483,"name":"O\\'Neil"}'`));
    assert.ok(snippet('php', report).includes(`'report' => '${reportField}'`));
    assert.ok(snippet('php', login).includes(`'Password' => getenv('VENSOFT_PASSWORD')`));
  });

  it('curl.exe for PowerShell', () => {
    const code = snippet('powershell', update);
    assert.ok(code.includes(`curl.exe '${url}' -X POST -H "SessionKey: $env:VENSOFT_SESSION"`));
    assert.ok(code.includes(`--data-binary '{"parent_id":125752076205557483,"name":"O''Neil"}'`));
    assert.ok(snippet('powershell', report).includes(`--data-urlencode 'report=${reportField}'`));
    assert.ok(snippet('powershell', login).includes(`--data-urlencode "Password=$env:VENSOFT_PASSWORD"`));
  });

  it('no language inlines a login password', () => {
    for (const language of ['curl', 'powershell', 'node', 'python', 'csharp', 'go', 'php'] as const)
      assert.ok(!snippet(language, login).includes('secret-password'), language);
  });

  it('the first line names what to set: the session key for a call, the password for a login', () => {
    for (const language of ['powershell', 'node', 'python', 'csharp', 'go', 'php'] as const) {
      // PHP's first line is <?php.
      const first = (code: string) => code.split('\n').find((line) => line.includes('Vensoft '))!;
      const [callLine, loginLine] = [first(snippet(language, update)), first(snippet(language, login))];
      assert.match(callLine!, /VENSOFT_SESSION set to your session key\.$/, language);
      assert.match(loginLine!, /VENSOFT_PASSWORD set to the password\.$/, language);
      assert.doesNotMatch(loginLine!, /VENSOFT_SESSION/, language);
    }
  });
});
