// What a link says about the object it points at, in words: the hover of an id in a document and
// the tooltip of an id in the results table say the same.
import * as vscode from 'vscode';
import { objectSummary, type Link } from '../core/links';
import type { Lookup } from './linkService';

export interface LinkDescription {
  /** "tour · Hamburg Monday tour · 160656…", or what went wrong. */
  title: string;
  /** "weekday: 1", … */
  details: string[];
}

export function describeLink(link: Link, id: string, lookup: Lookup): LinkDescription {
  if ('found' in lookup) {
    const { label, attributes } = objectSummary(lookup.found.definition, id);
    return { title: `${lookup.found.type} · ${label} · ${id}`, details: attributes.map(([k, v]) => `${k}: ${v}`) };
  }
  const what = link.types.length === 1 ? `${link.types[0]} ${id}` : id;
  if ('failed' in lookup)
    return {
      title: vscode.l10n.t('{0} → {1}: could not ask the server', link.attribute, what),
      details: [lookup.failed],
    };
  return {
    title: vscode.l10n.t('{0} → {1}: not found or not readable for you', link.attribute, what),
    details: [
      link.types.length === 1
        ? vscode.l10n.t('It may have been deleted, or you may not read it.')
        : vscode.l10n.t('Looked among: {0}.', link.types.join(', ') || vscode.l10n.t('no type you may read')),
    ],
  };
}

/** An id in a history response of a connection the session is not on: following it needs a login there. */
export function describeLoggedOut(link: Link, id: string, connection: string): LinkDescription {
  return {
    title: vscode.l10n.t('{0} → {1}: log in to {2} to see what it is', link.attribute, id, connection),
    details: [vscode.l10n.t('The request was sent to {0}; its ids are looked up there.', connection)],
  };
}

/** An attribute that holds something that is not an id: said without asking the server. */
export function describeNotAnId(link: Link, text: string): LinkDescription {
  return {
    title:
      link.types.length === 1
        ? vscode.l10n.t('{0} should hold the id of a {1}', link.attribute, link.types[0]!)
        : vscode.l10n.t('{0} should hold the id of an object', link.attribute),
    details: [vscode.l10n.t('{0} is not an id (a whole number from 0 to 18446744073709551615).', text)],
  };
}
