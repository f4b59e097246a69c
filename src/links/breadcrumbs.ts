// Breadcrumbs above an object document: the containers it lives in (its parent, the parent's
// parent, … up to the root), each a CodeLens that opens that object. Parents are looked up like any
// link, so they come from the same cache as hovers.
import * as vscode from 'vscode';
import { idInValue } from '../core/links';
import { objectLabel } from '../core/labels';
import { OBJECT_SCHEME, parseObjectUri } from '../uris';
import { attributeValues } from './documentIds';
import type { LinkedObject, LinkService } from './linkService';

/** Deeper than any real tree; stops a cycle in odd data. */
const MAX_DEPTH = 16;

/** The objects `id` lives in, the root first. */
export async function containerPath(
  service: LinkService,
  type: string,
  parentText: string | undefined,
): Promise<LinkedObject[]> {
  const path: LinkedObject[] = [];
  let current = { type, parent: parentText === undefined ? undefined : idInValue(parentText) };
  while (current.parent !== undefined && path.length < MAX_DEPTH) {
    const link = (await service.links()).linkOf(current.type, 'parent_id');
    const lookup = link && (await service.lookUp(current.type, link, current.parent));
    if (!lookup || !('found' in lookup)) break;
    path.unshift(lookup.found);
    const next = lookup.found.definition.parent_id;
    current = {
      type: lookup.found.type,
      parent: next === null || next === undefined ? undefined : idInValue(String(next)),
    };
  }
  return path;
}

export function registerBreadcrumbs(service: LinkService): vscode.Disposable {
  return vscode.languages.registerCodeLensProvider(
    { scheme: OBJECT_SCHEME },
    {
      async provideCodeLenses(document) {
        const address = parseObjectUri(document.uri);
        if (!address || !service.connection) return [];
        const parent = attributeValues(document.getText()).find((v) => v.attribute === 'parent_id');
        const path = await containerPath(service, address.type, parent?.text);
        const top = new vscode.Range(0, 0, 0, 0);
        return path.map(
          (o, k) =>
            new vscode.CodeLens(top, {
              title:
                k === 0
                  ? vscode.l10n.t('in {0}', objectLabel(o.definition, o.id))
                  : `› ${objectLabel(o.definition, o.id)}`,
              tooltip: vscode.l10n.t('Open {0} {1}', o.type, o.id),
              command: 'vensoft.openObject',
              arguments: [{ type: o.type, id: o.id }],
            }),
        );
      },
    },
  );
}
