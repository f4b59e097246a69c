// The results view of a filter: a webview table of the objects it finds, with the counts, paging,
// sorting (the filter's order first; a click on a header asks the server for another), rows to
// select and export (src/transfer, through vensoft.exportObjects) and a double-click on a row to
// open the object. One panel per filter file; running again refreshes it.
import * as vscode from 'vscode';
import { describeFailure } from '../../failureText';
import { UserFacingError } from '../../core/errors';
import type { ExportAnswer, ExportOptions, SelectedRows } from '../../transfer/exportCommand';
import type { Order } from '../../core/filter';
import type { JsonValue } from '../../core/json';
import { nextOrder, pageFilter, resultPage, type ListAnswer, type ResultPage } from './model/resultTable';
import type { ResultsMessage, ResultsRequest } from './protocol';
import type { SessionManager } from '../../session/sessionManager';
import { besideColumn, describeLink, FilePanels, openLink, postToPanel } from '../filePanels';

export const RESULTS_VIEW_TYPE = 'vensoft.results';

interface Query {
  type: string;
  filter: JsonValue;
  /** The order the filter file itself asks for (a header's third click goes back to it). */
  filterOrder: Order | null;
  view: { offset: number; pageSize: number; order: Order | null };
}

/** What "Export Selected Rows…" may be given (by a command's caller): ids instead of the selection, format, file. */
export interface ExportRowsOptions extends ExportOptions {
  /** Object ids as strings of digits (never numbers); default: the rows selected in the view. */
  ids?: string[];
}

/** Shows what a list answered as a read-only JSON document. */
export type ShowJson = (type: string, answer: ListAnswer, viewColumn: vscode.ViewColumn) => Promise<void>;

class ResultsPanel {
  page: ResultPage | undefined;
  /** The ids of the rows selected in the view, as it last said (digits). */
  selected: string[] = [];
  private answer: ListAnswer | undefined;
  private seq = 0;

  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly source: vscode.Uri,
    private query: Query,
    private readonly sessions: SessionManager,
    private readonly showJson: ShowJson,
  ) {
    panel.webview.onDidReceiveMessage((m: ResultsRequest) => this.handle(m));
  }

  private post(message: ResultsMessage): void {
    postToPanel(this.panel, message);
  }

  /**
   * Fetches the page the query names and shows it; a newer request wins over an older one. A new
   * run (`newRun`) clears the selection: its rows may not be in the new result.
   */
  async load(query: Query = this.query, newRun = false): Promise<ResultPage | undefined> {
    this.query = query;
    if (newRun) this.selected = [];
    const seq = ++this.seq;
    this.post({ kind: 'busy' });
    try {
      const answer = await this.sessions.run((client) => client.list(query.type, pageFilter(query.filter, query.view)));
      if (seq !== this.seq) return undefined;
      this.answer = answer;
      const page = resultPage(query.type, answer, query.view);
      // Links come from dist/links.js (loaded on demand) through a command, so this bundle needs none of it.
      page.links = await vscode.commands
        .executeCommand<string[]>('vensoft.linkColumns', query.type, page.columns)
        .then(undefined, () => []);
      if (seq !== this.seq) return undefined;
      this.page = page;
      this.post({ kind: 'page', page: this.page, newRun });
      return this.page;
    } catch (e) {
      if (seq === this.seq)
        this.post({ kind: 'error', message: vscode.l10n.t('Listing {0} failed: {1}', query.type, describeFailure(e)) });
      throw e;
    }
  }

  /** Where objects and JSON open: the filter file's editor group (not over the table), else the first. */
  besideColumn(): vscode.ViewColumn {
    return besideColumn(this.panel, this.source);
  }

  async showAsJson(): Promise<void> {
    if (this.answer) await this.showJson(this.query.type, this.answer, this.besideColumn());
  }

  /** Exports the selected rows (or the ids given) through Export Objects…: format, file, progress, summary. */
  async exportRows(options: ExportRowsOptions = {}): Promise<ExportAnswer | undefined> {
    const { ids = this.selected, ...rest } = options;
    const rows: SelectedRows = { kind: 'resultRows', type: this.query.type, ids };
    return vscode.commands.executeCommand<ExportAnswer | undefined>('vensoft.exportObjects', rows, undefined, rest);
  }

  /** Opens the object of an id in a link column beside the table, or describes it (the cell's tooltip). */
  private async followLink(m: Extract<ResultsRequest, { kind: 'link' }>): Promise<void> {
    if (m.open) return openLink(this.query.type, m.attribute, m.value, this.besideColumn());
    const text = await describeLink(this.query.type, m.attribute, m.value);
    if (text) this.post({ kind: 'linkInfo', attribute: m.attribute, value: m.value, text });
  }

  private handle(m: ResultsRequest): void {
    const { view } = this.query;
    const again = (next: Partial<Query['view']>) =>
      void this.load({ ...this.query, view: { ...view, ...next } }).catch(() => undefined);
    switch (m.kind) {
      case 'ready':
        if (this.page) this.post({ kind: 'page', page: this.page, newRun: false });
        return;
      case 'open':
        void vscode.commands.executeCommand('vensoft.openObject', {
          type: this.query.type,
          id: m.id,
          viewColumn: this.besideColumn(),
        });
        return;
      case 'page':
        return again({ offset: Math.max(0, m.offset) });
      case 'sort':
        return again({ order: nextOrder(view.order, m.attribute, this.query.filterOrder), offset: 0 });
      case 'refresh':
        return again({});
      case 'json':
        void this.showAsJson();
        return;
      case 'link':
        void this.followLink(m);
        return;
      case 'select':
        this.selected = m.ids;
        return;
      case 'exportSelected':
        // The command shows its own failures (registerCommand); nothing is left to tell here.
        void this.exportRows({ ids: m.ids }).then(undefined, () => undefined);
        return;
    }
  }
}

export class ResultsPanels implements vscode.Disposable {
  private readonly panels: FilePanels<ResultsPanel>;

  constructor(
    extensionUri: vscode.Uri,
    private readonly sessions: SessionManager,
    private readonly showJson: ShowJson,
  ) {
    this.panels = new FilePanels(extensionUri, {
      viewType: RESULTS_VIEW_TYPE,
      script: 'results',
      title: vscode.l10n.t('Results'),
    });
  }

  /** Runs a filter file into its panel (made or revealed) and returns the first page. */
  async run(
    source: vscode.Uri,
    type: string,
    filter: JsonValue,
    order: Order | null,
    count: { count: number | null; offset: number } | null,
  ): Promise<ResultPage | undefined> {
    const pageSize = count?.count ?? vscode.workspace.getConfiguration('vensoft').get<number>('pageSize') ?? 200;
    const query: Query = { type, filter, filterOrder: order, view: { offset: count?.offset ?? 0, pageSize, order } };
    return this.panels
      .show(source, (panel) => new ResultsPanel(panel, source, query, this.sessions, this.showJson))
      .load(query, true);
  }

  /** Export Selected Rows…: the selected rows of the results panel last focused. */
  async exportSelectedRows(options: ExportRowsOptions = {}): Promise<ExportAnswer | undefined> {
    const current = this.panels.current;
    if (!current)
      throw new UserFacingError(vscode.l10n.t('Open a results view first: Run a .vensoft-filter.json file.'));
    return current.exportRows(options);
  }

  /** The page of the results panel last focused, as read-only JSON. */
  async showActiveAsJson(): Promise<ResultPage | undefined> {
    await this.panels.current?.showAsJson();
    return this.panels.current?.page;
  }

  dispose(): void {
    this.panels.dispose();
  }
}
