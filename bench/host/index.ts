// Measurements that must run inside the real extension host (loaded like the integration suite,
// as extensionTestsPath): completion latency in a filter file with a warm describe cache.
// Prints "VBENCH <name> <ms>" lines that bench/extension.ts collects.
import * as vscode from 'vscode';

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
  await vscode.commands.executeCommand('vensoft.logIn', { connection: 'Local emulator', username: 'demo@vensoft.test', password: 'demo' });
  const uri = vscode.Uri.from({ scheme: 'untitled', path: '/bench/sim.vensoft-filter.json' });
  const document = await vscode.workspace.openTextDocument(uri);
  const edit = new vscode.WorkspaceEdit();
  edit.insert(uri, new vscode.Position(0, 0), FILTER);
  await vscode.workspace.applyEdit(edit);
  await vscode.window.showTextDocument(document);
  const position = document.positionAt(document.getText().indexOf('""') + 1);
  const complete = () => vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, position);
  const warm = await complete(); // loads the feature and fills the describe cache
  if (!warm.items.some((i) => i.label === 'imsi')) throw new Error('completion does not offer imsi');
  const times: number[] = [];
  for (let k = 0; k < RUNS; k++) {
    const started = performance.now();
    await complete();
    times.push(performance.now() - started);
  }
  console.log(`VBENCH completion-ms ${median(times).toFixed(1)}`);

  // The same request on the same text in a plain .json file: VS Code's JSON language service
  // alone, the part of the latency that is not ours.
  const plainUri = vscode.Uri.from({ scheme: 'untitled', path: '/bench/plain.json' });
  const plain = await vscode.workspace.openTextDocument(plainUri);
  const plainEdit = new vscode.WorkspaceEdit();
  plainEdit.insert(plainUri, new vscode.Position(0, 0), FILTER);
  await vscode.workspace.applyEdit(plainEdit);
  await vscode.window.showTextDocument(plain);
  const plainComplete = () => vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', plain.uri, position);
  await plainComplete();
  const plainTimes: number[] = [];
  for (let k = 0; k < RUNS; k++) {
    const started = performance.now();
    await plainComplete();
    plainTimes.push(performance.now() - started);
  }
  console.log(`VBENCH completion-plain-json-ms ${median(plainTimes).toFixed(1)}`);
}

function median(xs: number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
}
