// A real VS Code in a real browser for UI tests: the emulator with the demo data, code-server with
// this extension installed (linked, as `npm start` does) and a fresh profile, and headless Chromium.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { VensoftClient } from '../../src/api';
import {
  extensionHostErrors,
  extensionId,
  freePort,
  launchChromium,
  provision,
  root,
  startCodeServer,
  startEmulatorProcess,
} from '../../scripts/vscode.mjs';
import { version } from '../../package.json';

export const ARTIFACTS = path.join(root, 'test-results');

export interface Workbench {
  page: Page;
  emulatorUrl: string;
  screenshot(name: string): Promise<string>;
  /** Stops everything; rejects when the extension host logged an error of this extension. */
  close(): Promise<void>;
}

export interface WorkbenchOptions {
  /** How long an idle session lives on the emulator (its --session-ttl). */
  sessionTtlSeconds?: number;
  /** The user's settings. */
  settings?: Record<string, unknown>;
  /** Install this .vsix into the empty profile instead of linking the checkout. */
  vsix?: string;
  /** false: no emulator is started for the test; the extension starts its own at this port's URL. */
  startEmulator?: boolean;
  /** false: VS Code asks whether to trust the folder (Restricted Mode when refused). */
  trustWorkspace?: boolean;
  /** Files written into the workspace folder first, by relative path. */
  workspaceFiles?: Record<string, string>;
  /** VS Code's display language ("de"); default English. */
  locale?: string;
}

