// The "Vensoft" log (Output view › Vensoft): every request the client makes, every failure with
// its code, the local emulator's start and stop. Never a secret: a request is its API method, URL
// path (ids only; credentials go in bodies), status, time and size; never a header, body or query.
import * as vscode from 'vscode';
import type { RequestLogEntry } from './api';
import { codeOf, describeError, isConnectionError } from './core/errors';

/** What writes to the log is given this (one log for the extension, created at activation). */
export interface Log {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/**
 * The "Vensoft" LogOutputChannel (its file: `Vensoft.log` in the extension's logUri), created with its
 * first line: activation does not wait for it. Once disposed it takes no more lines: a closed channel
 * throws, and the emulator's process may stop after it closed.
 */
export function createVensoftLog(): Log & vscode.Disposable {
  let channel: vscode.LogOutputChannel | undefined;
  let open = true;
  const write = (level: 'info' | 'warn' | 'error', message: string) => {
    if (!open) return;
    channel ??= vscode.window.createOutputChannel('Vensoft', { log: true });
    channel[level](message);
  };
  return {
    info: (message) => write('info', message),
    warn: (message) => write('warn', message),
    error: (message) => write('error', message),
    dispose: () => {
      open = false;
      channel?.dispose();
    },
  };
}

/** "update/machine /stable/update/machine/1250…/ → 500 22023 (12 ms, 96 B)" */
export function logRequest(log: Log, entry: RequestLogEntry): void {
  const outcome = `${entry.status}${entry.code ? ` ${entry.code}` : ''}`;
  const line = `${entry.method} ${entry.path} → ${outcome} (${Math.round(entry.ms)} ms, ${entry.bytes} B)`;
  if (entry.status === 200) log.info(line);
  else log.warn(line);
}

/** "Delete failed: [42501] You may not delete machine 1 (42501). …": what failed, its code, the message shown. */
export function logFailure(log: Log, what: string, e: unknown): void {
  const code = codeOf(e) ?? (isConnectionError(e) ? e.problem : undefined);
  log.error(`${what}: ${code ? `[${code}] ` : ''}${describeError(e)}`);
}
