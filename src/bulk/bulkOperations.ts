// Update Selected…, Delete… and Move… as bulk operations: each builds its plan (what will change
// on which object, what is skipped and why) from one read of the objects, and writes it in slices
// through the session's client, so the change journal records it as one entry (BulkRunner). Retry
// failed runs the same operation again on the failed objects, planned afresh from the server.
import * as vscode from 'vscode';
import type { JsonObject } from '../core/json';
import { describeError } from '../core/errors';
import { objectLabel } from '../core/labels';
import { notUpdatable } from '../core/objectEdit';
import type { ChangeJournal } from '../journal/changeJournal';
import type { SessionManager } from '../session/sessionManager';
import type { ObjectInfo } from '../session/sessionCatalog';
import { BulkRunner, outcomeOf, perIdOutcomes, RETRY, type BulkAnswers } from './bulkRunner';
import { attributeChanges, type BulkPlan, type BulkSummary, type PlannedObject } from '../core/bulkPlan';

const WITH_ATTRIBUTE_PRIVILEGES = { returnPrivileges: true, returnAttributePrivileges: true };

/** Per-id results of a bulk write (succeeded true), or undefined when the preview was cancelled. */
export type BulkResults = Map<bigint, boolean> | undefined;

export class BulkOperations implements vscode.Disposable {
  readonly runner: BulkRunner;

  constructor(
    private readonly sessions: SessionManager,
    journal: ChangeJournal,
    extensionUri: vscode.Uri,
  ) {
    this.runner = new BulkRunner(journal, extensionUri);
  }

  /** Sets `definition` on the objects: each is sent only the attributes that change on it and it may change. */
  async updateMany(type: string, ids: readonly bigint[], definition: JsonObject, answers?: BulkAnswers) {
    return resultsOf(await this.update(type, ids, definition, answers));
  }

  /** Deletes the objects (one delete, or deletemany for several); says first whether they can be undeleted. */
  async deleteMany(type: string, targets: readonly ObjectInfo[], answers?: BulkAnswers) {
    return resultsOf(await this.delete(type, targets, answers));
  }

  /** Moves the objects under `to`, one move each. */
  async move(type: string, targets: readonly ObjectInfo[], to: { id: bigint; label: string }, answers?: BulkAnswers) {
    return resultsOf(await this.moveAll(type, targets, to, answers));
  }

  private async update(
    type: string,
    ids: readonly bigint[],
    definition: JsonObject,
    answers?: BulkAnswers,
  ): Promise<BulkSummary | undefined> {
    const writeable = (await this.sessions.session?.catalog.type(type))?.writeableAttributes ?? [];
    const refusedNames = notUpdatable(definition, writeable);
    const sendable = Object.fromEntries(Object.entries(definition).filter(([k]) => !refusedNames.includes(k)));
    const found = await this.sessions.run((client) => client.getMany(type, ids, WITH_ATTRIBUTE_PRIVILEGES));
    const byId = new Map(found.transfer_objects.map((o) => [o.id.toString(), o]));
    const current = new Map<string, JsonObject>();
    const objects = ids.map((raw): PlannedObject => {
      const id = raw.toString();
      const object = byId.get(id);
      const definitionNow = object?.definition as JsonObject | undefined;
      const planned = {
        type,
        id,
        label: objectLabel(definitionNow, id),
        changes: attributeChanges(definitionNow, sendable),
      };
      if (!object || !definitionNow)
        return { ...planned, skip: vscode.l10n.t('It is missing, or you may not see it.') };
      current.set(id, definitionNow);
      const locked = (object.attribute_permissions ?? []).filter((a) => !a.can_update).map((a) => a.name);
      const mayNot = planned.changes.filter((c) => locked.includes(c.name)).map((c) => c.name);
      if (mayNot.length) return { ...planned, skip: vscode.l10n.t('You may not update {0} of it.', mayNot.join(', ')) };
      return planned.changes.length ? planned : { ...planned, skip: vscode.l10n.t('It already holds these values.') };
    });
    const plan: BulkPlan = {
      action: 'update',
      title: vscode.l10n.t('Update {0}', objectCount(ids.length, type)),
      objects,
      refused: refusedNames.map((name) => ({ name, reason: vscode.l10n.t('not writeable for {0}', type) })),
    };
    const write = async (part: PlannedObject[]) => {
      const partIds = part.map((o) => BigInt(o.id));
      const before = part.map((o) => ({ id: BigInt(o.id), definition: current.get(o.id)! }));
      const results = await this.sessions.run((client) => client.updateMany(type, partIds, sendable, { before }));
      return perIdOutcomes(part, results);
    };
    const retry = (failed: PlannedObject[]) => this.update(type, idsOf(failed), definition, RETRY);
    return this.runner.run(plan, write, { answers, retry });
  }

