// Connections: the built-in "Local emulator" and the ones in the `vensoft.connections` setting.
// Settings hold names, URLs, usernames and device tokens only; secrets live in SessionSecrets.
import * as vscode from 'vscode';
import { baseUrlProblem, normaliseBaseUrl } from '../core/baseUrl';

export interface Connection {
  name: string;
  /** Base URL including the version segment, ending in "/": https://api.vensoft.de/stable/ */
  baseUrl: string;
  username?: string;
  deviceToken?: string;
  builtIn: boolean;
}

export const LOCAL_EMULATOR = 'Local emulator';

export function readConnections(): Connection[] {
  const config = vscode.workspace.getConfiguration('vensoft');
  const local: Connection = {
    name: LOCAL_EMULATOR,
    baseUrl: normaliseBaseUrl(config.get<string>('localEmulatorUrl') ?? 'http://127.0.0.1:8787/stable/'),
    builtIn: true,
  };
  const configured = (config.get<Array<Partial<Connection>>>('connections') ?? [])
    .filter(
      (c): c is Partial<Connection> & { name: string; baseUrl: string } =>
        typeof c?.name === 'string' && typeof c.baseUrl === 'string' && !baseUrlProblem(c.baseUrl),
    )
    .map((c) => ({
      name: c.name,
      baseUrl: normaliseBaseUrl(c.baseUrl),
      username: c.username,
      deviceToken: c.deviceToken,
      builtIn: false,
    }));
  return [local, ...configured.filter((c) => c.name !== LOCAL_EMULATOR)];
}

/** The user's own connection settings (never a folder's: saving must not copy those into the user's). */
function userConnections(): Array<Record<string, unknown>> {
  return (
    vscode.workspace.getConfiguration('vensoft').inspect<Array<Record<string, unknown>>>('connections')?.globalValue ??
    []
  );
}

export async function saveConnection(connection: Omit<Connection, 'builtIn'>): Promise<void> {
  const config = vscode.workspace.getConfiguration('vensoft');
  const list = userConnections().filter((c) => c.name !== connection.name);
  const entry: Record<string, string> = { name: connection.name, baseUrl: connection.baseUrl };
  if (connection.username) entry.username = connection.username;
  if (connection.deviceToken) entry.deviceToken = connection.deviceToken;
  await config.update('connections', [...list, entry], vscode.ConfigurationTarget.Global);
}

export async function removeConnectionSetting(name: string): Promise<void> {
  const config = vscode.workspace.getConfiguration('vensoft');
  const list = userConnections().filter((c) => c.name !== name);
  await config.update('connections', list.length ? list : undefined, vscode.ConfigurationTarget.Global);
}
