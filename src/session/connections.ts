// Connections: the built-in "Local emulator" and the ones in the `vensoft.connections` setting.
// Settings hold names, URLs, usernames and device tokens only; secrets live in SessionSecrets.
import * as vscode from 'vscode';

export interface Connection {
  name: string;
  /** Base URL including the version segment, ending in "/": https://api.vensoft.de/stable/ */
  baseUrl: string;
  username?: string;
  deviceToken?: string;
  builtIn: boolean;
}

export const LOCAL_EMULATOR = 'Local emulator';

export function normaliseBaseUrl(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

/** Checks a base URL as typed by a user; returns a message saying what to fix, or undefined. */
export function baseUrlProblem(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'Enter a URL such as https://api.vensoft.de/stable/';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'The URL must start with https:// (or http:// for a local server).';
  if (url.username || url.password) return 'Credentials must not be part of the URL: you will be asked for them when logging in.';
  if (url.search || url.hash) return 'The base URL takes no query (?…) or fragment (#…).';
  if (url.pathname.split('/').filter(Boolean).length === 0) return 'Add the API version to the path, e.g. …/stable/ or …/2/.';
  return undefined;
}

export function readConnections(): Connection[] {
  const config = vscode.workspace.getConfiguration('vensoft');
  const local: Connection = { name: LOCAL_EMULATOR, baseUrl: normaliseBaseUrl(config.get<string>('localEmulatorUrl') ?? 'http://127.0.0.1:8787/stable/'), builtIn: true };
  const configured = (config.get<Array<Partial<Connection>>>('connections') ?? [])
    .filter((c): c is Partial<Connection> & { name: string; baseUrl: string } => typeof c?.name === 'string' && typeof c.baseUrl === 'string' && !baseUrlProblem(c.baseUrl))
    .map((c) => ({ name: c.name, baseUrl: normaliseBaseUrl(c.baseUrl), username: c.username, deviceToken: c.deviceToken, builtIn: false }));
  return [local, ...configured.filter((c) => c.name !== LOCAL_EMULATOR)];
}

export async function saveConnection(connection: Omit<Connection, 'builtIn'>): Promise<void> {
  const config = vscode.workspace.getConfiguration('vensoft');
  const list = (config.get<Array<Record<string, unknown>>>('connections') ?? []).filter((c) => c.name !== connection.name);
  const entry: Record<string, string> = { name: connection.name, baseUrl: connection.baseUrl };
  if (connection.username) entry.username = connection.username;
  if (connection.deviceToken) entry.deviceToken = connection.deviceToken;
  await config.update('connections', [...list, entry], vscode.ConfigurationTarget.Global);
}
