// Every Vensoft call as it goes on the wire (path, form fields or raw JSON body), built without
// sending anything: the client sends these, and toCurl renders them.

import { isJsonObject, parseJson, stringifyJson, type JsonValue } from '../core/json';
import { toId, type Id } from '../core/ids';
import type { WriteIntent } from '../core/writeIntent';
import type { Ace, FilterInput, ReportInput } from './wireSchemas';

/** A call as it goes on the wire. */
export interface WireCall {
  /** e.g. "get/machine", for messages and logs. */
  method: string;
  /** Relative to the base URL, e.g. "get/machine/125752076205557483/". */
  path: string;
  /** Form fields, percent-encoded when sent. */
  form?: Array<[string, string]>;
  /** A raw JSON body (create, update, upload). */
  json?: string;
  /** Reads may be retried after a connection failure; writes never are. */
  read: boolean;
  /** Sent with the SessionKey header (all but login). */
  authenticated: boolean;
  /** The objects a write changes (so that what shows them can be refreshed). */
  touches?: { type: string; ids: readonly Id[] };
  /** What a write changes, as data (for the change journal); absent on reads and auth calls. */
  intent?: WriteIntent;
}

export interface PrivilegeFlags {
  returnPrivileges?: boolean;
  returnAttributePrivileges?: boolean;
}

const seg = (s: string | Id) => encodeURIComponent(String(s));

function flags(options: PrivilegeFlags): Array<[string, string]> {
  const form: Array<[string, string]> = [];
  if (options.returnPrivileges !== undefined) form.push(['return_privileges', String(options.returnPrivileges)]);
  if (options.returnAttributePrivileges !== undefined)
    form.push(['return_attribute_privileges', String(options.returnAttributePrivileges)]);
  return form;
}

const read = (method: string, path: string, form?: Array<[string, string]>): WireCall => ({
  method,
  path,
  form,
  read: true,
  authenticated: true,
});
type WriteBody = { form?: Array<[string, string]>; json?: string; touches?: WireCall['touches']; intent?: WriteIntent };
const write = (method: string, path: string, body: WriteBody = {}): WireCall => ({
  method,
  path,
  ...body,
  read: false,
  authenticated: true,
});
const aceForm = (ace: Ace): Array<[string, string]> => [
  ['trustee', String(ace.trustee)],
  ['entity', String(ace.entity)],
  ['role', String(ace.role)],
];

