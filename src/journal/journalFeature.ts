// The change journal feature wired up: the journal in global storage, the Changes view, and its
// commands (Revert, Check Against Server, Open Changes). extension.ts creates the journal before
// the session manager (whose clients report every write to it) and registers the rest after.
import * as vscode from 'vscode';
import type { JournalEntry } from '../core/journal';
import { summaryCounts, type BulkSummary } from '../core/bulkPlan';
import { UserFacingError } from '../core/errors';
import { registerCommand } from '../commandPath';
import { confirmDestructive } from '../confirmDestructive';
import type { Log } from '../log';
import type { SessionManager } from '../session/sessionManager';
import { requireSession } from '../session/requireSession';
import { ChangeJournal } from './changeJournal';
import { ChangesView, JOURNAL_SCHEME, type ChangeNode } from './changesView';
import { revertEntry, type ConflictChoice, type RevertDeps } from './revert';

const DEFAULT_MAX_ENTRIES = 1_000;

export function createChangeJournal(context: vscode.ExtensionContext, log: Log): ChangeJournal {
  const maxEntries = () =>
    vscode.workspace.getConfiguration('vensoft').get<number>('journal.maxEntries') ?? DEFAULT_MAX_ENTRIES;
  const journal = new ChangeJournal(
    vscode.Uri.joinPath(context.globalStorageUri, 'journal.jsonl').fsPath,
    maxEntries,
    log,
  );
  void journal.load();
  return journal;
}

/** What Revert answers to its caller (tests, other extensions): counts, and the revert's own entry. */
export interface RevertAnswer {
  succeeded: number;
  failed: number;
  skipped: number;
  entryId?: string;
  summaries: BulkSummary[];
}

export function registerJournalFeature(journal: ChangeJournal, sessions: SessionManager): vscode.Disposable {
  const view = new ChangesView(journal, () => sessions.session?.connection.name);
  const revert = async (entries: JournalEntry[], onConflict?: ConflictChoice): Promise<RevertAnswer> => {
    const session = requireSession(sessions);
    const elsewhere = entries.find((e) => e.connection !== session.connection.name);
    if (elsewhere)
      throw new UserFacingError(
        vscode.l10n.t('This change was made on {0}: log in there to revert it.', elsewhere.connection),
      );
    const summaries: BulkSummary[] = [];
    const deps: RevertDeps = {
      journal,
      run: (action) => sessions.run(action),
      recoverable: async (type) => (await session.catalog.type(type))?.recoverable ?? false,
      compare: (title, server, reverted) => view.diff(title, server, reverted),
    };
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Reverting…'), cancellable: true },
      async (progress, token) => {
        for (const entry of entries) summaries.push(await revertEntry(deps, entry, { onConflict, token }));
      },
    );
    const counts = summaries.map(summaryCounts).reduce(
      (a, c) => ({
        succeeded: a.succeeded + c.succeeded,
        failed: a.failed + c.failed,
        skipped: a.skipped + c.skipped,
      }),
      { succeeded: 0, failed: 0, skipped: 0 },
    );
    return { ...counts, entryId: summaries[0]?.entryId, summaries };
  };
  const entriesOf = (node?: ChangeNode | string, selection?: ChangeNode[]): JournalEntry[] => {
    if (typeof node === 'string') return [journal.entry(node)].filter((e): e is JournalEntry => !!e);
    const nodes = selection?.length && node && selection.includes(node) ? selection : node ? [node] : [];
    return nodes.flatMap((n) => (n.kind === 'entry' ? [n.entry] : []));
  };
  return vscode.Disposable.from(
    view,
    vscode.window.createTreeView('vensoft.changes', { treeDataProvider: view, canSelectMany: true }),
    vscode.workspace.registerTextDocumentContentProvider(JOURNAL_SCHEME, view),
    journal.onDidChange(() => view.refresh()),
    sessions.onDidChange(() => view.refresh()),
    registerCommand(
      'vensoft.journal.revert',
      async (node?: ChangeNode | string, selection?: ChangeNode[], answers?: { onConflict?: ConflictChoice }) => {
        const entries = entriesOf(node, selection);
        if (!entries.length) return undefined;
        const question =
          entries.length === 1
            ? vscode.l10n.t('Revert "{0}"?', entries[0]!.label)
            : vscode.l10n.t('Revert {0} changes?', entries.length);
        const detail = vscode.l10n.t(
          'The inverse writes are sent; objects changed since ask first. The revert is itself journaled.',
        );
        if (!(await confirmDestructive(question, detail, vscode.l10n.t('Revert')))) return undefined;
        const answer = await revert(entries, answers?.onConflict);
        // The explorer shows what the server holds now (undeleted objects, moved ones).
        if (answer.succeeded) void vscode.commands.executeCommand('vensoft.refreshAll');
        void showRevertSummary(answer);
        return answer;
      },
      { failure: vscode.l10n.t('Revert failed') },
    ),
    registerCommand(
      'vensoft.journal.checkUnknown',
      async (node?: ChangeNode | string) => {
        const [entry] = entriesOf(node);
        if (!entry) return undefined;
        const checked = await sessions.run((client) => journal.checkUnknown(entry.id, client));
        return checked?.writes.map((w) => w.state);
      },
      { failure: vscode.l10n.t('Check against the server failed') },
    ),
    registerCommand('vensoft.journal.openDiff', (node?: ChangeNode) =>
      node?.kind === 'object' ? view.openDiff(node) : undefined,
    ),
  );
}

function showRevertSummary(answer: RevertAnswer): Thenable<unknown> {
  const text = vscode.l10n.t(
    'Reverted: {0} succeeded, {1} failed, {2} skipped.',
    answer.succeeded,
    answer.failed,
    answer.skipped,
  );
  const reasons = answer.summaries.flatMap((s) => s.outcomes.filter((o) => o.outcome !== 'succeeded' && o.reason));
  const detail = reasons
    .slice(0, 5)
    .map((o) => `${o.type} ${o.id}: ${o.reason}`)
    .join('\n');
  return answer.failed || answer.skipped
    ? vscode.window.showWarningMessage(detail ? `${text} ${detail}` : text)
    : vscode.window.showInformationMessage(text);
}
