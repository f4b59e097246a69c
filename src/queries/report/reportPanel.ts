// The report view: a webview beside a `<type>.vensoft-report.json` file, with a builder that edits
// the file (the file stays the source of truth: edits in either show in the other), a pivot table,
// a chart, export to CSV / TSV, progress and Cancel. One panel per report file.
import * as vscode from 'vscode';
import type { VensoftClient } from '../../api';
import { describeFailure } from '../../failureText';
import { JsonSyntaxError, parseJsonStrict, stringifyJson, type JsonValue } from '../../core/json';
import { jsonEqual } from '../../core/objectEdit';
import { buildPivot, pivotToDelimited, type Pivot, type PivotSort } from './model/pivot';
import { applyDraft, draftOf, type ReportDraft } from './model/reportFile';
import type { ReportMessage, ReportRequest } from './protocol';
import type { SessionManager } from '../../session/sessionManager';
import { besideColumn, describeLink, FilePanels, openLink, postToPanel } from '../filePanels';
import { readQuery } from '../queryDocuments';
import { labelIdGroups } from './reportLabels';

export const REPORT_VIEW_TYPE = 'vensoft.report';

export interface ReportDependencies {
  extensionUri: vscode.Uri;
  sessions: SessionManager;
  attributesOf(type: string): Promise<string[] | undefined>;
  typeNames(): Promise<string[]>;
  /** A report started or stopped running. */
  onRunningChange?(): void;
}

/** What the last run of a panel answered, and how long its table and chart took to draw. */
export interface ReportRun {
  answer: JsonValue;
  pivot: Pivot;
  /** The definition that ran, as the builder shows it (the view marks a result older than the file). */
  draft: ReportDraft;
}

export class ReportPanel implements vscode.Disposable {
  private running: AbortController | undefined;
  private lastRun: ReportRun | undefined;
  private runs = 0;
  private sort: PivotSort | null = null;
  private readonly disposables: vscode.Disposable[] = [];
  private draftTimer: ReturnType<typeof setTimeout> | undefined;
  /** The builder's edits apply one at a time, in order; `editSeq` is the last one applied. */
  private editing: Promise<void> = Promise.resolve();
  private editSeq = 0;
  /** The webview's last report of drawing a result: milliseconds and cells. */
  lastRender: { ms: number; cells: number } | undefined;