export const wireCalls = {
  login: (username: string, password: string): WireCall => ({
    method: 'auth/login',
    path: 'auth/login/',
    form: [
      ['Username', username],
      ['Password', password],
    ],
    read: false,
    authenticated: false,
  }),
  logout: (): WireCall => write('auth/logout', 'auth/logout/'),
  validate: (): WireCall => read('auth/validate', 'auth/validate/'),
  describe: (): WireCall => read('describe', 'describe/'),
  get: (type: string, id: Id, options: PrivilegeFlags = {}): WireCall =>
    read(`get/${type}`, `get/${seg(type)}/${id}/`, flags(options)),
  getMany: (type: string, ids: readonly Id[], options: PrivilegeFlags = {}): WireCall =>
    read(`getmany/${type}`, `getmany/${seg(type)}/`, [['ids', stringifyJson(ids)], ...flags(options)]),
  list: (type: string, filter?: FilterInput | JsonValue, options: PrivilegeFlags = {}): WireCall =>
    read(`list/${type}`, `list/${seg(type)}/`, [
      ...(filter === undefined ? [] : [['filter', stringifyJson(filter)] as [string, string]]),
      ...flags(options),
    ]),
  getStructure: (type: string): WireCall => read(`getstructure/${type}`, `getstructure/${seg(type)}/`),
  getContainer: (type: string, privilege: string): WireCall =>
    read(`getcontainer/${type}`, `getcontainer/${seg(type)}/${seg(privilege)}/`),
  report: (type: string, report: ReportInput | JsonValue, filter?: FilterInput | JsonValue): WireCall =>
    read(`report/${type}`, `report/${seg(type)}/`, [
      ['report', stringifyJson(report)],
      ...(filter === undefined ? [] : [['filter', stringifyJson(filter)] as [string, string]]),
    ]),
  aceGet: (query: { entity?: Id; trustee?: Id } = {}): WireCall =>
    read('ace/get', 'ace/get/', [
      ...(query.entity !== undefined ? [['entity', String(query.entity)] as [string, string]] : []),
      ...(query.trustee !== undefined ? [['trustee', String(query.trustee)] as [string, string]] : []),
    ]),
  create: (type: string, definition: Record<string, JsonValue>): WireCall =>
    write(`create/${type}`, `create/${seg(type)}/`, {
      json: stringifyJson(definition),
      intent: { kind: 'create', type, definition },
    }),
  update: (type: string, id: Id, definition: Record<string, JsonValue>): WireCall =>
    write(`update/${type}`, `update/${seg(type)}/${id}/`, {
      json: stringifyJson(definition),
      touches: { type, ids: [id] },
      intent: { kind: 'update', type, ids: [id], definition },
    }),
  updateMany: (type: string, ids: readonly Id[], definition: Record<string, JsonValue>): WireCall =>
    write(`updatemany/${type}`, `updatemany/${seg(type)}/`, {
      form: [
        ['ids', stringifyJson(ids)],
        ['definition', stringifyJson(definition)],
      ],
      touches: { type, ids },
      intent: { kind: 'updatemany', type, ids, definition },
    }),
  move: (type: string, id: Id, parentId: Id): WireCall =>
    write(`move/${type}`, `move/${seg(type)}/${id}/${parentId}/`, {
      touches: { type, ids: [id] },
      intent: { kind: 'move', type, ids: [id], parentId },
    }),
  delete: (type: string, id: Id): WireCall =>
    write(`delete/${type}`, `delete/${seg(type)}/${id}/`, {
      touches: { type, ids: [id] },
      intent: { kind: 'delete', type, ids: [id] },
    }),
  undelete: (type: string, id: Id): WireCall =>
    write(`undelete/${type}`, `undelete/${seg(type)}/${id}/`, {
      touches: { type, ids: [id] },
      intent: { kind: 'undelete', type, ids: [id] },
    }),
  deleteMany: (type: string, ids: readonly Id[]): WireCall =>
    write(`deletemany/${type}`, `deletemany/${seg(type)}/`, {
      form: [['ids', stringifyJson(ids)]],
      touches: { type, ids },
      intent: { kind: 'deletemany', type, ids },
    }),
  aceSet: (ace: Ace): WireCall =>
    write('ace/set', 'ace/set/', { form: aceForm(ace), intent: { kind: 'aceSet', ace: { ...ace } } }),
  aceDelete: (ace: Ace): WireCall =>
    write('ace/delete', 'ace/delete/', { form: aceForm(ace), intent: { kind: 'aceDelete', ace: { ...ace } } }),
  upload: (type: string, data: JsonValue): WireCall =>
    write(`upload/${type}`, `upload/${seg(type)}/`, { json: stringifyJson(data), intent: { kind: 'upload', type } }),
};

/**
 * A write read back from its wire form (a re-run from the history), with what it touches and means
 * (so that it is journaled and refreshes what shows it, as the same write made first hand is); the
 * wire form itself is kept. Other calls, and forms it cannot read, come back as they are.
 */
export function withWriteMeaning(call: WireCall): WireCall {
  if (call.read || call.intent) return call;
  const [verb, type = '', ...rest] = call.path.split('/').filter(Boolean).map(decodeURIComponent);
  const field = (name: string) => call.form?.find(([k]) => k === name)?.[1];
  const id = (text?: string): Id => {
    const value = text === undefined ? undefined : toId(text);
    if (value === undefined) throw new Error('not an id');
    return value;
  };
  const ids = (text?: string): Id[] => {
    const list = parseJson(text ?? '');
    if (!Array.isArray(list)) throw new Error('not a list');
    return list.map((v) => id(String(v)));
  };
  const object = (text?: string): Record<string, JsonValue> => {
    const value = parseJson(text ?? '');
    if (!isJsonObject(value)) throw new Error('not an object');
    return value;
  };
  const ace = () => ({ trustee: id(field('trustee')), entity: id(field('entity')), role: id(field('role')) });
  const rebuilt = (): WireCall | undefined => {
    switch (verb) {
      case 'create':
        return wireCalls.create(type, object(call.json));
      case 'update':
        return wireCalls.update(type, id(rest[0]), object(call.json));
      case 'updatemany':
        return wireCalls.updateMany(type, ids(field('ids')), object(field('definition')));
      case 'move':
        return wireCalls.move(type, id(rest[0]), id(rest[1]));
      case 'delete':
        return wireCalls.delete(type, id(rest[0]));
      case 'undelete':
        return wireCalls.undelete(type, id(rest[0]));
      case 'deletemany':
        return wireCalls.deleteMany(type, ids(field('ids')));
      case 'ace':
        return type === 'set' ? wireCalls.aceSet(ace()) : type === 'delete' ? wireCalls.aceDelete(ace()) : undefined;
      case 'upload':
        return wireCalls.upload(type, parseJson(call.json ?? ''));
      default:
        return undefined;
    }
  };
  try {
    const meaning = rebuilt();
    return meaning ? { ...call, touches: meaning.touches, intent: meaning.intent } : call;
  } catch {
    return call;
  }
}
