// Runs a bulk operation the one way: from `vensoft.confirmBulkThreshold` objects on, a preview of
// the plan first (a page beside, with Run and Cancel); then the writes with progress and Cancel,
// grouped in one journal entry; then a summary (succeeded, failed with the server's reason,
// skipped) in the same page, with Retry failed and Revert all. Each button is also a command
// (vensoft.bulk.run, .cancel, .retryFailed) taking the run's id, for the keyboard and for tests.
// Update Selected…, Delete… and Move… feed it a plan (src/core/bulkPlan.ts), the function that
// writes a slice of it, and how to retry the failed objects (plan them again from the server).
import * as vscode from 'vscode';
import {
  failedOnly,
  summaryCounts,
  type BulkPlan,
  type BulkSummary,
  type ObjectOutcome,
  type PlannedObject,
} from '../core/bulkPlan';
import { describeError } from '../core/errors';
import { registerCommand } from '../commandPath';
import type { ChangeJournal } from '../journal/changeJournal';
import { previewPage, summaryPage, withStatus } from './bulkPages';
import { BulkPanel } from './bulkPanel';
import type { BulkPageModel, PageAction } from './protocol';

/** Writes a slice of the plan's objects; answers each one's outcome (a thrown error fails the slice). */
export type WriteSlice = (objects: PlannedObject[]) => Promise<ObjectOutcome[]>;

/** Runs the operation again for the objects that failed: planned afresh, answers RETRY. */
export type Retry = (failed: PlannedObject[]) => Promise<BulkSummary | undefined>;

/** Answers for callers without a user (tests, other extensions): `run` answers the preview. */
export interface BulkAnswers {
  run?: boolean;
  /** This run retries another's failed objects: titled so, and always summarised. */
  retry?: boolean;
}

/** What Retry failed passes to its operation. */
export const RETRY: BulkAnswers = { run: true, retry: true };

export interface RunOptions {
  answers?: BulkAnswers;
  /** Objects per request, so that Cancel stops between them. */
  slice?: number;
  retry?: Retry;
}

interface Run {
  id: string;
  plan: BulkPlan;
  retry?: Retry;
  panel?: BulkPanel;
  page?: BulkPageModel;
  /** Answers the preview while it waits for Run or Cancel. */
  answer?: (run: boolean) => void;
  summary?: BulkSummary;
  retried?: boolean;
  /** Where its page opens: a retry's beside the retried run's, as a tab of the same group. */
  column?: vscode.ViewColumn;
}

const DEFAULT_SLICE = 100;
/** Runs remembered for their buttons; older ones without an open page are forgotten. */
const REMEMBERED_RUNS = 50;

export class BulkRunner implements vscode.Disposable {
  private readonly runs = new Map<string, Run>();
  private counter = 0;
  /** The column of the run whose failed objects are being retried. */
  private retryColumn: vscode.ViewColumn | undefined;
  private readonly shown = new vscode.EventEmitter<{ runId: string; page: BulkPageModel }>();
  /** Fires with each page shown: a preview (waiting or answered), a status, a summary. */
  readonly onDidShowPage = this.shown.event;
  private readonly registrations: vscode.Disposable;

  constructor(
    private readonly journal: ChangeJournal,
    private readonly extensionUri: vscode.Uri,
  ) {
    // Without a run id (the editor title's buttons), the page on screen that offers the action.
    const runId = (arg: unknown, action: PageAction) => (typeof arg === 'string' ? arg : this.shownWith(action)?.id);
    this.registrations = vscode.Disposable.from(
      registerCommand('vensoft.bulk.run', (arg?: unknown) => this.answer(runId(arg, 'run'), true)),
      registerCommand('vensoft.bulk.cancel', (arg?: unknown) => this.answer(runId(arg, 'cancel'), false)),
      registerCommand('vensoft.bulk.retryFailed', (arg?: unknown) => this.retryFailed(runId(arg, 'retry')), {
        failure: vscode.l10n.t('Retry failed did not run'),
      }),
    );
  }

