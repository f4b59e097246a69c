// The Vensoft References view: what points at an object, grouped by type and attribute, each
// group with its count and its objects a page at a time ("Load more"), a click opening one.
import * as vscode from 'vscode';
import { formatCount, objectLabel } from '../core/labels';
import { findReferences, referencePage, type ReferenceGroup, type ReferenceTarget } from './references';
import type { LinkService } from './linkService';

export const REFERENCES_VIEW = 'vensoft.references';

type RefNode =
  | { kind: 'group'; group: ReferenceGroup }
  | { kind: 'object'; group: ReferenceGroup; id: string; label: string }
  | { kind: 'more'; group: ReferenceGroup }
  | { kind: 'error'; message: string };

export class ReferencesView implements vscode.TreeDataProvider<RefNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<RefNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private target: ReferenceTarget | undefined;
  private groups: ReferenceGroup[] = [];
  private readonly view: vscode.TreeView<RefNode>;

  constructor(
    private readonly service: LinkService,
    private readonly pageSize: () => number,
  ) {
    this.view = vscode.window.createTreeView(REFERENCES_VIEW, { treeDataProvider: this });
  }

  /** Finds what points at `target` and shows it; returns the groups (for tests and the benchmark). */
  async show(target: ReferenceTarget, label: string): Promise<ReferenceGroup[]> {
    this.target = target;
    this.groups = [];
    await vscode.commands.executeCommand('setContext', 'vensoft.referencesShown', true);
    this.view.title = vscode.l10n.t('References');
    this.view.description = `${target.type} ${label}`;
    this.view.message = vscode.l10n.t('Finding what points at {0} {1}…', target.type, target.id);
    this.changed.fire(undefined);
    const groups = await findReferences(this.service, target, this.pageSize());
    if (this.target !== target) return groups;
    this.groups = groups;
    const total = groups.reduce((n, g) => n + g.count, 0);
    this.view.message =
      total === 1
        ? vscode.l10n.t('1 object points at {0} {1} ({2} attributes asked)', target.type, target.id, groups.length)
        : vscode.l10n.t(
            '{0} objects point at {1} {2} ({3} attributes asked)',
            formatCount(total),
            target.type,
            target.id,
            groups.length,
          );
    this.changed.fire(undefined);
    await vscode.commands.executeCommand(`${REFERENCES_VIEW}.focus`).then(undefined, () => undefined);
    return groups;
  }

  getChildren(node?: RefNode): RefNode[] {
    if (!node) return this.groups.map((group) => ({ kind: 'group', group }));
    if (node.kind !== 'group') return [];
    const { group } = node;
    if (group.error) return [{ kind: 'error', message: group.error }];
    const objects: RefNode[] = group.objects.map((o) => ({
      kind: 'object',
      group,
      id: o.id,
      label: objectLabel(o.definition, o.id),
    }));
    return group.objects.length < group.count ? [...objects, { kind: 'more', group }] : objects;
  }

  getTreeItem(node: RefNode): vscode.TreeItem {
    switch (node.kind) {
      case 'group': {
        const { group } = node;
        const item = new vscode.TreeItem(
          `${group.type} · ${group.attribute}`,
          group.count || group.error ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None,
        );
        item.description = group.error ? vscode.l10n.t('failed') : formatCount(group.count);
        item.accessibilityInformation = { label: `${group.type} · ${group.attribute}, ${item.description}` };
        item.tooltip = vscode.l10n.t(
          '{0} {1} objects whose {2} is {3}',
          formatCount(group.count),
          group.type,
          group.attribute,
          this.target?.id ?? '',
        );
        item.contextValue = 'referenceGroup';
        return item;
      }
      case 'object': {
        const item = new vscode.TreeItem(node.label);
        item.description = node.id;
        item.iconPath = new vscode.ThemeIcon('references');
        const target = { type: node.group.type, id: node.id };
        item.command = { command: 'vensoft.openObject', title: vscode.l10n.t('Open'), arguments: [target] };
        item.contextValue = 'referenceObject';
        return item;
      }
      case 'more':
        return Object.assign(
          new vscode.TreeItem(
            vscode.l10n.t(
              'Load more ({0} of {1})',
              formatCount(node.group.objects.length),
              formatCount(node.group.count),
            ),
          ),
          {
            command: {
              command: 'vensoft.loadMoreReferences',
              title: vscode.l10n.t('Load more'),
              arguments: [node.group],
            },
          },
        );
      case 'error':
        return Object.assign(new vscode.TreeItem(node.message), { iconPath: new vscode.ThemeIcon('error') });
    }
  }

  /** The next page of a group. */
  async loadMore(group: ReferenceGroup): Promise<void> {
    if (!this.target) return;
    const page = await referencePage(this.service, group, this.target.id, {
      count: this.pageSize(),
      offset: group.objects.length,
    });
    group.objects.push(...page.objects);
    group.count = page.count;
    this.changed.fire(undefined);
  }

  dispose(): void {
    this.view.dispose();
    this.changed.dispose();
  }
}