export async function openWorkbench(options: WorkbenchOptions = {}): Promise<Workbench> {
  const {
    sessionTtlSeconds = 3600,
    settings = {},
    vsix,
    startEmulator = true,
    trustWorkspace = true,
    workspaceFiles = {},
    locale,
  } = options;
  const tools = provision();
  const run = fs.mkdtempSync(path.join(os.tmpdir(), 'vensoft-e2e-'));
  const workspace = path.join(run, 'workspace');
  const closers: Array<() => unknown> = [() => fs.rmSync(run, { recursive: true, force: true })];
  let userDir: string | undefined;
  /** Stops everything; then fails if the extension host logged an error of ours meanwhile. */
  const close = async () => {
    const errors = userDir ? extensionHostErrors(userDir) : [];
    for (const c of closers.reverse()) await c();
    if (errors.length) throw new Error(`The extension host logged errors of Vensoft Explorer:\n${errors.join('\n')}`);
  };
  try {
    let emulatorUrl = `http://127.0.0.1:${await freePort()}/stable/`;
    if (startEmulator) {
      const emulator = await startEmulatorProcess([
        '--memory',
        '--port',
        '0',
        '--seed',
        'demo',
        '--session-ttl',
        String(sessionTtlSeconds),
      ]);
      closers.push(() => emulator.stop());
      emulatorUrl = emulator.url;
    }
    for (const [file, text] of Object.entries(workspaceFiles)) {
      fs.mkdirSync(path.dirname(path.join(workspace, file)), { recursive: true });
      fs.writeFileSync(path.join(workspace, file), text);
    }
    const server = await startCodeServer({
      tools,
      workspace,
      // Auto Save off: these tests save with Ctrl+S, and a refused auto-save (which keeps its
      // document modified) racing their end left a dirty document whose "save changes?" dialog
      // blocked every later test. Auto Save itself is tested in test/integration/documentSync.test.ts.
      settings: { 'vensoft.localEmulatorUrl': emulatorUrl, 'files.autoSave': 'off', ...settings },
      ...(vsix ? { vsix } : { extensions: { [`${extensionId}-${version}`]: root } }),
      trustWorkspace,
      locale,
      // The emulator an installed extension starts prepares its demo data from nothing, as on a new machine.
      env: { XDG_CACHE_HOME: path.join(run, 'cache') },
    });
    closers.push(() => server.stop());
    userDir = server.userDir;
    const browser = await launchChromium(tools);
    closers.push(() => browser.close());
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    await page.goto(`${server.url}?folder=${encodeURIComponent(workspace)}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    return {
      page,
      emulatorUrl,
      async screenshot(name) {
        const file = path.join(ARTIFACTS, `${name}.png`);
        await page.screenshot({ path: file });
        return file;
      },
      close,
    };
  } catch (e) {
    await close();
    throw e;
  }
}

/**
 * Runs `use` with a client of our own, logged in as demo straight at the emulator: what the UI must
 * show. One per use: idle sessions may end quickly on the UI tests' emulator.
 */
export async function withGroundTruth<T>(emulatorUrl: string, use: (truth: VensoftClient) => Promise<T>): Promise<T> {
  const truth = new VensoftClient({ baseUrl: emulatorUrl });
  await truth.login('demo@vensoft.test', 'demo');
  try {
    return await use(truth);
  } finally {
    await truth.logout().catch(() => undefined); // the session may have ended already
    await truth.close();
  }
}

/** Runs a command from the palette (F1), as a person does. */
export async function runCommand(page: Page, title: string): Promise<void> {
  const box = page.locator('.quick-input-widget input.input');
  const row = page.locator('.quick-input-widget .monaco-list-row').filter({ hasText: title }).first();
  // The palette can close as it opens: F1 pressed while a quick input is still closing, or focus
  // moved by the workbench (a walkthrough focusing its step). Then it is opened once more.
  for (let attempt = 1; ; attempt++) {
    try {
      await page.keyboard.press('F1');
      await box.waitFor({ timeout: 5_000 });
      await box.fill(`>${title}`, { timeout: 5_000 });
      await row.waitFor({ timeout: 10_000 });
      await box.press('Enter', { timeout: 5_000 });
      return;
    } catch (e) {
      if (attempt === 3) throw e;
      await page.keyboard.press('Escape');
    }
  }
}

/** Answers Open Object by ID's two questions, the type and the id, as a person does. */
export async function answerOpenObjectById(page: Page, type: string, id: string): Promise<void> {
  const box = page.locator('.quick-input-widget input.input');
  await box.fill(type);
  // The best match comes first (a second time it is also marked "recently used", or "similar
  // commands": the list keeps the command palette's separator a second time in one window).
  const best = new RegExp(`^${type}(recently used|similar commands)?$`);
  await page.locator('.quick-input-widget .monaco-list-row').first().filter({ hasText: best }).waitFor();
  await box.press('Enter');
  await page
    .locator('.quick-input-widget')
    .getByText(new RegExp(`Open ${type} by ID`))
    .waitFor();
  await box.fill(id);
  await box.press('Enter');
}

/** Opens the Vensoft view, clicks its welcome "Log In" and chooses the first connection, the local emulator. */
export async function startLogIn(page: Page): Promise<{ quickInput: Locator; box: Locator }> {
  await page.locator('.activitybar [aria-label^="Vensoft"]').first().click();
  const logIn = page.getByRole('button', { name: 'Log In', exact: true });
  await logIn.waitFor({ timeout: 30_000 });
  await logIn.click();
  const quickInput = page.locator('.quick-input-widget');
  const box = quickInput.locator('input.input');
  await quickInput.getByText('Local emulator').first().waitFor();
  await box.press('Enter');
  return { quickInput, box };
}

/** Logs in to the local emulator as demo, as a person does. */
export async function logInAsDemo(page: Page): Promise<void> {
  await answerLogIn(page, await startLogIn(page), 'demo@vensoft.test', 'demo');
}

/** Types the username and password into a login that has its connection, and waits for the session. */
export async function answerLogIn(
  page: Page,
  { quickInput, box }: { quickInput: Locator; box: Locator },
  username: string,
  password: string,
): Promise<void> {
  await quickInput.getByText(/\(2\/3\)/).waitFor();
  await box.fill(username);
  await box.press('Enter');
  await quickInput.getByText(/\(3\/3\)/).waitFor();
  await box.fill(password);
  await box.press('Enter');
  await page.locator('.statusbar').getByText(`${username} @ Local emulator`).waitFor({ timeout: 60_000 });
}

/** Answers the Log In questions after the connection was chosen (elsewhere): demo's username and password. */
export async function enterDemoCredentials(page: Page): Promise<void> {
  const quickInput = page.locator('.quick-input-widget');
  await answerLogIn(page, { quickInput, box: quickInput.locator('input.input') }, 'demo@vensoft.test', 'demo');
}

/** The content of the webview panel on screen (code-server nests it in two iframes; hidden panels keep theirs). */
export function webviewContent(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready:visible').frameLocator('#active-frame');
}

/**
 * Clicks a CodeLens and waits for what it opens. VS Code redraws the lenses while a new document
 * settles, and a click that lands on a lens being replaced does nothing: then it clicks once more.
 */
export async function clickCodeLens(page: Page, title: string, opened: Locator): Promise<void> {
  const lens = page.locator('.codelens-decoration a', { hasText: title });
  for (let attempt = 1; ; attempt++) {
    await lens.click({ timeout: 30_000 });
    try {
      await opened.waitFor({ timeout: 10_000 });
      return;
    } catch (e) {
      if (attempt === 2) throw e;
    }
  }
}

/** What a UI suite working as demo shares; the fields are set once its `before` hook has run. */
export interface DemoWorkbench {
  workbench: Workbench;
  /** A client of our own, logged in straight at the emulator as demo. */
  truth: VensoftClient;
}

/**
 * The hooks of a UI suite that works as demo: a workbench (with `options`) logged in through the UI,
 * a ground-truth client, and a screenshot of each failed test.
 */
export function demoWorkbench(options: WorkbenchOptions = {}): DemoWorkbench {
  const suite = {} as DemoWorkbench;
  before(async () => {
    suite.workbench = await openWorkbench(options);
    suite.truth = new VensoftClient({ baseUrl: suite.workbench.emulatorUrl });
    await suite.truth.login('demo@vensoft.test', 'demo');
    await logInAsDemo(suite.workbench.page);
  });
  after(async () => {
    await suite.truth?.logout().catch(() => undefined);
    await suite.truth?.close();
    await suite.workbench?.close();
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && suite.workbench)
      await suite.workbench.screenshot(`failed-${this.currentTest.title.replace(/\W+/g, '-')}`);
  });
  return suite;
}

/** "Vensoft: New Report…" of `type`, from the palette, which runs its example; resolves to the report view. */
export async function newReport(page: Page, type: string): Promise<FrameLocator> {
  await runCommand(page, 'Vensoft: New Report…');
  await page
    .locator('.quick-input-widget')
    .getByText(/New report: object type/)
    .waitFor();
  await page.locator('.quick-input-widget input.input').fill(type);
  await page.locator('.quick-input-widget input.input').press('Enter');
  await page.getByRole('tab', { name: `Report: ${type}.vensoft-report.json` }).waitFor();
  return webviewContent(page);
}

/** "Vensoft: New Filter…" of `type`, from the palette; resolves once its file is the active tab. */
export async function newFilter(
  page: Page,
  type: string,
  tab = new RegExp(`${type}\\.vensoft-filter\\.json`),
): Promise<void> {
  await runCommand(page, 'Vensoft: New Filter…');
  const box = page.locator('.quick-input-widget input.input');
  await page
    .locator('.quick-input-widget')
    .getByText(/New filter: object type/)
    .waitFor();
  await box.fill(type);
  await box.press('Enter');
  await page.getByRole('tab', { name: tab }).and(page.locator('.active')).waitFor();
}

/**
 * Right-click → item (its name's start), then waits for what it opens. A row the tree redraws
 * meanwhile (a count arriving) can swallow the click and leave the menu open: then Escape, and once more.
 */
export async function chooseFromMenu(page: Page, target: Locator, name: string, opened: Locator): Promise<void> {
  const item = page
    .locator('.context-view .monaco-menu')
    .getByRole('menuitem', { name: new RegExp(`^${escapeRegExp(name)}`) });
  for (let attempt = 1; ; attempt++) {
    await target.click({ button: 'right' });
    await item.click();
    try {
      await opened.waitFor({ timeout: 10_000 });
      return;
    } catch (e) {
      if (attempt === 2) throw e;
      await page.keyboard.press('Escape');
    }
  }
}

/** The Vensoft explorer's tree. */
export function explorerTree(page: Page): Locator {
  return page.locator('.pane-body').filter({ has: page.getByRole('treeitem', { name: /Local emulator/ }) });
}

/** A row of a tree by its label (its description may follow). */
export function treeRow(tree: Locator, name: string): Locator {
  return tree.getByRole('treeitem', { name: new RegExp(`^${escapeRegExp(name)}(,| |$)`) }).first();
}

/** Expands the rows named, one after the other, as a person clicks down a path. */
export async function expandRows(tree: Locator, names: string[]): Promise<void> {
  for (const name of names) {
    const item = treeRow(tree, name);
    if ((await item.getAttribute('aria-expanded')) !== 'true') await item.click();
    await item.and(tree.locator('[aria-expanded="true"]')).waitFor();
  }
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