  constructor(
    readonly panel: vscode.WebviewPanel,
    private source: vscode.Uri,
    private readonly type: string,
    private readonly deps: ReportDependencies,
  ) {
    this.disposables.push(
      panel.webview.onDidReceiveMessage((m: ReportRequest) => void this.handle(m)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document.uri.path !== this.source.path) return;
        clearTimeout(this.draftTimer);
        this.draftTimer = setTimeout(() => void this.postDraft(), 100);
      }),
    );
  }

  private post(message: ReportMessage): void {
    postToPanel(this.panel, message);
  }

  /**
   * The report file's document. Matched by path: a new report is untitled with the path it will be
   * saved to, and after saving it is the file of that path, which this panel then follows.
   */
  private async document(): Promise<vscode.TextDocument> {
    const open = vscode.workspace.textDocuments.filter(
      (d) => d.uri.path === this.source.path && (d.uri.scheme === 'untitled' || d.uri.scheme === 'file'),
    );
    const document = open.find((d) => d.uri.scheme === this.source.scheme) ?? open[0];
    if (document) {
      this.source = document.uri;
      return document;
    }
    return vscode.workspace.openTextDocument(
      this.source.scheme === 'untitled' ? this.source.with({ scheme: 'file' }) : this.source,
    );
  }

  private get fileName(): string {
    return this.source.path.split('/').pop() ?? this.type;
  }

  /** Tells the builder what the file says now. */
  async postDraft(): Promise<void> {
    const attributes = (await this.deps.attributesOf(this.type).catch(() => undefined)) ?? [];
    let document: vscode.TextDocument;
    try {
      document = await this.document();
    } catch {
      this.post({
        kind: 'draft',
        type: this.type,
        name: this.fileName,
        draft: null,
        problem: vscode.l10n.t('The report file is closed; open it again to edit the report.'),
        attributes,
        seq: this.editSeq,
      });
      return;
    }
    try {
      this.post({
        kind: 'draft',
        type: this.type,
        name: this.fileName,
        draft: draftOf(parseJsonStrict(document.getText())),
        attributes,
        seq: this.editSeq,
      });
    } catch (e) {
      if (!(e instanceof JsonSyntaxError)) throw e;
      const at = document.positionAt(e.position);
      this.post({
        kind: 'draft',
        type: this.type,
        name: this.fileName,
        draft: null,
        problem: vscode.l10n.t(
          'The report file is not valid JSON at line {0}, column {1} ({2}). Fix it in the editor; the builder follows.',
          at.line + 1,
          at.character + 1,
          e.message,
        ),
        attributes,
        seq: this.editSeq,
      });
    }
  }

  /** Writes the builder's draft into the file, keeping what the builder does not show. */
  private async edit(draft: ReportDraft): Promise<void> {
    const document = await this.document();
    let json: JsonValue;
    try {
      json = parseJsonStrict(document.getText());
    } catch {
      return this.postDraft();
    }
    const next = applyDraft(json, draft);
    if (jsonEqual(json, next)) return;
    const edit = new vscode.WorkspaceEdit();
    edit.replace(
      document.uri,
      new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)),
      `${stringifyJson(next, 2)}\n`,
    );
    // Not a refactoring: the file stays unsaved until the user saves it, whatever auto-save says.
    await vscode.workspace.applyEdit(edit, { isRefactoring: false });
  }

  /** Runs the report the file holds; a second run cancels the first. */
  async run(): Promise<ReportRun | undefined> {
    const document = await this.document();
    const read = readQuery(document);
    if (!read?.report || !read.wire) return undefined;
    if (read.problems.length) {
      this.post({ kind: 'error', message: vscode.l10n.t('Fix the report first: {0}', read.problems[0]!.message) });
      return undefined;
    }
    this.running?.abort();
    const controller = new AbortController();
    this.running = controller;
    this.deps.onRunningChange?.();
    const { report, filter } = read.wire;
    const draft = draftOf(read.value!);
    const groups = read.report.groups.map((g) => ({
      attribute: g.attribute,
      function: g.dateTrunc ? `DATE_TRUNC:${g.dateTrunc}` : null,
      orientation: g.orientation,
    }));
    const started = Date.now();
    this.post({ kind: 'running' });
    try {
      const run = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Running the {0} report', this.type) },
        () =>
          this.deps.sessions.run(async (client: VensoftClient) => {
            const answer = (await client.report(this.type, report, filter, {
              signal: controller.signal,
            })) as unknown as JsonValue;
            const pivot = await labelIdGroups(
              buildPivot(answer, groups),
              client,
              await this.deps.typeNames().catch(() => []),
              controller.signal,
            );
            return { answer, pivot, draft };
          }),
      );
      if (controller !== this.running) return undefined;
      this.lastRun = run;
      this.post({
        kind: 'result',
        pivot: run.pivot,
        run: ++this.runs,
        ms: Date.now() - started,
        at: new Date().toISOString(),
        ranDraft: run.draft,
      });
      return run;
    } catch (e) {
      if (controller.signal.aborted) {
        if (controller === this.running) this.post({ kind: 'cancelled' });
        return undefined;
      }
      this.post({ kind: 'error', message: vscode.l10n.t('The report failed: {0}', describeFailure(e)) });
      throw e;
    } finally {
      if (controller === this.running) this.running = undefined;
      this.deps.onRunningChange?.();
    }
  }

  /** Cancels the running report, if any; says whether there was one. */
  cancel(): boolean {
    const running = this.running !== undefined;
    this.running?.abort();
    return running;
  }

  get isRunning(): boolean {
    return this.running !== undefined;
  }

  /** CSV into a file the user picks, or TSV onto the clipboard; returns the text. */
  async export(format: 'csv' | 'tsv', sort: PivotSort | null = this.sort): Promise<string | undefined> {
    if (!this.lastRun) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Run the report first, then export it.'));
      return undefined;
    }
    const decimal = vscode.workspace.getConfiguration('vensoft').get<'.' | ','>('reportExportDecimalSeparator', '.');
    const text = pivotToDelimited(this.lastRun.pivot, format, sort, { decimal, total: vscode.l10n.t('Total') });
    if (format === 'tsv') {
      await vscode.env.clipboard.writeText(text);
      vscode.window.setStatusBarMessage(vscode.l10n.t('Report copied as TSV: paste it into a spreadsheet'), 5000);
      return text;
    }
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const name = `${this.type}-report.csv`;
    const target = await vscode.window.showSaveDialog({
      title: vscode.l10n.t('Export Report as CSV'),
      filters: { CSV: ['csv'] },
      ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, name) } : {}),
    });
    if (!target) return undefined;
    await vscode.workspace.fs.writeFile(target, Buffer.from(text, 'utf8'));
    void vscode.window
      .showInformationMessage(
        vscode.l10n.t('Report exported to {0}.', vscode.workspace.asRelativePath(target)),
        vscode.l10n.t('Open'),
      )
      .then((choice) => (choice ? vscode.window.showTextDocument(target) : undefined));
    return text;
  }

  private async handle(m: ReportRequest): Promise<void> {
    switch (m.kind) {
      case 'ready':
        await this.postDraft();
        if (this.lastRun)
          this.post({
            kind: 'result',
            pivot: this.lastRun.pivot,
            run: this.runs,
            ms: 0,
            at: '',
            ranDraft: this.lastRun.draft,
          });
        return;
      case 'run':
        await this.run().catch(() => undefined);
        return;
      case 'cancel':
        this.cancel();
        return;
      case 'edit':
        // The sequence number moves only once the file holds the edit: a draft read before then
        // carries the older number, and the builder knows to ignore it.
        // (A failed edit moves it too: the file's own state is then what the builder should show.)
        this.editing = this.editing
          .then(async () => {
            try {
              await this.edit(m.draft);
            } finally {
              this.editSeq = m.seq;
            }
          })
          .catch(() => this.postDraft());
        return this.editing;
      case 'export':
        this.sort = m.sort;
        await this.export(m.format, m.sort);
        return;
      case 'save':
        await vscode.workspace.save((await this.document()).uri);
        return;
      case 'rendered':
        this.lastRender = { ms: m.ms, cells: m.cells };
        return;
      case 'openLink':
        openLink(this.type, m.attribute, m.value, besideColumn(this.panel, this.source));
        return;
      case 'describeLink': {
        const text = await describeLink(this.type, m.attribute, m.value);
        if (text) this.post({ kind: 'linkInfo', attribute: m.attribute, value: m.value, text });
        return;
      }
    }
  }

  dispose(): void {
    this.cancel();
    clearTimeout(this.draftTimer);
    for (const d of this.disposables) d.dispose();
  }
}

export class ReportPanels implements vscode.Disposable {
  private readonly panels: FilePanels<ReportPanel>;
  private readonly deps: ReportDependencies;

  constructor(deps: ReportDependencies) {
    this.panels = new FilePanels(deps.extensionUri, {
      viewType: REPORT_VIEW_TYPE,
      script: 'report',
      title: vscode.l10n.t('Report'),
    });
    // "Vensoft: Cancel Report" is offered while a report runs.
    this.deps = {
      ...deps,
      onRunningChange: () =>
        void vscode.commands.executeCommand(
          'setContext',
          'vensoft.reportRunning',
          this.panels.values().some((p) => p.isRunning),
        ),
    };
  }

  /** Cancels every running report; returns how many there were. */
  cancelAll(): number {
    return this.panels.values().filter((p) => p.cancel()).length;
  }

  /** The panel of a report file, made or revealed. */
  show(source: vscode.Uri, type: string): ReportPanel {
    return this.panels.show(source, (panel) => new ReportPanel(panel, source, type, this.deps));
  }

  /** The report panel last focused. */
  get current(): ReportPanel | undefined {
    return this.panels.current;
  }

  dispose(): void {
    this.panels.dispose();
  }
}
