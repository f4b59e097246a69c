// Reverting a journal entry: its inverse writes (core/journal revertSteps), each checked against the
// server first (one getmany per type): an object someone changed since asks Compare / Overwrite /
// Skip; what the server already holds is not sent again; an update sends only the attributes that
// still differ, and objects given the same values go in one updatemany. The revert is itself an
// entry of the journal (and can be reverted).
import * as vscode from 'vscode';
import type { VensoftClient } from '../api';
import { describeError } from '../core/errors';
import { stringifyJson, type JsonObject } from '../core/json';
import { checkStep, revertSteps, stillToSet, type JournalEntry, type RevertStep } from '../core/journal';
import type { BulkSummary, ObjectOutcome } from '../core/bulkPlan';
import { objectLabel } from '../core/labels';
import { readObjects, type ChangeJournal } from './changeJournal';

export type ConflictChoice = 'overwrite' | 'skip';

export interface RevertDeps {
  journal: ChangeJournal;
  /** Runs a call in the session (renewing it when it ended). */
  run: <T>(action: (client: VensoftClient) => Promise<T>) => Promise<T>;
  /** Whether deleted objects of a type can be undeleted. */
  recoverable: (type: string) => Promise<boolean>;
  /** Shows the server's version beside what the revert would set. */
  compare: (title: string, server: JsonObject, reverted: JsonObject) => Promise<void>;
}

export interface RevertOptions {
  /** What to do with an object changed since, without asking (tests, "Overwrite all"). */
  onConflict?: ConflictChoice;
  token?: vscode.CancellationToken;
  progress?: (done: number, total: number) => void;
}

type UpdateStep = Extract<RevertStep, { kind: 'update' }>;
type Pending = { step: UpdateStep; set: JsonObject; current: JsonObject };

export async function revertEntry(
  deps: RevertDeps,
  entry: JournalEntry,
  options: RevertOptions = {},
): Promise<BulkSummary> {
  const title = vscode.l10n.t('Revert: {0}', entry.label);
  const steps = revertSteps(entry);
  const outcomes: ObjectOutcome[] = [];
  const state = await deps.run((client) => currentState(client, steps));
  let cancelled = false;
  const entryId = await deps.journal.batch(
    title,
    async (batch) => {
      let pending: Pending[] = [];
      const flush = async () => {
        outcomes.push(...(await sendUpdates(deps, pending)));
        pending = [];
        options.progress?.(outcomes.length, steps.length);
      };
      for (const step of steps) {
        if (options.token?.isCancellationRequested) {
          cancelled = true;
          outcomes.push(outcomeOf(step, 'skipped', vscode.l10n.t('Cancelled.')));
          continue;
        }
        const current = 'id' in step && step.type ? state.get(step.type)?.get(step.id ?? '') : undefined;
        const decided = await decide(deps, step, current, options);
        if (decided !== 'apply') {
          outcomes.push(decided);
          continue;
        }
        if (step.kind === 'update') {
          const set = stillToSet(step, current!);
          const same =
            pending.length &&
            pending[0]!.step.type === step.type &&
            stringifyJson(pending[0]!.set) === stringifyJson(set);
          if (!same) await flush();
          pending.push({ step, set, current: current! });
          continue;
        }
        await flush();
        outcomes.push(await sendOther(deps, step));
        options.progress?.(outcomes.length, steps.length);
      }
      await flush();
      return batch.entryId();
    },
    entry.id,
  );
  return { title, outcomes, entryId, cancelled };
}

/** The objects the steps touch as they are now, by type and id: one getmany per type. */
async function currentState(client: VensoftClient, steps: RevertStep[]): Promise<Map<string, Map<string, JsonObject>>> {
  const byType = new Map<string, bigint[]>();
  for (const step of steps)
    if (step.kind !== 'cannot' && 'id' in step)
      byType.set(step.type, [...(byType.get(step.type) ?? []), BigInt(step.id)]);
  const state = new Map<string, Map<string, JsonObject>>();
  for (const [type, ids] of byType) state.set(type, await readObjects(client, type, [...new Set(ids)]));
  return state;
}

