// Every URI scheme of the extension, in one place, with the one way to build and read each.
//   vensoft://<connection>/<type>/<id>.json          an object, editable (ObjectFileSystem)
//   vensoft://<connection>/<type>/new-<n>.json       a new object, not yet created (saving creates it)
//   vensoft://<connection>/<type>/update-<n>.json    attributes to set on selected objects (updatemany)
//   vensoft-server://<connection>/<type>/<id>.json   the server's current version, read-only (conflicts)
//   vensoft-results:/<type> filter result <n>.json    what running a filter or report answered, read-only
import * as vscode from 'vscode';

export const OBJECT_SCHEME = 'vensoft';
export const SERVER_VERSION_SCHEME = 'vensoft-server';
export const RESULTS_SCHEME = 'vensoft-results';

export interface ObjectAddress {
  connection: string;
  type: string;
  /** Decimal digits: never a JS number. */
  id: string;
}

/** VS Code lower-cases authorities: compare connection names from URIs with sameConnection. */
export function objectUri(address: ObjectAddress, scheme = OBJECT_SCHEME): vscode.Uri {
  return vscode.Uri.from({ scheme, authority: address.connection, path: `/${address.type}/${address.id}.json` });
}

export function sameConnection(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** The object a vensoft (or vensoft-server) URI names; undefined for anything else. */
export function parseObjectUri(uri: vscode.Uri): ObjectAddress | undefined {
  if (uri.scheme !== OBJECT_SCHEME && uri.scheme !== SERVER_VERSION_SCHEME) return undefined;
  const m = /^\/([A-Za-z0-9_]+)\/(\d{1,20})\.json$/.exec(uri.path);
  if (!m) return undefined;
  return { connection: uri.authority, type: m[1]!, id: m[2]! };
}

export interface DraftAddress {
  connection: string;
  type: string;
  kind: 'new' | 'update';
  draft: number;
}

export function draftUri(address: DraftAddress): vscode.Uri {
  return vscode.Uri.from({
    scheme: OBJECT_SCHEME,
    authority: address.connection,
    path: `/${address.type}/${address.kind}-${address.draft}.json`,
  });
}

export function parseDraftUri(uri: vscode.Uri): DraftAddress | undefined {
  const m = uri.scheme === OBJECT_SCHEME ? /^\/([A-Za-z0-9_]+)\/(new|update)-(\d+)\.json$/.exec(uri.path) : null;
  return m
    ? { connection: uri.authority, type: m[1]!, kind: m[2] as DraftAddress['kind'], draft: Number(m[3]) }
    : undefined;
}
