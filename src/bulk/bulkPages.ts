// The preview and the summary of a bulk operation as pages (protocol.ts): counts first, then what
// the user may not change, then each object with what will happen to it (an update's attributes
// old → new, a delete and whether it can be undone, a move's old → new parent), or what happened.
import * as vscode from 'vscode';
import { stringifyJson, type JsonValue } from '../core/json';
import {
  planCounts,
  summaryCounts,
  type BulkPlan,
  type BulkSummary,
  type Outcome,
  type PlannedObject,
} from '../core/bulkPlan';
import type { BulkPageModel, PageAction, PageRow } from './protocol';

export function previewPage(plan: BulkPlan): BulkPageModel {
  const { total, toWrite, skipped } = planCounts(plan);
  const objectColumns = (): [string, string] => [vscode.l10n.t('Object'), vscode.l10n.t('What will happen')];
  const writes = plan.objects.filter((o) => o.skip === undefined);
  const skips = plan.objects.filter((o) => o.skip !== undefined);
  return {
    title: vscode.l10n.t('Preview: {0}', plan.title),
    counts: vscode.l10n.t(
      '{0} objects: {1} to write, {2} skipped. Nothing is sent until you choose Run.',
      total,
      toWrite,
      skipped,
    ),
    notes: plan.notes ?? [],
    ...(plan.action === 'update' ? { refused: refusedOf(plan) } : {}),
    sections: [
      {
        heading: vscode.l10n.t('To write ({0})', writes.length),
        columns: objectColumns(),
        rows: writes.map((o) => ({ object: nameOf(o), lines: plannedLines(plan, o), ...toneOf(plan) })),
      },
      {
        heading: vscode.l10n.t('Skipped ({0})', skips.length),
        columns: objectColumns(),
        rows: skips.map((o): PageRow => ({ object: nameOf(o), lines: [o.skip!], tone: 'skip' })),
      },
    ].filter((s) => s.rows.length),
    actions: [action('run', vscode.l10n.t('Run'), true), action('cancel', vscode.l10n.t('Cancel'))],
  };
}

/** The summary; `offer`: which of Retry failed and Revert all it offers. */
export function summaryPage(summary: BulkSummary, offer: { retry: boolean; revert: boolean }): BulkPageModel {
  const counts = summaryCounts(summary);
  const sections: Array<[Outcome, string]> = [
    ['failed', vscode.l10n.t('Failed ({0})', counts.failed)],
    ['skipped', vscode.l10n.t('Skipped ({0})', counts.skipped)],
    ['succeeded', vscode.l10n.t('Succeeded ({0})', counts.succeeded)],
  ];
  return {
    title: vscode.l10n.t('Summary: {0}', summary.title),
    counts: vscode.l10n.t('{0} succeeded, {1} failed, {2} skipped.', counts.succeeded, counts.failed, counts.skipped),
    notes: summary.cancelled ? [vscode.l10n.t('Cancelled: the objects not yet written are skipped.')] : [],
    sections: sections
      .map(([outcome, heading]) => ({
        heading,
        columns: [vscode.l10n.t('Object'), vscode.l10n.t('Reason')] as [string, string],
        rows: summary.outcomes
          .filter((o) => o.outcome === outcome)
          .map((o): PageRow => ({ object: nameOf(o), lines: o.reason ? [o.reason] : [], ...outcomeTone(outcome) })),
      }))
      .filter((s) => s.rows.length),
    actions: [
      ...(offer.retry ? [action('retry', vscode.l10n.t('Retry failed'), true)] : []),
      ...(offer.revert ? [action('revert', vscode.l10n.t('Revert all'))] : []),
    ],
  };
}

/** The page once its buttons are spent: the same text, a status line instead of buttons. */
export function withStatus(page: BulkPageModel, status: string): BulkPageModel {
  return { ...page, actions: [], status };
}

function refusedOf(plan: BulkPlan): { heading: string; lines: string[] } {
  return {
    heading: vscode.l10n.t('What you may not change (not sent)'),
    lines: plan.refused.length
      ? plan.refused.map((r) => `${r.name}: ${r.reason}`)
      : [vscode.l10n.t('Nothing: you may change every attribute you set (objects locked for you are skipped below).')],
  };
}

function plannedLines(plan: BulkPlan, o: PlannedObject): string[] {
  if (plan.action === 'delete')
    return [
      plan.recoverable
        ? vscode.l10n.t('Will be deleted; it can be undeleted (Revert all, or Undelete).')
        : vscode.l10n.t('Will be deleted for good: {0} is not recoverable.', o.type),
    ];
  if (plan.action === 'move') {
    const [parent] = o.changes;
    return [
      vscode.l10n.t(
        'Moves from parent {0} to {1} ({2}).',
        value(parent?.before),
        value(parent?.after),
        plan.destination ?? '',
      ),
    ];
  }
  return o.changes.map((c) => `${c.name}: ${value(c.before)} → ${value(c.after)}`);
}

function toneOf(plan: BulkPlan): { tone?: PageRow['tone'] } {
  return plan.action === 'delete' ? { tone: 'delete' } : {};
}

function outcomeTone(outcome: Outcome): { tone?: PageRow['tone'] } {
  return outcome === 'failed' ? { tone: 'failed' } : outcome === 'skipped' ? { tone: 'skip' } : {};
}

function action(name: PageAction, label: string, primary = false) {
  return { action: name, label, primary };
}

function nameOf(o: { label: string; type: string; id: string }): string {
  return `${o.label} (${o.type} ${o.id})`;
}

function value(v: JsonValue | undefined): string {
  return v === undefined ? '—' : stringifyJson(v);
}
