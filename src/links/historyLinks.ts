// Ids in a request history response document (vensoft-history:…/response.json) as links: the
// values responseIds.ts finds, each a link by the link model of the attribute's type, followed on
// the connection the request was sent to. Without a session there, they are still found (by their
// names alone), so that a hover can say to log in.
import type * as vscode from 'vscode';
import { idInValue, LinkModel, selfLink } from '../core/links';
import { parseHistoryUri } from '../history/scheme';
import { typeOf, verbOf } from '../history/historyModel';
import { responseValues } from './responseIds';
import type { LinkService } from './linkService';
import type { LinkedValues } from './objectLinks';

const NO_TYPES = new LinkModel([]);

export async function historyValues(
  service: LinkService,
  document: vscode.TextDocument,
  offset?: number,
): Promise<LinkedValues> {
  const address = parseHistoryUri(document.uri);
  if (address?.part !== 'response') return { connection: '', live: false, values: [] };
  const { connection } = address;
  const live = service.isOn(connection);
  const [entry, model] = await Promise.all([
    service.historyEntry(connection, address.id),
    live ? service.links() : NO_TYPES,
  ]);
  const found = responseValues(document.getText(), {
    verb: entry ? verbOf(entry) : '',
    type: entry && typeOf(entry),
    typeName: (id) => model.typeName(id),
  });
  const here = offset === undefined ? found : found.filter((v) => offset >= v.offset && offset <= v.offset + v.length);
  return {
    connection,
    live,
    values: here.flatMap(({ type, ...value }) => {
      if (value.text === 'null') return [];
      // parent_id points at the parent types of its type: without a type, nowhere.
      const link =
        value.attribute === 'id'
          ? type && selfLink(type)
          : type !== undefined || value.attribute !== 'parent_id'
            ? model.linkOf(type ?? '', value.attribute)
            : undefined;
      return link ? [{ value, link, id: idInValue(value.text), sourceType: type ?? '' }] : [];
    }),
  };
}
