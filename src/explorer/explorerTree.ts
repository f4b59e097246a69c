// The Vensoft explorer: connection → "Object Types" (describe) → type → objects, a page at a time;
// and "Containers" (getstructure, children by parent_id) → child containers and, per type that can
// live there, the objects inside. Failures show as an error item with Retry; nothing spins forever.
import * as vscode from 'vscode';
import { formatCount as formatCountIn, objectLabel } from '../core/labels';
import { isSessionExpired } from '../core/errors';
import { escapeMarkdown } from '../core/markdown';
import { toSnakeCase } from '../core/attributeNames';
import { CONTAINER_TYPE, type ObjectInfo, type SessionCatalog, type TypeInfo } from '../session/sessionCatalog';
import { describeFailure } from '../failureText';

export interface ObjectPage {
  objects: ObjectInfo[];
  /** filtered_record_count: how many there are in all. */
  total: number;
}

/** What the tree needs from a logged-in session. */
export interface ExplorerSource {
  readonly connectionName: string;
  readonly username: string;
  /** The session's types and containers (describe, getstructure), which Refresh reloads. */
  readonly catalog: SessionCatalog;
  /** One page of a type's objects, optionally only those directly under `parentId`, ordered by id. */
  list(typeName: string, page: { offset: number; count: number; parentId?: bigint }): Promise<ObjectPage>;
  /** How many objects of a type there are (directly under `parentId` when given). */
  count(typeName: string, parentId?: bigint): Promise<number>;
}

export interface ExplorerOptions {
  /** How many objects to load at a time. */
  pageSize(): number;
  /** Whether a container lists the types it holds no objects of (`vensoft.showEmptyTypes`). */
  showEmptyTypes(): boolean;
}

export type Node =
  ConnectionNode | FolderNode | TypeNode | ObjectNode | ContainerNode | GroupNode | LoadMoreNode | MessageNode;

interface ConnectionNode {
  kind: 'connection';
}
interface FolderNode {
  kind: 'folder';
  folder: 'types' | 'containers';
}
interface TypeNode {
  kind: 'type';
  type: TypeInfo;
}
interface ObjectNode {
  kind: 'object';
  object: ObjectInfo;
  owner: PagedNode;
}
interface ContainerNode {
  kind: 'container';
  object: ObjectInfo;
  containerType: TypeInfo;
}
/** The objects of one type directly under a container. */
interface GroupNode {
  kind: 'group';
  type: TypeInfo;
  parent: ContainerNode;
}
interface LoadMoreNode {
  kind: 'loadMore';
  owner: PagedNode;
  loaded: number;
  total: number;
}
interface MessageNode {
  kind: 'message';
  message: string;
  retry?: Node;
  isError: boolean;
  command?: vscode.Command;
}

type PagedNode = TypeNode | GroupNode;

interface PagedState {
  objects: ObjectInfo[];
  total: number;
}

/** How many further pages "reveal" loads looking for an object before it gives up. */
const REVEAL_PAGES = 5;

