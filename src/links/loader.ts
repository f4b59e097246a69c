// Loads links between objects (dist/links.js) when first needed: an object document or a history
// response is open or opens, or one of its commands runs (Show References, the results table
// asking about an id).
// The one module of src/links that activation code may import by value; every command of the
// feature is registered here, through the one command path (ESLint holds both).
import * as vscode from 'vscode';
import { NotLoggedInError } from '../core/errors';
import type { SessionManager } from '../session/sessionManager';
import { registerCommand } from '../commandPath';
import { onObjectDocuments } from '../documents/whenObjectsOpen';
import { HISTORY_SCHEME } from '../history/scheme';
import { requireSession } from '../session/requireSession';
import { objectUri, sameConnection } from '../uris';
import type { LinkFeature, ObjectArgument } from './index';
import type { ReferenceGroup } from './references';
import type { HistoryLookup } from './linkService';

/** Asked by the results and report views, never by the user: a failure is logged, not shown. */
const QUIET = { failure: () => undefined };

export function registerLinksLazily(sessions: SessionManager, historyEntry?: HistoryLookup): vscode.Disposable {
  let feature: LinkFeature | undefined;
  const load = (): LinkFeature => {
    // A separate bundle beside dist/extension.js; esbuild leaves this require alone.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on demand, from a sibling bundle
    feature ??= (require('./links.js') as typeof import('./index')).createLinkFeature(sessions, historyEntry);
    return feature;
  };
  return vscode.Disposable.from(
    onObjectDocuments(load, HISTORY_SCHEME),
    registerCommand('vensoft.showReferences', (target?: ObjectArgument) => load().showReferences(target), {
      failure: vscode.l10n.t('Show References failed'),
    }),
    registerCommand('vensoft.loadMoreReferences', (group: ReferenceGroup) => load().loadMoreReferences(group), {
      failure: vscode.l10n.t('Loading more references failed'),
    }),
    registerCommand('vensoft.linkColumns', (type: string, columns: string[]) => load().linkColumns(type, columns), {
      ...QUIET,
      fallback: [],
    }),
    registerCommand(
      'vensoft.linkInfo',
      (type: string, attribute: string, text: string) => load().linkInfo(type, attribute, text),
      QUIET,
    ),
    registerCommand(
      'vensoft.openLink',
      (type: string, attribute: string, text: string, column?: vscode.ViewColumn) =>
        load().openLink(type, attribute, text, column),
      { failure: vscode.l10n.t('Opening the linked object failed') },
    ),
    // A link's click (objectLinks.ts): the session is checked when clicked, not when the link was made,
    // so a link in a document opened before Log Out asks to log in instead of failing to read the file.
    registerCommand(
      'vensoft.openLinkedObject',
      async (connection: string, type: string, id: string) => {
        const session = requireSession(sessions, vscode.l10n.t('{0} {1} is on {2}.', type, id, connection));
        if (!sameConnection(session.connection.name, connection))
          throw new NotLoggedInError(vscode.l10n.t('Log in to {0} to open {1} {2}.', connection, type, id));
        return vscode.window.showTextDocument(objectUri({ connection, type, id }));
      },
      { failure: vscode.l10n.t('Opening the linked object failed') },
    ),
    // A link that does not resolve says why (objectLinks.ts points its target here).
    registerCommand('vensoft.showLinkProblem', (title: string) => void vscode.window.setStatusBarMessage(title, 5000)),
    // For tests and the benchmark: the feature's parts.
    registerCommand('vensoft.linkFeature', () => load()),
    { dispose: () => feature?.dispose() },
  );
}
