// Sends a call on any connection, recorded in its history: the active session's connection, another
// one with a stored session key, or one without a session (which asks to log in first, then sends).
// A server's refusal is an answer too: it is recorded and returned like any other.
import * as vscode from 'vscode';
import type { WireCall } from '../api';
import { loadApi } from '../apiLoader';
import { isServerFailure, isSessionExpired, UserFacingError } from '../core/errors';
import { readConnections, type Connection } from '../session/connections';
import type { LogInArgs, SessionManager } from '../session/sessionManager';
import type { SessionSecrets } from '../session/sessionSecrets';
import type { Exchange } from '../api';
import type { HistoryEntry } from './historyStore';

export type Recorder = (connection: string, exchange: Exchange) => HistoryEntry;

export class Sender {
  constructor(
    private readonly sessions: SessionManager,
    private readonly secrets: SessionSecrets,
    private readonly record: Recorder,
  ) {}

  /** The entry the call's answer was recorded as; undefined when the login it needed was cancelled. */
  async send(
    target: string,
    call: WireCall,
    logIn: Omit<LogInArgs, 'connection'> = {},
  ): Promise<HistoryEntry | undefined> {
    const connection = readConnections().find((c) => c.name === target);
    if (!connection) throw new UserFacingError(vscode.l10n.t('There is no Vensoft connection named "{0}".', target));
    const key = (await this.keyOf(target)) ?? (await this.logInTo(target, logIn));
    if (!key) return undefined;
    try {
      return await this.attempt(connection, key, call);
    } catch (e) {
      if (!isSessionExpired(e)) throw e;
      const renewed = await this.logInTo(target, logIn);
      return renewed ? this.attempt(connection, renewed, call) : undefined;
    }
  }

  private async keyOf(connection: string): Promise<string | undefined> {
    const active = this.sessions.session;
    if (active?.connection.name === connection) return active.client.sessionKey;
    return (await this.secrets.session(connection))?.sessionKey;
  }

  private async logInTo(connection: string, logIn: Omit<LogInArgs, 'connection'>): Promise<string | undefined> {
    return (await this.sessions.logIn({ connection, ...logIn }))?.client.sessionKey;
  }

  private async attempt(connection: Connection, sessionKey: string, call: WireCall): Promise<HistoryEntry> {
    const { VensoftClient } = await loadApi();
    let recorded: HistoryEntry | undefined;
    const { onRequest } = this.sessions.hooks(connection);
    const client = new VensoftClient({
      baseUrl: connection.baseUrl,
      sessionKey,
      deviceToken: connection.deviceToken,
      onRequest,
      onExchange: (exchange) => {
        const entry = this.record(connection.name, exchange);
        if (exchange.call.path === call.path && exchange.call.method === call.method) recorded = entry;
      },
    });
    try {
      await client.replay(call);
    } catch (e) {
      if (!isServerFailure(e) || isSessionExpired(e) || !recorded) throw e;
    } finally {
      void client.close();
    }
    return recorded!;
  }
}
