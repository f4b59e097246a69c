// The History view's commands: filter, choose the connection, and on an entry open its request or
// response, re-run it (here or elsewhere), copy it as curl or code, compare it with another entry,
// save it to the workspace. Like every command, they take their answers as trailing arguments.
import * as vscode from 'vscode';
import type { SnippetLanguage } from '../api';
import { UserFacingError } from '../core/errors';
import { readConnections } from '../session/connections';
import type { LogInArgs } from '../session/sessionManager';
import { copyCallAsCode } from './copyAsCode';
import { baseUrlOf, diffResponses, openHistoryDocument } from './historyDocuments';
import { exchangeDocument, facets, toWireCall, type HistoryFilter } from './historyModel';
import type { HistoryEntry, HistoryStore } from './historyStore';
import type { HistoryNode, HistoryView } from './historyView';
import type { Sender } from './sendOn';
import type { RegisterCommand } from './index';

/** An entry as the view's node or as { connection, id } (tests, other commands). */
type EntryArg = HistoryNode | { connection: string; id: string };

export function registerHistoryCommands(
  store: HistoryStore,
  view: HistoryView,
  sender: Sender,
  registerCommand: RegisterCommand,
): vscode.Disposable {
  const entryOf = async (arg?: EntryArg): Promise<HistoryEntry> => {
    const ref = arg && ('kind' in arg ? (arg.kind === 'entry' ? arg.entry : undefined) : arg);
    const entry = ref && (await store.entry(ref.connection, ref.id));
    if (!entry) throw new UserFacingError(vscode.l10n.t('Choose a request in the History view.'));
    return entry;
  };
  const target = (entry: HistoryEntry) => {
    const connection = readConnections().find((c) => c.name === entry.connection);
    if (!connection)
      throw new UserFacingError(vscode.l10n.t('The connection "{0}" no longer exists.', entry.connection));
    return connection;
  };

  return vscode.Disposable.from(
    registerCommand('vensoft.history.refresh', () => view.refresh()),
    registerCommand('vensoft.history.filter', async (filter?: HistoryFilter) => {
      const chosen = filter ?? (await pickFilter(await store.entries(view.connection), view.filter));
      if (chosen) view.setFilter(chosen);
      return view.filter;
    }),
    registerCommand('vensoft.history.clearFilter', () => view.setFilter({})),
    registerCommand('vensoft.history.showConnection', async (connection?: string) => {
      const chosen =
        connection ??
        (await vscode.window.showQuickPick(await store.connections(), {
          title: vscode.l10n.t('Show the History of'),
        }));
      if (chosen) view.show(chosen);
      return view.connection;
    }),
    registerCommand('vensoft.history.clear', async () => {
      const yes = vscode.l10n.t('Clear');
      const answer = await vscode.window.showWarningMessage(
        vscode.l10n.t('Clear the request history of {0}?', view.connection),
        { modal: true },
        yes,
      );
      if (answer !== yes) return false;
      await store.clear(view.connection);
      view.refresh();
      return true;
    }),
    registerCommand('vensoft.history.openRequest', async (arg?: EntryArg) =>
      openHistoryDocument(await entryOf(arg), 'request').then(() => true),
    ),
    registerCommand('vensoft.history.openResponse', async (arg?: EntryArg) =>
      openHistoryDocument(await entryOf(arg), 'response').then(() => true),
    ),
    registerCommand(
      'vensoft.history.rerun',
      // `confirmed`: the answer to "Re-run … on …?" of a write, for callers without a user (tests).
      async (arg?: EntryArg, connection?: unknown, logIn?: Omit<LogInArgs, 'connection'>, confirmed?: boolean) => {
        const entry = await entryOf(arg);
        if (entry.method.startsWith('auth/'))
          throw new UserFacingError(vscode.l10n.t('Logins and logouts are not re-run from the history: use Log In.'));
        const where = typeof connection === 'string' ? connection : await pickConnection(entry.connection);
        if (!where) return undefined;
        if (!entry.read && confirmed !== true) {
          const yes = vscode.l10n.t('Re-run');
          const answer = await vscode.window.showWarningMessage(
            vscode.l10n.t('Re-run {0} on {1}? It writes to that server again.', entry.method, where),
            { modal: true },
            yes,
          );
          if (answer !== yes) return undefined;
        }
        const again = await sender.send(where, toWireCall(entry), logIn);
        if (!again) return undefined;
        view.refreshSoon();
        await openHistoryDocument(again, 'response');
        return { connection: again.connection, id: again.id };
      },
      { failure: vscode.l10n.t('Re-run failed') },
    ),
    registerCommand('vensoft.history.copyAsCurl', async (arg?: EntryArg) => {
      const entry = await entryOf(arg);
      return copyCallAsCode(target(entry), toWireCall(entry), 'curl');
    }),
    registerCommand('vensoft.history.copyAsCode', async (arg?: EntryArg, language?: unknown) => {
      const entry = await entryOf(arg);
      const chosen = typeof language === 'string' ? (language as SnippetLanguage) : undefined;
      return copyCallAsCode(target(entry), toWireCall(entry), chosen);
    }),
    registerCommand('vensoft.history.compare', async (arg?: EntryArg, other?: unknown) => {
      const entry = await entryOf(arg);
      const withEntry =
        other && typeof other === 'object' && !Array.isArray(other)
          ? await entryOf(other as EntryArg)
          : await pickEntry(store, entry);
      if (!withEntry) return false;
      await diffResponses(withEntry, entry);
      return true;
    }),
    registerCommand('vensoft.history.save', async (arg?: EntryArg, uri?: unknown) => {
      const entry = await entryOf(arg);
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
      const name = `${entry.method.replace(/\//g, '-')}-${entry.at.replace(/[:.]/g, '-')}.vensoft-exchange.json`;
      const destination =
        uri instanceof vscode.Uri
          ? uri
          : await vscode.window.showSaveDialog({
              defaultUri: folder && vscode.Uri.joinPath(folder, name),
              filters: { JSON: ['json'] },
              title: vscode.l10n.t('Save Request and Response'),
            });
      if (!destination) return undefined;
      const text = exchangeDocument(entry, baseUrlOf(entry.connection));
      await vscode.workspace.fs.writeFile(destination, Buffer.from(text));
      return destination;
    }),
  );
}