  /** Previews (from the threshold on), runs and summarises a plan. Undefined when the preview was cancelled. */
  async run(plan: BulkPlan, write: WriteSlice, options: RunOptions = {}): Promise<BulkSummary | undefined> {
    const { answers = {}, slice = DEFAULT_SLICE } = options;
    const titled = answers.retry ? { ...plan, title: vscode.l10n.t('Retry failed: {0}', plan.title) } : plan;
    const column = answers.retry ? this.retryColumn : undefined;
    const run: Run = { id: `bulk-${++this.counter}`, plan: titled, retry: options.retry, column };
    this.remember(run);
    const threshold = vscode.workspace.getConfiguration('vensoft').get<number>('confirmBulkThreshold') ?? 2;
    const previewed = titled.objects.length >= threshold;
    if (previewed && !(await this.preview(run, answers))) {
      this.show(run, withStatus(run.page!, vscode.l10n.t('Cancelled: nothing was sent.')));
      return undefined;
    }
    if (previewed) this.show(run, withStatus(run.page!, vscode.l10n.t('Running…')));
    const summary: BulkSummary = { ...(await this.execute(titled, write, slice)), runId: run.id };
    run.summary = summary;
    if (previewed || answers.retry || summaryCounts(summary).failed) this.show(run, this.summaryOf(run));
    void this.notify(run);
    return summary;
  }

  /** Sends again the objects of a run that failed; undefined when none did (or they were retried). */
  async retryFailed(runId: string | undefined): Promise<BulkSummary | undefined> {
    const run = runId === undefined ? undefined : this.runs.get(runId);
    if (!run?.summary || !run.retry || run.retried) return undefined;
    const failed = failedOnly(run.plan, run.summary).objects;
    if (!failed.length) return undefined;
    run.retried = true;
    // Revert all stays: it takes back what this run did; the retry's page has its own.
    const retried = vscode.l10n.t('Retried: see the summary of the retry.');
    if (run.page) this.show(run, { ...this.summaryOf(run), status: retried });
    this.retryColumn = run.panel?.panel.viewColumn;
    try {
      const summary = await run.retry(failed);
      void vscode.commands.executeCommand('vensoft.refreshAll');
      return summary;
    } catch (e) {
      run.retried = false;
      if (run.page) this.show(run, this.summaryOf(run));
      throw e;
    } finally {
      this.retryColumn = undefined;
    }
  }

  private async preview(run: Run, answers: BulkAnswers): Promise<boolean> {
    const waiting = new Promise<boolean>((resolve) => (run.answer = resolve));
    this.show(run, previewPage(run.plan));
    if (answers.run !== undefined) run.answer?.(answers.run);
    const go = await waiting;
    run.answer = undefined;
    this.updateContext();
    return go;
  }

  /** Answers a waiting preview; false when there is none (answered already, or closed). */
  private answer(runId: string | undefined, go: boolean): boolean {
    const run = runId === undefined ? undefined : this.runs.get(runId);
    if (!run?.answer) return false;
    run.answer(go);
    return true;
  }

