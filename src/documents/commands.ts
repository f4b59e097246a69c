// Opening objects as documents: from the tree and by type and id.
import * as vscode from 'vscode';
import { UserFacingError } from '../core/errors';
import { describeFailure } from '../failureText';
import { registerCommand } from '../commandPath';
import { requireSession } from '../session/requireSession';
import { pickTypeAndId } from '../pickTypeAndId';
import { OBJECT_SCHEME, objectUri, type ObjectAddress } from '../uris';
import type { SessionManager } from '../session/sessionManager';
import type { ObjectFileSystem } from './objectFileSystem';

/** A tree node's shape, as far as opening needs it (kept loose so documents do not depend on the explorer). */
interface ObjectLike {
  object: { id: bigint; typeName: string };
}

interface OpenHow {
  browsing?: boolean;
  fromTree?: boolean;
  viewColumn?: vscode.ViewColumn;
}

/** `opening`: told of each document about to open, and whether a tree row opens it (the tree then keeps its place). */
export function registerDocumentCommands(
  sessions: SessionManager,
  files: ObjectFileSystem,
  opening: (uri: vscode.Uri, fromTree: boolean) => void,
): vscode.Disposable {
  // From the tree: a preview that keeps the focus in the tree, as VS Code's own explorer does.
  /**
   * `browsing`: from a list the user goes on browsing (the tree, a results table): a preview, focus stays.
   * `fromTree`: from a row of the tree, which then keeps its place.
   */
  const open = async (address: ObjectAddress, { browsing = false, fromTree = false, viewColumn }: OpenHow = {}) => {
    // VS Code rejects with its own error around the file system's message ("does not exist…"): that is
    // a failure to report (by the command path), not a defect.
    const document = await vscode.workspace
      .openTextDocument(objectUri(address))
      .then(undefined, (e: unknown) =>
        Promise.reject(
          new UserFacingError(
            ownFileSystemMessage(e) ??
              vscode.l10n.t('Could not open {0} {1}: {2}', address.type, address.id, describeFailure(e)),
          ),
        ),
      );
    opening(document.uri, fromTree);
    return vscode.window.showTextDocument(document, {
      preview: browsing,
      preserveFocus: browsing,
      ...(viewColumn ? { viewColumn } : {}),
    });
  };
  return vscode.Disposable.from(
    // A new object's document becomes the created object's document, with its real id.
    files.drafts.onDidCreate(async ({ draft, object }) => {
      const draftTab = () =>
        vscode.window.tabGroups.all
          .flatMap((g) => g.tabs)
          .find((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === draft.toString());
      await vscode.window.showTextDocument(objectUri(object), {
        preview: false,
        viewColumn: draftTab()?.group.viewColumn,
      });
      // Looked up again: the draft's tab may have gone meanwhile (closed by the user, or replaced),
      // and closing a tab that is gone rejects ("Invalid tab not found"): nothing is left to close then.
      const tab = draftTab();
      if (tab) await vscode.window.tabGroups.close(tab).then(undefined, () => undefined);
      files.drafts.forget(draft);
    }),
    // From a results table: { type, id, viewColumn } opens beside the table, as a preview.
    registerCommand(
      'vensoft.openObject',
      async (target?: ObjectLike | { type: string; id: string; viewColumn?: vscode.ViewColumn }) => {
        const session = requireSession(sessions);
        if (!target) return undefined;
        if ('object' in target) {
          const { typeName: type, id } = target.object;
          return open(
            { connection: session.connection.name, type, id: id.toString() },
            { browsing: true, fromTree: true },
          );
        }
        return open(
          { connection: session.connection.name, type: target.type, id: target.id },
          { browsing: target.viewColumn !== undefined, viewColumn: target.viewColumn },
        );
      },
    ),
    registerCommand(
      'vensoft.openObjectById',
      async () => {
        const session = requireSession(sessions);
        const types = await session.catalog.typeNames({ interactive: true });
        const picked = await pickTypeAndId(types, {
          typeTitle: vscode.l10n.t('Open Object by ID (1/2)'),
          typePlaceholder: vscode.l10n.t('Object type'),
          idTitle: (type) => vscode.l10n.t('Open {0} by ID (2/2)', type),
          idPrompt: vscode.l10n.t("The object's id (digits)"),
        });
        return picked && open({ connection: session.connection.name, ...picked });
      },
      { failure: vscode.l10n.t('Could not list the object types') },
    ),
    // Ctrl+S on an object document: a refused auto-save still waiting must not swallow this save.
    registerCommand('vensoft.saveObject', async () => {
      const document = vscode.window.activeTextEditor?.document;
      if (document?.uri.scheme === OBJECT_SCHEME) await files.releaseRefusedAutoSave(document.uri);
      return vscode.commands.executeCommand('workbench.action.files.save');
    }),
  );
}

/**
 * Our file system's own sentence out of VS Code's wrapping of it ("cannot open vensoft://…. Detail:
 * Unable to read file '…' (Unknown (FileSystemError): <ours>)"): it already names the object and
 * what to do, and the wrapping only buries it.
 */
function ownFileSystemMessage(e: unknown): string | undefined {
  return /\(FileSystemError\): ([\s\S]+)\)\s*$/.exec(e instanceof Error ? e.message : String(e))?.[1];
}
