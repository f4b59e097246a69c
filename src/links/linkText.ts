// What a link says about the object it points at, in words: the hover of an id in a document and
// the tooltip of an id in the results table say the same.
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
  const what = link.types.length === 1 ? `${link.types[0]} ${id}` : `${id}`;
  if ('failed' in lookup) return { title: `${link.attribute} → ${what}: could not ask the server`, details: [lookup.failed] };
  return {
    title: `${link.attribute} → ${what}: not found or not readable for you`,
    details: [link.types.length === 1 ? 'It may have been deleted, or you may not read it.' : `Looked among: ${link.types.join(', ') || 'no type you may read'}.`],
  };
}

/** An attribute that holds something that is not an id: said without asking the server. */
export function describeNotAnId(link: Link, text: string): LinkDescription {
  const of = link.types.length === 1 ? `a ${link.types[0]}` : 'an object';
  return { title: `${link.attribute} should hold the id of ${of}`, details: [`${text} is not an id (a whole number from 0 to 18446744073709551615).`] };
}

export function linkDescriptionText(d: LinkDescription): string {
  return [d.title, ...d.details].join('\n');
}
