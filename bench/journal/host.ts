// Measurements of the change journal inside the real extension host (run by bench/journal.ts, like
// the integration suite): what the journal adds to a save, and a revert of a 1,000-object updatemany.
// Prints "VBENCH <name> <value>" lines.
import * as vscode from 'vscode';
import { VensoftClient } from '../../src/api';
import type { VensoftExplorerApi } from '../../src/extension';
import type { RevertAnswer } from '../../src/journal/journalFeature';
import { startGateway } from '../../test/integration/support';

const RUNS = 101;
const OBJECTS = 1_000;
/** Objects someone already put back before the revert: it must not write them again. */
const PUT_BACK = 100;

export async function run(): Promise<void> {
  const url = process.env.VENSOFT_TEST_EMULATOR_URL;
  if (!url) throw new Error('VENSOFT_TEST_EMULATOR_URL is not set');
  const api = await vscode.extensions.getExtension<VensoftExplorerApi>('vensoft-explorer.vensoft-explorer')!.activate();
  const config = vscode.workspace.getConfiguration('vensoft');
  await config.update('confirmDestructiveActions', false, vscode.ConfigurationTarget.Global);
  const gateway = await startGateway();
  await config.update('connections', [{ name: 'Bench', baseUrl: gateway.url }], vscode.ConfigurationTarget.Global);
  await vscode.commands.executeCommand('vensoft.logIn', {
    connection: 'Bench',
    username: 'demo@vensoft.test',
    password: 'demo',
  });
  const plain = new VensoftClient({ baseUrl: gateway.url });
  await plain.login('demo@vensoft.test', 'demo');
  const sims = (
    await plain.list('sim', { count: { count: OBJECTS, offset: 0 }, order: { attribute: 'id', direction: 'ASC' } })
  ).transfer_objects;
  const journaled = api.sessions.session!.client;

  // 1. A save's update (with the document's base as the values before) through a client with the
  //    journal's hook and through the same client without it, alternating so that both meet the same load.
  const writer = { connection: 'Bench', userId: '1' };
  const hooked = new VensoftClient({
    baseUrl: gateway.url,
    sessionKey: plain.sessionKey,
    onWriteStart: (intent, context) => api.journal.writeStarting(writer, intent, context),
  });
  const [first] = sims;
  const before = [{ id: first!.id, definition: first!.definition as Record<string, never> }];
  const withJournal: number[] = [];
  const without: number[] = [];
  // In pairs, the order flipped every other pair (ABBA), so that a load spike hits both alike.
  for (let k = 0; k < RUNS; k++) {
    const definition = { msisdn: `49170${String(k).padStart(7, '0')}` };
    const a = () => timed(() => hooked.update('sim', first!.id, definition, { before }));
    const b = () => timed(() => plain.update('sim', first!.id, definition, { before }));
    if (k % 2) {
      without.push(await b());
      withJournal.push(await a());
    } else {
      withJournal.push(await a());
      without.push(await b());
    }
  }
  const pairDifferences = withJournal.map((ms, k) => ms - without[k]!);
  console.log(`VBENCH save-added-ms ${median(pairDifferences).toFixed(2)}`);
  await plain.update('sim', first!.id, { msisdn: (first!.definition.msisdn as string | null) ?? null });
  console.log(`VBENCH save-with-journal-ms ${median(withJournal).toFixed(2)}`);
  console.log(`VBENCH save-without-journal-ms ${median(without).toFixed(2)}`);
  const hook: number[] = [];
  for (let k = 0; k < RUNS; k++) {
    const started = performance.now();
    const settle = await api.journal.writeStarting(
      writer,
      { kind: 'update', type: 'sim', ids: [first!.id], definition: { msisdn: '1' } },
      { client: plain, before },
    );
    settle({ ok: true, answer: {} });
    hook.push(performance.now() - started);
  }
  console.log(`VBENCH journal-hook-ms ${median(hook).toFixed(2)}`);

  // 2. An updatemany of 1,000 sims, PUT_BACK of them put back by someone else, then Revert.
  const ids = sims.map((s) => s.id);
  await journaled.updateMany('sim', ids, { msisdn: '4900000000000' });
  const entry = api.journal.list()[0]!;
  for (const s of sims.slice(0, PUT_BACK))
    await plain.update('sim', s.id, { msisdn: (s.definition.msisdn as string | null) ?? null });
  const sentBefore = gateway.requests.length;
  const started = performance.now();
  const answer = await vscode.commands.executeCommand<RevertAnswer>('vensoft.journal.revert', entry.id, undefined, {
    onConflict: 'skip',
  });
  const revertMs = performance.now() - started;
  const sent = gateway.requests.slice(sentBefore).map((r) => r.path);
  console.log(`VBENCH revert-ms ${revertMs.toFixed(0)}`);
  console.log(`VBENCH revert-requests ${sent.length}`);
  console.log(`VBENCH revert-writes ${sent.filter((p) => /\/update(many)?\//.test(p)).length}`);
  console.log(`VBENCH revert-succeeded ${answer.succeeded}`);
  console.log(`VBENCH revert-changed ${OBJECTS - PUT_BACK}`);

  // Baseline: the same writes sent by hand, one update per object that changed, no journal, no check.
  await journaled.updateMany('sim', ids, { msisdn: '4900000000000' });
  const byHand = performance.now();
  for (const s of sims.slice(PUT_BACK))
    await plain.update('sim', s.id, { msisdn: (s.definition.msisdn as string | null) ?? null });
  console.log(`VBENCH by-hand-ms ${(performance.now() - byHand).toFixed(0)}`);
  for (const s of sims.slice(0, PUT_BACK))
    await plain.update('sim', s.id, { msisdn: (s.definition.msisdn as string | null) ?? null });
  await plain.logout();
  await plain.close();
  await hooked.close();
  await gateway.close();
}

async function timed(action: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await action();
  return performance.now() - started;
}

function median(xs: number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
}
