// The change journal in the real extension host against the emulator: every kind of write is
// recorded (whoever sends it: a document save, the session's client), and Revert sends the inverse,
// checked with a ground-truth client; a revert meets a change made since; a connection lost in the
// middle of a batch leaves each object's state known (after Check Against Server) and revertable.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { VensoftClient } from '../../src/api';
import type { JournalEntry } from '../../src/core/journal';
import type { JsonObject } from '../../src/core/json';
import { ChangeJournal } from '../../src/journal/changeJournal';
import type { RevertAnswer } from '../../src/journal/journalFeature';
import {
  demoSuite,
  discardAndCloseEditors,
  editAttribute,
  logIn,
  setting,
  startGateway,
  type Gateway,
} from './support';

describe('change journal', () => {
  const suite = demoSuite({ closeEditors: false });

  before(async () => {
    await setting('confirmDestructiveActions', false);
  });
  after(async () => {
    await setting('confirmDestructiveActions', undefined);
    await discardAndCloseEditors();
  });

  const newest = (): JournalEntry => suite.api.journal.list()[0]!;
  const run = <T>(action: (client: VensoftClient) => Promise<T>) => suite.api.sessions.run(action);
  const revert = (entry: JournalEntry, onConflict?: 'overwrite' | 'skip') =>
    vscode.commands.executeCommand<RevertAnswer>('vensoft.journal.revert', entry.id, undefined, { onConflict });
  const ids = async (type: string, offset: number, count: number) =>
    (
      await suite.truth.list(type, { count: { count, offset }, order: { attribute: 'id', direction: 'ASC' } })
    ).transfer_objects.map((o) => o.id);
  const definition = async (type: string, id: bigint) => (await suite.truth.get(type, id)).definition as JsonObject;
  const exists = (type: string, id: bigint) =>
    suite.truth.get(type, id).then(
      () => true,
      (e: { code?: string }) => (e.code === 'P0002' ? false : Promise.reject(e)),
    );
  const userId = async () => (await suite.truth.validate()).userId!.toString();

  it('records a document save with the values before and after, who and when, and reverts it', async () => {
    const [id] = await ids('machine', 200, 1);
    const before = (await definition('machine', id!)).name;
    const document = await vscode.workspace.openTextDocument(
      vscode.Uri.parse(`vensoft://Local emulator/machine/${id}.json`),
    );
    await vscode.window.showTextDocument(document);
    await editAttribute(document, 'name', '"Journal test machine"');
    assert.equal(await document.save(), true);
    assert.equal((await definition('machine', id!)).name, 'Journal test machine');

    const entry = newest();
    assert.equal(entry.userId, await userId());
    assert.equal(entry.connection, 'Local emulator');
    assert.ok(Date.now() - Date.parse(entry.at) < 600_000, 'the entry says when');
    const [write] = entry.writes;
    assert.equal(write!.kind, 'update');
    assert.equal(write!.state, 'confirmed');
    assert.deepEqual(write!.objects, [
      { id: id!.toString(), before: { name: before }, after: { name: 'Journal test machine' }, result: true },
    ]);

    const answer = await revert(entry);
    assert.deepEqual([answer.succeeded, answer.failed, answer.skipped], [1, 0, 0]);
    assert.equal((await definition('machine', id!)).name, before);
    const revertEntry = newest();
    assert.equal(revertEntry.revertOf, entry.id, 'the revert is itself journaled');
    assert.equal(revertEntry.id, answer.entryId);
    // And can be reverted: the save's value comes back.
    await revert(revertEntry);
    assert.equal((await definition('machine', id!)).name, 'Journal test machine');
    await discardAndCloseEditors();
  });

  it('reverts an updatemany per id, sending at most one write per object that still differs', async () => {
    const targets = await ids('machine', 210, 4);
    const originals = await Promise.all(targets.map((id) => definition('machine', id)));
    await run((client) => client.updateMany('machine', targets, { tstamp_last_haccp: '2026-10-10T10:00:00Z' }));
    const entry = newest();
    assert.equal(entry.writes[0]!.kind, 'updatemany');
    assert.deepEqual(
      entry.writes[0]!.objects.map((o) => [o.id, o.before?.tstamp_last_haccp, o.result]),
      targets.map((id, k) => [id.toString(), originals[k]!.tstamp_last_haccp, true]),
    );
    // Someone already put the first one back: the revert has nothing to send for it.
    await suite.truth.update('machine', targets[0]!, { tstamp_last_haccp: originals[0]!.tstamp_last_haccp ?? null });
    const answer = await revert(entry);
    assert.deepEqual([answer.succeeded, answer.failed, answer.skipped], [4, 0, 0]);
    for (const [k, id] of targets.entries())
      assert.equal((await definition('machine', id)).tstamp_last_haccp, originals[k]!.tstamp_last_haccp);
    const sent = suite.api.journal.entry(answer.entryId!)!.writes.flatMap((w) => w.objects.map((o) => o.id));
    assert.deepEqual(new Set(sent), new Set(targets.slice(1).map(String)), 'only the objects that differ are written');
  });

  it('reverts a create by deleting, a delete by undeleting, and a move by moving back', async () => {
    const [sim] = await ids('sim', 900, 1);
    const parent = (await definition('sim', sim!)).parent_id as bigint;
    const created = await run((client) => client.create('sim', { parent_id: parent, imsi: '262019999999999' }));
    const createEntry = newest();
    assert.equal(createEntry.writes[0]!.objects[0]!.id, created.id.toString());
    await revert(createEntry);
    assert.equal(await exists('sim', created.id), false);

    const simBefore = await definition('sim', sim!);
    await run((client) => client.delete('sim', sim!));
    const deleteEntry = newest();
    assert.equal(deleteEntry.writes[0]!.objects[0]!.before?.imsi, simBefore.imsi, 'a delete keeps what was deleted');
    assert.equal(await exists('sim', sim!), false);
    await revert(deleteEntry);
    assert.equal(await exists('sim', sim!), true);

    const to = (await suite.truth.getContainer('sim', 'create')).find((c) => c !== parent)!;
    await run((client) => client.move('sim', sim!, to));
    const moveEntry = newest();
    assert.equal(moveEntry.writes[0]!.objects[0]!.fromParent, parent.toString());
    assert.equal(moveEntry.writes[0]!.toParent, to.toString());
    await revert(moveEntry);
    assert.equal((await definition('sim', sim!)).parent_id, parent);
  });

  it('says a delete of a type that is not recoverable cannot be reverted', async () => {
    const products = await ids('machine_product', 2000, 2);
    await run((client) => client.deleteMany('machine_product', products));
    const entry = newest();
    assert.deepEqual(
      entry.writes[0]!.objects.map((o) => o.result),
      [true, true],
    );
    const answer = await revert(entry);
    assert.deepEqual([answer.succeeded, answer.skipped], [0, 2]);
    assert.match(answer.summaries[0]!.outcomes[0]!.reason!, /not recoverable/);
  });

  it('reverts an ACE set by deleting it, and an ACE delete by setting it again', async () => {
    const [machine] = await ids('machine', 220, 1);
    const [group] = await ids('user_group', 0, 1);
    const [role] = await ids('role', 0, 1);
    const ace = { trustee: group!, entity: machine!, role: role! };
    const holds = async () =>
      (await suite.truth.aceGet({ entity: machine! })).some((a) => a.trustee === group && a.role === role);
    await run((client) => client.aceSet(ace));
    assert.equal(newest().writes[0]!.kind, 'aceSet');
    await revert(newest());
    assert.equal(await holds(), false);
    const deleteAce = suite.api.journal.list()[0]!; // the revert: an aceDelete
    assert.equal(deleteAce.writes[0]!.kind, 'aceDelete');
    await revert(deleteAce);
    assert.equal(await holds(), true);
    await suite.truth.aceDelete(ace);
  });

  it('asks before reverting an object changed since: Skip leaves it, Overwrite reverts it', async () => {
    const [id] = await ids('machine', 230, 1);
    const original = (await definition('machine', id!)).name;
    await run((client) => client.update('machine', id!, { name: 'Ours' }));
    const entry = newest();
    await suite.truth.update('machine', id!, { name: 'Theirs' });
    const skipped = await revert(entry, 'skip');
    assert.deepEqual([skipped.succeeded, skipped.skipped], [0, 1]);
    assert.equal((await definition('machine', id!)).name, 'Theirs');
    const overwritten = await revert(entry, 'overwrite');
    assert.equal(overwritten.succeeded, 1);
    assert.equal((await definition('machine', id!)).name, original);
  });

  it('records a refused write as failed, and its revert sends nothing', async () => {
    const [id] = await ids('machine', 240, 1);
    await assert.rejects(run((client) => client.update('machine', id!, { no_such_attribute: 1 })));
    const entry = newest();
    assert.equal(entry.writes[0]!.state, 'failed');
    assert.ok(entry.writes[0]!.reason, 'the server’s reason is kept');
    const answer = await revert(entry);
    assert.deepEqual([answer.succeeded, answer.failed, answer.skipped], [0, 0, 0]);
  });

  it('keeps every object of a batch known and revertable when the connection dies in the middle', async () => {
    const targets = await ids('machine', 250, 6);
    const originals = await Promise.all(targets.map(async (id) => (await definition('machine', id)).name));
    const connection = 'Journal gateway';
    let gateway: Gateway = await startGateway();
    const useGateway = async (g: Gateway) => {
      await setting('connections', [{ name: connection, baseUrl: g.url }]);
      await logIn('demo', { connection });
    };
    try {
      await useGateway(gateway);
      const outcomes = await suite.api.journal.batch('Rename six machines', async () => {
        const ends: string[] = [];
        for (const [k, id] of targets.entries()) {
          // The third one reaches the server, but its answer is lost; then the connection is gone.
          if (k === 2) gateway.drop = new RegExp(`/update/machine/${id}/`);
          if (k === 3) await gateway.close();
          ends.push(
            await run((client) => client.update('machine', id, { name: `Batch ${k}` })).then(
              () => 'ok',
              () => 'error',
            ),
          );
        }
        return ends;
      });
      assert.deepEqual(outcomes, ['ok', 'ok', 'error', 'error', 'error', 'error']);
      const entry = newest();
      assert.equal(entry.label, 'Rename six machines');
      assert.deepEqual(
        entry.writes.map((w) => w.state),
        ['confirmed', 'confirmed', 'unknown', 'failed', 'failed', 'failed'],
      );

      // Back online (a new gateway on the same connection): the unknown write is checked, then reverted.
      gateway = await startGateway();
      await useGateway(gateway);
      const states = await vscode.commands.executeCommand<string[]>('vensoft.journal.checkUnknown', entry.id);
      assert.deepEqual(states, ['confirmed', 'confirmed', 'confirmed', 'failed', 'failed', 'failed']);
      const answer = await revert(entry);
      assert.deepEqual([answer.succeeded, answer.failed, answer.skipped], [3, 0, 0]);
      for (const [k, id] of targets.entries()) assert.equal((await definition('machine', id)).name, originals[k]);
    } finally {
      await setting('connections', undefined);
      await gateway.close();
      await logIn('demo');
    }
  });

  it('survives a restart (a write cut off is unknown), and sets a corrupt journal file aside', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vensoft-journal-'));
    const file = path.join(dir, 'journal.jsonl');
    const log = { info: () => undefined, warn: () => undefined, error: () => undefined };
    const first = new ChangeJournal(file, () => 100, log);
    const writer = { connection: 'Local emulator', userId: await userId() };
    const [id] = await ids('machine', 260, 1);
    const client = suite.truth;
    const settle = await first.writeStarting(
      writer,
      { kind: 'update', type: 'machine', ids: [id!], definition: { name: 'x' } },
      {
        client,
        before: [{ id: id!, definition: { name: 'y' } }],
      },
    );
    settle({ ok: true, answer: {} });
    // A second write is sent, and the process ends before its answer.
    await first.writeStarting(writer, { kind: 'delete', type: 'machine', ids: [id!] }, { client, before: [] });

    const second = new ChangeJournal(file, () => 100, log);
    await second.load();
    assert.deepEqual(
      second.list().map((e) => e.writes.map((w) => w.state)),
      [['unknown'], ['confirmed']],
    );
    assert.equal(second.list()[1]!.writes[0]!.objects[0]!.before?.name, 'y');

    fs.writeFileSync(file, '{"entry": {"id": "a"}}\nnot json at all\n');
    const third = new ChangeJournal(file, () => 100, log);
    await third.load();
    assert.deepEqual(third.list(), []);
    assert.ok(!fs.existsSync(file), 'the corrupt file is moved away');
    assert.equal(fs.readdirSync(dir).filter((f) => f.startsWith('journal.jsonl.corrupt-')).length, 1);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
