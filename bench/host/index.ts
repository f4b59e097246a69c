// Measurements that must run inside the real extension host (loaded like the integration suite,
// as extensionTestsPath): completion latency in a filter file with a warm describe cache, and
// links between objects: a hover on a cold id (one request) and a warm one (the cache), the same in
// a history response document and for the report view's tooltip (vensoft.linkInfo), and Find All
// References of a machine over the demo data.
// Prints "VBENCH <name> <ms>" lines that bench/extension.ts collects.
import * as vscode from 'vscode';
import { untitledFile } from '../../test/integration/support';
import type { LinkFeature } from '../../src/links';
import type { VensoftExplorerApi } from '../../src/extension';
import { historyUri } from '../../src/history/historyDocuments';
import { objectUri } from '../../src/uris';

const RUNS = 30;
const FILTER = `{
  "order": { "attribute": "msisdn", "direction": "ASC" },
  "constraints": { "join": "AND", "conditions": [{ "attribute": "", "type": 9, "value": "^49" }], "lists": [] }
}
`;

export async function run(): Promise<void> {
  const url = process.env.VENSOFT_TEST_EMULATOR_URL;
  if (!url) throw new Error('VENSOFT_TEST_EMULATOR_URL is not set');
  const extension = vscode.extensions.getExtension('vensoft-explorer.vensoft-explorer')!;
  await extension.activate();
  await vscode.workspace.getConfiguration('vensoft').update('localEmulatorUrl', url, vscode.ConfigurationTarget.Global);
  await vscode.commands.executeCommand('vensoft.logIn', {
    connection: 'Local emulator',
    username: 'demo@vensoft.test',
    password: 'demo',
  });
  const document = await untitledFile('sim.vensoft-filter.json', FILTER);
  const position = document.positionAt(document.getText().indexOf('""') + 1);
  const warm = await complete(document, position); // loads the feature and fills the describe cache
  if (!warm.items.some((i) => i.label === 'imsi')) throw new Error('completion does not offer imsi');
  console.log(`VBENCH completion-ms ${(await medianMs(() => complete(document, position))).toFixed(1)}`);

  // The same request on the same text in a plain .json file: VS Code's JSON language service
  // alone, the part of the latency that is not ours.
  const plain = await untitledFile('plain.json', FILTER);
  await complete(plain, position);
  console.log(`VBENCH completion-plain-json-ms ${(await medianMs(() => complete(plain, position))).toFixed(1)}`);
  await links(extension.exports as VensoftExplorerApi);
}

const DOC_MACHINE_ID = '125752076205557483';

async function links(api: VensoftExplorerApi): Promise<void> {
  const machine = await vscode.workspace.openTextDocument(
    objectUri({ connection: 'Local emulator', type: 'machine', id: DOC_MACHINE_ID }),
  );
  const at = machine.positionAt(machine.getText().indexOf('"tour_id": ') + '"tour_id": '.length + 1);
  const tourId = /"tour_id": (\d+)/.exec(machine.getText())![1]!;
  const { service } = await vscode.commands.executeCommand<LinkFeature>('vensoft.linkFeature');
  const hover = () => vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', machine.uri, at);
  await hover(); // the feature, describe and the first lookup
  const requests = service.requests;
  // Cold: the id forgotten before each run (a failed lookup is asked again), so each hover asks once.
  console.log(
    `VBENCH hover-cold-ms ${(await medianMs(hover, () => service.remember(tourId, { failed: 'forgotten' }))).toFixed(1)}`,
  );
  console.log(`VBENCH hover-cold-requests ${(service.requests - requests) / RUNS}`);
  console.log(`VBENCH hover-warm-ms ${(await medianMs(hover)).toFixed(1)}`);
  await otherLinks(api, service, tourId);
  const references = () =>
    vscode.commands.executeCommand<vscode.Location[]>(
      'vscode.executeReferenceProvider',
      machine.uri,
      new vscode.Position(0, 0),
    );
  const found = await references();
  console.log(`VBENCH references-ms ${(await medianMs(references)).toFixed(1)}`);
  console.log(`VBENCH references-found ${found.length}`);
  const model = await service.links();
  console.log(`VBENCH references-requests ${model.pointingAt('machine', (t, a) => service.probedType(t, a)).length}`);
}

/** A hover on the tour_id of the machine's get in the request history, and the report view's tooltip of a tour_id. */
async function otherLinks(api: VensoftExplorerApi, service: LinkFeature['service'], tourId: string): Promise<void> {
  await api.history.store.flush();
  const get = (await api.history.store.entries('Local emulator')).find((e) =>
    e.path.startsWith(`get/machine/${DOC_MACHINE_ID}/`),
  );
  if (!get) throw new Error("no history entry of the machine's get");
  const response = await vscode.workspace.openTextDocument(historyUri(get, 'response'));
  const at = response.positionAt(response.getText().indexOf('"tour_id": ') + '"tour_id": '.length + 1);
  const hover = () => vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', response.uri, at);
  const forget = () => service.remember(tourId, { failed: 'forgotten' });
  console.log(`VBENCH history-hover-cold-ms ${(await medianMs(hover, forget)).toFixed(1)}`);
  console.log(`VBENCH history-hover-warm-ms ${(await medianMs(hover)).toFixed(1)}`);
  // The report view asks this when the pointer has rested 150 ms on an id (the page's own wait).
  const describe = () => vscode.commands.executeCommand('vensoft.linkInfo', 'machine', 'TourId', tourId);
  const requests = service.requests;
  console.log(`VBENCH view-link-cold-ms ${(await medianMs(describe, forget)).toFixed(1)}`);
  console.log(`VBENCH view-link-cold-requests ${(service.requests - requests) / RUNS}`);
  console.log(`VBENCH view-link-warm-ms ${(await medianMs(describe)).toFixed(2)}`);
}

function complete(document: vscode.TextDocument, position: vscode.Position): Thenable<vscode.CompletionList> {
  return vscode.commands.executeCommand<vscode.CompletionList>(
    'vscode.executeCompletionItemProvider',
    document.uri,
    position,
  );
}

/** The median of RUNS timings of `action`. */
async function medianMs(action: () => Thenable<unknown>, before?: () => void): Promise<number> {
  const times: number[] = [];
  for (let k = 0; k < RUNS; k++) {
    before?.();
    const started = performance.now();
    await action();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)]!;
}
