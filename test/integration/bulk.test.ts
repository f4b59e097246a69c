// Bulk operations with a preview, in the real extension host against the emulator: Update Selected…,
// Delete… and Move… of several objects show what will happen first, write only on Run (each object
// only what changes on it), group their writes in one journal entry, and summarise; Revert undoes them;
// Retry failed sends again exactly the objects that failed, once their cause is fixed.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Node } from '../../src/explorer/explorerTree';
import type { JsonObject } from '../../src/core/json';
import type { JournalEntry } from '../../src/core/journal';
import type { BulkSummary } from '../../src/core/bulkPlan';
import type { BulkPageModel } from '../../src/bulk/protocol';
import { demoSuite, discardAndCloseEditors, setting } from './support';

describe('bulk operations with a preview', () => {
  const suite = demoSuite();

  /** The pages shown (previews, statuses, summaries), oldest first. */
  const pages: Array<{ runId: string; page: BulkPageModel }> = [];
  let listening: vscode.Disposable | undefined;
  before(async () => {
    await setting('confirmDestructiveActions', false);
    listening = suite.api.bulk.runner.onDidShowPage((shown) => pages.push(shown));
  });
  after(async () => {
    listening?.dispose();
    await setting('confirmDestructiveActions', undefined);
  });

  const newest = (): JournalEntry => suite.api.journal.list()[0]!;
  const nodes = async (type: string, offset: number, count: number): Promise<Node[]> => {
    const catalog = suite.api.sessions.session!.catalog;
    await catalog.types();
    const page = await suite.truth.list(type, {
      count: { count, offset },
      order: { attribute: 'id', direction: 'ASC' },
    });
    return page.transfer_objects.map((o) => ({ kind: 'object', object: catalog.objectInfo(o) }) as Node);
  };
  const idOf = (node: Node) => (node as Extract<Node, { kind: 'object' }>).object.id;
  const definition = async (type: string, id: bigint) => (await suite.truth.get(type, id)).definition as JsonObject;
  /** The text of the last page shown whose title matches. */
  const shown = (title: RegExp) => {
    const last = [...pages].reverse().find(({ page }) => title.test(page.title));
    return last ? pageText(last.page) : '';
  };
  /** The run id of the next preview that waits for Run or Cancel. */
  const nextWaitingPreview = () =>
    new Promise<string>((resolve) => {
      const waiting = suite.api.bulk.runner.onDidShowPage(({ runId, page }) => {
        if (!page.actions.some((a) => a.action === 'run')) return;
        waiting.dispose();
        resolve(runId);
      });
    });
  const setInDocument = async (uri: string, text: string) => {
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
    const edit = new vscode.WorkspaceEdit();
    edit.replace(document.uri, new vscode.Range(0, 0, document.lineCount, 0), text);
    await vscode.workspace.applyEdit(edit);
    return document;
  };
  const revert = (entry: JournalEntry) =>
    vscode.commands.executeCommand('vensoft.journal.revert', entry.id, undefined, { onConflict: 'skip' });

  it('previews Update Selected per object, sends only what changes, and reverts it', async () => {
    const selection = await nodes('machine', 270, 3);
    const ids = selection.map(idOf);
    const originals = await Promise.all(ids.map((id) => definition('machine', id)));
    const value = '2026-09-09T09:00:00Z';
    await suite.truth.update('machine', ids[0]!, { tstamp_last_haccp: value }); // already holds it
    const uri = await vscode.commands.executeCommand<string>('vensoft.updateSelected', selection[0], selection, {
      run: true,
    });
    const document = await setInDocument(uri, `{ "tstamp_last_haccp": "${value}" }\n`);
    assert.equal(await document.save(), true);

    const preview = shown(/^Preview: Update 3 machine objects/);
    assert.match(preview, /3 objects: 2 to write, 1 skipped/);
    assert.match(preview, /What you may not change \(not sent\)\n- Nothing/);
    assert.match(preview, new RegExp(`${ids[0]}\\): It already holds these values`));
    const old = originals[1]!.tstamp_last_haccp;
    assert.match(
      preview,
      new RegExp(`${ids[1]}\\): tstamp_last_haccp: ${old === null ? 'null' : `"${old}"`} → "${value}"`),
    );
    const summary = shown(/^Summary: Update 3 machine objects/);
    assert.match(summary, /2 succeeded, 0 failed, 1 skipped/);

    const entry = newest();
    assert.equal(entry.label, 'Update 3 machine objects');
    assert.deepEqual(
      entry.writes.map((w) => [w.kind, w.objects.map((o) => o.id)]),
      [['updatemany', [ids[1]!.toString(), ids[2]!.toString()]]],
    );
    for (const id of ids) assert.equal((await definition('machine', id)).tstamp_last_haccp, value);
    await revert(entry);
    for (const k of [1, 2])
      assert.equal((await definition('machine', ids[k]!)).tstamp_last_haccp, originals[k]!.tstamp_last_haccp);
  });

  it('writes nothing when the preview is cancelled (its Cancel, or closing its tab), and keeps the text', async () => {
    const selection = await nodes('machine', 280, 2);
    const before = await Promise.all(selection.map((n) => definition('machine', idOf(n))));
    const entries = suite.api.journal.list().length;
    const uri = await vscode.commands.executeCommand<string>('vensoft.updateSelected', selection[0], selection);
    const document = await setInDocument(uri, '{ "name": "Never sent" }\n');
    let waiting = nextWaitingPreview();
    let saved = document.save();
    assert.equal(await vscode.commands.executeCommand('vensoft.bulk.cancel', await waiting), true);
    assert.equal(await saved, false, 'the save was not refused');
    assert.match(shown(/^Preview: Update 2 machine objects/), /Cancelled: nothing was sent/);
    waiting = nextWaitingPreview();
    saved = document.save();
    const runId = await waiting;
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor'); // the preview has the focus
    assert.equal(await saved, false, 'the save was not refused');
    assert.equal(await vscode.commands.executeCommand('vensoft.bulk.run', runId), false, 'a closed preview ran');
    assert.equal(suite.api.journal.list().length, entries, 'nothing was journaled');
    assert.match(document.getText(), /Never sent/);
    for (const [k, n] of selection.entries())
      assert.equal((await definition('machine', idOf(n))).name, before[k]!.name);
  });

  it('deletes and moves a selection after the preview, in one entry each, and reverts both', async () => {
    const sims = await nodes('sim', 950, 2);
    const ids = sims.map(idOf);
    const parents = await Promise.all(ids.map(async (id) => (await definition('sim', id)).parent_id as bigint));
    const to = (await suite.truth.getContainer('sim', 'create')).find((c) => !parents.includes(c))!;
    assert.equal(
      await vscode.commands.executeCommand('vensoft.moveObject', sims[0], sims, to.toString(), { run: true }),
      to.toString(),
    );
    const move = newest();
    const moving = shown(/^Summary: Move 2 sim objects/);
    assert.match(moving, /2 succeeded, 0 failed, 0 skipped/);
    for (const [k, id] of ids.entries())
      assert.match(
        shown(/^Preview: Move 2 sim objects/),
        new RegExp(`${id}\\): Moves from parent ${parents[k]} to ${to}`),
      );
    assert.deepEqual(
      move.writes.map((w) => [w.kind, w.objects[0]!.fromParent]),
      ids.map((_, k) => ['move', parents[k]!.toString()]),
    );
    for (const id of ids) assert.equal((await definition('sim', id)).parent_id, to);

    const deleted = await vscode.commands.executeCommand('vensoft.deleteObject', sims[0], sims, { run: true });
    assert.deepEqual(deleted, Object.fromEntries(ids.map((id) => [id.toString(), true])));
    const del = newest();
    assert.equal(del.writes[0]!.kind, 'deletemany');
    for (const id of ids)
      assert.match(
        shown(/^Preview: Delete 2 sim objects/),
        new RegExp(`${id}\\): Will be deleted; it can be undeleted`),
      );
    await revert(del);
    await revert(move);
    for (const [k, id] of ids.entries()) assert.equal((await definition('sim', id)).parent_id, parents[k]);
    await discardAndCloseEditors();
  });

  it('Retry failed sends again exactly the objects that failed, once the cause is fixed; the retry is revertable', async () => {
    const selection = await nodes('machine', 290, 3);
    const ids = selection.map(idOf);
    const originals = await Promise.all(ids.map((id) => definition('machine', id)));
    const value = '2026-10-10T10:00:00Z';
    const uri = await vscode.commands.executeCommand<string>('vensoft.updateSelected', selection[0], selection);
    const document = await setInDocument(uri, `{ "tstamp_last_haccp": "${value}" }\n`);
    const waiting = nextWaitingPreview();
    const saved = document.save();
    const runId = await waiting;
    // Between the preview and Run, someone else deletes a machine: its write fails on the server.
    await suite.truth.delete('machine', ids[1]!);
    assert.equal(await vscode.commands.executeCommand('vensoft.bulk.run', runId), true);
    assert.equal(await saved, true);
    const first = newest();
    const summary = shown(/^Summary: Update 3 machine objects/);
    assert.match(summary, /2 succeeded, 1 failed, 0 skipped/);
    assert.match(summary, new RegExp(`Failed \\(1\\)\\n- .*${ids[1]}\\): Not done: it is missing`));
    const summaryPage = [...pages].reverse().find((p) => p.runId === runId)!.page;
    assert.deepEqual(
      summaryPage.actions.map((a) => a.action),
      ['retry', 'revert'],
    );

    // A machine that succeeded changes meanwhile (a retry must leave it alone), and the cause is fixed.
    const since = '2026-11-11T11:00:00Z';
    await suite.truth.update('machine', ids[0]!, { tstamp_last_haccp: since });
    await suite.truth.undelete('machine', ids[1]!);
    const retried = await vscode.commands.executeCommand<BulkSummary>('vensoft.bulk.retryFailed', runId);
    assert.deepEqual(
      retried.outcomes.map((o) => [o.id, o.outcome]),
      [[ids[1]!.toString(), 'succeeded']],
    );
    const retry = newest();
    assert.equal(retry.id, retried.entryId);
    assert.equal(retry.label, 'Retry failed: Update 1 machine object');
    assert.deepEqual(
      retry.writes.map((w) => [w.kind, w.objects.map((o) => o.id)]),
      [['updatemany', [ids[1]!.toString()]]],
    );
    assert.match(shown(/^Summary: Retry failed: Update 1 machine object/), /1 succeeded, 0 failed, 0 skipped/);
    assert.equal((await definition('machine', ids[0]!)).tstamp_last_haccp, since, 'a succeeded one was sent again');
    for (const k of [1, 2]) assert.equal((await definition('machine', ids[k]!)).tstamp_last_haccp, value);
    assert.equal(
      await vscode.commands.executeCommand('vensoft.bulk.retryFailed', runId),
      undefined,
      'a run is retried once',
    );

    // The retry is an entry of its own: reverting it takes back only the retried machine.
    await revert(retry);
    assert.equal((await definition('machine', ids[1]!)).tstamp_last_haccp, originals[1]!.tstamp_last_haccp);
    assert.equal((await definition('machine', ids[2]!)).tstamp_last_haccp, value);
    await revert(first);
    assert.equal((await definition('machine', ids[2]!)).tstamp_last_haccp, originals[2]!.tstamp_last_haccp);
    assert.equal((await definition('machine', ids[0]!)).tstamp_last_haccp, since, 'changed since: skipped');
  });
});

/** A page as plain text: counts, notes, what may not change, and a line per row. */
function pageText(page: BulkPageModel): string {
  const lines = [page.title, page.counts, ...page.notes];
  if (page.refused) lines.push(page.refused.heading, ...page.refused.lines.map((l) => `- ${l}`));
  for (const section of page.sections) {
    lines.push(section.heading);
    for (const row of section.rows) lines.push(`- ${row.object}: ${row.lines.join('; ')}`);
  }
  if (page.status) lines.push(page.status);
  return `${lines.join('\n')}\n`;
}
