// Links between objects in the real extension host, checked against the emulator: which ids are
// links (each kind of link attribute), what a hover says, Go to Definition, and Find All References
// compared with the ground truth of an `attribute = id` filter.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TransferObject } from '../../src/api';
import { parseJson, type JsonObject } from '../../src/core/json';
import { objectUri, parseObjectUri, sameConnection } from '../../src/uris';
import { historyUri } from '../../src/history/historyDocuments';
import type { LinkFeature, WebviewLink } from '../../src/links';
import {
  closeClient,
  demoSuite,
  discardAndCloseEditors,
  editAttribute,
  groundTruth,
  LOCAL,
  logIn,
  setting,
  waitFor,
  withGateway,
} from './support';

const DOC_MACHINE_ID = '125752076205557483';

describe('links between objects', () => {
  const suite = demoSuite();
  const feature = () => vscode.commands.executeCommand<LinkFeature>('vensoft.linkFeature');
  const open = (type: string, id: bigint | string) =>
    vscode.workspace.openTextDocument(objectUri({ connection: LOCAL, type, id: id.toString() }));
  /** The position inside the value of a top-level attribute of a document. */
  const at = (document: vscode.TextDocument, attribute: string) => {
    const m = new RegExp(`"${attribute}": `).exec(document.getText());
    if (!m) throw new Error(`no ${attribute} in ${document.uri.toString()}`);
    return document.positionAt(m.index + m[0].length + 1);
  };
  const hoverText = async (document: vscode.TextDocument, where: string | vscode.Position) => {
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      document.uri,
      typeof where === 'string' ? at(document, where) : where,
    );
    const markdown = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    // As read: without the escapes that keep server text from being markdown.
    return markdown.replace(/&nbsp;/g, ' ').replace(/\\([\\`*_{}[\]()#+\-.!])/g, '$1');
  };
  /** Where Go to Definition on a top-level attribute's value goes (one place). */
  const definitionOf = async (document: vscode.TextDocument, attribute: string) => {
    const locations = await vscode.commands.executeCommand<Array<vscode.Location | vscode.LocationLink>>(
      'vscode.executeDefinitionProvider',
      document.uri,
      at(document, attribute),
    );
    assert.equal(locations.length, 1);
    return 'uri' in locations[0]! ? locations[0].uri : locations[0]!.targetUri;
  };
  /** attribute → the object its link opens ("type/id"), every link resolved. */
  const linkTargets = async (document: vscode.TextDocument) => {
    const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>(
      'vscode.executeLinkProvider',
      document.uri,
      20,
    );
    return new Map(
      links.map((l) => {
        const attribute = /"(\w+)": [^"]*$/.exec(
          document.getText(new vscode.Range(l.range.start.line, 0, l.range.start.line, l.range.start.character)),
        )![1]!;
        // A link opens through vensoft.openLinkedObject(connection, type, id), which checks the session.
        assert.equal(l.target!.scheme, 'command');
        assert.equal(l.target!.path, 'vensoft.openLinkedObject');
        const [connection, type, id] = parseJson(decodeURIComponent(l.target!.query)) as string[];
        assert.ok(sameConnection(connection!, LOCAL), `the ${attribute} link opens on ${connection}`);
        assert.equal(document.getText(l.range), id, `the ${attribute} link does not cover its id`);
        return [attribute, `${type}/${id}`];
      }),
    );
  };
  /** The edits in a test must not reach the server: code-server saves after a delay by default. */
  const autoSave = (value: string | undefined) =>
    vscode.workspace.getConfiguration('files').update('autoSave', value, vscode.ConfigurationTarget.Global);
  const mondayTour = async (truth = suite.truth) =>
    (
      await truth.list('tour', {
        constraints: { join: 'AND', conditions: [{ attribute: 'weekday', type: 1, value: '1' }] },
        count: { count: 1, offset: 0 },
      })
    ).transfer_objects[0]!;

  it('makes each kind of link attribute a link to the object the server has: parent_id, owner, <type>_id', async () => {
    const machine = (await suite.truth.get('machine', BigInt(DOC_MACHINE_ID))).definition as JsonObject;
    const targets = await linkTargets(await open('machine', DOC_MACHINE_ID));
    assert.deepEqual(Object.fromEntries(targets), {
      owner: `user/${machine.owner}`,
      parent_id: `container/${machine.parent_id}`,
      tour_id: `tour/${machine.tour_id}`,
      currency_id: `currency/${machine.currency_id}`,
      machine_type_id: `machine_type/${machine.machine_type_id}`,
    });
    // Each target is really of that type: the server finds it there.
    for (const [, target] of targets) {
      const [type, id] = target.split('/');
      assert.equal(
        (await suite.truth.getMany(type!, [BigInt(id!)])).transfer_objects.length,
        1,
        `${target} does not exist`,
      );
    }
  });

  it('finds the type of an *_id that names no type (driver_id) by asking the server, once per session', async () => {
    const tour = await mondayTour();
    const driver = tour.definition.driver_id as bigint;
    assert.equal(
      (await suite.truth.getMany('user', [driver])).transfer_objects.length,
      1,
      "the demo data's driver is not a user",
    );
    const { service } = await feature();
    const targets = await linkTargets(await open('tour', tour.id));
    assert.equal(targets.get('driver_id'), `user/${driver}`);
    assert.equal(service.probedType('tour', 'driver_id'), 'user');
    // Another id of that attribute: one request, to the type found.
    const before = service.requests;
    const fresh = await service.lookUp('tour', (await service.links()).linkOf('tour', 'driver_id')!, '1');
    assert.ok('missing' in fresh);
    assert.equal(service.requests - before, 1, 'a probed attribute asked more than the type it found');
  });

  it('shows the type, label and key attributes of a linked object on hover, asking once, then from the cache', async () => {
    const machine = (await suite.truth.list('machine', { count: { count: 1, offset: 40 } })).transfer_objects[0]!;
    const tour = (await suite.truth.get('tour', machine.definition.tour_id as bigint)).definition as JsonObject;
    const document = await open('machine', machine.id);
    const { service } = await feature();
    service.remember(String(machine.definition.tour_id), { failed: 'not asked yet' }); // make it cold
    const before = service.requests;
    const text = await hoverText(document, 'tour_id');
    assert.equal(service.requests - before, 1, 'a cold hover is not one request');
    assert.match(text, new RegExp(`tour · ${tour.name as string} · ${machine.definition.tour_id}`));
    assert.match(text, new RegExp(`weekday: ${tour.weekday}`));
    assert.match(text, /Shift\+F12 for what points at it there/);
    assert.equal(await hoverText(document, 'tour_id'), text);
    assert.equal(service.requests - before, 1, 'a warm hover asked the server again');
  });

  it('says so, without a popup or a request, for a value that is not an id, an id of a deleted object, or a type the user may not read', async () => {
    await autoSave('off');
    try {
      const { service } = await feature();
      const machine = (await suite.truth.list('machine', { count: { count: 1, offset: 41 } })).transfer_objects[0]!;
      const document = await open('machine', machine.id);
      await editAttribute(document, 'tour_id', '"next monday"');
      const before = service.requests;
      assert.match(
        await hoverText(document, 'tour_id'),
        /tour_id should hold the id of a tour[\s\S]*"next monday" is not an id/,
      );
      assert.equal(service.requests, before, 'a value that is not an id was sent to the server');
      assert.deepEqual([...(await linkTargets(document)).keys()].includes('tour_id'), false);

      const deleted = await suite.truth.create('tour', {
        name: 'Deleted tour',
        weekday: 2,
        parent_id: machine.definition.parent_id as bigint,
      });
      await suite.truth.delete('tour', deleted.id);
      await editAttribute(document, 'tour_id', deleted.id.toString());
      assert.match(
        await hoverText(document, 'tour_id'),
        new RegExp(`tour_id → tour ${deleted.id}: not found or not readable for you`),
      );

      // The reader may not read users: a driver is not found among the types the reader may read.
      await logIn('reader');
      const reader = await groundTruth('reader');
      try {
        const tour = await mondayTour(reader);
        assert.match(
          await hoverText(await open('tour', tour.id), 'driver_id'),
          /driver_id → \d+: not found or not readable for you/,
        );
      } finally {
        await closeClient(reader);
      }
    } finally {
      await discardAndCloseEditors(); // before saving after a delay is on again
      await autoSave(undefined);
    }
  });

  it("aborts a hover's request when the hover goes away", async () => {
    await withGateway('Held', async (gateway) => {
      const { hovers } = await feature();
      const machine = (await suite.truth.list('machine', { count: { count: 1, offset: 43 } })).transfer_objects[0]!;
      const document = await vscode.workspace.openTextDocument(
        objectUri({ connection: 'Held', type: 'machine', id: machine.id.toString() }),
      );
      gateway.hold = /\/getmany\/tour\//;
      const hover = new vscode.CancellationTokenSource();
      const shown = hovers.provideHover(document, at(document, 'tour_id'), hover.token);
      await waitFor(() => gateway.requests.filter((r) => gateway.hold!.test(r.path)), 10_000);
      hover.cancel();
      assert.equal(await shown, undefined);
      assert.equal(
        (await waitFor(() => gateway.abandoned.filter((path) => gateway.hold!.test(path)), 10_000)).length,
        1,
        'the request was not aborted',
      );
    });
  });

  it("goes to the definition of a linked id: the object's document", async () => {
    const machine = (await suite.truth.list('machine', { count: { count: 1, offset: 42 } })).transfer_objects[0]!;
    const document = await open('machine', machine.id);
    const uri = await definitionOf(document, 'machine_type_id');
    assert.deepEqual(parseObjectUri(uri), {
      connection: 'local emulator',
      type: 'machine_type',
      id: String(machine.definition.machine_type_id),
    });
    const target = await vscode.workspace.openTextDocument(uri);
    const truth = (await suite.truth.get('machine_type', machine.definition.machine_type_id as bigint)).definition;
    assert.ok(target.getText().includes(`"name": "${truth.name as string}"`));
  });

  it("shows the object's container path above its document, each part opening that container", async () => {
    const sale = (await suite.truth.list('sale', { count: { count: 1, offset: 0 } })).transfer_objects[0]!;
    // The ground truth: parent after parent, up to the root.
    const expected: Array<{ type: string; id: string; name: string }> = [];
    for (
      let at: { type: string; parent: unknown } = { type: 'sale', parent: sale.definition.parent_id };
      at.parent !== null;
    ) {
      const type = at.type === 'sale' ? 'machine' : 'container';
      const parent = (await suite.truth.get(type, at.parent as bigint)).definition;
      expected.unshift({ type, id: String(at.parent), name: String(parent.name) });
      at = { type, parent: parent.parent_id };
    }
    const document = await open('sale', sale.id);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>(
      'vscode.executeCodeLensProvider',
      document.uri,
    );
    const path = lenses.filter((l) => l.command?.command === 'vensoft.openObject');
    assert.deepEqual(
      path.map((l) => l.command!.title),
      expected.map((e, k) => `${k === 0 ? 'in ' : '› '}${e.name}`),
    );
    assert.deepEqual(
      path.map((l) => l.command!.arguments![0]),
      expected.map(({ type, id }) => ({ type, id })),
    );
    assert.ok(expected.length >= 5, 'a sale lives under a machine under four containers');
  });

  it("describes an id a view shows (the results table's and report view's tooltip), a group by id as its own type's object", async () => {
    const sale = (await suite.truth.list('sale', { count: { count: 1, offset: 3 } })).transfer_objects[0]!;
    const machine = (await suite.truth.get('machine', sale.definition.parent_id as bigint)).definition;
    const info = (type: string, attribute: string, value: string) =>
      vscode.commands.executeCommand<WebviewLink | undefined>('vensoft.linkInfo', type, attribute, value);
    const byId = await info('sale', 'Id', sale.id.toString());
    assert.deepEqual(byId?.target, { type: 'sale', id: sale.id.toString() });
    const parent = await info('sale', 'ParentId', String(sale.definition.parent_id));
    assert.equal(parent?.title, `machine · ${machine.name as string} · ${sale.definition.parent_id}`);
    assert.equal(await info('sale', 'price', '1'), undefined, 'price is no link');
  });

  describe('in request history responses', () => {
    /** The response document of the newest history entry of `path`, recorded by the extension's own client. */
    const responseOf = async (path: RegExp) => {
      await suite.api.history.store.flush();
      const entry = (await suite.api.history.store.entries(LOCAL)).filter((e) => path.test(e.path)).at(-1);
      if (!entry) throw new Error(`no history entry of ${path}`);
      return vscode.workspace.openTextDocument(historyUri(entry, 'response'));
    };
    const run = <T>(action: Parameters<typeof suite.api.sessions.run<T>>[0]) => suite.api.sessions.run(action);

    it("makes a get's ids links there: hover says what the object is, Go to Definition opens it", async () => {
      const machine = (await suite.truth.list('machine', { count: { count: 1, offset: 44 } })).transfer_objects[0]!;
      await run((client) => client.get('machine', machine.id));
      const document = await responseOf(new RegExp(`^get/machine/${machine.id}/`));
      const tourId = String(machine.definition.tour_id);
      const tour = (await suite.truth.get('tour', BigInt(tourId))).definition as JsonObject;
      const tourHover = await hoverText(document, 'tour_id');
      assert.match(tourHover, new RegExp(`tour · ${tour.name as string} · ${tourId}`));
      assert.match(tourHover, new RegExp(`weekday: ${tour.weekday}`));
      // Find All References is offered in object documents only: the hover names F12, not Shift+F12.
      assert.match(tourHover, /Ctrl\+click to open, F12 to go to it\./);
      assert.doesNotMatch(tourHover, /Shift\+F12/);
      // The answer's own id is the machine itself (its type from the TransferObject's type_id).
      assert.match(
        await hoverText(document, 'id'),
        new RegExp(`machine · ${machine.definition.name as string} · ${machine.id}`),
      );
      assert.match(await hoverText(document, 'owner'), new RegExp(`user · .+ · ${machine.definition.owner}`));

      const uri = await definitionOf(document, 'machine_type_id');
      const typeId = String(machine.definition.machine_type_id);
      const address = parseObjectUri(uri)!;
      assert.ok(sameConnection(address.connection, LOCAL), `opened on ${address.connection}`);
      assert.deepEqual([address.type, address.id], ['machine_type', typeId]);
      const truth = (await suite.truth.get('machine_type', BigInt(typeId))).definition;
      assert.ok((await vscode.workspace.openTextDocument(uri)).getText().includes(`"name": "${truth.name as string}"`));
      const links = await linkTargets(document);
      assert.equal(links.get('parent_id'), `container/${machine.definition.parent_id}`);
    });

    it("makes a report's id group values links to their objects", async () => {
      await run((client) =>
        client.report('sale', {
          Aggregation: [{ Function: 'COUNT', Attribute: 'price' }],
          Group: [{ Function: null, Attribute: 'sale_status_id', Orientation: 'vertical' }],
        } as never),
      );
      const document = await responseOf(/^report\/sale\//);
      const id = /"Value": "?(\d{6,})/.exec(document.getText())![1]!;
      const status = (await suite.truth.getMany('sale_status', [BigInt(id)])).transfer_objects[0]!.definition;
      const position = document.positionAt(document.getText().indexOf(id) + 1);
      assert.match(await hoverText(document, position), new RegExp(`sale_status · ${status.name as string} · ${id}`));
    });

    it('says an id of a deleted object is not found, and without a session says to log in (no popup, no request)', async () => {
      const parent = (await suite.truth.list('tour', { count: { count: 1, offset: 0 } })).transfer_objects[0]!;
      const tour = await suite.truth.create('tour', {
        name: 'Tour deleted after its get',
        weekday: 3,
        parent_id: parent.definition.parent_id as bigint,
      });
      await run((client) => client.get('tour', tour.id));
      await suite.truth.delete('tour', tour.id);
      const document = await responseOf(new RegExp(`^get/tour/${tour.id}/`));
      assert.match(
        await hoverText(document, 'id'),
        new RegExp(`id → tour ${tour.id}: not found or not readable for you`),
      );

      const { service } = await feature();
      const made = await vscode.commands.executeCommand<vscode.DocumentLink[]>(
        'vscode.executeLinkProvider',
        document.uri,
        20,
      );
      const target = made.find((l) => l.target)!.target!;
      await suite.api.sessions.logOut();
      // A link made before Log Out, clicked after it: the command asks to log in (a message with a Log In
      // button, from the command path), where opening the file failed with a modal file error before.
      const [connection, type, id] = parseJson(decodeURIComponent(target.query)) as string[];
      assert.equal(target.path, 'vensoft.openLinkedObject');
      await vscode.commands.executeCommand(target.path, connection, type, id);
      assert.ok(!vscode.window.visibleTextEditors.some((e) => e.document.uri.path.endsWith(`/${type}/${id}.json`)));
      const before = service.requests;
      assert.match(
        await hoverText(document, 'parent_id'),
        new RegExp(`parent_id → ${parent.definition.parent_id}: log in to Local emulator to see what it is`),
      );
      assert.equal(service.requests, before, 'a hover without a session asked the server');
      assert.deepEqual([...(await linkTargets(document)).keys()], [], 'links without a session');
    });
  });

  describe('references', () => {
    /** What points at a machine, from the emulator: each attribute that can, filtered `= id`. */
    const truthOf = async (id: string) => {
      const query = async (type: string, attribute: string) =>
        (
          await suite.truth.list(type, {
            constraints: { join: 'AND', conditions: [{ attribute, type: 1, value: id }] },
            count: { count: 100_000, offset: 0 },
          })
        ).transfer_objects;
      const found: Record<string, TransferObject[]> = {
        'sale.parent_id': await query('sale', 'parent_id'),
        'machine_product.parent_id': await query('machine_product', 'parent_id'),
        'sim.machine_id': await query('sim', 'machine_id'),
      };
      return found;
    };

    afterEach(async () => {
      await setting('pageSize', undefined);
    });

    it('finds every object that points at a machine (Find All References), as the ground-truth filters do', async () => {
      await setting('pageSize', 1000);
      const truth = await truthOf(DOC_MACHINE_ID);
      assert.ok(
        truth['sale.parent_id']!.length > 50 &&
          truth['machine_product.parent_id']!.length === 8 &&
          truth['sim.machine_id']!.length === 1,
      );
      const document = await open('machine', DOC_MACHINE_ID);
      const locations = await vscode.commands.executeCommand<vscode.Location[]>(
        'vscode.executeReferenceProvider',
        document.uri,
        at(document, 'name'),
      );
      // Find All References may include the object itself (the declaration).
      const found = locations
        .map((l) => parseObjectUri(l.uri)!)
        .map((a) => `${a.type}/${a.id}`)
        .filter((a) => a !== `machine/${DOC_MACHINE_ID}`)
        .sort();
      const expected = Object.entries(truth).flatMap(([key, objects]) =>
        objects.map((o) => `${key.split('.')[0]}/${o.id}`),
      );
      assert.deepEqual(found, expected.sort());
      // Each location is the attribute's value in the referring object's document.
      const sim = locations.find((l) => parseObjectUri(l.uri)!.type === 'sim')!;
      const simDocument = await vscode.workspace.openTextDocument(sim.uri);
      assert.equal(simDocument.getText(sim.range), DOC_MACHINE_ID);
    });

    it('shows them grouped by type and attribute with counts, paged, in the References view', async () => {
      await setting('pageSize', 50);
      const truth = await truthOf(DOC_MACHINE_ID);
      const f = await feature();
      const groups = (await f.showReferences({ type: 'machine', id: DOC_MACHINE_ID }))!;
      const counted = Object.fromEntries(
        groups.filter((g) => g.count > 0).map((g) => [`${g.type}.${g.attribute}`, g.count]),
      );
      assert.deepEqual(counted, Object.fromEntries(Object.entries(truth).map(([k, v]) => [k, v.length])));
      assert.ok(
        groups.every((g) => !g.error),
        groups.map((g) => g.error).join(),
      );
      const sales = groups.find((g) => g.type === 'sale')!;
      assert.equal(sales.objects.length, 50);
      while (sales.objects.length < sales.count)
        await vscode.commands.executeCommand('vensoft.loadMoreReferences', sales);
      assert.deepEqual(
        sales.objects.map((o) => o.id).sort(),
        truth['sale.parent_id']!.map((o) => o.id.toString()).sort(),
      );
    });

    it('includes a probed attribute: the tours a user drives point at that user', async () => {
      const tour = await mondayTour();
      const driver = String(tour.definition.driver_id);
      const driven = (
        await suite.truth.list('tour', {
          constraints: { join: 'AND', conditions: [{ attribute: 'driver_id', type: 1, value: driver }] },
        })
      ).transfer_objects;
      const groups = (await (await feature()).showReferences({ type: 'user', id: driver }))!;
      const group = groups.find((g) => g.type === 'tour' && g.attribute === 'driver_id');
      assert.equal(group?.count, driven.length);
      assert.ok(driven.length >= 12);
    });
  });
});
