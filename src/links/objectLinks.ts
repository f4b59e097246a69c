// Ids in object documents and history responses as links: Ctrl+click opens the object
// (DocumentLinkProvider), a hover says what it is (debounced, at most two lookups at a time,
// cancelled with the hover), and Go to Definition / Peek open it (DefinitionProvider).
import * as vscode from 'vscode';
import { idInValue, type Link } from '../core/links';
import { objectUri, OBJECT_SCHEME } from '../uris';
import { HISTORY_SCHEME } from '../history/scheme';
import { valueAt, attributeValues, type AttributeValue } from './documentIds';
import { describeLink, describeLoggedOut, describeNotAnId, type LinkDescription } from './linkText';
import { historyValues } from './historyLinks';
import type { LinkService } from './linkService';

export interface LinkedValue {
  value: AttributeValue;
  link: Link;
  /** The id written, as digits; undefined when the value is not an id. */
  id: string | undefined;
  /** The type of the object the value is an attribute of. */
  sourceType: string;
}

/** A document's link values, and the connection their ids belong to. */
export interface LinkedValues {
  connection: string;
  /** Whether the session is on that connection: else the links cannot be followed now. */
  live: boolean;
  values: LinkedValue[];
}

const HOVER_DELAY_MS = 150;
/** Lookups of hovers at once (documents; the results and report views have as many of their own). */
export const HOVER_LOOKUPS = 2;

/** The documents whose ids are links: object documents, and history responses (historyLinks.ts). */
export const LINKED_DOCUMENTS: vscode.DocumentSelector = [{ scheme: OBJECT_SCHEME }, { scheme: HISTORY_SCHEME }];

/** The object type a vensoft document is of (objects, new objects and updates alike). */
function documentType(document: vscode.TextDocument): string | undefined {
  return /^\/([A-Za-z0-9_]+)\//.exec(document.uri.path)?.[1];
}

/** The values of link attributes in a document of the session's connection (null values are no links). */
export async function linkedValues(
  service: LinkService,
  document: vscode.TextDocument,
  offset?: number,
): Promise<LinkedValues> {
  if (document.uri.scheme === HISTORY_SCHEME) return historyValues(service, document, offset);
  const type = documentType(document);
  const connection = document.uri.authority;
  const live = service.isOn(connection);
  if (!type || !live) return { connection, live, values: [] };
  const model = await service.links();
  const text = document.getText();
  const values = offset === undefined ? attributeValues(text) : [valueAt(text, offset)].filter((v) => v !== undefined);
  return {
    connection,
    live,
    values: values.flatMap((value) => {
      const link = value.text === 'null' ? undefined : model.linkOf(type, value.attribute);
      return link ? [{ value, link, id: idInValue(value.text), sourceType: type }] : [];
    }),
  };
}

/** The link value at a position of a document, if there is one there. */
export async function linkedValueAt(
  service: LinkService,
  document: vscode.TextDocument,
  position: vscode.Position,
): Promise<Omit<LinkedValues, 'values'> & { value: LinkedValue | undefined }> {
  const { values, ...rest } = await linkedValues(service, document, document.offsetAt(position));
  return { ...rest, value: values[0] };
}

class ObjectLink extends vscode.DocumentLink {
  constructor(
    range: vscode.Range,
    readonly linked: LinkedValue & { id: string },
    readonly connection: string,
  ) {
    super(range);
  }
}

