// Explorer commands: Refresh (all or one node; also Retry on a failed load), Refresh All (the title bar), Load More, Copy ID
// (digit-exact; also the object documents' CodeLens), and Reveal Object (select an object opened
// elsewhere in the tree).
import * as vscode from 'vscode';
import { registerCommand } from '../commandPath';
import { UserFacingError } from '../core/errors';
import { describeFailure } from '../failureText';
import type { ObjectAddress } from '../uris';
import type { ExplorerTree, Node } from './explorerTree';

export interface RevealArgs {
  type: string;
  /** The id as decimal digits: never a JS number. */
  id: string;
  /** Set when no one asked (the active editor changed): say nothing when the object is not found. */
  quiet?: boolean;
}

export function registerExplorerCommands(tree: ExplorerTree, view: vscode.TreeView<Node>): vscode.Disposable {
  return vscode.Disposable.from(
    registerCommand('vensoft.refresh', (node?: Node) => tree.refresh(node)),
    // The view's title bar: everything. (VS Code passes a title-bar command the focused row, which
    // vensoft.refresh would take for the one row to refresh: a renamed object's label stayed stale.)
    registerCommand('vensoft.refreshAll', () => tree.refresh()),
    registerCommand(
      'vensoft.loadMore',
      async (node: Node) => {
        if (node?.kind === 'loadMore') await tree.loadMore(node);
      },
      {
        failure: (node) =>
          vscode.l10n.t('Loading more {0} objects failed', node.kind === 'loadMore' ? node.owner.type.name : ''),
      },
    ),
    registerCommand('vensoft.copyId', async (target?: Node | ObjectAddress) => {
      const id = idToCopy(target);
      if (id === undefined) return undefined;
      await vscode.env.clipboard.writeText(id);
      vscode.window.setStatusBarMessage(vscode.l10n.t('Copied id {0}', id), 3000);
      return id;
    }),
    registerCommand(
      'vensoft.revealObject',
      async (args?: RevealArgs) => {
        if (!args || !/^\d+$/.test(args.id ?? '')) return false;
        // Unasked (the active editor changed), only a row already loaded is selected: loading pages
        // for it raced with a save's refresh of the type, and VS Code then failed to resolve the row.
        const node = await tree.findObject(args.type, BigInt(args.id), args.quiet ? 0 : undefined);
        if (!node) {
          if (!args.quiet)
            vscode.window.setStatusBarMessage(
              vscode.l10n.t('{0} {1} is not among the first pages of the explorer', args.type, args.id),
              5000,
            );
          return false;
        }
        // VS Code may fail to resolve a row that a refresh replaced meanwhile: a failure to report, not a defect.
        await view
          .reveal(node, { select: true, focus: false, expand: false })
          .then(undefined, (e: unknown) =>
            Promise.reject(
              new UserFacingError(
                vscode.l10n.t('Could not reveal {0} {1}: {2}', args.type, args.id, describeFailure(e)),
              ),
            ),
          );
        return true;
      },
      {
        failure: (args) =>
          args?.quiet ? undefined : vscode.l10n.t('Could not reveal {0} {1}', args?.type ?? '', args?.id ?? ''),
        fallback: false,
      },
    ),
  );
}

/** Copy ID's id as digits: of a tree object (from its bigint: every digit exact) or of an open document. */
function idToCopy(target?: Node | ObjectAddress): string | undefined {
  if (!target || !('kind' in target)) return target?.id;
  return target.kind === 'object' || target.kind === 'container' ? target.object.id.toString() : undefined;
}
