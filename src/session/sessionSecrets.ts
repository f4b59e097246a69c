// Session keys and remembered passwords, in VS Code's SecretStorage and nowhere else: not in
// settings, state, logs or error messages.
import type * as vscode from 'vscode';
import { isJsonObject, parseJson } from '../core/json';

export interface StoredSession {
  sessionKey: string;
  username: string;
  userId: string;
}

const sessionKey = (connection: string) => `vensoft.session/${connection}`;
const passwordKey = (connection: string, username: string) =>
  `vensoft.password/${connection}/${username.toLowerCase()}`;

export class SessionSecrets {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  async session(connection: string): Promise<StoredSession | undefined> {
    const text = await this.secrets.get(sessionKey(connection));
    if (!text) return undefined;
    try {
      const value = parseJson(text);
      if (!isJsonObject(value) || typeof value.sessionKey !== 'string' || typeof value.username !== 'string')
        return undefined;
      return { sessionKey: value.sessionKey, username: value.username, userId: String(value.userId ?? '') };
    } catch {
      return undefined;
    }
  }

  storeSession(connection: string, session: StoredSession): Thenable<void> {
    return this.secrets.store(sessionKey(connection), JSON.stringify(session));
  }

  forgetSession(connection: string): Thenable<void> {
    return this.secrets.delete(sessionKey(connection));
  }

  password(connection: string, username: string): Thenable<string | undefined> {
    return this.secrets.get(passwordKey(connection, username));
  }

  storePassword(connection: string, username: string, password: string): Thenable<void> {
    return this.secrets.store(passwordKey(connection, username), password);
  }

  forgetPassword(connection: string, username: string): Thenable<void> {
    return this.secrets.delete(passwordKey(connection, username));
  }
}
