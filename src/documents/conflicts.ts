// A save that meets a change made on the server since the document was read: the user chooses
// Compare (the server's version beside theirs, read-only under vensoft-server:), Overwrite, or
// Discard and Reload. An auto-save does not ask: the conflict stands until the user saves.
import * as vscode from 'vscode';
import { documentText } from '../core/objectEdit';
import type { JsonObject } from '../core/json';
import { objectUri, SERVER_VERSION_SCHEME, type ObjectAddress } from '../uris';

export type ConflictOutcome = 'overwrite' | 'reload';

export class Conflicts implements vscode.TextDocumentContentProvider {
  /** The server's versions shown in Compare, by vensoft-server URI. */
  private readonly serverVersions = new Map<string, string>();

  /**
   * What to do with the user's edits: save them over the server's (`overwrite`) or drop them (`reload`).
   * Compare, no answer, or an auto-save (`explicit` false) refuse the save: it throws, the edits stay.
   */
  async resolve(
    uri: vscode.Uri,
    address: ObjectAddress,
    server: JsonObject,
    explicit: boolean,
  ): Promise<ConflictOutcome> {
    const choice = explicit ? await this.ask(uri, address, server) : undefined;
    if (choice === 'reload' || choice === 'overwrite') return choice;
    if (choice === 'compare')
      throw new Error(
        vscode.l10n.t(
          "{0} {1}: the server's version is shown beside yours. Your edits are kept; save again to Overwrite or Discard and Reload.",
          address.type,
          address.id,
        ),
      );
    throw new Error(
      vscode.l10n.t(
        '{0} {1} was changed on the server since you opened it. Your edits are kept; save (Ctrl+S) to Compare, Overwrite, or Discard and Reload.',
        address.type,
        address.id,
      ),
    );
  }

  /** The server's version of an object, for the left side of Compare. */
  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.serverVersions.get(uri.toString()) ?? '';
  }

  private async ask(
    uri: vscode.Uri,
    address: ObjectAddress,
    server: JsonObject,
  ): Promise<'compare' | 'overwrite' | 'reload' | undefined> {
    const buttons = {
      compare: vscode.l10n.t('Compare'),
      overwrite: vscode.l10n.t('Overwrite'),
      reload: vscode.l10n.t('Discard and Reload'),
    };
    const chosen = await vscode.window.showWarningMessage(
      vscode.l10n.t('{0} {1} was changed on the server since you opened it.', address.type, address.id),
      {
        modal: true,
        detail: vscode.l10n.t(
          "Compare shows the server's version next to yours. Overwrite saves your changed attributes over theirs. Discard and Reload drops your edits.",
        ),
      },
      buttons.compare,
      buttons.overwrite,
      buttons.reload,
    );
    const answer = (Object.keys(buttons) as Array<keyof typeof buttons>).find((k) => buttons[k] === chosen);
    if (answer === 'compare') {
      const serverUri = objectUri(address, SERVER_VERSION_SCHEME);
      this.serverVersions.set(serverUri.toString(), documentText(server));
      await vscode.commands.executeCommand(
        'vscode.diff',
        serverUri,
        uri,
        vscode.l10n.t('{0} {1}: server ↔ yours', address.type, address.id),
      );
    }
    return answer;
  }
}
