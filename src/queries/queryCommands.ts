// Running filter and report files: CodeLens "Run" / "Run Report" and "Copy as curl" above them,
// a filter's results in the results view (results/), a report in the report view
// (report/), and "New Filter…" / "New Report…" on a type.
import { copyCallsAsCurl } from '../copyAsCurl';
import { loadApi } from '../apiLoader';
import type { SnippetLanguage } from '../api';
import { copyCallAsCode } from '../history/copyAsCode';
import { homedir } from 'node:os';
import * as vscode from 'vscode';
import { requireSession } from '../session/requireSession';
import { stringifyJson, type JsonValue } from '../core/json';
import type { SessionManager } from '../session/sessionManager';
import { RESULTS_SCHEME } from '../uris';
import { QUERY_SELECTOR, queryKindOf, readQuery } from './queryDocuments';
import { ResultsPanels, type ExportRowsOptions } from './results/resultsPanel';
import type { ReportPanels } from './report/reportPanel';
import type { AttributeSource } from './queryLanguage';
import type { ResultPage } from './results/model/resultTable';
import type { ExportAnswer } from '../transfer/exportCommand';

/** The attribute an example is about: for a report, a reference (sale_status_id) groups best. */
function exampleAttribute(kind: 'filter' | 'report', attributes: readonly string[]): string {
  const own = attributes.filter((a) => a !== 'id' && a !== 'parent_id' && a !== 'owner');
  return (kind === 'report' ? own.find((a) => a.endsWith('_id')) : undefined) ?? own[0] ?? 'name';
}

const EXAMPLE_FILTER = (attribute: string) => ({
  order: { attribute: 'id', direction: 'DESC' },
  count: { count: 30, offset: 0 },
  constraints: { join: 'AND', conditions: [{ attribute, type: 6, value: null }], lists: [] },
});

const EXAMPLE_REPORT = (attribute: string) => ({
  Aggregation: [{ Function: 'COUNT', Attribute: 'id' }],
  Group: [{ Function: null, Attribute: attribute, Orientation: 'vertical' }],
});

export interface QueryCommands {
  /** A filter answers its first page in the results view; a report, what report answered (shown in the report view). */
  runQuery(uri?: vscode.Uri): Promise<ResultPage | JsonValue | undefined>;
  showResultsAsJson(): Promise<ResultPage | undefined>;
  exportSelectedRows(options?: ExportRowsOptions): Promise<ExportAnswer | undefined>;
  exportReport(format: 'csv' | 'tsv'): Promise<string | undefined>;
  cancelReports(): number;
  copyQueryAsCurl(uri?: vscode.Uri): Promise<string | undefined>;
  copyQueryAsCode(uri?: vscode.Uri, language?: SnippetLanguage): Promise<string | undefined>;
  compareQueryWith(uri?: vscode.Uri, target?: string): Thenable<unknown>;
  newFilter(node?: { type?: { name: string } }): Promise<string | undefined>;
  newReport(node?: { type?: { name: string } }): Promise<string | undefined>;
}