export class ExplorerTree implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  private source: ExplorerSource | undefined;
  private readonly pages = new Map<string, PagedState>();
  /**
   * Counts of types and groups, fetched with their parent's children, so that an item shows its count
   * at once. (Refreshing an item from inside its own getChildren, to show a count learnt there, let VS Code
   * keep rows whose handles it had dropped: menus on them did nothing, clicks found no command.)
   */
  private readonly counts = new Map<string, number>();
  /** One instance per node id, so the view can reveal nodes and keeps them across reloads. */
  private readonly nodes = new Map<string, Node>();
  /**
   * When each page key was last forgotten (and when everything was): a load that started before then
   * answers its caller but is not kept, or a delete racing a load would leave the deleted row listed.
   */
  private readonly forgotten = new Map<string, number>();
  private forgetting = 0;
  private clearedAt = 0;

  constructor(private readonly options: ExplorerOptions) {}

  /** Shows the tree of a session, or nothing (the welcome view) when undefined. */
  setSource(source: ExplorerSource | undefined): void {
    this.source = source;
    this.clear();
    this.changed.fire(undefined);
  }

  refresh(node?: Node): void {
    if (!node || node.kind === 'connection' || node.kind === 'message') {
      this.source?.catalog.forget();
      this.clear();
      this.changed.fire(undefined);
      return;
    }
    if (node.kind === 'folder') {
      this.source?.catalog.forget(node.folder);
      this.forgetPages();
    } else if (node.kind === 'type' || node.kind === 'group') {
      this.forget(pageKey(node));
      this.changed.fire(this.getParent(node)); // which counts it again
      return;
    } else if (node.kind === 'container') this.source?.catalog.forget('containers');
    this.changed.fire(node);
  }

  /** Reloads the loaded pages of a type (under Object Types and in containers), e.g. after a save. */
  refreshType(typeName: string): void {
    for (const key of [...this.pages.keys(), ...this.counts.keys()]) {
      if (key === `type:${typeName}` || key.endsWith(`:${typeName}`)) this.forget(key);
    }
    // Through their parents, which count them again (a type's count is in its parent's children).
    for (const node of this.nodes.values()) {
      if ((node.kind === 'type' || node.kind === 'group') && node.type.name === typeName)
        this.changed.fire(this.getParent(node));
    }
  }

  /** Loads the next page of a type or group (the "Load more" item). */
  async loadMore(node: LoadMoreNode): Promise<void> {
    const state = this.pages.get(pageKey(node.owner));
    if (!state || !this.source) return;
    await this.appendPage(node.owner, state);
  }

  private async appendPage(owner: PagedNode, state: PagedState): Promise<void> {
    const next = await this.fetchPage(owner, state.objects.length);
    state.objects.push(...next.objects);
    state.total = next.total;
    if (this.pages.get(pageKey(owner)) === state) this.counts.set(pageKey(owner), next.total);
    this.changed.fire(owner);
  }

  /**
   * The node of an object under Object Types → its type, loading further pages (a few at most)
   * until it is there; undefined when it is not (yet) in the tree.
   */
  /** `morePages`: how many further pages to load looking for it (0: only among the rows loaded). */
  async findObject(typeName: string, id: bigint, morePages = REVEAL_PAGES): Promise<Node | undefined> {
    const source = this.source;
    if (!source) return undefined;
    const type = await source.catalog.type(typeName);
    if (!type) return undefined;
    const owner = this.intern<TypeNode>({ kind: 'type', type });
    await this.pagedChildren(owner);
    for (let more = 0; ; more++) {
      const state = this.pages.get(pageKey(owner))!;
      const object = state.objects.find((o) => o.id === id);
      if (object) return this.intern<ObjectNode>({ kind: 'object', object, owner });
      if (more === morePages || state.objects.length >= state.total) return undefined;
      await this.appendPage(owner, state);
    }
  }

  getParent(node: Node): Node | undefined {
    switch (node.kind) {
      case 'connection':
        return undefined;
      case 'folder':
        return this.intern({ kind: 'connection' });
      case 'type':
        return this.intern({ kind: 'folder', folder: 'types' });
      case 'container': {
        const parent = this.nodes.get(`container:${node.object.parentId}`);
        return parent ?? this.intern({ kind: 'folder', folder: 'containers' });
      }
      case 'group':
        return node.parent;
      case 'object':
      case 'loadMore':
        return node.owner;
      case 'message':
        return node.retry;
    }
  }

  getTreeItem(node: Node): vscode.TreeItem {
    const item = this.treeItem(node);
    const id = nodeId(node);
    if (id) item.id = id;
    return item;
  }

  private treeItem(node: Node): vscode.TreeItem {
    switch (node.kind) {
      case 'connection': {
        const item = new vscode.TreeItem(this.source?.connectionName ?? '', vscode.TreeItemCollapsibleState.Expanded);
        item.description = this.source?.username;
        item.iconPath = new vscode.ThemeIcon('plug');
        item.contextValue = 'connection refreshable';
        return item;
      }
      case 'folder': {
        const item = new vscode.TreeItem(
          node.folder === 'types' ? vscode.l10n.t('Object Types') : vscode.l10n.t('Containers'),
          vscode.TreeItemCollapsibleState.Collapsed,
        );
        item.iconPath = new vscode.ThemeIcon(node.folder === 'types' ? 'symbol-class' : 'folder-library');
        item.contextValue = `folder-${node.folder} refreshable`;
        return item;
      }
      case 'type':
      case 'group': {
        const item = new vscode.TreeItem(node.type.name, vscode.TreeItemCollapsibleState.Collapsed);
        item.iconPath = new vscode.ThemeIcon('symbol-class');
        item.tooltip = this.source && typeTooltip(node.type, this.source.catalog);
        item.contextValue = `${node.kind} refreshable${node.type.privileges.includes('create') ? ' may-create' : ''}`;
        const count = this.counts.get(pageKey(node));
        if (count !== undefined) item.description = formatCount(count);
        return item;
      }
      case 'container': {
        const mayCreate = this.typesIn(node.containerType).some((t) => t.privileges.includes('create'));
        return objectItem(
          node.object,
          vscode.TreeItemCollapsibleState.Collapsed,
          'folder',
          `container object refreshable${mayCreate ? ' may-create' : ''}`,
        );
      }
      case 'object': {
        const item = objectItem(node.object, vscode.TreeItemCollapsibleState.None, 'symbol-object', 'object');
        item.command = { command: 'vensoft.openObject', title: vscode.l10n.t('Open'), arguments: [node] };
        return item;
      }
      case 'loadMore': {
        const item = new vscode.TreeItem(
          vscode.l10n.t('Load more ({0} of {1})', formatCount(node.loaded), formatCount(node.total)),
        );
        item.iconPath = new vscode.ThemeIcon('ellipsis');
        item.command = { command: 'vensoft.loadMore', title: vscode.l10n.t('Load more'), arguments: [node] };
        return item;
      }
      case 'message': {
        const item = new vscode.TreeItem(node.message);
        item.iconPath = new vscode.ThemeIcon(node.isError ? 'error' : 'info');
        item.tooltip = node.message;
        if (node.command) {
          item.description = node.command.title;
          item.command = node.command;
        } else if (node.retry) {
          item.description = vscode.l10n.t('Retry');
          item.command = { command: 'vensoft.refresh', title: vscode.l10n.t('Retry'), arguments: [node.retry] };
        }
        return item;
      }
    }
  }

  async getChildren(node?: Node): Promise<Node[]> {
    const source = this.source;
    if (!source) return [];
    if (!node) return [this.intern({ kind: 'connection' })];
    try {
      return await this.children(node, source);
    } catch (e) {
      // An error item where the failure happened; the rest of the tree stays usable.
      return [failureNode(e, node, source)];
    }
  }

  private async children(node: Node, source: ExplorerSource): Promise<Node[]> {
    switch (node.kind) {
      case 'connection':
        return [
          this.intern({ kind: 'folder', folder: 'types' }),
          this.intern({ kind: 'folder', folder: 'containers' }),
        ];
      case 'folder': {
        if (node.folder === 'types') {
          const types = await source.catalog.types();
          if (!types.length)
            return [
              { kind: 'message', message: vscode.l10n.t('This account may read no object types.'), isError: false },
            ];
          const nodes = types.map((type) => this.intern<TypeNode>({ kind: 'type', type }));
          await this.countAll(nodes);
          return nodes;
        }
        const [types, containers] = await Promise.all([source.catalog.types(), source.catalog.containers()]);
        const containerType = types.find((t) => t.name === CONTAINER_TYPE);
        if (!containerType)
          return [{ kind: 'message', message: vscode.l10n.t('This account may read no containers.'), isError: false }];
        const ids = new Set(containers.map((c) => c.id));
        // Roots: containers whose parent the account cannot see.
        return containers
          .filter((c) => c.parentId === null || !ids.has(c.parentId))
          .map((object) => this.intern<ContainerNode>({ kind: 'container', object, containerType }));
      }
      case 'container': {
        const [types, containers] = await Promise.all([source.catalog.types(), source.catalog.containers()]);
        const children: Node[] = containers
          .filter((c) => c.parentId === node.object.id)
          .map((object) =>
            this.intern<ContainerNode>({ kind: 'container', object, containerType: node.containerType }),
          );
        const groups = this.typesIn(node.containerType, types).map((type) =>
          this.intern<GroupNode>({ kind: 'group', type, parent: node }),
        );
        await this.countAll(groups);
        // An unknown count (its load failed) shows the group: its error appears when it is opened.
        const shown = this.options.showEmptyTypes() ? groups : groups.filter((g) => this.counts.get(pageKey(g)) !== 0);
        return [...children, ...shown];
      }
      case 'type':
      case 'group':
        return this.pagedChildren(node);
      default:
        return [];
    }
  }

  private async pagedChildren(node: PagedNode): Promise<Node[]> {
    const key = pageKey(node);
    let state = this.pages.get(key);
    if (!state) {
      const since = this.loadStamp(key);
      const first = await this.fetchPage(node, 0);
      state = { objects: first.objects, total: first.total };
      if (this.loadStamp(key) === since) {
        this.pages.set(key, state);
        this.counts.set(key, first.total);
      }
    }
    const items: Node[] = state.objects.map((object) =>
      this.intern<ObjectNode>({ kind: 'object', object, owner: node }),
    );
    if (state.objects.length < state.total)
      items.push(
        this.intern<LoadMoreNode>({ kind: 'loadMore', owner: node, loaded: state.objects.length, total: state.total }),
      );
    if (state.total === 0) items.push({ kind: 'message', message: vscode.l10n.t('No objects.'), isError: false });
    return items;
  }

  /** Fetches the counts of types or groups not yet known, together; one that fails stays unknown. */
  private async countAll(nodes: PagedNode[]): Promise<void> {
    await Promise.all(
      nodes
        .filter((n) => !this.counts.has(pageKey(n)))
        .map(async (n) => {
          try {
            const since = this.loadStamp(pageKey(n));
            const count = await this.source!.count(n.type.name, n.kind === 'group' ? n.parent.object.id : undefined);
            if (this.loadStamp(pageKey(n)) === since) this.counts.set(pageKey(n), count);
          } catch {
            // Shown without a count; opening it loads its first page and shows any error there.
          }
        }),
    );
  }

  /** The types (other than containers) whose objects can live in a container of this type. */
  private typesIn(containerType: TypeInfo, types: readonly TypeInfo[] = this.source?.catalog.loaded ?? []): TypeInfo[] {
    return types.filter((t) => t.name !== CONTAINER_TYPE && t.parentTypes.includes(containerType.id));
  }

  private forget(key: string): void {
    this.forgotten.set(key, ++this.forgetting);
    this.pages.delete(key);
    this.counts.delete(key);
  }

  /** Changes whenever the key's page or count is forgotten; see `forgotten`. */
  private loadStamp(key: string): number {
    return Math.max(this.forgotten.get(key) ?? 0, this.clearedAt);
  }

  private fetchPage(node: PagedNode, offset: number): Promise<ObjectPage> {
    const count = this.options.pageSize();
    return this.source!.list(
      node.type.name,
      node.kind === 'group' ? { offset, count, parentId: node.parent.object.id } : { offset, count },
    );
  }

  /** The one instance of a node with this id, updated with the latest data. */
  private intern<T extends Node>(node: T): T {
    const id = nodeId(node);
    if (!id) return node;
    const existing = this.nodes.get(id) as T | undefined;
    if (existing) return Object.assign(existing, node);
    this.nodes.set(id, node);
    return node;
  }

  private clear(): void {
    this.forgetPages();
    this.nodes.clear();
  }

  private forgetPages(): void {
    this.forgotten.clear();
    this.clearedAt = ++this.forgetting;
    this.pages.clear();
    this.counts.clear();
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** Counts as the display language writes them (1,234 in English, 1.234 in German). */
const formatCount = (n: number) => formatCountIn(n, vscode.env.language);

/** An object's item: its meaningful label, its id (digit-exact) beside it. */
function objectItem(
  object: ObjectInfo,
  state: vscode.TreeItemCollapsibleState,
  icon: string,
  contextValue: string,
): vscode.TreeItem {
  const own = objectLabel(object.definition, object.id.toString());
  const item = new vscode.TreeItem(object.parentLabel ? `${own} · ${object.parentLabel}` : own, state);
  item.description = object.id.toString();
  item.iconPath = new vscode.ThemeIcon(icon);
  // "may-update", "may-delete", …: what the object's permissions allow, for the menus' `when` clauses.
  // Without permissions from the server nothing is hidden: the server still decides.
  const may = object.permissions ?? ['update', 'delete'];
  item.contextValue = [contextValue, ...may.map((p) => `may-${p.replace(/ /g, '-')}`)].join(' ');
  return item;
}

function pageKey(node: PagedNode): string {
  return node.kind === 'type' ? `type:${node.type.name}` : `group:${node.parent.object.id}:${node.type.name}`;
}

/** A path-like id, unique in the tree: an object listed under its type and under its container gets two. */
function nodeId(node: Node): string | undefined {
  switch (node.kind) {
    case 'connection':
      return 'connection';
    case 'folder':
      return `folder:${node.folder}`;
    case 'type':
    case 'group':
      return pageKey(node);
    case 'container':
      return `container:${node.object.id}`;
    case 'object':
      return `${pageKey(node.owner)}/${node.object.id}`;
    case 'loadMore':
      return `${pageKey(node.owner)}/more`;
    case 'message':
      return undefined;
  }
}

/** The error item for a failed load: Retry, or Log In Again when the session has ended. */
function failureNode(e: unknown, node: Node, source: ExplorerSource): MessageNode {
  if (isSessionExpired(e)) {
    return {
      kind: 'message',
      isError: true,
      retry: node,
      message: vscode.l10n.t('Your session on {0} has ended.', source.connectionName),
      command: {
        command: 'vensoft.logIn',
        title: vscode.l10n.t('Log In Again'),
        arguments: [{ connection: source.connectionName, username: source.username }],
      },
    };
  }
  return { kind: 'message', message: describeFailure(e), retry: node, isError: true };
}

function typeTooltip(t: TypeInfo, catalog: SessionCatalog): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  // Every name comes from the server: escaped, so that none can format the tooltip or add a link.
  const list = (names: readonly string[]) => names.map(escapeMarkdown).join(', ') || vscode.l10n.t('none');
  md.appendMarkdown(`${vscode.l10n.t('**{0}** · id `{1}`', escapeMarkdown(t.name), t.id.toString())}\n\n`);
  const managed = t.managed
    ? vscode.l10n.t('Managed (holds privileges)')
    : vscode.l10n.t("Unmanaged (takes its parent's privileges)");
  const recoverable = t.recoverable
    ? vscode.l10n.t('recoverable (delete marks deleted)')
    : vscode.l10n.t('not recoverable (delete drops)');
  md.appendMarkdown(`${managed} · ${recoverable}\n\n`);
  md.appendMarkdown(`${vscode.l10n.t('Privileges: {0}', list(t.privileges))}\n\n`);
  // As documents and filters spell them (describe says SerialNumber, a document serial_number).
  md.appendMarkdown(`${vscode.l10n.t('Readable: {0}', list(t.readableAttributes.map(toSnakeCase)))}\n\n`);
  md.appendMarkdown(`${vscode.l10n.t('Writeable: {0}', list(t.writeableAttributes.map(toSnakeCase)))}\n\n`);
  md.appendMarkdown(vscode.l10n.t('Parent types: {0}', list(t.parentTypes.map((id) => catalog.typeName(id)))));
  return md;
}