/** Runs at most `n` tasks at once; the others wait their turn. */
export function limiter(n: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: Array<() => void> = [];
  return async (task) => {
    if (running >= n) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await task();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}

/** `references`: whether Shift+F12 lists what points at the object there (object documents, not history answers). */
function hoverMarkdown(d: LinkDescription, found: boolean, references = false): vscode.MarkdownString {
  const markdown = new vscode.MarkdownString();
  markdown.appendMarkdown('**').appendText(d.title).appendMarkdown('**\n\n');
  for (const line of d.details) markdown.appendMarkdown('- ').appendText(line).appendMarkdown('\n');
  if (found)
    markdown
      .appendMarkdown('\n_')
      .appendText(
        references
          ? vscode.l10n.t('Ctrl+click to open, F12 to go to it, Shift+F12 for what points at it there.')
          : vscode.l10n.t('Ctrl+click to open, F12 to go to it.'),
      )
      .appendMarkdown('_');
  return markdown;
}

/** A link opens its object through a command that checks the session when clicked (src/links/loader.ts). */
const openTarget = (connection: string, type: string, id: string) =>
  vscode.Uri.parse(`command:vensoft.openLinkedObject?${encodeURIComponent(JSON.stringify([connection, type, id]))}`);

/** Registers the providers; `hovers` is the hover provider itself (tests call it with their own token). */
export function registerObjectLinks(service: LinkService): vscode.Disposable & { hovers: vscode.HoverProvider } {
  const selector = LINKED_DOCUMENTS;
  const bounded = limiter(HOVER_LOOKUPS);
  const rangeOf = (document: vscode.TextDocument, v: AttributeValue) =>
    new vscode.Range(document.positionAt(v.offset), document.positionAt(v.offset + v.length));
  /** Looks up an id with the request aborted when the token is cancelled. */
  const lookUp = (sourceType: string, link: Link, id: string, token: vscode.CancellationToken) => {
    const abort = new AbortController();
    const listener = token.onCancellationRequested(() => abort.abort());
    return service.lookUp(sourceType, link, id, abort.signal).finally(() => listener.dispose());
  };

  const links: vscode.DocumentLinkProvider<ObjectLink> = {
    async provideDocumentLinks(document) {
      const { connection, live, values } = await linkedValues(service, document);
      return values.flatMap((v) => {
        if (v.id === undefined || !live) return [];
        const link = new ObjectLink(rangeOf(document, v.value), { ...v, id: v.id }, connection);
        const candidates = service.candidates(v.sourceType, v.link);
        if (candidates.length === 1) link.target = openTarget(connection, candidates[0]!, v.id);
        link.tooltip =
          candidates.length === 1
            ? vscode.l10n.t('Open {0} {1}', candidates[0]!, v.id)
            : vscode.l10n.t('Open the object {0}', v.id);
        return [link];
      });
    },
    async resolveDocumentLink(link, token) {
      const lookup = await lookUp(link.linked.sourceType, link.linked.link, link.linked.id, token);
      if ('found' in lookup) {
        link.target = openTarget(link.connection, lookup.found.type, lookup.found.id);
      } else {
        const { title } = describeLink(link.linked.link, link.linked.id, lookup);
        link.target = vscode.Uri.parse(
          `command:vensoft.showLinkProblem?${encodeURIComponent(JSON.stringify([title]))}`,
        );
      }
      return link;
    },
  };

  const hovers: vscode.HoverProvider = {
    async provideHover(document, position, token) {
      const { connection, live, value: v } = await linkedValueAt(service, document, position);
      if (!v) return undefined;
      const range = rangeOf(document, v.value);
      if (v.id === undefined)
        return new vscode.Hover(hoverMarkdown(describeNotAnId(v.link, v.value.text), false), range);
      if (!live) return new vscode.Hover(hoverMarkdown(describeLoggedOut(v.link, v.id, connection), false), range);
      // A hover that moves on within the delay sends nothing; one the cache answers need not wait.
      if (!service.isCached(v.id)) await new Promise((resolve) => setTimeout(resolve, HOVER_DELAY_MS));
      if (token.isCancellationRequested) return undefined;
      // A hover that went away aborted its request: nothing to show, and nothing to report.
      const lookup = await bounded(() =>
        token.isCancellationRequested ? Promise.resolve(undefined) : lookUp(v.sourceType, v.link, v.id!, token),
      ).catch(() => undefined);
      if (!lookup || token.isCancellationRequested) return undefined;
      const references = document.uri.scheme === OBJECT_SCHEME;
      return new vscode.Hover(hoverMarkdown(describeLink(v.link, v.id, lookup), 'found' in lookup, references), range);
    },
  };

  const definitions: vscode.DefinitionProvider = {
    async provideDefinition(document, position, token) {
      const { connection, live, value: v } = await linkedValueAt(service, document, position);
      if (!v?.id || !live) return undefined;
      const lookup = await lookUp(v.sourceType, v.link, v.id, token).catch(() => undefined);
      if (!lookup || !('found' in lookup)) return undefined;
      return new vscode.Location(
        objectUri({ connection, type: lookup.found.type, id: v.id }),
        new vscode.Position(0, 0),
      );
    },
  };

  return Object.assign(
    vscode.Disposable.from(
      vscode.languages.registerDocumentLinkProvider(selector, links),
      vscode.languages.registerHoverProvider(selector, hovers),
      vscode.languages.registerDefinitionProvider(selector, definitions),
    ),
    { hovers },
  );
}
