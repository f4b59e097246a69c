// What the integration tests share: the running extension's parts, the emulator the runner
// started (VENSOFT_TEST_EMULATOR_URL), ground truth read straight from it, and logging in.
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import * as net from 'node:net';
import * as vscode from 'vscode';
import type { VensoftExplorerApi } from '../../src/extension';
import type { Node } from '../../src/explorer/explorerTree';
import { VensoftClient } from '../../src/api';
import { ACCOUNTS, wire } from '../support/http';

export const EXTENSION_ID = 'vensoft-explorer.vensoft-explorer';
export const LOCAL = 'Local emulator';
export { ACCOUNTS, wire };

export function emulatorUrl(): string {
  const url = process.env.VENSOFT_TEST_EMULATOR_URL;
  if (!url) throw new Error('VENSOFT_TEST_EMULATOR_URL is not set: run this suite with `npm run test:integration`.');
  return url;
}

/** Activates the extension (if it is not yet) and points its Local emulator at the test emulator. */
export async function extensionApi(): Promise<VensoftExplorerApi> {
  const extension = vscode.extensions.getExtension<VensoftExplorerApi>(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not installed in this extension host`);
  const api = await extension.activate();
  await setting('localEmulatorUrl', emulatorUrl());
  return api;
}

/** Runs `use` with files.autoSave at `mode` (the test host has it off), then puts the user's value back. */
export async function withAutoSave<T>(mode: 'off' | 'afterDelay', use: () => Promise<T>): Promise<T> {
  const files = vscode.workspace.getConfiguration('files');
  const before = files.inspect('autoSave')?.globalValue;
  await files.update('autoSave', mode, vscode.ConfigurationTarget.Global);
  try {
    return await use();
  } finally {
    await files.update('autoSave', before, vscode.ConfigurationTarget.Global);
  }
}

export async function setting(name: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('vensoft').update(name, value, vscode.ConfigurationTarget.Global);
}

/** Logs in through the command, as the welcome view's button does, with the answers given. */
export async function logIn(
  account: keyof typeof ACCOUNTS = 'demo',
  options: { remember?: boolean; connection?: string } = {},
): Promise<unknown> {
  const [username, password] = ACCOUNTS[account];
  return vscode.commands.executeCommand('vensoft.logIn', {
    connection: options.connection ?? LOCAL,
    username,
    password,
    remember: options.remember ?? false,
  });
}

/** A client of our own, logged in straight at the emulator: what the tree must show. */
export async function groundTruth(account: keyof typeof ACCOUNTS = 'demo'): Promise<VensoftClient> {
  const client = new VensoftClient({ baseUrl: emulatorUrl() });
  const [username, password] = ACCOUNTS[account];
  await client.login(username, password);
  return client;
}

/** Ends a session on the server behind the extension's back, as an expiry would. */
export async function endSessionOnServer(sessionKey: string): Promise<void> {
  const res = await wire(emulatorUrl(), 'auth/logout/', { sessionKey });
  if (res.status !== 200) throw new Error(`logout answered ${res.status}`);
}

export async function sessionAlive(sessionKey: string): Promise<boolean> {
  const res = await wire(emulatorUrl(), 'auth/validate/', { sessionKey });
  return (res.body as { Success?: boolean }).Success === true;
}

export function label(api: VensoftExplorerApi, node: Node): string {
  const item = api.explorer.getTreeItem(node);
  return typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
}

/** The child of `node` whose label is `name`. */
export async function child(api: VensoftExplorerApi, node: Node | undefined, name: string): Promise<Node> {
  const children = await api.explorer.getChildren(node);
  const found = children.find((c) => label(api, c) === name);
  if (!found) throw new Error(`no "${name}" among ${children.map((c) => `"${label(api, c)}"`).join(', ')}`);
  return found;
}

export { freePort } from '../../src/freePort.mjs';

/**
 * A reverse proxy in front of the emulator that records what passes and can be switched to answer
 * like a broken gateway (an HTML 502 page), to see what the extension sends and how it shows a
 * server that fails.
 */
export interface Gateway {
  url: string;
  broken: boolean;
  /** Every request that went through: method path and body text. */
  requests: Array<{ path: string; body: string }>;
  /** Requests whose path matches are held, unanswered, until the client gives up on them. */
  hold?: RegExp;
  /** Held requests the client closed (aborted) while waiting. */
  abandoned: string[];
  /** Requests whose path matches reach the emulator, but their answer is lost: the connection drops. */
  drop?: RegExp;
  close(): Promise<void>;
}

export async function startGateway(): Promise<Gateway> {
  const target = new URL(emulatorUrl());
  const state: Gateway = {
    url: '',
    broken: false,
    requests: [],
    abandoned: [],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server = http.createServer((req, res) => {
    if (state.broken) {
      res.writeHead(502, { 'Content-Type': 'text/html' }).end('<html><body><h1>502 Bad Gateway</h1></body></html>');
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      state.requests.push({ path: req.url ?? '', body: body.toString('utf8') });
      if (state.hold?.test(req.url ?? '')) {
        res.on('close', () => state.abandoned.push(req.url ?? ''));
        return;
      }
      const upstream = http.request(
        { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
        (answer) => {
          if (state.drop?.test(req.url ?? '')) {
            answer.resume();
            answer.on('end', () => res.destroy());
            return;
          }
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', () => res.writeHead(502).end());
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}${target.pathname}`;
  return state;
}

/** Replaces the value of a top-level attribute in a document's text, as typing would. */
export async function editAttribute(document: vscode.TextDocument, name: string, valueText: string): Promise<void> {
  const m = new RegExp(`("${name}"\\s*:\\s*)([^,\\n]+)`).exec(document.getText());
  if (!m) throw new Error(`no "${name}" in the document`);
  const start = document.positionAt(m.index + m[1]!.length);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, new vscode.Range(start, start.translate(0, m[2]!.length)), valueText);
  if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`could not edit ${name}`);
}