/** The results view and CodeLenses; the commands' handlers are returned (loader.ts registers them). */
export function createQueryCommands(
  extensionUri: vscode.Uri,
  sessions: SessionManager,
  reports: ReportPanels,
  attributesOf: AttributeSource,
  typeNames: () => Promise<string[]>,
): { commands: QueryCommands; disposable: vscode.Disposable } {
  const results = new Map<string, string>();
  const changed = new vscode.EventEmitter<vscode.Uri>();
  let runs = 0;

  // A page of results as the server answered it (the whole list answer, not reshaped), read-only,
  // its objects' ids linked to their documents.
  const panels = new ResultsPanels(extensionUri, sessions, async (type, list, viewColumn) => {
    const target = vscode.Uri.from({ scheme: RESULTS_SCHEME, path: `/${type} filter result ${++runs}.json` });
    results.set(target.toString(), `${stringifyJson(list as unknown as JsonValue, 2)}\n`);
    changed.fire(target);
    await vscode.window.showTextDocument(target, { preview: true, viewColumn });
  });

  /** The filter or report file a command is about: the one it was given, else the active editor's. */
  const queryAt = async (uri?: vscode.Uri) => {
    const document = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
    const read = document && readQuery(document);
    return document && read?.value ? { document, read, value: read.value } : undefined;
  };

  const run = async (uri?: vscode.Uri): Promise<ResultPage | JsonValue | undefined> => {
    const query = await queryAt(uri);
    if (!query) return undefined;
    const { document, read, value } = query;
    if (read.problems.length) {
      const problem = read.problems[0]!.message;
      void vscode.window.showErrorMessage(
        read.kind === 'filter'
          ? vscode.l10n.t('Fix the filter first: {0}', problem)
          : vscode.l10n.t('Fix the report first: {0}', problem),
      );
      return undefined;
    }
    // A failure is reported by the command path (src/filters/lazy.ts registers this).
    if (read.kind === 'filter')
      return panels.run(document.uri, read.type, value, read.filter!.order, read.filter!.count);
    return (await reports.show(document.uri, read.type).run())?.answer;
  };

  /** The call a filter or report file makes, with the session it is made in. */
  const queryCall = async (uri?: vscode.Uri) => {
    const query = await queryAt(uri);
    const session = requireSession(sessions);
    if (!query) return undefined;
    const { read, value } = query;
    const { wireCalls: calls } = await loadApi();
    const call =
      read.kind === 'filter'
        ? calls.list(read.type, value, {})
        : calls.report(read.type, read.wire!.report, read.wire!.filter);
    return { session, call };
  };
  const copyQueryAsCurl = async (uri?: vscode.Uri) => {
    const query = await queryCall(uri);
    return query && copyCallsAsCurl(query.session, () => [query.call]);
  };
  const copyQueryAsCode = async (uri?: vscode.Uri, language?: SnippetLanguage) => {
    const query = await queryCall(uri);
    return query && copyCallAsCode(query.session.connection, query.call, language);
  };
  // The history feature runs it on both connections and opens the diff (src/history/compareWith.ts).
  const compareQueryWith = async (uri?: vscode.Uri, target?: string) => {
    const query = await queryCall(uri);
    return (
      query &&
      vscode.commands.executeCommand('vensoft.history.compareCall', query.session.connection.name, query.call, target)
    );
  };

  const disposable = vscode.Disposable.from(
    changed,
    panels,
    // Each object's id in a filter's result links to its document.
    vscode.languages.registerDocumentLinkProvider(
      { scheme: RESULTS_SCHEME },
      {
        provideDocumentLinks(document) {
          const type = /^\/(\w+) filter result/.exec(document.uri.path)?.[1];
          if (!type) return [];
          const text = document.getText();
          return [...text.matchAll(/^ {6}"id": (\d+)/gm)].map((m) => {
            const start = document.positionAt(m.index + m[0].length - m[1]!.length);
            const target = vscode.Uri.parse(
              `command:vensoft.openObject?${encodeURIComponent(JSON.stringify([{ type, id: m[1] }]))}`,
            );
            const link = new vscode.DocumentLink(new vscode.Range(start, start.translate(0, m[1]!.length)), target);
            link.tooltip = vscode.l10n.t('Open {0} {1}', type ?? '', m[1]!);
            return link;
          });
        },
      },
    ),
    vscode.workspace.registerTextDocumentContentProvider(RESULTS_SCHEME, {
      onDidChange: changed.event,
      provideTextDocumentContent: (uri) => results.get(uri.toString()) ?? '',
    }),
    vscode.languages.registerCodeLensProvider(QUERY_SELECTOR, {
      provideCodeLenses(document) {
        const what = queryKindOf(document.uri);
        if (!what) return [];
        const top = new vscode.Range(0, 0, 0, 0);
        return [
          new vscode.CodeLens(top, {
            title: `$(play) ${
              what.kind === 'filter'
                ? vscode.l10n.t('Run (list {0})', what.type)
                : vscode.l10n.t('Run Report ({0})', what.type)
            }`,
            command: 'vensoft.runQuery',
            arguments: [document.uri],
          }),
          new vscode.CodeLens(top, {
            title: vscode.l10n.t('Copy as curl'),
            command: 'vensoft.copyQueryAsCurl',
            arguments: [document.uri],
          }),
        ];
      },
    }),
  );
  return {
    disposable,
    commands: {
      runQuery: run,
      showResultsAsJson: () => panels.showActiveAsJson(),
      exportSelectedRows: (options) => panels.exportSelectedRows(options),
      cancelReports: () => reports.cancelAll(),
      exportReport: async (format) => {
        if (!reports.current)
          void vscode.window.showInformationMessage(
            vscode.l10n.t('Open a report view first: Run Report on a .vensoft-report.json file.'),
          );
        return reports.current?.export(format);
      },
      copyQueryAsCurl,
      copyQueryAsCode,
      compareQueryWith: async (uri, target) => compareQueryWith(uri, target),
      newFilter: (node) => newQuery('filter', node?.type?.name, attributesOf, typeNames),
      newReport: async (node) => {
        const uri = await newQuery('report', node?.type?.name, attributesOf, typeNames);
        const what = uri && queryKindOf(vscode.Uri.parse(uri));
        // The report view opens beside the new file, with the example's result.
        if (what)
          void reports
            .show(vscode.Uri.parse(uri), what.type)
            .run()
            .catch(() => undefined);
        return uri;
      },
    },
  };
}

