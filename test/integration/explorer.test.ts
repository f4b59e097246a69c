// The explorer tree in the real extension host, checked against what the emulator answers to a
// client of our own: types from describe, containers from getstructure, objects from list, paged.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ExplorerTree, type Node } from '../../src/explorer/explorerTree';
import { explorerSource } from '../../src/explorer/clientSource';
import { objectLabel } from '../../src/core/labels';
import { toSnakeCase } from '../../src/core/attributeNames';
import { escapeMarkdown } from '../../src/core/markdown';
import type { JsonValue } from '../../src/core/json';
import { child, demoSuite, label, LOCAL, setting, withGateway } from './support';

const DOC_MACHINE_ID = '125752076205557483';

describe('explorer', () => {
  const suite = demoSuite({ closeEditors: false });

  before(async () => {
    await setting('pageSize', 50);
  });

  after(async () => {
    await setting('pageSize', undefined);
  });

  const folder = async (name: 'Object Types' | 'Containers') =>
    child(suite.api, await child(suite.api, undefined, LOCAL), name);
  const ids = (nodes: Node[]) =>
    nodes.flatMap((n) => (n.kind === 'object' || n.kind === 'container' ? [n.object.id.toString()] : []));

  it('shows the connection with the user, and Object Types exactly as describe lists them', async () => {
    const [connection] = await suite.api.explorer.getChildren();
    assert.equal(suite.api.explorer.getTreeItem(connection!).description, 'demo@vensoft.test');
    const types = await suite.api.explorer.getChildren(await folder('Object Types'));
    const described = await suite.truth.describe();
    assert.deepEqual(
      types.map((t) => label(suite.api, t)),
      described.map((d) => d.name),
    );
    const machine = types.find((t) => label(suite.api, t) === 'machine')!;
    const tooltip = suite.api.explorer.getTreeItem(machine).tooltip as vscode.MarkdownString;
    const machineDescription = described.find((d) => d.name === 'machine')!;
    // In the spelling documents and filters use (snake_case), not describe's PascalCase.
    assert.ok(machineDescription.readable_attributes?.includes('SerialNumber'));
    assert.doesNotMatch(tooltip.value, /SerialNumber/);
    // Server strings are escaped in the tooltip's Markdown (serial\_number shows as serial_number).
    for (const attribute of machineDescription.readable_attributes ?? []) {
      assert.ok(
        tooltip.value.includes(escapeMarkdown(toSnakeCase(attribute))),
        `tooltip lacks ${toSnakeCase(attribute)}`,
      );
    }
    assert.match(tooltip.value, /Privileges: .*read/);
  });

  it('lists a type a page at a time, in id order, with "Load more (n of total)"', async () => {
    const machine = await child(suite.api, await folder('Object Types'), 'machine');
    const first = await suite.api.explorer.getChildren(machine);
    const expected = await suite.truth.list('machine', { count: { count: 100, offset: 0 } });
    const total = expected.filtered_record_count!;
    assert.ok(total > 100, `the demo data should have more than 100 machines, has ${total}`);
    assert.deepEqual(
      ids(first),
      expected.transfer_objects.slice(0, 50).map((o) => o.id.toString()),
    );
    const more = first.at(-1)!;
    assert.equal(more.kind, 'loadMore');
    assert.equal(label(suite.api, more), `Load more (50 of ${total.toLocaleString('en-US')})`);
    // Labels are a meaningful attribute, the id is the description.
    const firstObject = expected.transfer_objects[0]!;
    const item = suite.api.explorer.getTreeItem(first[0]!);
    assert.equal(item.label, objectLabel(firstObject.definition as Record<string, JsonValue>, ''));
    assert.equal(item.description, firstObject.id.toString());

    await vscode.commands.executeCommand('vensoft.loadMore', more);
    const second = await suite.api.explorer.getChildren(machine);
    assert.deepEqual(
      ids(second),
      expected.transfer_objects.map((o) => o.id.toString()),
    );
    assert.equal(label(suite.api, second.at(-1)!), `Load more (100 of ${total.toLocaleString('en-US')})`);
  });

  it('labels sales by their time and machine, so that a person can tell them apart', async () => {
    const sales = (
      await suite.api.explorer.getChildren(await child(suite.api, await folder('Object Types'), 'sale'))
    ).filter((n) => n.kind === 'object');
    const expected = (await suite.truth.list('sale', { count: { count: 3, offset: 0 } })).transfer_objects;
    const machines = await suite.truth.getMany(
      'machine',
      expected.map((o) => o.definition.parent_id as bigint),
    );
    const machineName = (id: bigint) => machines.transfer_objects.find((m) => m.id === id)!.definition.name as string;
    const labels = sales.slice(0, 3).map((n) => label(suite.api, n));
    assert.deepEqual(
      labels,
      expected.map((o) => {
        const time = /^(\d{4}-\d\d-\d\d)[T ](\d\d:\d\d:\d\d)/.exec(String(o.definition.tstamp))!;
        return `${time[1]} ${time[2]} · ${machineName(o.definition.parent_id as bigint)}`;
      }),
    );
    assert.ok(labels.every((l) => !l.startsWith('choice')));
  });

  it('shows Containers as getstructure has them: roots, children by parent_id, and objects per type', async () => {
    const structure = (await suite.truth.getStructure('container')).transfer_objects;
    const roots = await suite.api.explorer.getChildren(await folder('Containers'));
    assert.deepEqual(
      ids(roots),
      structure.filter((c) => c.definition.parent_id === null).map((c) => c.id.toString()),
    );
    // getstructure has no names: the tree labels containers by name all the same.
    const rootObject = (await suite.truth.get('container', structure.find((c) => c.definition.parent_id === null)!.id))
      .definition;
    assert.equal(label(suite.api, roots[0]!), rootObject.name);
    // Walk down to a container that holds machines directly.
    const described = await suite.truth.describe();
    const containerTypeId = described.find((d) => d.name === 'container')!.id;
    const placeable = described
      .filter((d) => d.name !== 'container' && (d.parent_object_types ?? []).includes(containerTypeId))
      .map((d) => d.name);
    const site = (await suite.truth.list('machine', { count: { count: 1, offset: 0 } })).transfer_objects[0]!.definition
      .parent_id as bigint;
    const chain: bigint[] = [];
    for (let id: bigint | null = site; id !== null;) {
      chain.unshift(id);
      id = structure.find((c) => c.id === id)!.definition.parent_id as bigint | null;
    }
    let node: Node | undefined = roots.find((r) => r.kind === 'container' && r.object.id === chain[0]);
    for (const id of chain.slice(1)) {
      const parent = node as Extract<Node, { kind: 'container' }>;
      const children = await suite.api.explorer.getChildren(parent);
      const expectedChildren = structure
        .filter((c) => c.definition.parent_id === parent.object.id)
        .map((c) => c.id.toString());
      assert.deepEqual(ids(children.filter((c) => c.kind === 'container')), expectedChildren);
      node = children.find((c) => c.kind === 'container' && c.object.id === id);
      assert.ok(node, `container ${id} is not under its parent`);
    }
    // Only the types the site holds objects of (vensoft.showEmptyTypes is off), each with its count.
    const under = (type: string) =>
      suite.truth.list(type, {
        constraints: { join: 'AND', conditions: [{ attribute: 'parent_id', type: 1, value: site.toString() }] },
        count: { count: 1, offset: 0 },
      });
    const counts = new Map(
      await Promise.all(placeable.map(async (t) => [t, (await under(t)).filtered_record_count ?? 0] as const)),
    );
    const held = placeable.filter((t) => counts.get(t)! > 0);
    assert.ok(held.length > 0 && held.length < placeable.length, 'the demo site should hold some types and not others');
    const siteChildren = await suite.api.explorer.getChildren(node);
    const groups = siteChildren.filter((c) => c.kind === 'group');
    assert.deepEqual(
      groups.map((c) => label(suite.api, c)),
      held,
    );
    assert.deepEqual(
      groups.map((c) => suite.api.explorer.getTreeItem(c).description),
      held.map((t) => counts.get(t)!.toLocaleString('en-US')),
    );
    await setting('showEmptyTypes', true);
    try {
      const all = await suite.api.explorer.getChildren(node);
      assert.deepEqual(
        all.filter((c) => c.kind === 'group').map((c) => label(suite.api, c)),
        placeable,
      );
    } finally {
      await setting('showEmptyTypes', undefined);
    }
    const machines = siteChildren.find((c) => c.kind === 'group' && label(suite.api, c) === 'machine')!;
    const expected = await suite.truth.list('machine', {
      constraints: { join: 'AND', conditions: [{ attribute: 'parent_id', type: 1, value: site.toString() }] },
      count: { count: 50, offset: 0 },
    });
    assert.deepEqual(
      ids(await suite.api.explorer.getChildren(machines)),
      expected.transfer_objects.map((o) => o.id.toString()),
    );
  });

  it('copies an id digit-exact and reveals an object by type and id', async () => {
    const found = await vscode.commands.executeCommand<boolean>('vensoft.revealObject', {
      type: 'machine',
      id: DOC_MACHINE_ID,
    });
    assert.equal(found, true);
    const machine = await child(suite.api, await folder('Object Types'), 'machine');
    const node = (await suite.api.explorer.getChildren(machine)).find(
      (n) => n.kind === 'object' && n.object.id.toString() === DOC_MACHINE_ID,
    );
    assert.ok(node, 'the revealed machine is not among the loaded children');
    assert.equal(await vscode.commands.executeCommand('vensoft.copyId', node), DOC_MACHINE_ID);
    assert.equal(await vscode.env.clipboard.readText(), DOC_MACHINE_ID);
    assert.equal(await vscode.commands.executeCommand('vensoft.revealObject', { type: 'machine', id: '1' }), false);
  });

  it('shows a failing server as an error item with Retry, and recovers on Retry', async () => {
    await withGateway('Through a gateway', async (gateway) => {
      const types = await child(suite.api, await child(suite.api, undefined, 'Through a gateway'), 'Object Types');
      gateway.broken = true;
      suite.api.explorer.refresh(types);
      const [failure, ...rest] = await suite.api.explorer.getChildren(types);
      assert.equal(rest.length, 0);
      const item = suite.api.explorer.getTreeItem(failure!);
      assert.match(String(item.label), /502/);
      assert.equal(item.description, 'Retry');
      gateway.broken = false;
      await vscode.commands.executeCommand(item.command!.command, ...item.command!.arguments!);
      assert.ok((await suite.api.explorer.getChildren(types)).some((c) => label(suite.api, c) === 'machine'));
    });
  });

  it('does not keep a page that was loading when the type was refreshed (a delete racing a load)', async () => {
    // The extension's own tree over the real session, whose first list answer is held until released.
    const real = explorerSource(suite.api.sessions)!;
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let lists = 0;
    const source = {
      ...real,
      list: async (...args: Parameters<typeof real.list>) => {
        const page = await real.list(...args);
        if (lists++ === 0) await held;
        return page;
      },
    };
    const tree = new ExplorerTree({ pageSize: () => 50, showEmptyTypes: () => false });
    tree.setSource(source);
    const types = (await tree.getChildren((await tree.getChildren())[0]))[0]!;
    const machine = (await tree.getChildren(types)).find((n) => n.kind === 'type' && n.type.name === 'machine')!;
    const loading = tree.getChildren(machine);
    while (lists === 0) await new Promise((r) => setTimeout(r, 10));
    const page = await real.list('machine', { offset: 0, count: 50 });
    const victim = page.objects[3]!.id;
    await suite.truth.delete('machine', victim);
    try {
      tree.refreshType('machine');
      release();
      assert.ok(
        (await loading).some((n) => n.kind === 'object' && n.object.id === victim),
        'the held load answers what it read',
      );
      const after = await tree.getChildren(machine);
      assert.ok(
        !after.some((n) => n.kind === 'object' && n.object.id === victim),
        'the tree kept the page loaded before the delete',
      );
    } finally {
      await suite.truth.undelete('machine', victim);
    }
  });
});
