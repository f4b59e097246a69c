// The History view in the Vensoft sidebar: one connection's requests, newest first, grouped by day,
// filtered by method, type and status, failures marked. It shows the active connection's history
// unless another was chosen ("Show History of…").
import * as vscode from 'vscode';
import type { SessionManager } from '../session/sessionManager';
import { LOCAL_EMULATOR } from '../session/connections';
import { describeEntry, failed, groupByDay, isFilterEmpty, type HistoryDay, type HistoryFilter } from './historyModel';
import type { HistoryEntry, HistoryStore } from './historyStore';

export type HistoryNode = { kind: 'day'; day: HistoryDay } | { kind: 'entry'; entry: HistoryEntry };

const REFRESH_DELAY_MS = 300;

export class HistoryView implements vscode.TreeDataProvider<HistoryNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private chosen: string | undefined;
  filter: HistoryFilter = {};
  private timer: NodeJS.Timeout | undefined;
  /** The days last shown (for tests and the benchmark). */
  days: HistoryDay[] = [];

  constructor(
    private readonly store: HistoryStore,
    private readonly sessions: SessionManager,
  ) {}

  /** The connection whose history is shown. */
  get connection(): string {
    return this.chosen ?? this.sessions.session?.connection.name ?? LOCAL_EMULATOR;
  }

  show(connection: string | undefined): void {
    this.chosen = connection;
    this.refresh();
  }

  setFilter(filter: HistoryFilter): void {
    this.filter = filter;
    this.refresh();
  }

  /** Set by the tree view: a hidden view is refreshed when it is shown, not at every request. */
  visible = () => true;
  private stale = false;

  refresh(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.stale = !this.visible();
    if (!this.stale) this.changed.fire();
  }

  /** The view became visible: show what was recorded while it was hidden. */
  shown(): void {
    if (this.stale) this.refresh();
  }

  /** After a request: many come at once (a tree load), so the view refreshes once they settle. */
  refreshSoon(): void {
    this.timer ??= setTimeout(() => this.refresh(), REFRESH_DELAY_MS);
  }

  /** "Local emulator · filtered: list, failed" for the view's description. */
  describe(): string {
    const f = this.filter;
    if (isFilterEmpty(f)) return this.connection;
    const parts = [...(f.methods ?? []), ...(f.types ?? []), ...(f.status ? [f.status] : [])];
    return vscode.l10n.t('{0} · filtered: {1}', this.connection, parts.join(', '));
  }

  async getChildren(node?: HistoryNode): Promise<HistoryNode[]> {
    if (node?.kind === 'day') return node.day.entries.map((entry) => ({ kind: 'entry', entry }));
    if (node) return [];
    this.days = groupByDay(await this.store.entries(this.connection), this.filter);
    return this.days.map((day) => ({ kind: 'day', day }));
  }

  getTreeItem(node: HistoryNode): vscode.TreeItem {
    if (node.kind === 'day') {
      const item = new vscode.TreeItem(node.day.day, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `day:${node.day.day}`;
      item.description = vscode.l10n.t('{0} requests', node.day.entries.length);
      item.contextValue = 'historyDay';
      return item;
    }
    const { entry } = node;
    const item = new vscode.TreeItem(entry.method, vscode.TreeItemCollapsibleState.None);
    item.id = `entry:${entry.id}`;
    item.description = describeEntry(entry, vscode.l10n.t('(answer cut at the size limit)'));
    item.tooltip = `${entry.path}\n${entry.at}${failed(entry) ? `\n${vscode.l10n.t('Failed')}` : ''}`;
    item.iconPath = failed(entry)
      ? new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'))
      : new vscode.ThemeIcon(entry.read ? 'arrow-small-down' : 'edit');
    item.contextValue = `historyEntry.${entry.read ? 'read' : 'write'}`;
    item.command = {
      command: 'vensoft.history.openResponse',
      title: vscode.l10n.t('Open Response'),
      arguments: [node],
    };
    return item;
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.changed.dispose();
  }
}