/** An untitled `<type>.vensoft-<kind>.json` with a useful example. */
/**
 * An untitled `<type>.vensoft-<kind>.json` with a useful example. Its path is in the workspace
 * folder (or the home folder without one), so that saving writes it there under that name; a name
 * already taken gets a number: `sale.2.vensoft-report.json`.
 */
async function newQuery(
  kind: 'filter' | 'report',
  typeName: string | undefined,
  attributesOf: AttributeSource,
  typeNames: () => Promise<string[]>,
): Promise<string | undefined> {
  const type = typeName ?? (await pickType(kind, typeNames));
  if (!type) return undefined;
  const attribute = exampleAttribute(kind, (await attributesOf(type).catch(() => undefined)) ?? []);
  const example = kind === 'filter' ? EXAMPLE_FILTER(attribute) : EXAMPLE_REPORT(attribute);
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(homedir());
  const open = new Set(vscode.workspace.textDocuments.map((d) => d.uri.path));
  let uri: vscode.Uri;
  for (let n = 1; ; n++) {
    const file = vscode.Uri.joinPath(folder, `${type}${n === 1 ? '' : `.${n}`}.vensoft-${kind}.json`);
    if (!open.has(file.path) && !(await exists(file))) {
      uri = file.with({ scheme: 'untitled' });
      break;
    }
  }
  const document = await vscode.workspace.openTextDocument(uri);
  const edit = new vscode.WorkspaceEdit();
  edit.insert(uri, new vscode.Position(0, 0), `${JSON.stringify(example, null, 2)}\n`);
  await vscode.workspace.applyEdit(edit);
  // Not into the group of a results or report view: there it would crowd a third column.
  const active = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  const overView = active instanceof vscode.TabInputWebview && /vensoft\.(report|results)$/.test(active.viewType);
  await vscode.window.showTextDocument(document, {
    preview: false,
    ...(overView ? { viewColumn: vscode.ViewColumn.One } : {}),
  });
  return uri.toString();
}

/** The object type, picked from describe's when logged in, typed otherwise. */
async function pickType(kind: 'filter' | 'report', typeNames: () => Promise<string[]>): Promise<string | undefined> {
  const title = kind === 'filter' ? vscode.l10n.t('New filter: object type') : vscode.l10n.t('New report: object type');
  const types = await typeNames().catch(() => []);
  return types.length
    ? vscode.window.showQuickPick(types, { title, placeHolder: vscode.l10n.t('The object type, e.g. machine') })
    : vscode.window.showInputBox({
        title,
        prompt: vscode.l10n.t('The object type, e.g. machine (log in to pick from a list)'),
      });
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