  private async delete(
    type: string,
    targets: readonly ObjectInfo[],
    answers?: BulkAnswers,
  ): Promise<BulkSummary | undefined> {
    const recoverable = (await this.sessions.session?.catalog.type(type))?.recoverable ?? false;
    const plan: BulkPlan = {
      action: 'delete',
      title: vscode.l10n.t('Delete {0}', objectCount(targets.length, type)),
      objects: targets.map((o) => ({ type, id: o.id.toString(), label: label(o), changes: [] })),
      refused: [],
      recoverable,
      notes: [
        recoverable
          ? vscode.l10n.t('{0} is recoverable: Revert all (or Undelete) brings the objects back.', type)
          : vscode.l10n.t('{0} is not recoverable: deleted objects are gone for good.', type),
      ],
    };
    const known = new Map(targets.map((o) => [o.id.toString(), o.definition]));
    const write = async (part: PlannedObject[]) => {
      const ids = idsOf(part);
      const before = part.map((o) => ({ id: BigInt(o.id), definition: known.get(o.id)! }));
      if (ids.length === 1) {
        const done = await this.sessions.run((client) => client.delete(type, ids[0]!, { before }));
        return perIdOutcomes(part, new Map([[ids[0]!, done]]));
      }
      return perIdOutcomes(part, await this.sessions.run((client) => client.deleteMany(type, ids, { before })));
    };
    const retry = (failed: PlannedObject[]) => this.delete(type, only(targets, failed), RETRY);
    return this.runner.run(plan, write, { answers, retry });
  }

  private async moveAll(
    type: string,
    targets: readonly ObjectInfo[],
    to: { id: bigint; label: string },
    answers?: BulkAnswers,
  ): Promise<BulkSummary | undefined> {
    const plan: BulkPlan = {
      action: 'move',
      title: vscode.l10n.t('Move {0} to {1}', objectCount(targets.length, type), to.label),
      objects: targets.map((o) => {
        const planned = {
          type,
          id: o.id.toString(),
          label: label(o),
          changes: [{ name: 'parent_id', before: o.parentId, after: to.id }],
        };
        return o.parentId === to.id ? { ...planned, skip: vscode.l10n.t('It is there already.') } : planned;
      }),
      refused: [],
      destination: to.label,
    };
    const write = async (part: PlannedObject[]) => {
      const outcomes = [];
      for (const o of part) {
        const before = [{ id: BigInt(o.id), definition: { parent_id: o.changes[0]!.before ?? null } }];
        const done = await this.sessions
          .run((client) => client.move(type, BigInt(o.id), to.id, { before }))
          .then((ok) => (ok ? outcomeOf(o, 'succeeded') : outcomeOf(o, 'failed')))
          .catch((e: unknown) => outcomeOf(o, 'failed', describeError(e)));
        outcomes.push(done);
      }
      return outcomes;
    };
    const retry = (failed: PlannedObject[]) => this.moveAll(type, only(targets, failed), to, RETRY);
    return this.runner.run(plan, write, { answers, retry, slice: 1 });
  }

  dispose(): void {
    this.runner.dispose();
  }
}

function resultsOf(summary: BulkSummary | undefined): BulkResults {
  if (!summary) return undefined;
  return new Map(
    summary.outcomes.filter((o) => o.outcome !== 'skipped').map((o) => [BigInt(o.id), o.outcome === 'succeeded']),
  );
}

function idsOf(objects: readonly PlannedObject[]): bigint[] {
  return objects.map((o) => BigInt(o.id));
}

/** The targets that are among `objects` (the failed ones, to retry). */
function only(targets: readonly ObjectInfo[], objects: readonly PlannedObject[]): ObjectInfo[] {
  const ids = new Set(objects.map((o) => o.id));
  return targets.filter((t) => ids.has(t.id.toString()));
}

function label(object: ObjectInfo): string {
  return objectLabel(object.definition, object.id.toString());
}

/** "1 sim object", "3 sim objects": the titles of bulk pages and journal entries. */
const objectCount = (count: number, type: string) =>
  count === 1 ? vscode.l10n.t('1 {0} object', type) : vscode.l10n.t('{0} {1} objects', count, type);
