// A real VS Code in a real browser for UI tests: the emulator with the demo data, code-server with
// this extension installed (linked, as `npm start` does) and a fresh profile, and headless Chromium.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { VensoftClient } from '../../src/api';
import { extensionId, launchChromium, provision, root, startCodeServer, startEmulatorProcess } from '../../scripts/vscode.mjs';
import { version } from '../../package.json';

export const ARTIFACTS = path.join(root, 'test-results');

export interface Workbench {
  page: Page;
  emulatorUrl: string;
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

/** `sessionTtlSeconds`: how long an idle session lives on the emulator (its --session-ttl); `settings`: the user's. */
export async function openWorkbench({ sessionTtlSeconds = 3600, settings = {} as Record<string, unknown> } = {}): Promise<Workbench> {
  const tools = provision();
  const emulator = await startEmulatorProcess(['--memory', '--port', '0', '--seed', 'demo', '--session-ttl', String(sessionTtlSeconds)]);
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'vensoft-e2e-ws-'));
  const closers: Array<() => unknown> = [() => emulator.stop(), () => fs.rmSync(workspace, { recursive: true, force: true })];
  const close = async () => {
    for (const c of closers.reverse()) await c();
  };
  try {
    const server = await startCodeServer({
      tools,
      workspace,
      settings: { 'vensoft.localEmulatorUrl': emulator.url, ...settings },
      extensions: { [`${extensionId}-${version}`]: root },
    });
    closers.push(() => server.stop());
    const browser = await launchChromium(tools);
    closers.push(() => browser.close());
    const page = browser.context.pages()[0] ?? await browser.context.newPage();
    await page.goto(`${server.url}?folder=${encodeURIComponent(workspace)}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    return {
      page,
      emulatorUrl: emulator.url,
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

/** Runs a command from the palette (F1), as a person does. */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const box = page.locator('.quick-input-widget input.input');
  await box.fill(`>${title}`);
  await page.locator('.quick-input-widget .monaco-list-row').filter({ hasText: title }).first().waitFor();
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
  const { quickInput, box } = await startLogIn(page);
  await quickInput.getByText(/\(2\/3\)/).waitFor();
  await box.fill('demo@vensoft.test');
  await box.press('Enter');
  await quickInput.getByText(/\(3\/3\)/).waitFor();
  await box.fill('demo');
  await box.press('Enter');
  await page.locator('.statusbar').getByText('demo@vensoft.test @ Local emulator').waitFor({ timeout: 60_000 });
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
 * The hooks of a UI suite that works as demo: a workbench logged in through the UI, a ground-truth
 * client, and a screenshot of each failed test.
 */
export function demoWorkbench(): DemoWorkbench {
  const suite = {} as DemoWorkbench;
  before(async () => {
    suite.workbench = await openWorkbench();
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
    if (this.currentTest?.state === 'failed' && suite.workbench) await suite.workbench.screenshot(`failed-${this.currentTest.title.replace(/\W+/g, '-')}`);
  });
  return suite;
}

/** "Vensoft: New Report…" of `type`, from the palette, which runs its example; resolves to the report view. */
export async function newReport(page: Page, type: string): Promise<FrameLocator> {
  await runCommand(page, 'Vensoft: New Report…');
  await page.locator('.quick-input-widget').getByText(/New report: object type/).waitFor();
  await page.locator('.quick-input-widget input.input').fill(type);
  await page.locator('.quick-input-widget input.input').press('Enter');
  await page.getByRole('tab', { name: `Report: ${type}.vensoft-report.json` }).waitFor();
  return webviewContent(page);
}

/** "Vensoft: New Filter…" of `type`, from the palette; resolves once its file is the active tab. */
export async function newFilter(page: Page, type: string, tab = new RegExp(`${type}\\.vensoft-filter\\.json`)): Promise<void> {
  await runCommand(page, 'Vensoft: New Filter…');
  const box = page.locator('.quick-input-widget input.input');
  await page.locator('.quick-input-widget').getByText(/New filter: object type/).waitFor();
  await box.fill(type);
  await box.press('Enter');
  await page.getByRole('tab', { name: tab }).and(page.locator('.active')).waitFor();
}
