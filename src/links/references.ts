// What points at an object: for each attribute that can point at its type, the filter
// `attribute = id` on that attribute's type (one list request each, a page at a time). Find All
// References answers with the places in the referring objects' documents.
import * as vscode from 'vscode';
import { referenceFilter } from '../core/links';
import type { JsonObject } from '../core/json';
import { describeError } from '../core/errors';
import { objectUri, OBJECT_SCHEME, parseObjectUri, type ObjectAddress } from '../uris';
import { documentText, lineAndColumn } from '../core/objectEdit';
import { attributeValues } from './documentIds';
import { linkedValueAt } from './objectLinks';
import type { LinkService } from './linkService';

export interface ReferringObject {
  id: string;
  definition: JsonObject;
}

/** The objects of one type whose one attribute holds the id. */
export interface ReferenceGroup {
  type: string;
  attribute: string;
  /** How many there are in all (the list's filtered count). */
  count: number;
  objects: ReferringObject[];
  error?: string;
}

export interface ReferenceTarget {
  type: string;
  id: string;
}

/** Reference queries sent at once. */
const PARALLEL = 4;

/** One page of the objects of `group.type` whose `group.attribute` is `id`. */
export async function referencePage(
  service: LinkService,
  group: Pick<ReferenceGroup, 'type' | 'attribute'>,
  id: string,
  page: { count: number; offset: number },
): Promise<{ count: number; objects: ReferringObject[] }> {
  const answer = await service.sessions.run(
    (client) =>
      client.list(group.type, referenceFilter(group.attribute, id, page), {
        returnPrivileges: false,
        returnAttributePrivileges: false,
      }),
    { interactive: false },
  );
  const objects = answer.transfer_objects.map((o) => ({ id: o.id.toString(), definition: o.definition as JsonObject }));
  for (const o of objects) service.remember(o.id, { found: { type: group.type, ...o } });
  return { count: answer.filtered_record_count ?? page.offset + objects.length, objects };
}

/** Every group that can point at the target, with its count and first page; a failed query is kept as an error. */
export async function findReferences(
  service: LinkService,
  target: ReferenceTarget,
  pageSize: number,
): Promise<ReferenceGroup[]> {
  const model = await service.links();
  const pointing = model.pointingAt(target.type, (type, attribute) => service.probedType(type, attribute));
  const groups: ReferenceGroup[] = [];
  for (let start = 0; start < pointing.length; start += PARALLEL) {
    groups.push(
      ...(await Promise.all(
        pointing.slice(start, start + PARALLEL).map(async ({ type, attribute }) => {
          try {
            return {
              type,
              attribute,
              ...(await referencePage(service, { type, attribute }, target.id, { count: pageSize, offset: 0 })),
            };
          } catch (e) {
            return { type, attribute, count: 0, objects: [], error: describeError(e) };
          }
        }),
      )),
    );
  }
  return groups;
}

/** Where a referring object's document holds the attribute: its value, on the line the document will show. */
export function referenceLocation(connection: string, group: ReferenceGroup, object: ReferringObject): vscode.Location {
  const text = documentText(object.definition);
  const value = attributeValues(text).find((v) => v.attribute === group.attribute);
  const position = (offset: number) => {
    const { line, column } = lineAndColumn(text, offset);
    return new vscode.Position(line - 1, column - 1);
  };
  const range = value
    ? new vscode.Range(position(value.offset), position(value.offset + value.length))
    : new vscode.Range(0, 0, 0, 0);
  return new vscode.Location(objectUri({ connection, type: group.type, id: object.id }), range);
}

/** The object a position in an object document is about: the id under the cursor if it is a link, else the document's own. */
export async function targetAt(
  service: LinkService,
  document: vscode.TextDocument,
  position: vscode.Position,
  token?: vscode.CancellationToken,
): Promise<ObjectAddress | undefined> {
  const { value: v } = await linkedValueAt(service, document, position);
  if (v?.id) {
    const abort = new AbortController();
    token?.onCancellationRequested(() => abort.abort());
    const lookup = await service.lookUp(v.sourceType, v.link, v.id, abort.signal);
    return 'found' in lookup ? { connection: document.uri.authority, type: lookup.found.type, id: v.id } : undefined;
  }
  return parseObjectUri(document.uri);
}

export function registerReferenceProvider(service: LinkService, pageSize: () => number): vscode.Disposable {
  return vscode.languages.registerReferenceProvider(
    { scheme: OBJECT_SCHEME },
    {
      async provideReferences(document, position, context, token) {
        const target = await targetAt(service, document, position, token);
        if (!target) return undefined;
        const groups = await findReferences(service, target, pageSize());
        const found = groups.flatMap((g) => g.objects.map((o) => referenceLocation(target.connection, g, o)));
        return context.includeDeclaration
          ? [new vscode.Location(objectUri(target), new vscode.Position(0, 0)), ...found]
          : found;
      },
    },
  );
}