  private async execute(plan: BulkPlan, write: WriteSlice, slice: number): Promise<BulkSummary> {
    const skipped: ObjectOutcome[] = plan.objects
      .filter((o) => o.skip !== undefined)
      .map((o) => ({ type: o.type, id: o.id, label: o.label, outcome: 'skipped', reason: o.skip }));
    const toWrite = plan.objects.filter((o) => o.skip === undefined);
    return await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: plan.title, cancellable: true },
      (progress, token) =>
        this.journal.batch(plan.title, async (batch) => {
          const outcomes: ObjectOutcome[] = [];
          for (let start = 0; start < toWrite.length; start += slice) {
            const part = toWrite.slice(start, start + slice);
            if (token.isCancellationRequested) {
              outcomes.push(...part.map((o) => outcomeOf(o, 'skipped', vscode.l10n.t('Cancelled.'))));
              continue;
            }
            outcomes.push(
              ...(await write(part).catch((e: unknown) => part.map((o) => outcomeOf(o, 'failed', describeError(e))))),
            );
            progress.report({
              message: vscode.l10n.t('{0} of {1} objects', outcomes.length, toWrite.length),
              increment: (100 * part.length) / toWrite.length,
            });
          }
          const cancelled = token.isCancellationRequested;
          return { title: plan.title, outcomes: [...outcomes, ...skipped], entryId: batch.entryId(), cancelled };
        }),
    );
  }

  private summaryOf(run: Run): BulkPageModel {
    const counts = summaryCounts(run.summary!);
    return summaryPage(run.summary!, {
      retry: counts.failed > 0 && !!run.retry && !run.retried,
      revert: counts.succeeded > 0 && !!run.summary!.entryId,
    });
  }

  /** The counts as a message, with the summary's buttons. */
  private async notify(run: Run): Promise<void> {
    const summary = run.summary!;
    const counts = summaryCounts(summary);
    const page = this.summaryOf(run);
    const buttons = page.actions.map((a) => a.label);
    const text = vscode.l10n.t(
      '{0}: {1} succeeded, {2} failed, {3} skipped.',
      summary.title,
      counts.succeeded,
      counts.failed,
      counts.skipped,
    );
    const show = counts.failed ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    const choice = await show(text, ...buttons);
    const chosen = page.actions.find((a) => a.label === choice);
    if (chosen) await this.act(run, chosen.action);
  }

  private async act(run: Run, action: PageAction): Promise<void> {
    if (action === 'run' || action === 'cancel') this.answer(run.id, action === 'run');
    else if (action === 'retry') await vscode.commands.executeCommand('vensoft.bulk.retryFailed', run.id);
    else await vscode.commands.executeCommand('vensoft.journal.revert', run.summary?.entryId);
  }

  /** Shows a run's page: in its tab (opened the first time), and to whoever listens. */
  private show(run: Run, page: BulkPageModel): void {
    run.page = page;
    if (run.panel) run.panel.show(page);
    else {
      run.panel = new BulkPanel(
        this.extensionUri,
        page,
        run.column ?? vscode.ViewColumn.Beside,
        (action) => void this.act(run, action),
        () => {
          run.panel = undefined;
          run.answer?.(false); // closing a waiting preview is Cancel
          this.updateContext();
        },
      );
      run.panel.panel.onDidChangeViewState(() => this.updateContext());
    }
    this.updateContext();
    this.shown.fire({ runId: run.id, page });
  }

  /** The run whose page is on screen and offers `action`: the focused one, else the newest. */
  private shownWith(action: PageAction): Run | undefined {
    const offering = [...this.runs.values()].filter(
      (r) => r.panel?.panel.visible && r.page?.actions.some((a) => a.action === action),
    );
    return offering.find((r) => r.panel?.panel.active) ?? offering.at(-1);
  }

  /** The editor title's Run, Cancel and Retry failed show while a page on screen offers them. */
  private updateContext(): void {
    void vscode.commands.executeCommand('setContext', 'vensoft.bulkPreviewShown', !!this.shownWith('run'));
    void vscode.commands.executeCommand('setContext', 'vensoft.bulkRetryShown', !!this.shownWith('retry'));
  }

  private remember(run: Run): void {
    this.runs.set(run.id, run);
    for (const [id, old] of this.runs) {
      if (this.runs.size <= REMEMBERED_RUNS) break;
      if (!old.panel && !old.answer) this.runs.delete(id);
    }
  }

  dispose(): void {
    for (const run of this.runs.values()) run.panel?.dispose();
    this.registrations.dispose();
    this.shown.dispose();
  }
}

export function outcomeOf(o: PlannedObject, outcome: ObjectOutcome['outcome'], reason?: string): ObjectOutcome {
  return { type: o.type, id: o.id, label: o.label, outcome, ...(reason ? { reason } : {}) };
}

/** Outcomes of a per-id answer (updatemany, deletemany): false is "not done" with the usual reasons. */
export function perIdOutcomes(objects: PlannedObject[], results: ReadonlyMap<bigint, boolean>): ObjectOutcome[] {
  const notDone = vscode.l10n.t('Not done: it is missing, or you lack the privilege.');
  return objects.map((o) => (results.get(BigInt(o.id)) ? outcomeOf(o, 'succeeded') : outcomeOf(o, 'failed', notDone)));
}