/** Logs a ground-truth client out and closes its connections. */
export async function closeClient(client: VensoftClient): Promise<void> {
  await client.logout();
  await client.close();
}

/** Throws away unsaved edits (a test's leftovers) and closes every editor, without a save prompt. */
export async function discardAndCloseEditors(): Promise<void> {
  for (const document of vscode.workspace.textDocuments.filter((d) => d.isDirty)) {
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/**
 * Whether the workbench shows the document as modified (the dot on its tab). A save the extension
 * refused ends without error and leaves the document modified, yet VS Code then tells extensions
 * (TextDocument.isDirty) that it was saved.
 */
export async function shownModified(document: vscode.TextDocument): Promise<boolean> {
  await vscode.window.showTextDocument(document, { preview: false, preserveFocus: true });
  const tab = vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .find((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === document.uri.toString());
  if (!tab) throw new Error(`no tab shows ${document.uri.toString()}`);
  return tab.isDirty;
}

/** Polls until `probe` returns a non-empty list (diagnostics and editors arrive after the edit). */
export async function waitFor<T>(probe: () => T[], ms = 5_000): Promise<T[]> {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = probe();
    if (found.length || Date.now() > deadline) return found;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Runs `use` logged in (as demo) through a gateway in front of the emulator, as a connection named
 * `connection`; removes the connection and the gateway afterwards.
 */
export async function withGateway(connection: string, use: (gateway: Gateway) => Promise<void>): Promise<void> {
  const gateway = await startGateway();
  try {
    await setting('connections', [{ name: connection, baseUrl: gateway.url }]);
    await logIn('demo', { connection });
    await use(gateway);
  } finally {
    await setting('connections', undefined);
    await gateway.close();
  }
}

/**
 * The "Vensoft" log as its file holds it from character `from` on, once `expected` matches there (the
 * channel writes its file a moment after each line); what is there after 10 s otherwise, for the
 * assertion to show.
 */
export async function vensoftLog(api: VensoftExplorerApi, expected: RegExp, from = 0): Promise<string> {
  const read = () =>
    vscode.workspace.fs.readFile(api.logFile).then(
      (bytes) => Buffer.from(bytes).toString('utf8').slice(from),
      () => '',
    );
  const deadline = Date.now() + 10_000;
  for (;;) {
    const text = await read();
    if (expected.test(text) || Date.now() > deadline) return text;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

let untitled = 0;

/** An untitled file named `name` (e.g. `sim.vensoft-filter.json`) holding `text`, shown in an editor. */
export async function untitledFile(name: string, text: string): Promise<vscode.TextDocument> {
  const uri = vscode.Uri.from({ scheme: 'untitled', path: `/t${++untitled}/${name}` });
  const document = await vscode.workspace.openTextDocument(uri);
  const edit = new vscode.WorkspaceEdit();
  edit.insert(uri, new vscode.Position(0, 0), text);
  await vscode.workspace.applyEdit(edit);
  await vscode.window.showTextDocument(document);
  return document;
}

/** What a suite that works as demo shares; the fields are set once its `before` hooks have run. */
export interface DemoSuite {
  api: VensoftExplorerApi;
  /** A client of our own, logged in straight at the emulator as demo. */
  truth: VensoftClient;
}

/**
 * The hooks most suites share: the extension activated, a ground-truth client, the extension logged
 * in as demo before each test, and (unless `closeEditors` is false) editors reverted and closed
 * after each. Hooks a suite adds run after these.
 */
export function demoSuite({ closeEditors = true } = {}): DemoSuite {
  const suite = {} as DemoSuite;
  before(async () => {
    suite.api = await extensionApi();
    suite.truth = await groundTruth('demo');
  });
  beforeEach(async () => {
    await logIn('demo');
  });
  if (closeEditors) afterEach(discardAndCloseEditors);
  after(async () => {
    await closeClient(suite.truth);
  });
  return suite;
}

/** Opens "Vensoft: Open Terminal with Session" and returns its terminal. */
export async function sessionTerminal(): Promise<vscode.Terminal> {
  const name = await vscode.commands.executeCommand<string>('vensoft.openTerminal');
  const terminal = vscode.window.terminals.find((t) => t.name === name);
  if (!terminal) throw new Error(`no terminal named "${name}"`);
  return terminal;
}

/** Runs a command line in a terminal as a user pastes it, and returns what it printed (through a file). */
export async function runInTerminal(terminal: vscode.Terminal, commandLine: string): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vensoft-terminal-'));
  const out = path.join(dir, 'out');
  terminal.sendText(`${commandLine} > ${out}.part; mv ${out}.part ${out}`);
  try {
    for (let waited = 0; !fs.existsSync(out); waited += 200) {
      if (waited > 60_000) throw new Error(`the terminal did not run: ${commandLine}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    return fs.readFileSync(out, 'utf8');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
