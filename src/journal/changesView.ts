// The Changes view (Vensoft sidebar): the journal's entries of the connection logged in, newest
// first; an entry opens to its objects, an object to its attribute changes; clicking an object
// shows its before and after in the diff editor (vensoft-journal: documents, read-only).
import * as vscode from 'vscode';
import { stringifyJson, type JsonValue } from '../core/json';
import { entryState, objectSides, type JournalEntry, type JournalObject, type JournalWrite } from '../core/journal';
import { documentText } from '../core/objectEdit';
import type { ChangeJournal } from './changeJournal';
import { kindLabel, stateLabel } from './journalLabels';

export const JOURNAL_SCHEME = 'vensoft-journal';
const REDRAW_MS = 100;
// One formatter for every row: toLocaleString builds one per call, slow across a thousand entries.
// In the display language (VS Code's, not the process's locale).
const TIME = new Intl.DateTimeFormat(vscode.env.language, { dateStyle: 'short', timeStyle: 'medium' });

export type ChangeNode =
  | { kind: 'entry'; entry: JournalEntry }
  | { kind: 'object'; entry: JournalEntry; write: JournalWrite; object?: JournalObject }
  | { kind: 'attribute'; name: string; before: JsonValue | undefined; after: JsonValue | undefined };

export class ChangesView implements vscode.TreeDataProvider<ChangeNode>, vscode.TextDocumentContentProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  /** Texts shown on either side of a diff, by URI. */
  private readonly texts = new Map<string, string>();
  private texted = 0;
  private redraw: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly journal: ChangeJournal,
    /** The connection whose entries are shown (all when nobody is logged in). */
    private readonly connection: () => string | undefined,
  ) {}

  /** Redraws once for a burst of changes (a batch of a thousand writes changes the journal 2,000 times). */
  refresh(): void {
    if (this.redraw) return;
    this.redraw = setTimeout(() => {
      this.redraw = undefined;
      this.changed.fire();
    }, REDRAW_MS);
  }

  getChildren(node?: ChangeNode): ChangeNode[] {
    if (!node) {
      const connection = this.connection();
      return this.journal
        .list()
        .filter((e) => !connection || e.connection === connection)
        .map((entry) => ({ kind: 'entry', entry }));
    }
    if (node.kind === 'entry')
      return node.entry.writes.flatMap((write) =>
        write.objects.length
          ? write.objects.map((object) => ({ kind: 'object' as const, entry: node.entry, write, object }))
          : [{ kind: 'object' as const, entry: node.entry, write }],
      );
    if (node.kind === 'object' && node.object) {
      const { before, after } = objectSides(node.write, node.object);
      return [...new Set([...Object.keys(before), ...Object.keys(after)])].map((name) => ({
        kind: 'attribute',
        name,
        before: before[name],
        after: after[name],
      }));
    }
    return [];
  }

  getTreeItem(node: ChangeNode): vscode.TreeItem {
    if (node.kind === 'entry') return entryItem(node.entry);
    if (node.kind === 'attribute') {
      const item = new vscode.TreeItem(node.name);
      item.description = `${show(node.before)} → ${show(node.after)}`;
      item.tooltip = item.description;
      return item;
    }
    return objectItem(node);
  }

  /** Opens an object's before and after in the diff editor. */
  async openDiff(node: Extract<ChangeNode, { kind: 'object' }>): Promise<void> {
    if (!node.object) return;
    const { before, after } = objectSides(node.write, node.object);
    const name = `${node.write.type ?? ''} ${node.object.id}`;
    await this.diff(vscode.l10n.t('{0}: before ↔ after', name), before, after);
  }

  /** Shows two JSON objects side by side, read-only. */
  async diff(title: string, left: Record<string, JsonValue>, right: Record<string, JsonValue>): Promise<void> {
    const n = ++this.texted;
    const leftUri = vscode.Uri.from({ scheme: JOURNAL_SCHEME, path: `/${n}/before.json` });
    const rightUri = vscode.Uri.from({ scheme: JOURNAL_SCHEME, path: `/${n}/after.json` });
    this.texts.set(leftUri.toString(), documentText(left));
    this.texts.set(rightUri.toString(), documentText(right));
    await vscode.commands.executeCommand('vscode.diff', leftUri, rightUri, title);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  dispose(): void {
    clearTimeout(this.redraw);
    this.changed.dispose();
  }
}

function entryItem(entry: JournalEntry): vscode.TreeItem {
  const state = entryState(entry);
  const item = new vscode.TreeItem(entry.label, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = entry.id;
  const at = TIME.format(new Date(entry.at));
  item.description = `${at} · ${stateLabel(state)}`;
  const reasons = entry.writes.flatMap((w) => (w.reason ? [w.reason] : []));
  item.tooltip = [
    entry.label,
    vscode.l10n.t('{0}, user {1}, {2}', entry.connection, entry.userId, at),
    stateLabel(state),
    ...reasons,
  ].join('\n');
  item.iconPath = new vscode.ThemeIcon(
    state === 'confirmed' ? 'check' : state === 'failed' ? 'error' : state === 'partial' ? 'warning' : 'question',
  );
  // Menus: every entry may be reverted; one whose answer never came may be checked.
  item.contextValue = state === 'unknown' ? 'vensoft.change.unknown' : 'vensoft.change';
  return item;
}

function objectItem(node: Extract<ChangeNode, { kind: 'object' }>): vscode.TreeItem {
  const { write, object } = node;
  const ace = write.ace && `${write.ace.trustee} / ${write.ace.entity} / ${write.ace.role}`;
  const label = object ? `${write.type ?? ''} ${object.id}` : (ace ?? write.type ?? '');
  const item = new vscode.TreeItem(
    label,
    object ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
  );
  const result = object?.result === false ? vscode.l10n.t('not done') : stateLabel(write.state);
  item.description = `${kindLabel(write)} · ${result}`;
  item.tooltip = write.reason ? `${item.description}\n${write.reason}` : item.description;
  if (object) {
    item.command = { command: 'vensoft.journal.openDiff', title: vscode.l10n.t('Open Changes'), arguments: [node] };
    item.contextValue = 'vensoft.changedObject';
  }
  return item;
}

function show(value: JsonValue | undefined): string {
  return value === undefined ? '—' : stringifyJson(value);
}