/** 'apply', or the outcome of a step that is not sent (done already, gone, cannot, skipped on conflict). */
async function decide(
  deps: RevertDeps,
  step: RevertStep,
  current: JsonObject | undefined,
  options: RevertOptions,
): Promise<'apply' | ObjectOutcome> {
  if (step.kind === 'cannot') return outcomeOf(step, 'skipped', step.reason);
  if (step.kind === 'undelete' && !(await deps.recoverable(step.type)))
    return outcomeOf(
      step,
      'skipped',
      vscode.l10n.t('{0} is not recoverable: a deleted one cannot be brought back.', step.type),
    );
  const check = checkStep(step, current);
  if (check === 'done')
    return outcomeOf(step, 'succeeded', vscode.l10n.t('The server already holds it; nothing sent.'));
  if (check === 'gone') return outcomeOf(step, 'failed', vscode.l10n.t('It no longer exists, or you may not see it.'));
  if (check === 'apply') return 'apply';
  const choice = options.onConflict ?? (await askConflict(deps, step, current!));
  return choice === 'overwrite'
    ? 'apply'
    : outcomeOf(step, 'skipped', vscode.l10n.t('Changed on the server since; skipped.'));
}

async function askConflict(deps: RevertDeps, step: RevertStep, current: JsonObject): Promise<ConflictChoice> {
  const name = 'id' in step ? `${step.type} ${step.id}` : '';
  const compare = vscode.l10n.t('Compare');
  const overwrite = vscode.l10n.t('Overwrite');
  const skip = vscode.l10n.t('Skip');
  for (;;) {
    const answer = await vscode.window.showWarningMessage(
      vscode.l10n.t('{0} was changed on the server since this change.', name),
      {
        modal: true,
        detail: vscode.l10n.t(
          "Compare shows the server's version beside the reverted one. Overwrite reverts it anyway; Skip leaves it.",
        ),
      },
      compare,
      overwrite,
      skip,
    );
    if (answer === overwrite) return 'overwrite';
    if (answer !== compare) return 'skip';
    const reverted =
      step.kind === 'update'
        ? { ...current, ...step.set }
        : step.kind === 'move'
          ? { ...current, parent_id: BigInt(step.to) }
          : current;
    await deps.compare(vscode.l10n.t('{0}: server ↔ reverted', name), current, reverted);
  }
}

/** Sends update steps that set the same values: one update, or one updatemany for several. */
async function sendUpdates(deps: RevertDeps, pending: Pending[]): Promise<ObjectOutcome[]> {
  if (!pending.length) return [];
  const { type } = pending[0]!.step;
  const set = pending[0]!.set;
  const before = pending.map((p) => ({ id: BigInt(p.step.id), definition: p.current }));
  try {
    if (pending.length === 1) {
      await deps.run((client) => client.update(type, before[0]!.id, set, { before }));
      return [outcomeOf(pending[0]!.step, 'succeeded', undefined, pending[0]!.current)];
    }
    const results = await deps.run((client) =>
      client.updateMany(
        type,
        before.map((b) => b.id),
        set,
        { before },
      ),
    );
    return pending.map((p) =>
      results.get(BigInt(p.step.id))
        ? outcomeOf(p.step, 'succeeded', undefined, p.current)
        : outcomeOf(
            p.step,
            'failed',
            vscode.l10n.t('The server did not update it (missing, or you lack the privilege).'),
            p.current,
          ),
    );
  } catch (e) {
    return pending.map((p) => outcomeOf(p.step, 'failed', describeError(e), p.current));
  }
}

async function sendOther(deps: RevertDeps, step: RevertStep): Promise<ObjectOutcome> {
  try {
    const done = await deps.run((client) => {
      switch (step.kind) {
        case 'move':
          return client.move(step.type, BigInt(step.id), BigInt(step.to));
        case 'delete':
          return client.delete(step.type, BigInt(step.id));
        case 'undelete':
          return client.undelete(step.type, BigInt(step.id));
        case 'aceSet':
        case 'aceDelete': {
          const ace = {
            trustee: BigInt(step.ace.trustee),
            entity: BigInt(step.ace.entity),
            role: BigInt(step.ace.role),
          };
          return step.kind === 'aceSet' ? client.aceSet(ace) : client.aceDelete(ace);
        }
        default:
          return Promise.resolve(false);
      }
    });
    return done
      ? outcomeOf(step, 'succeeded')
      : outcomeOf(step, 'failed', vscode.l10n.t('The server answered that nothing was done.'));
  } catch (e) {
    return outcomeOf(step, 'failed', describeError(e));
  }
}

function outcomeOf(
  step: RevertStep,
  outcome: ObjectOutcome['outcome'],
  reason?: string,
  current?: JsonObject,
): ObjectOutcome {
  if ('ace' in step) {
    const { trustee, entity, role } = step.ace;
    return {
      type: 'ace',
      id: entity,
      label: vscode.l10n.t('ACE {0} / {1} / {2}', trustee, entity, role),
      outcome,
      reason,
    };
  }
  const id = step.id ?? '';
  return { type: step.type ?? '', id, label: objectLabel(current, id), outcome, ...(reason ? { reason } : {}) };
}
