// Types of scripts/vscode.mjs for the TypeScript tests and benchmarks that drive a real VS Code.
import type { BrowserContext } from 'playwright-core';
import type { ChildProcess } from 'node:child_process';

export interface Tools {
  codeServer: string;
  nodeBin: string;
  chromium: string;
}
export interface CodeServer {
  url: string;
  port: number;
  run: string;
  userDir: string;
  extensionsDir: string;
  output(): string;
  stop(): void;
}
export interface Emulator {
  url: string;
  child: ChildProcess;
  output(): string;
  stop(): void;
}

export const root: string;
export const extensionId: string;
export function provision(): Tools;
export { freePort } from '../src/freePort.mjs';
export function packageVsix(): { file: string; bytes: number };
export function startCodeServer(options: {
  tools: Tools;
  workspace: string;
  settings?: Record<string, unknown>;
  extensions?: Record<string, string>;
  vsix?: string;
  trustWorkspace?: boolean;
  smokeTestDriver?: boolean;
  env?: Record<string, string>;
  port?: number;
  /** VS Code's display language, e.g. "de". */
  locale?: string;
}): Promise<CodeServer>;
export function extensionHostErrors(userDir: string): string[];
export function developmentUrl(
  server: CodeServer,
  workspace: string,
  extensionPath: string,
  testsPath?: string,
): string;
export function launchChromium(
  tools: Tools,
  options?: { headless?: boolean },
): Promise<{ context: BrowserContext; close(): Promise<void> }>;
export function startEmulatorProcess(args?: string[]): Promise<Emulator>;
