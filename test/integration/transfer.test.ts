// Export and import in the real extension host against the emulator: every page written and counted,
// ids digit-exact, formulas guarded; the selected rows of a results table exactly, a deleted one
// named; an export imported back sends no write; a CSV with every kind of
// bad row imports the good rows and lists the bad ones with their reasons; a cancel stops midway and
// says what was not imported.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import * as vscode from 'vscode';
import type { Node } from '../../src/explorer/explorerTree';
import type { VensoftClient } from '../../src/api';
import { parseJson, type JsonObject } from '../../src/core/json';
import type { ExportAnswer } from '../../src/transfer/exportCommand';
import type { ResultPage } from '../../src/queries/results/model/resultTable';
import type { ImportAnswer } from '../../src/transfer/importCommand';
import type { RevertAnswer } from '../../src/journal/journalFeature';
import {
  child,
  closeClient,
  demoSuite,
  groundTruth,
  LOCAL,
  logIn,
  setting,
  untitledFile,
  withGateway,
} from './support';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vensoft-transfer-'));
const file = (name: string) => path.join(dir, name);
const NO_PRIVILEGES = { returnPrivileges: false, returnAttributePrivileges: false };

/** Every object of a type (or under a parent) as the server holds it, by id. */
async function everything(truth: VensoftClient, type: string, parentId?: bigint): Promise<Map<string, JsonObject>> {
  const all = new Map<string, JsonObject>();
  const constraints = parentId && {
    join: 'AND',
    conditions: [{ attribute: 'parent_id', type: 1, value: `${parentId}` }],
  };
  for (let offset = 0; ; offset += 500) {
    const filter = { order: { attribute: 'id' }, count: { count: 500, offset }, constraints };
    const page = await truth.list(type, filter as never, NO_PRIVILEGES);
    for (const o of page.transfer_objects) all.set(o.id.toString(), o.definition as JsonObject);
    if (page.transfer_objects.length < 500) return all;
  }
}

const readCsv = (target: string, delimiter = ',') =>
  parse(fs.readFileSync(target, 'utf8'), { columns: true, bom: true, delimiter }) as Array<Record<string, string>>;

