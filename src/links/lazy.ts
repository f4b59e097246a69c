// Loads links between objects (dist/links.js) when first needed: an object document is open or
// opens, or one of its commands runs (Show References, or the results table asking about an id).
import * as vscode from 'vscode';
import type { SessionManager } from '../session/sessionManager';
import { whenObjectsOpen } from '../documents/whenObjectsOpen';
import type { LinkFeature } from './index';

export function registerLinksLazily(sessions: SessionManager): vscode.Disposable {
  let feature: LinkFeature | undefined;
  const load = (): LinkFeature => {
    // A separate bundle beside dist/extension.js; esbuild leaves this require alone.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on demand, from a sibling bundle
    feature ??= (require('./links.js') as typeof import('./index')).createLinkFeature(sessions);
    return feature;
  };
  const command = (name: string, run: (f: LinkFeature, ...args: never[]) => unknown) =>
    vscode.commands.registerCommand(name, (...args: never[]) => run(load(), ...args));
  return vscode.Disposable.from(
    whenObjectsOpen(() => (load(), new vscode.Disposable(() => undefined))),
    command('vensoft.showReferences', (f, target: Parameters<LinkFeature['showReferences']>[0]) => f.showReferences(target)),
    command('vensoft.loadMoreReferences', (f, group: Parameters<LinkFeature['loadMoreReferences']>[0]) => f.loadMoreReferences(group)),
    command('vensoft.linkColumns', (f, type: string, columns: string[]) => f.linkColumns(type, columns)),
    command('vensoft.linkInfo', (f, type: string, attribute: string, text: string) => f.linkInfo(type, attribute, text)),
    command('vensoft.openLink', (f, type: string, attribute: string, text: string, column?: vscode.ViewColumn) => f.openLink(type, attribute, text, column)),
    // For tests and the benchmark: the feature's parts.
    command('vensoft.linkFeature', (f) => f),
    { dispose: () => feature?.dispose() },
  );
}
