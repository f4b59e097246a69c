// The change journal's model (src/core/journal.ts) and the bulk plan (src/core/bulkPlan.ts): what a
// write records, how it ends, its inverse, the checks before a revert, and the journal file's format.
import assert from 'node:assert/strict';
import {
  checkStep,
  confirmWrite,
  CorruptJournalError,
  endWrite,
  entryState,
  journalText,
  readJournal,
  recordWrite,
  revertSteps,
  settleFromServer,
  stillToSet,
  type JournalEntry,
} from '../../src/core/journal';
import { attributeChanges, failedOnly, planCounts, type BulkPlan } from '../../src/core/bulkPlan';

const BIG = 125752076205557483n;
const AT = '2026-11-30T15:00:00.000Z';

function entry(...writes: JournalEntry['writes']): JournalEntry {
  return { id: 'e1', connection: 'Local emulator', userId: '7', label: 'test', at: AT, writes };
}

describe('core/journal', () => {
  it('records an update with the sent attributes before and after, ids as digits', () => {
    const known = new Map([[BIG.toString(), { name: 'Old', tour_id: 262079543555130638n, lat: 1 }]]);
    const write = recordWrite(
      { kind: 'update', type: 'machine', ids: [BIG], definition: { name: 'New', tour_id: null } },
      1,
      AT,
      known,
    );
    assert.deepEqual(write.objects, [
      {
        id: '125752076205557483',
        before: { name: 'Old', tour_id: 262079543555130638n },
        after: { name: 'New', tour_id: null },
      },
    ]);
    assert.equal(write.state, 'pending');
  });

  it('never records an attribute that may hold a secret', () => {
    const write = recordWrite(
      { kind: 'update', type: 'user', ids: [1n], definition: { password: 'hunter2', email: 'a@b' } },
      1,
      AT,
      new Map([['1', { password: 'old', email: 'x@y' }]]),
    );
    assert.doesNotMatch(JSON.stringify(write), /hunter2|old/);
  });

  it('keeps the per-id answer of an updatemany, and a failed or unknown end with its reason', () => {
    const sent = recordWrite(
      { kind: 'updatemany', type: 'sim', ids: [1n, 2n], definition: { a: 1 } },
      1,
      AT,
      new Map(),
    );
    const done = confirmWrite(sent, { '1': true, '2': false });
    assert.deepEqual(
      done.objects.map((o) => o.result),
      [true, false],
    );
    assert.equal(entryState(entry(done)), 'partial');
    assert.equal(entryState(entry(endWrite(sent, 'unknown', 'reset'))), 'unknown');
    assert.equal(entryState(entry(endWrite(sent, 'failed', 'refused'))), 'failed');
    const created = confirmWrite(
      recordWrite({ kind: 'create', type: 'sim', definition: { imsi: '1' } }, 1, AT, new Map()),
      {
        id: BIG,
      },
      { imsi: '1' },
    );
    assert.deepEqual(created.objects, [{ id: BIG.toString(), after: { imsi: '1' }, result: true }]);
  });

  it('inverts each write, newest first, merging updates of one object; failed writes are left alone', () => {
    const first = confirmWrite(
      recordWrite(
        { kind: 'update', type: 'm', ids: [1n], definition: { name: 'B' } },
        1,
        AT,
        new Map([['1', { name: 'A' }]]),
      ),
      {},
    );
    const second = confirmWrite(
      recordWrite(
        { kind: 'update', type: 'm', ids: [1n], definition: { name: 'C' } },
        2,
        AT,
        new Map([['1', { name: 'B' }]]),
      ),
      {},
    );
    const move = confirmWrite(
      recordWrite({ kind: 'move', type: 'm', ids: [1n], parentId: 9n }, 3, AT, new Map([['1', { parent_id: 8n }]])),
      { result: true },
    );
    const failed = endWrite(recordWrite({ kind: 'delete', type: 'm', ids: [1n] }, 4, AT, new Map()), 'failed', 'no');
    const ace = confirmWrite(
      recordWrite({ kind: 'aceSet', ace: { trustee: 1n, entity: 2n, role: 3n } }, 5, AT, new Map()),
      {
        result: true,
      },
    );
    assert.deepEqual(revertSteps(entry(first, second, move, failed, ace)), [
      { kind: 'aceDelete', ace: { trustee: '1', entity: '2', role: '3' } },
      { kind: 'move', type: 'm', id: '1', to: '8', expectParent: '9' },
      { kind: 'update', type: 'm', id: '1', set: { name: 'A' }, expect: { name: 'C' } },
    ]);
  });

  it('cannot revert what it did not know before, nor a write whose outcome is unknown', () => {
    const blind = confirmWrite(
      recordWrite({ kind: 'update', type: 'm', ids: [1n], definition: { a: 1 } }, 1, AT, new Map()),
      {},
    );
    const unknown = endWrite(
      recordWrite({ kind: 'delete', type: 'm', ids: [2n] }, 2, AT, new Map()),
      'unknown',
      'reset',
    );
    assert.deepEqual(
      revertSteps(entry(blind, unknown)).map((s) => s.kind),
      ['cannot', 'cannot'],
    );
  });

  it('checks a step against the server: apply, already done, changed since (conflict), gone', () => {
    const step = {
      kind: 'update' as const,
      type: 'm',
      id: '1',
      set: { name: 'A', lat: 1 },
      expect: { name: 'C', lat: 2 },
    };
    assert.equal(checkStep(step, { name: 'C', lat: 2, other: 5 }), 'apply');
    assert.equal(checkStep(step, { name: 'A', lat: 1 }), 'done');
    assert.equal(checkStep(step, { name: 'Theirs', lat: 2 }), 'conflict');
    assert.equal(checkStep(step, undefined), 'gone');
    assert.deepEqual(stillToSet(step, { name: 'A', lat: 2 }), { lat: 1 });
    assert.equal(checkStep({ kind: 'undelete', type: 'm', id: '1' }, undefined), 'apply');
    assert.equal(checkStep({ kind: 'undelete', type: 'm', id: '1' }, {}), 'done');
  });

  it('decides an unknown write by what the server holds', () => {
    const sent = recordWrite(
      { kind: 'updatemany', type: 'm', ids: [1n, 2n], definition: { name: 'New' } },
      1,
      AT,
      new Map([
        ['1', { name: 'Old' }],
        ['2', { name: 'Old' }],
      ]),
    );
    const unknown = endWrite(sent, 'unknown', 'reset');
    const applied = settleFromServer(
      unknown,
      new Map([
        ['1', { name: 'New' }],
        ['2', { name: 'New' }],
      ]),
    );
    assert.equal(applied.state, 'confirmed');
    const notApplied = settleFromServer(
      unknown,
      new Map([
        ['1', { name: 'Old' }],
        ['2', { name: 'Old' }],
      ]),
    );
    assert.equal(notApplied.state, 'failed');
    assert.equal(settleFromServer(unknown, new Map([['1', { name: 'Other' }]])).state, 'unknown');
  });

  it('writes and reads the journal file losslessly; a write cut off is unknown; a broken line is corrupt', () => {
    const sent = recordWrite({ kind: 'move', type: 'm', ids: [BIG], parentId: MAX }, 1, AT, new Map());
    const text = journalText([entry(sent)]);
    const [read] = readJournal(text);
    assert.equal(read!.writes[0]!.toParent, MAX.toString());
    assert.equal(read!.writes[0]!.state, 'unknown');
    assert.throws(() => readJournal(`${text}{"write": 3}\n`), CorruptJournalError);
    assert.throws(() => readJournal('{ nope'), CorruptJournalError);
  });
});

const MAX = 18446744073709551615n;

describe('core/bulkPlan', () => {
  it('lists per object only the attributes that change, and counts what is skipped', () => {
    assert.deepEqual(attributeChanges({ a: 1, b: BIG }, { a: 1, b: BIG + 1n, c: 5, d: null }), [
      { name: 'b', before: BIG, after: BIG + 1n },
      { name: 'c', before: undefined, after: 5 },
    ]);
    const plan: BulkPlan = {
      action: 'update',
      title: 't',
      refused: [],
      objects: [
        { type: 'm', id: '1', label: 'one', changes: [], skip: 'same' },
        { type: 'm', id: '2', label: 'two', changes: [] },
      ],
    };
    assert.deepEqual(planCounts(plan), { total: 2, toWrite: 1, skipped: 1 });
    const retry = failedOnly(plan, {
      title: 't',
      cancelled: false,
      outcomes: [{ type: 'm', id: '2', label: 'two', outcome: 'failed', reason: 'x' }],
    });
    assert.deepEqual(
      retry.objects.map((o) => o.id),
      ['2'],
    );
  });
});
