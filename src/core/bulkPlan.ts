// A bulk operation as data: the plan shown before it runs (objects, each one's attribute diff, what
// the user may not change, counts) and the summary after (succeeded, failed with the server's
// reason, skipped). Update Selected…, Delete…, Move…, a revert and imports build one; the preview
// and summary pages (src/bulk/bulkPages.ts) show any. Pure: no vscode.
import type { JsonObject, JsonValue } from './json';
import { jsonEqual } from './objectEdit';

export type BulkAction = 'update' | 'delete' | 'move' | 'create' | 'undelete' | 'revert';

export interface AttributeChange {
  name: string;
  before: JsonValue | undefined;
  after: JsonValue | undefined;
}

export interface PlannedObject {
  type: string;
  /** Decimal digits; empty for an object still to be created. */
  id: string;
  label: string;
  changes: AttributeChange[];
  /** Why this object will not be written (nothing changes, not allowed): it is skipped. */
  skip?: string;
}

export interface BulkPlan {
  action: BulkAction;
  title: string;
  objects: PlannedObject[];
  /** Attributes the user may not change, by name, with why (read-only, not writeable for this type). */
  refused: Array<{ name: string; reason: string }>;
  /** What else to know before running (a delete that cannot be undone). */
  notes?: string[];
  /** A delete: whether the objects can be undeleted. */
  recoverable?: boolean;
  /** A move: the new parent's label. */
  destination?: string;
}

export type Outcome = 'succeeded' | 'failed' | 'skipped';

export interface ObjectOutcome {
  type: string;
  id: string;
  label: string;
  outcome: Outcome;
  /** The server's reason of a failure, or why it was skipped. */
  reason?: string;
}

export interface BulkSummary {
  title: string;
  outcomes: ObjectOutcome[];
  /** The journal entry of the writes made, to revert them all. */
  entryId?: string;
  /** Cancelled before every object was done (the rest are skipped). */
  cancelled: boolean;
  /** The run, for Retry failed (vensoft.bulk.retryFailed). */
  runId?: string;
}

export interface Counts {
  total: number;
  toWrite: number;
  skipped: number;
}

export function planCounts(plan: BulkPlan): Counts {
  const skipped = plan.objects.filter((o) => o.skip !== undefined).length;
  return { total: plan.objects.length, toWrite: plan.objects.length - skipped, skipped };
}

export function summaryCounts(summary: BulkSummary): Record<Outcome, number> {
  const counts: Record<Outcome, number> = { succeeded: 0, failed: 0, skipped: 0 };
  for (const o of summary.outcomes) counts[o.outcome]++;
  return counts;
}

/** Each attribute of `values` whose value differs from `current` (all of them when current is unknown). */
export function attributeChanges(current: JsonObject | undefined, values: JsonObject): AttributeChange[] {
  return Object.entries(values)
    .filter(([name, after]) => !current || !jsonEqual(current[name] ?? null, after))
    .map(([name, after]) => ({ name, before: current?.[name], after }));
}

/** The objects of a summary that failed, to run again ("Retry failed"). */
export function failedOnly(plan: BulkPlan, summary: BulkSummary): BulkPlan {
  const failed = new Set(summary.outcomes.filter((o) => o.outcome === 'failed').map((o) => `${o.type}/${o.id}`));
  return { ...plan, objects: plan.objects.filter((o) => failed.has(`${o.type}/${o.id}`)) };
}
