// Loads the filter and report feature (dist/queries.js) when it is first needed: a query file is
// open or opens, or one of its commands runs. Until then only these small stubs exist.
// The one module of src/queries that activation code may import by value, and it imports the rest by
// type only (ESLint holds both: docs/architecture.md).
import * as vscode from 'vscode';
import type { SessionManager } from '../session/sessionManager';
import { registerCommand } from '../commandPath';
import type { QueryFeature } from './index';
import type { ExportRowsOptions } from './results/resultsPanel';
import type { SnippetLanguage } from '../api';

const QUERY_FILE = /\.vensoft-(filter|report)\.json$/;

export function registerQueriesLazily(extensionUri: vscode.Uri, sessions: SessionManager): vscode.Disposable {
  let feature: QueryFeature | undefined;
  const load = (): QueryFeature => {
    if (!feature) {
      // A separate bundle beside dist/extension.js; esbuild leaves this require alone.
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on demand, from a sibling bundle
      const { createQueryFeature } = require('./queries.js') as typeof import('./index');
      feature = createQueryFeature(extensionUri, sessions);
    }
    return feature;
  };
  const isQuery = (d: vscode.TextDocument) => QUERY_FILE.test(d.uri.path);
  const kindOf = (uri?: vscode.Uri) =>
    QUERY_FILE.exec((uri ?? vscode.window.activeTextEditor?.document.uri)?.path ?? '')?.[1] ?? 'query';
  if (vscode.workspace.textDocuments.some(isQuery)) load();
  return vscode.Disposable.from(
    vscode.workspace.onDidOpenTextDocument((d) => isQuery(d) && load()),
    registerCommand(
      'vensoft.runQuery',
      async (uri?: vscode.Uri) => {
        const answer = await load().commands.runQuery(uri);
        // The walkthrough's "Run a filter" is done once one has answered (a report marks itself running).
        if (answer !== undefined && kindOf(uri) === 'filter')
          void vscode.commands.executeCommand('setContext', 'vensoft.ranFilter', true);
        return answer;
      },
      {
        failure: (uri) =>
          kindOf(uri) === 'report'
            ? vscode.l10n.t('Running the report failed')
            : kindOf(uri) === 'filter'
              ? vscode.l10n.t('Running the filter failed')
              : vscode.l10n.t('Running the query failed'),
      },
    ),
    registerCommand('vensoft.showResultsAsJson', () => load().commands.showResultsAsJson()),
    registerCommand(
      'vensoft.exportSelectedRows',
      (options?: ExportRowsOptions) => load().commands.exportSelectedRows(options),
      { failure: vscode.l10n.t('Export failed') },
    ),
    registerCommand('vensoft.exportReportCsv', () => load().commands.exportReport('csv')),
    registerCommand('vensoft.copyReportTsv', () => load().commands.exportReport('tsv')),
    registerCommand('vensoft.cancelReport', () => load().commands.cancelReports()),
    registerCommand('vensoft.copyQueryAsCurl', (uri?: vscode.Uri) => load().commands.copyQueryAsCurl(uri)),
    registerCommand('vensoft.copyQueryAsCode', (uri?: vscode.Uri, language?: SnippetLanguage) =>
      load().commands.copyQueryAsCode(uri, language),
    ),
    registerCommand('vensoft.compareQueryWith', (uri?: vscode.Uri, target?: string) =>
      load().commands.compareQueryWith(uri, target),
    ),
    registerCommand('vensoft.newFilter', (node?: { type?: { name: string } }) => load().commands.newFilter(node)),
    registerCommand('vensoft.newReport', (node?: { type?: { name: string } }) => load().commands.newReport(node)),
    registerCommand('vensoft.changeQueryType', (type?: string) => load().commands.changeQueryType(type)),
    { dispose: () => feature?.disposable.dispose() },
  );
}
