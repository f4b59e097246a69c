// Links between objects (dist/links.js, loaded with the first object document or when one of its
// commands runs: src/links/loader.ts): ids as links with hovers, Go to Definition, references.
import * as vscode from 'vscode';
import { idInValue, selfLink } from '../core/links';
import { toSnakeCase } from '../core/attributeNames';
import { objectLabel } from '../core/labels';
import type { JsonValue } from '../core/json';
import { parseObjectUri } from '../uris';
import type { SessionManager } from '../session/sessionManager';
import { LinkService, type HistoryLookup } from './linkService';
import { describeLink, describeNotAnId, type LinkDescription } from './linkText';
import { HOVER_LOOKUPS, limiter, registerObjectLinks } from './objectLinks';
import { registerReferenceProvider, type ReferenceGroup } from './references';
import { ReferencesView } from './referencesView';
import { registerBreadcrumbs } from './breadcrumbs';

/** What a link in a webview (the results table) shows and where it goes. */
export interface WebviewLink extends LinkDescription {
  /** The object, when the id points at one this user may read. */
  target?: { type: string; id: string };
}

/** A tree node or anything else naming an object, as commands receive them. */
export type ObjectArgument =
  | { object: { id: bigint; typeName: string; definition?: Record<string, JsonValue> } }
  | { type: string; id: string }
  | vscode.Uri
  | undefined;

export interface LinkFeature extends vscode.Disposable {
  service: LinkService;
  /** The object documents' hover provider (tests call it with a token of their own). */
  hovers: vscode.HoverProvider;
  /** The attributes among `columns` that are links on objects of `type`. */
  linkColumns(type: string, columns: string[]): Promise<string[]>;
  /** What the value `text` of `attribute` on a `type` object points at (one lookup, cached). */
  linkInfo(type: string, attribute: string, text: string): Promise<WebviewLink | undefined>;
  /** Shows what points at an object in the References view; returns the groups. */
  showReferences(target: ObjectArgument): Promise<ReferenceGroup[] | undefined>;
  loadMoreReferences(group: ReferenceGroup): Promise<void>;
  /** Opens what the value `text` of `attribute` on a `type` object points at; says why not in the status bar. */
  openLink(type: string, attribute: string, text: string, viewColumn?: vscode.ViewColumn): Promise<void>;
}

/** The object a command was given: a tree node, an address, a document's URI, or the active editor's. */
function addressOf(argument: ObjectArgument): { type: string; id: string } | undefined {
  if (argument === undefined || argument instanceof vscode.Uri) {
    const uri = argument ?? vscode.window.activeTextEditor?.document.uri;
    return uri && parseObjectUri(uri);
  }
  return 'object' in argument ? { type: argument.object.typeName, id: argument.object.id.toString() } : argument;
}

export function createLinkFeature(sessions: SessionManager, historyEntry?: HistoryLookup): LinkFeature {
  const pageSize = () => vscode.workspace.getConfiguration('vensoft').get<number>('pageSize') ?? 200;
  const service = new LinkService(sessions, historyEntry);
  const view = new ReferencesView(service, pageSize);
  const objectLinks = registerObjectLinks(service);
  const disposable = vscode.Disposable.from(
    view,
    service,
    objectLinks,
    registerReferenceProvider(service, pageSize),
    registerBreadcrumbs(service),
  );
  // The views' hovers, bounded as the documents' are: a pointer sweeping over a column asks a few at a time.
  const bounded = limiter(HOVER_LOOKUPS);
  const linkInfo = async (type: string, attribute: string, text: string): Promise<WebviewLink | undefined> => {
    // A report grouped by id names the objects of its own type.
    const link = toSnakeCase(attribute) === 'id' ? selfLink(type) : (await service.links()).linkOf(type, attribute);
    if (!link) return undefined;
    const id = idInValue(text);
    if (id === undefined) return describeNotAnId(link, text);
    const lookup = service.isCached(id)
      ? await service.lookUp(type, link, id)
      : await bounded(() => service.lookUp(type, link, id));
    return {
      ...describeLink(link, id, lookup),
      ...('found' in lookup ? { target: { type: lookup.found.type, id } } : {}),
    };
  };
  return {
    service,
    hovers: objectLinks.hovers,
    async linkColumns(type, columns) {
      const model = await service.links();
      return columns.filter((c) => model.linkOf(type, c));
    },
    linkInfo,
    async showReferences(argument) {
      const address = addressOf(argument);
      if (!address || !sessions.session) {
        void vscode.window.showInformationMessage(
          vscode.l10n.t(
            'Show References needs an object: right-click one in the Vensoft explorer, or open its document first.',
          ),
        );
        return undefined;
      }
      const fromTree = argument && !(argument instanceof vscode.Uri) && 'object' in argument;
      const known = fromTree ? argument.object.definition : service.known(address.id)?.definition;
      return view.show({ type: address.type, id: address.id }, objectLabel(known, address.id));
    },
    loadMoreReferences: (group) => view.loadMore(group),
    async openLink(type, attribute, text, viewColumn) {
      const info = await linkInfo(type, attribute, text);
      if (info?.target) await vscode.commands.executeCommand('vensoft.openObject', { ...info.target, viewColumn });
      else vscode.window.setStatusBarMessage(info?.title ?? vscode.l10n.t('{0} is not a link', attribute), 5000);
    },
    dispose: () => disposable.dispose(),
  };
}
