// What a write to Vensoft means, as data: the client attaches one to every write call it sends, so
// that whoever watches writes (the change journal) knows what changes without reading the wire form.
import type { JsonObject } from './json';
import type { Id } from './ids';

export interface AceIntent {
  trustee: Id;
  entity: Id;
  role: Id;
}

export type WriteIntent =
  | { kind: 'create'; type: string; definition: JsonObject }
  | { kind: 'update' | 'updatemany'; type: string; ids: readonly Id[]; definition: JsonObject }
  | { kind: 'move'; type: string; ids: readonly Id[]; parentId: Id }
  | { kind: 'delete' | 'undelete' | 'deletemany'; type: string; ids: readonly Id[] }
  | { kind: 'aceSet' | 'aceDelete'; ace: AceIntent }
  | { kind: 'upload'; type: string };

export type WriteKind = WriteIntent['kind'];

/** What a caller knows of objects just before it writes them (a document's base), so nobody asks again. */
export interface KnownBefore {
  id: Id;
  definition: JsonObject;
}
