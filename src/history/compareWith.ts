// "Compare with…" on an object document: the same get on this connection and on another one, both
// recorded in the history, side by side in the diff editor. "Copy as Code…" on an object (explorer
// row or document): its get in another language.
import * as vscode from 'vscode';
import type { SnippetLanguage } from '../api';
import { loadApi } from '../apiLoader';
import { registerCommand } from '../commandPath';
import { UserFacingError } from '../core/errors';
import { readConnections } from '../session/connections';
import type { LogInArgs, SessionManager } from '../session/sessionManager';
import { parseObjectUri, sameConnection, type ObjectAddress } from '../uris';
import { copyCallAsCode } from './copyAsCode';
import { diffResponses } from './historyDocuments';
import type { Sender } from './sendOn';

/** An explorer row of an object ({ object: { typeName, id } }) or an object document's URI. */
type ObjectArg = vscode.Uri | { object?: { typeName: string; id: bigint } };

function addressOf(arg: ObjectArg | undefined, sessions: SessionManager): ObjectAddress | undefined {
  const uri = arg ?? vscode.window.activeTextEditor?.document.uri;
  if (uri instanceof vscode.Uri) return parseObjectUri(uri);
  const connection = sessions.session?.connection.name;
  if (!uri?.object || !connection) return undefined;
  return { connection, type: uri.object.typeName, id: uri.object.id.toString() };
}

const connectionNamed = (name: string) => readConnections().find((c) => sameConnection(c.name, name));

export function registerCompareAndCode(sessions: SessionManager, sender: Sender): vscode.Disposable {
  const objectOf = (arg?: ObjectArg) => {
    const address = addressOf(arg, sessions);
    const connection = address && connectionNamed(address.connection);
    if (!address || !connection) throw new UserFacingError(vscode.l10n.t('Open an object of Vensoft first.'));
    return { address, connection };
  };
  return vscode.Disposable.from(
    registerCommand(
      'vensoft.compareWith',
      async (arg?: ObjectArg, other?: unknown, logIn?: Omit<LogInArgs, 'connection'>) => {
        const { address, connection } = objectOf(arg);
        const target =
          typeof other === 'string'
            ? other
            : (
                await vscode.window.showQuickPick(
                  readConnections()
                    .filter((c) => c.name !== connection.name)
                    .map((c) => ({ label: c.name, description: c.baseUrl })),
                  { title: vscode.l10n.t('Compare {0} {1} with the same on…', address.type, address.id) },
                )
              )?.label;
        if (!target) return undefined;
        const { wireCalls } = await loadApi();
        const call = wireCalls.get(address.type, BigInt(address.id));
        const here = await sender.send(connection.name, call);
        const there = here && (await sender.send(target, call, logIn));
        if (!here || !there) return undefined;
        await diffResponses(here, there);
        return [here, there].map((e) => ({ connection: e.connection, id: e.id }));
      },
      { failure: vscode.l10n.t('Compare failed') },
    ),
    registerCommand('vensoft.copyAsCode', async (arg?: ObjectArg, language?: unknown) => {
      const { address, connection } = objectOf(arg instanceof Array ? undefined : arg);
      const { wireCalls } = await loadApi();
      const chosen = typeof language === 'string' ? (language as SnippetLanguage) : undefined;
      return copyCallAsCode(connection, wireCalls.get(address.type, BigInt(address.id)), chosen);
    }),
  );
}