describe('import and export', () => {
  const suite = demoSuite();

  const typeNode = async (type: string, connection = LOCAL) =>
    child(suite.api, await child(suite.api, await child(suite.api, undefined, connection), 'Object Types'), type);
  const exportObjects = (node: unknown, nodes: unknown, options: object) =>
    vscode.commands.executeCommand<ExportAnswer>('vensoft.exportObjects', node, nodes, options);
  const importObjects = (node: unknown, options: object) =>
    vscode.commands.executeCommand<ImportAnswer>('vensoft.importObjects', node, options);

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('exports every sim to CSV, ids digit-exact, a formula guarded, the count checked', async () => {
    const all = await everything(suite.truth, 'sim');
    const [formulaId] = [...all.keys()];
    await suite.truth.update('sim', BigInt(formulaId!), { msisdn: '=HYPERLINK("http://x")' });
    const target = file('sims.csv');
    const answer = await exportObjects(await typeNode('sim'), undefined, { target });
    assert.deepEqual(
      { written: answer.written, expected: answer.expected, complete: answer.complete, cancelled: answer.cancelled },
      { written: all.size, expected: all.size, complete: true, cancelled: false },
    );
    const rows = readCsv(target);
    assert.deepEqual(Object.keys(rows[0]!).slice(0, 3), ['id', 'parent_id', 'owner']);
    assert.deepEqual(
      rows.map((r) => r.id),
      [...all.keys()],
    );
    const row = rows.find((r) => r.id === formulaId)!;
    assert.equal(row.msisdn, `'=HYPERLINK("http://x")`);
    assert.equal(row.parent_id, `${all.get(formulaId!)!.parent_id}`);
  });

  it("exports a container's sims to JSON and NDJSON, and selected objects", async () => {
    const someSim = [...(await everything(suite.truth, 'sim')).values()][0]!;
    const parentId = someSim.parent_id as bigint;
    const expected = await everything(suite.truth, 'sim', parentId);
    const group = {
      kind: 'group',
      type: ((await typeNode('sim')) as Extract<Node, { kind: 'type' }>).type,
      parent: { object: { id: parentId } },
    };
    for (const format of ['json', 'ndjson'] as const) {
      const target = file(`group.${format}`);
      const answer = await exportObjects(group, undefined, { target, format });
      assert.equal(answer.complete, true);
      const text = fs.readFileSync(target, 'utf8');
      const records = (format === 'json' ? parseJson(text) : text.trim().split('\n').map(parseJson)) as JsonObject[];
      assert.deepEqual(
        records.map((r) => String(r.id)),
        [...expected.keys()],
      );
      assert.ok(
        records.every((r) => r.parent_id === parentId),
        'a parent_id rounded or lost',
      );
    }
    const objects = (await suite.api.explorer.getChildren(await typeNode('sim')))
      .filter((n) => n.kind === 'object')
      .slice(3, 6);
    const target = file('selected.ndjson');
    const answer = await exportObjects(objects[0], objects, { target });
    assert.equal(answer.written, 3);
    const ids = fs
      .readFileSync(target, 'utf8')
      .trim()
      .split('\n')
      .map((l) => String((parseJson(l) as JsonObject).id));
    assert.deepEqual(
      ids,
      objects.map((n) => (n as Extract<Node, { kind: 'object' }>).object.id.toString()),
    );
  });

  it("exports a filter file's results: every match, not one page", async () => {
    const text = JSON.stringify({
      count: { count: 5, offset: 0 },
      constraints: { join: 'AND', conditions: [{ attribute: 'imsi', type: 9, value: '1$' }] },
    });
    const document = await untitledFile('sim.vensoft-filter.json', text);
    const expected = await suite.truth.list('sim', {
      constraints: { join: 'AND', conditions: [{ attribute: 'imsi', type: 9, value: '1$' }] },
      count: { count: 1, offset: 0 },
    });
    const answer = await exportObjects(document.uri, undefined, { target: file('filtered.csv') });
    assert.equal(answer.expected, expected.filtered_record_count);
    assert.equal(answer.written, answer.expected);
    assert.ok(answer.written > 5);
  });

  it("exports the selected rows of a filter's results: exactly those, digit-exact; a deleted one is named", async () => {
    const [parent] = await suite.truth.getContainer('sim', 'create');
    const stamp = Date.now().toString(36);
    const made = [];
    for (let k = 0; k < 6; k++)
      made.push(await suite.truth.create('sim', { parent_id: parent!, imsi: `rows-${stamp}-${k}`, msisdn: `=${k}` }));
    // Newest first: the table's order is not the order the objects were made in.
    const filter = {
      order: { attribute: 'imsi', direction: 'DESC' },
      count: { count: 4, offset: 0 },
      constraints: { join: 'AND', conditions: [{ attribute: 'imsi', type: 9, value: `^rows-${stamp}-` }] },
    };
    const document = await untitledFile('sim.vensoft-filter.json', JSON.stringify(filter));
    const page = await vscode.commands.executeCommand<ResultPage>('vensoft.runQuery', document.uri);
    assert.deepEqual(
      page.rows.map((r) => r.id),
      made
        .slice(2)
        .reverse()
        .map((o) => o.id.toString()),
    );
    // Rows 1 and 3 of the page and one of the next page (as the view sends them: ids as digits, shown first).
    const selected = [page.rows[1]!.id, page.rows[3]!.id, made[0]!.id.toString()];
    const truth = (await suite.truth.getMany('sim', selected.map(BigInt), NO_PRIVILEGES)).transfer_objects;
    assert.deepEqual(
      truth.map((o) => o.id.toString()),
      selected,
    );
    const exportRows = (options: object) =>
      vscode.commands.executeCommand<ExportAnswer | undefined>('vensoft.exportSelectedRows', options);
    for (const format of ['csv', 'json', 'ndjson'] as const) {
      const target = file(`rows.${format}`);
      const answer = (await exportRows({ ids: selected, target, format }))!;
      assert.deepEqual(
        { written: answer.written, expected: answer.expected, complete: answer.complete, missing: answer.missing },
        { written: 3, expected: 3, complete: true, missing: [] },
      );
      const text = fs.readFileSync(target, 'utf8');
      if (format === 'csv') {
        const rows = readCsv(target);
        assert.deepEqual(
          rows.map((r) => [r.id, r.parent_id, r.owner, r.imsi, r.msisdn]),
          truth.map((o) =>
            [o.id, o.definition.parent_id, o.definition.owner, o.definition.imsi, `'${o.definition.msisdn}`].map(
              String,
            ),
          ),
        );
        continue;
      }
      const records = (format === 'json' ? parseJson(text) : text.trim().split('\n').map(parseJson)) as JsonObject[];
      assert.deepEqual(
        records.map((r) => String(r.id)),
        selected,
      );
      records.forEach((record, k) => {
        const { definition } = truth[k]!;
        for (const [key, value] of Object.entries(record))
          if (key !== 'id') assert.deepEqual(value, definition[key] ?? null, `${key} of ${String(record.id)}`);
      });
    }

    // One selected object deleted meanwhile: the others are written, and it is named, not silently missing.
    await suite.truth.delete('sim', BigInt(selected[1]!));
    const target = file('rows-deleted.ndjson');
    const answer = (await exportRows({ ids: selected, target }))!;
    assert.deepEqual(
      { written: answer.written, expected: answer.expected, complete: answer.complete },
      { written: 2, expected: 3, complete: false },
    );
    assert.deepEqual(answer.missing.map(String), [selected[1]]);
    assert.deepEqual(
      fs
        .readFileSync(target, 'utf8')
        .trim()
        .split('\n')
        .map((l) => String((parseJson(l) as JsonObject).id)),
      [selected[0], selected[2]],
    );
    // An id as a JS number (already rounded, perhaps) is refused, and nothing is written.
    const refused = file('rows-number.csv');
    assert.equal(await exportRows({ ids: [Number(selected[0])], target: refused }), undefined);
    assert.equal(fs.existsSync(refused), false);
    await suite.truth.deleteMany(
      'sim',
      made.filter((o) => o.id.toString() !== selected[1]).map((o) => o.id),
    );
  });

  it('stops an export on Cancel and says it is incomplete; the file holds what was written', async () => {
    const target = file('sales.csv');
    const running = exportObjects(await typeNode('sale'), undefined, { target });
    while (!fs.existsSync(target) || fs.statSync(target).size < 1000)
      await new Promise((resolve) => setTimeout(resolve, 20));
    assert.ok((await vscode.commands.executeCommand<number>('vensoft.cancelTransfer')) >= 1);
    const answer = await running;
    assert.equal(answer.cancelled, true);
    assert.equal(answer.complete, false);
    assert.ok(answer.written < answer.expected, `${answer.written} of ${answer.expected}`);
    assert.equal(readCsv(target).length, answer.written);
  });

  it('imports an export back without sending a single write', async () => {
    await withGateway('Transfer gateway', async (gateway) => {
      const target = file('roundtrip.csv');
      await exportObjects(await typeNode('sim', 'Transfer gateway'), undefined, { target });
      gateway.requests.length = 0;
      const answer = await importObjects(await typeNode('sim', 'Transfer gateway'), { file: target, confirm: true });
      const rows = readCsv(target).length;
      assert.deepEqual(answer.plan.counts, { create: 0, update: 0, unchanged: rows, refused: 0 });
      const writes = gateway.requests.filter((r) => /^\/[^/]+\/(create|update|updatemany|move|delete)\//.test(r.path));
      assert.deepEqual(writes, []);
      assert.ok(
        gateway.requests.some((r) => /\/getmany\/sim\//.test(r.path)),
        'the plan read no current values',
      );
    });
  });

  it('imports a Windows-1252 CSV with every kind of bad row: good rows go through, bad ones come back with reasons', async () => {
    await logIn('operator');
    const operator = await groundTruth('operator');
    try {
      const allowed = await operator.getContainer('sim', 'create');
      const containers = (await suite.truth.getStructure('container')).transfer_objects.map((o) => o.id);
      const forbidden = containers.find((id) => !allowed.includes(id))!;
      const sims = [...(await everything(operator, 'sim')).entries()];
      type Sim = [string, JsonObject];
      const [[aId, a], [bId, b], [cId, c]] = sims as [Sim, Sim, Sim];
      const stamp = Date.now().toString(36);
      const cell = (v: unknown) => (v === null || v === undefined ? '' : String(v));
      const line = (...cells: unknown[]) => cells.map(cell).join(';');
      const csv = [
        'id;parent_id;owner;imsi;msisdn;machine_id;colour',
        line(aId, a!.parent_id, a!.owner, a!.imsi, '+49 170 999', a!.machine_id, 'rot'),
        line(bId, b!.parent_id, b!.owner, b!.imsi, b!.msisdn, b!.machine_id, 'grün'),
        line('', allowed[0], '', `Prüfung-${stamp}`, '', '', 'blau'),
        line(cId, '', '', c!.imsi, '', 'not-an-id', ''),
        line('999999999', '', '', 'x', '', '', ''),
        line('', forbidden, '', `forbidden-${stamp}`, '', '', ''),
        line(cId, c!.parent_id, '1', c!.imsi, c!.msisdn, c!.machine_id, ''),
        '1;2;3;4;5;6;7;8;9',
      ].join('\r\n');
      const source = file('operator.csv');
      fs.writeFileSync(source, iconv.encode(`${csv}\r\n`, 'windows-1252'));
      const answer = await importObjects(await typeNode('sim'), { file: source, confirm: true });
      assert.deepEqual(answer.plan.counts, { create: 1, update: 1, unchanged: 1, refused: 5 });
      const { outcome } = answer;
      assert.deepEqual(
        { ...outcome, failedFile: undefined },
        { created: 1, updated: 1, unchanged: 1, failed: 5, cancelled: false, failedFile: undefined },
      );
      const failed = readCsv(outcome!.failedFile!, ';');
      assert.deepEqual(
        failed.map((r) => r.id),
        [cId, '999999999', '', cId, '1'], // the malformed line keeps what was read of it,
      );
      const reasons = failed.map((r) => r.import_problem);
      [
        /^line 5: machine_id: "not-an-id" is not an id/,
        /^line 6: No sim 999999999 exists/,
        /^line 7: You may not create sim objects in /,
        /^line 8: You may not change owner/,
        /^line 9: Malformed CSV line/,
      ].forEach((pattern, k) => assert.match(reasons[k]!, pattern));
      // The server holds the good rows' changes and nothing of the bad ones.
      assert.equal((await suite.truth.get('sim', BigInt(aId!))).definition.msisdn, '+49 170 999');
      assert.deepEqual((await suite.truth.get('sim', BigInt(cId!))).definition, c);
      assert.deepEqual((await suite.truth.get('sim', BigInt(bId!))).definition, b);
      const named = async (imsi: string) =>
        (
          await suite.truth.list('sim', {
            constraints: { join: 'AND', conditions: [{ attribute: 'imsi', type: 1, value: imsi }] },
          })
        ).transfer_objects;
      const created = await named(`Prüfung-${stamp}`);
      assert.equal(created.length, 1, 'the new sim (its name read as Windows-1252) is not on the server');
      assert.equal(created[0]!.definition.parent_id, allowed[0]);
      assert.equal((await named(`forbidden-${stamp}`)).length, 0);
    } finally {
      await closeClient(operator);
    }
  });

  it('stops midway on Cancel: what was created is said, the rest is in the failed file', async () => {
    const [parent] = await suite.truth.getContainer('sim', 'create');
    const stamp = Date.now().toString(36);
    const rows = 400;
    const source = file('many.csv');
    fs.writeFileSync(source, ['imsi', ...Array.from({ length: rows }, (_, k) => `cancel-${stamp}-${k}`)].join('\n'));
    const running = importObjects(await typeNode('sim'), { file: source, confirm: true, parentId: `${parent}` });
    const countOnServer = async () =>
      (
        await suite.truth.list('sim', {
          count: { count: 1, offset: 0 },
          constraints: { join: 'AND', conditions: [{ attribute: 'imsi', type: 9, value: `^cancel-${stamp}-` }] },
        })
      ).filtered_record_count ?? 0;
    while ((await countOnServer()) === 0) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.ok((await vscode.commands.executeCommand<number>('vensoft.cancelTransfer')) >= 1);
    const { outcome } = await running;
    assert.equal(outcome!.cancelled, true);
    assert.ok(outcome!.created > 0 && outcome!.created < rows, `created ${outcome!.created} of ${rows}`);
    assert.equal(outcome!.created + outcome!.failed, rows);
    const failed = readCsv(outcome!.failedFile!);
    assert.equal(failed.length, outcome!.failed);
    assert.ok(failed.every((r) => /cancelled/i.test(r.import_problem!)));
    // The one create in flight when Cancel came may have reached the server: its row says so.
    const inFlight = failed.filter((r) => /while it was sent/.test(r.import_problem!)).length;
    const onServer = await countOnServer();
    assert.ok(onServer >= outcome!.created && onServer <= outcome!.created + inFlight, `server has ${onServer}`);
  });

  it('journals the whole import as one change, and Revert takes all of it back', async () => {
    await logIn('demo');
    const [parent] = await suite.truth.getContainer('sim', 'create');
    const [[id, before]] = [...(await everything(suite.truth, 'sim')).entries()] as [[string, JsonObject]];
    const stamp = Date.now().toString(36);
    const source = file('revert.csv');
    fs.writeFileSync(
      source,
      ['id,parent_id,imsi', `${id},,changed-${stamp}`, `,${parent},created-${stamp}`].join('\n'),
    );
    const answer = await importObjects(await typeNode('sim'), { file: source, confirm: true });
    assert.deepEqual(answer.outcome && { created: answer.outcome.created, updated: answer.outcome.updated }, {
      created: 1,
      updated: 1,
    });
    const entry = suite.api.journal.list().find((e) => e.id === answer.journalEntry);
    assert.ok(entry, 'the import has no entry of its own in the Changes view');
    assert.match(entry.label, /revert\.csv/);
    const created = await suite.truth.list('sim', {
      constraints: { join: 'AND', conditions: [{ attribute: 'imsi', type: 1, value: `created-${stamp}` }] },
    });
    assert.equal(created.transfer_objects.length, 1);

    await setting('confirmDestructiveActions', false); // Revert's own question
    const reverted = await vscode.commands
      .executeCommand<RevertAnswer>('vensoft.journal.revert', entry.id, undefined, { onConflict: 'skip' })
      .then(
        async (answer) => (await setting('confirmDestructiveActions', undefined), answer),
        async (e: unknown) => (await setting('confirmDestructiveActions', undefined), Promise.reject(e)),
      );
    assert.deepEqual({ succeeded: reverted.succeeded, failed: reverted.failed }, { succeeded: 2, failed: 0 });
    assert.deepEqual((await suite.truth.get('sim', BigInt(id))).definition, before);
    await assert.rejects(suite.truth.get('sim', created.transfer_objects[0]!.id), { code: 'P0002' });
  });
});
