// Sends a call on any connection, recorded in its history: the active session's connection, another
// one with a stored session key, or one without a session (which asks to log in first, then sends).
// A server's refusal is an answer too: it is recorded and returned like any other.
import * as vscode from 'vscode';
import type { Exchange, WireCall } from '../api';
import { loadApi } from '../apiLoader';
import { isServerFailure, isSessionExpired, UserFacingError } from '../core/errors';
import { readConnections, type Connection } from '../session/connections';
import type { LogInArgs, SessionManager } from '../session/sessionManager';
import type { SessionSecrets } from '../session/sessionSecrets';
import type { HistoryEntry, HistoryStore } from './historyStore';

interface SessionOn {
  key: string;
  userId?: string;
}

export class Sender {
  constructor(
    private readonly sessions: SessionManager,
    private readonly secrets: SessionSecrets,
    /** Records the re-runs (even with the history off: that is how its answer is shown). */
    private readonly store: HistoryStore,
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

  /** The session key on `connection` and its user (for the change journal), if there is a session. */
  private async keyOf(connection: string): Promise<SessionOn | undefined> {
    const active = this.sessions.session;
    if (active?.connection.name === connection)
      return active.client.sessionKey ? { key: active.client.sessionKey, userId: String(active.userId) } : undefined;
    const stored = await this.secrets.session(connection);
    return stored && { key: stored.sessionKey, userId: stored.userId || undefined };
  }

  private async logInTo(connection: string, logIn: Omit<LogInArgs, 'connection'>): Promise<SessionOn | undefined> {
    const session = await this.sessions.logIn({ connection, ...logIn });
    return session?.client.sessionKey ? { key: session.client.sessionKey, userId: String(session.userId) } : undefined;
  }

  private async attempt(connection: Connection, { key: sessionKey, userId }: SessionOn, call: WireCall) {
    const { VensoftClient } = await loadApi();
    let recorded: Exchange | undefined;
    const client = new VensoftClient({
      baseUrl: connection.baseUrl,
      sessionKey,
      deviceToken: connection.deviceToken,
      // The log, the journal (a write re-run is journaled like any other) and refreshes; the history below.
      ...this.sessions.hooks(connection, userId),
      onExchange: (exchange) => {
        this.store.record(connection.name, exchange);
        if (exchange.call.path === call.path && exchange.call.method === call.method) recorded = exchange;
      },
    });
    try {
      await client.replay(call);
    } catch (e) {
      if (!isServerFailure(e) || isSessionExpired(e) || !recorded) throw e;
    } finally {
      void client.close();
    }
    return this.store.entryOf(recorded!)!;
  }
}