async function pickConnection(current: string): Promise<string | undefined> {
  const names = readConnections().map((c) => c.name);
  const items = [current, ...names.filter((n) => n !== current)].map((label) => ({
    label,
    description: label === current ? vscode.l10n.t('where it ran') : undefined,
  }));
  return (await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Re-run on which connection?') }))?.label;
}

/** Another entry, of any connection; entries of the same method come first. */
async function pickEntry(store: HistoryStore, entry: HistoryEntry): Promise<HistoryEntry | undefined> {
  const all: HistoryEntry[] = [];
  for (const connection of await store.connections()) all.push(...(await store.entries(connection)));
  const others = all
    .filter((e) => e.id !== entry.id || e.connection !== entry.connection)
    .sort((a, b) => Number(b.method === entry.method) - Number(a.method === entry.method) || b.at.localeCompare(a.at));
  const pick = await vscode.window.showQuickPick(
    others.map((e) => ({ label: e.method, description: `${e.connection} · ${e.at}`, detail: e.path, entry: e })),
    { title: vscode.l10n.t('Compare {0} with…', entry.method), matchOnDescription: true },
  );
  return pick?.entry;
}

async function pickFilter(entries: HistoryEntry[], current: HistoryFilter): Promise<HistoryFilter | undefined> {
  const { methods, types } = facets(entries);
  type Item = vscode.QuickPickItem & { set?: (f: HistoryFilter) => void };
  const item = (label: string, chosen: boolean | undefined, set: (f: HistoryFilter) => void): Item => ({
    label,
    picked: !!chosen,
    set,
  });
  const separator = (label: string): Item => ({ label, kind: vscode.QuickPickItemKind.Separator });
  const items: Item[] = [
    separator(vscode.l10n.t('Method')),
    ...methods.map((m) => item(m, current.methods?.includes(m), (f) => (f.methods = [...(f.methods ?? []), m]))),
    separator(vscode.l10n.t('Type')),
    ...types.map((t) => item(t, current.types?.includes(t), (f) => (f.types = [...(f.types ?? []), t]))),
    separator(vscode.l10n.t('Status')),
    item(vscode.l10n.t('succeeded'), current.status === 'ok', (f) => (f.status = f.status ? undefined : 'ok')),
    item(vscode.l10n.t('failed'), current.status === 'failed', (f) => (f.status = f.status ? undefined : 'failed')),
  ];
  const picked = await vscode.window.showQuickPick(items, {
    canPickMany: true,
    title: vscode.l10n.t('Filter the History'),
  });
  if (!picked) return undefined;
  const filter: HistoryFilter = {};
  for (const p of picked) p.set?.(filter);
  return filter;
}
