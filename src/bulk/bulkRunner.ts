// Runs a bulk operation the one way: from `vensoft.confirmBulkThreshold` objects on, a preview of
// the plan first (a read-only document beside, and Run / Cancel); then the writes with progress and
// Cancel, grouped in one journal entry; then a summary (succeeded, failed with the server's reason,
// skipped) with Retry failed and Revert all. Update Selected…, Delete…, Move… and imports feed it a
// plan (src/core/bulkPlan.ts) and the function that writes a slice of it.
import * as vscode from 'vscode';
import {
  failedOnly,
  planCounts,
  summaryCounts,
  type BulkPlan,
  type BulkSummary,
  type ObjectOutcome,
  type PlannedObject,
} from '../core/bulkPlan';
import { describeError } from '../core/errors';
import type { ChangeJournal } from '../journal/changeJournal';
import { planText, summaryText } from './bulkDocuments';

export const BULK_SCHEME = 'vensoft-bulk';

/** Writes a slice of the plan's objects; answers each one's outcome (a thrown error fails the slice). */
export type WriteSlice = (objects: PlannedObject[]) => Promise<ObjectOutcome[]>;

/** Answers for callers without a user (tests, other extensions): `run` answers the preview. */
export interface BulkAnswers {
  run?: boolean;
}

const DEFAULT_SLICE = 100;

export class BulkRunner implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private shown = 0;
  private readonly registration: vscode.Disposable;

  constructor(private readonly journal: ChangeJournal) {
    this.registration = vscode.workspace.registerTextDocumentContentProvider(BULK_SCHEME, this);
  }

  /**
   * Previews (from the threshold on), runs and summarises a plan. Undefined when the preview was
   * cancelled. `slice`: objects per request, so that Cancel stops between them.
   */
  async run(plan: BulkPlan, write: WriteSlice, answers: BulkAnswers = {}, slice = DEFAULT_SLICE) {
    const threshold = vscode.workspace.getConfiguration('vensoft').get<number>('confirmBulkThreshold') ?? 2;
    const previewed = plan.objects.length >= threshold;
    if (previewed && !(await this.preview(plan, answers))) return undefined;
    const summary = await this.execute(plan, write, slice);
    void this.offerSummary(plan, summary, write, slice, previewed);
    return summary;
  }

  private async preview(plan: BulkPlan, answers: BulkAnswers): Promise<boolean> {
    await this.show(vscode.l10n.t('Preview: {0}', plan.title), planText(plan));
    if (answers.run !== undefined) return answers.run;
    const { toWrite, skipped } = planCounts(plan);
    const run = vscode.l10n.t('Run');
    const choice = await vscode.window.showInformationMessage(
      vscode.l10n.t(
        '{0}: {1} objects to write, {2} skipped. The preview is open beside.',
        plan.title,
        toWrite,
        skipped,
      ),
      run,
      vscode.l10n.t('Cancel'),
    );
    return choice === run;
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

  /** A message with Retry failed and Revert all; the summary beside after a preview, or when some failed. */
  private async offerSummary(
    plan: BulkPlan,
    summary: BulkSummary,
    write: WriteSlice,
    slice: number,
    previewed: boolean,
  ): Promise<void> {
    const counts = summaryCounts(summary);
    if (previewed || counts.failed) await this.show(vscode.l10n.t('Summary: {0}', plan.title), summaryText(summary));
    const retry = vscode.l10n.t('Retry failed');
    const revertAll = vscode.l10n.t('Revert all');
    const buttons = [...(counts.failed ? [retry] : []), ...(counts.succeeded && summary.entryId ? [revertAll] : [])];
    const text = vscode.l10n.t(
      '{0}: {1} succeeded, {2} failed, {3} skipped.',
      plan.title,
      counts.succeeded,
      counts.failed,
      counts.skipped,
    );
    const show = counts.failed ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    const choice = await show(text, ...buttons);
    if (choice === retry) await this.run(failedOnly(plan, summary), write, { run: true }, slice);
    if (choice === revertAll) await vscode.commands.executeCommand('vensoft.journal.revert', summary.entryId);
  }

  private async show(title: string, text: string): Promise<void> {
    const uri = vscode.Uri.from({ scheme: BULK_SCHEME, path: `/${++this.shown}/${title.replace(/[/\\]/g, '-')}.md` });
    this.texts.set(uri.toString(), text);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document, {
      preview: true,
      preserveFocus: true,
      viewColumn: vscode.ViewColumn.Beside,
    });
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  dispose(): void {
    this.registration.dispose();
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
