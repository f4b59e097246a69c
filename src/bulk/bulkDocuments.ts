// The preview and the summary of a bulk operation as Markdown text, shown read-only beside the
// editor: counts first, then what the user may not change, then each object with its changes.
import * as vscode from 'vscode';
import { stringifyJson, type JsonValue } from '../core/json';
import { planCounts, summaryCounts, type BulkPlan, type BulkSummary, type Outcome } from '../core/bulkPlan';

export function planText(plan: BulkPlan): string {
  const { total, toWrite, skipped } = planCounts(plan);
  const lines = [
    `# ${vscode.l10n.t('Preview: {0}', plan.title)}`,
    '',
    vscode.l10n.t(
      '{0} objects: {1} to write, {2} skipped. Nothing is sent until you choose Run.',
      total,
      toWrite,
      skipped,
    ),
    '',
    ...(plan.notes ?? []).flatMap((note) => [`> ${note}`, '']),
  ];
  if (plan.refused.length) {
    lines.push(`## ${vscode.l10n.t('What you may not change (not sent)')}`, '');
    for (const r of plan.refused) lines.push(`- \`${r.name}\`: ${r.reason}`);
    lines.push('');
  }
  lines.push(
    `## ${vscode.l10n.t('Objects')}`,
    '',
    `| ${vscode.l10n.t('Object')} | ${vscode.l10n.t('Attribute')} | ${vscode.l10n.t('Before')} | ${vscode.l10n.t('After')} |`,
    '|---|---|---|---|',
  );
  for (const o of plan.objects) {
    const name = `${cell(o.label)} (${o.type} ${o.id})`;
    if (o.skip !== undefined) lines.push(`| ${name} | ${vscode.l10n.t('skipped: {0}', cell(o.skip))} | | |`);
    else if (!o.changes.length) lines.push(`| ${name} | | | |`);
    for (const c of o.skip === undefined ? o.changes : [])
      lines.push(`| ${name} | ${cell(c.name)} | ${value(c.before)} | ${value(c.after)} |`);
  }
  return `${lines.join('\n')}\n`;
}

export function summaryText(summary: BulkSummary): string {
  const counts = summaryCounts(summary);
  const lines = [
    `# ${vscode.l10n.t('Summary: {0}', summary.title)}`,
    '',
    vscode.l10n.t('{0} succeeded, {1} failed, {2} skipped.', counts.succeeded, counts.failed, counts.skipped),
    ...(summary.cancelled ? ['', vscode.l10n.t('Cancelled: the objects not yet written are skipped.')] : []),
    '',
  ];
  const sections: Array<[Outcome, string]> = [
    ['failed', vscode.l10n.t('Failed')],
    ['skipped', vscode.l10n.t('Skipped')],
    ['succeeded', vscode.l10n.t('Succeeded')],
  ];
  for (const [outcome, heading] of sections) {
    const of = summary.outcomes.filter((o) => o.outcome === outcome);
    if (!of.length) continue;
    lines.push(`## ${heading} (${of.length})`, '');
    for (const o of of) lines.push(`- ${cell(o.label)} (${o.type} ${o.id})${o.reason ? `: ${o.reason}` : ''}`);
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}

function value(v: JsonValue | undefined): string {
  return v === undefined ? '—' : `\`${cell(stringifyJson(v))}\``;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
