// "Compare with…" on an object document: the same get on this connection and on another one, both
// recorded in the history, side by side in the diff editor. "Copy as Code…" on an object (explorer
// row or document): its get in another language.
import * as vscode from 'vscode';
import type { SnippetLanguage, WireCall } from '../api';
import { loadApi } from '../apiLoader';
import { UserFacingError } from '../core/errors';
import { readConnections } from '../session/connections';
import type { LogInArgs, SessionManager } from '../session/sessionManager';
import { parseObjectUri, sameConnection, type ObjectAddress } from '../uris';
import { copyCallAsCode } from './copyAsCode';
import { diffResponses } from './historyDocuments';
import type { Sender } from './sendOn';
import type { RegisterCommand } from './index';

/** An explorer row of an object ({ object: { typeName, id } }) or an object document's URI. */
type ObjectArg = vscode.Uri | { object?: { typeName: string; id: bigint } };

function addressOf(arg: ObjectArg | undefined, sessions: SessionManager): ObjectAddress | undefined {
  const uri = arg ?? vscode.window.activeTextEditor?.document.uri;
  if (uri instanceof vscode.Uri) return parseObjectUri(uri);
  const connection = sessions.session?.connection.name;
  if (!uri?.object || !connection) return undefined;
  return { connection, type: uri.object.typeName, id: uri.object.id.toString() };
}

async function pickOther(current: string): Promise<string | undefined> {
  const others = readConnections().filter((c) => c.name !== current);
  const pick = await vscode.window.showQuickPick(
    others.map((c) => ({ label: c.name, description: c.baseUrl })),
    { title: vscode.l10n.t('Compare with the same request on…') },
  );
  return pick?.label;
}

const connectionNamed = (name: string) => readConnections().find((c) => sameConnection(c.name, name));

export function registerCompareAndCode(
  sessions: SessionManager,
  sender: Sender,
  registerCommand: RegisterCommand,
): vscode.Disposable {
  const objectOf = (arg?: ObjectArg) => {
    const address = addressOf(arg, sessions);
    const connection = address && connectionNamed(address.connection);
    if (!address || !connection) throw new UserFacingError(vscode.l10n.t('Open an object of Vensoft first.'));
    return { address, connection };
  };
  /** The same call on two connections, both recorded, their answers in the diff editor. */
  const compareCall = async (here: string, call: WireCall, there: string, logIn?: Omit<LogInArgs, 'connection'>) => {
    const mine = await sender.send(here, call);
    const theirs = mine && (await sender.send(there, call, logIn));
    if (!mine || !theirs) return undefined;
    await diffResponses(mine, theirs);
    return [mine, theirs].map((e) => ({ connection: e.connection, id: e.id }));
  };
  return vscode.Disposable.from(
    // For the queries feature (its own bundle): Compare with… on a filter or report file.
    registerCommand(
      'vensoft.history.compareCall',
      async (here: string, call: WireCall, there?: string) => {
        const target = there ?? (await pickOther(here));
        return target ? compareCall(here, call, target) : undefined;
      },
      { failure: vscode.l10n.t('Compare failed') },
    ),
    registerCommand(
      'vensoft.compareWith',
      async (arg?: ObjectArg, other?: unknown, logIn?: Omit<LogInArgs, 'connection'>) => {
        const { address, connection } = objectOf(arg);
        const target = typeof other === 'string' ? other : await pickOther(connection.name);
        if (!target) return undefined;
        const { wireCalls } = await loadApi();
        return compareCall(connection.name, wireCalls.get(address.type, BigInt(address.id)), target, logIn);
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
