// Export Objects…: a type, a container's type, a filter file's results, the selected objects of the
// tree or the selected rows of a results table, to CSV, JSON or NDJSON, streamed page by page with
// progress and Cancel, and a last word that says whether the file holds every object the server
// counted (or every one selected: those it could not read are named).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseJson, type JsonObject } from '../core/json';
import { readFilter } from '../core/filter';
import { formatCount } from '../core/labels';
import { UserFacingError } from '../core/errors';
import { toId } from '../core/ids';
import type { Node } from '../explorer/explorerTree';
import type { SessionManager } from '../session/sessionManager';
import { requireSession } from '../session/requireSession';
import { exportObjects, type ExportFormat, type ExportResult, type ExportSelection } from './exportRun';
import { chooseType, schemaOf, TransferRuns, NO_PRIVILEGES } from './transferShared';

/** Objects per page: larger than the tree's pages, since each list also counts what is left (bench/transfer.ts). */
const EXPORT_PAGE_SIZE = 1000;

export interface ExportOptions {
  format?: ExportFormat;
  /** The file to write (a path); asked for when not given. */
  target?: string;
}

export interface ExportAnswer extends ExportResult {
  target: string;
}

/** The selected rows of a results table (src/queries/results): the objects of one type, by id as digits. */
export interface SelectedRows {
  kind: 'resultRows';
  type: string;
  ids: readonly string[];
}

/** How many missing ids a message names; the rest it counts. */
const MISSING_NAMED = 10;

const FILTER_FILE = /(?:^|\/)([A-Za-z0-9_]+)(?:\.[^/]*)?\.vensoft-filter\.json$/;

interface What {
  type: string;
  selection: ExportSelection;
  /** For the file name and messages: "machine", "machine in Hamburg", "3 selected sims". */
  title: string;
}

async function whatToExport(sessions: SessionManager, node: unknown, nodes: unknown): Promise<What | undefined> {
  if (node instanceof vscode.Uri) return filterFileSelection(node);
  if ((node as SelectedRows | undefined)?.kind === 'resultRows') return rowsSelection(node as SelectedRows);
  const tree = node as Node | undefined;
  if (tree?.kind === 'type') return { type: tree.type.name, selection: { kind: 'filter' }, title: tree.type.name };
  if (tree?.kind === 'group') {
    const parent = tree.parent.object.id.toString();
    const constraints = { join: 'AND', conditions: [{ attribute: 'parent_id', type: 1, value: parent }], lists: [] };
    return {
      type: tree.type.name,
      selection: { kind: 'filter', constraints },
      title: `${tree.type.name}-in-${parent}`,
    };
  }
  if (tree?.kind === 'object') {
    const selected = (Array.isArray(nodes) ? (nodes as Node[]) : [tree]).filter(
      (n): n is Extract<Node, { kind: 'object' }> => n.kind === 'object' && n.object.typeName === tree.object.typeName,
    );
    const ids = selected.map((n) => n.object.id);
    return { type: tree.object.typeName, selection: { kind: 'ids', ids }, title: `${tree.object.typeName}-selected` };
  }
  const active = vscode.window.activeTextEditor?.document.uri;
  if (!node && active && FILTER_FILE.test(active.path)) return filterFileSelection(active);
  const type = await chooseType(requireSession(sessions), 'Export Objects', () => true);
  return type && { type: type.name, selection: { kind: 'filter' }, title: type.name };
}

/** Rows selected in a results table: their ids are digits (a number would have lost some already). */
function rowsSelection(rows: SelectedRows): What {
  const ids = rows.ids.map((text) => {
    const id = typeof text === 'string' ? toId(text) : undefined;
    if (id === undefined)
      throw new UserFacingError(
        vscode.l10n.t('"{0}" is not an id: ids are passed as strings of digits.', String(text)),
      );
    return id;
  });
  if (!ids.length)
    throw new UserFacingError(
      vscode.l10n.t(
        'Select rows in the results table first (click, Ctrl+click, Shift+click, or Ctrl+A for all shown).',
      ),
    );
  return {
    type: rows.type,
    selection: { kind: 'ids', ids: [...new Set(ids)] },
    title: `${rows.type}-selected`,
  };
}

async function filterFileSelection(uri: vscode.Uri): Promise<What> {
  const type = FILTER_FILE.exec(uri.path)?.[1];
  if (!type) throw new UserFacingError(vscode.l10n.t('Export works on filter files (<type>.vensoft-filter.json).'));
  const document = await vscode.workspace.openTextDocument(uri);
  let json;
  try {
    json = parseJson(document.getText());
  } catch (e) {
    throw new UserFacingError(vscode.l10n.t('Fix the filter first: {0}', (e as Error).message));
  }
  const { filter, problems } = readFilter(json);
  if (problems.length) throw new UserFacingError(vscode.l10n.t('Fix the filter first: {0}', problems[0]!.message));
  // Every object the filter matches, in its order: its count and offset page the results view only.
  const constraints = filter.constraints as unknown as JsonObject | null;
  return { type, selection: { kind: 'filter', constraints, order: filter.order }, title: `${type}-filtered` };
}

async function chooseTarget(
  title: string,
  options: ExportOptions,
): Promise<{ target: string; format: ExportFormat } | undefined> {
  let format = options.format;
  if (options.target) return { target: options.target, format: format ?? formatOfPath(options.target) };
  if (!format) {
    const pick = await vscode.window.showQuickPick(
      [
        /* eslint-disable no-restricted-syntax -- the formats' names, the same in every language */
        { label: 'CSV', description: vscode.l10n.t('for spreadsheets'), format: 'csv' as const },
        { label: 'JSON', description: vscode.l10n.t('an array of definitions with ids'), format: 'json' as const },
        { label: 'NDJSON', description: vscode.l10n.t('one definition per line'), format: 'ndjson' as const },
        /* eslint-enable no-restricted-syntax */
      ],
      { title: vscode.l10n.t('Export {0}: format', title) },
    );
    if (!pick) return undefined;
    format = pick.format;
  }
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const name = `${title}.${format}`;
  const uri = await vscode.window.showSaveDialog({
    title: vscode.l10n.t('Export {0}', title),
    filters: { [format.toUpperCase()]: [format] },
    ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, name) } : {}),
  });
  return uri && { target: uri.fsPath, format };
}

function formatOfPath(file: string): ExportFormat {
  const ext = path.extname(file).toLowerCase();
  return ext === '.json' ? 'json' : ext === '.ndjson' || ext === '.jsonl' ? 'ndjson' : 'csv';
}

/** The export command's handler: answers what was written (undefined when the user stopped before it began). */
export async function exportCommand(
  sessions: SessionManager,
  runs: TransferRuns,
  node?: unknown,
  nodes?: unknown,
  options: ExportOptions = {},
): Promise<ExportAnswer | undefined> {
  requireSession(sessions, vscode.l10n.t('to export objects'));
  const what = await whatToExport(sessions, node, nodes);
  if (!what) return undefined;
  const chosen = await chooseTarget(what.title, options);
  if (!chosen) return undefined;
  const schema = await schemaOf(sessions, what.type);
  const request = {
    schema,
    selection: what.selection,
    format: chosen.format,
    target: chosen.target,
    pageSize: EXPORT_PAGE_SIZE,
  };
  const result = await runs.withProgress(vscode.l10n.t('Exporting {0}', what.type), (report, signal) =>
    exportObjects(
      request,
      {
        list: (type, filter, s) => sessions.run((client) => client.list(type, filter, { ...NO_PRIVILEGES, signal: s })),
        getMany: (type, ids, s) => sessions.run((client) => client.getMany(type, ids, { ...NO_PRIVILEGES, signal: s })),
      },
      (written, expected) =>
        report(
          vscode.l10n.t('{0} of {1} objects', formatCount(written), formatCount(expected)),
          expected ? written / expected : 0,
        ),
      signal,
    ),
  );
  void announce(result, chosen.target, what.type);
  return { ...result, target: chosen.target };
}

async function announce(result: ExportResult, target: string, type: string): Promise<void> {
  const file = vscode.workspace.asRelativePath(target);
  const written = formatCount(result.written);
  const expected = formatCount(result.expected);
  const open = vscode.l10n.t('Open');
  let choice: string | undefined;
  if (result.cancelled)
    choice = await vscode.window.showWarningMessage(
      vscode.l10n.t(
        'Export cancelled: {0} of {1} {2} objects written to {3}. The file is incomplete.',
        written,
        expected,
        type,
        file,
      ),
      open,
    );
  else if (result.missing.length) return announceMissing(result, target, type);
  else if (!result.complete)
    choice = await vscode.window.showWarningMessage(
      vscode.l10n.t(
        'Export incomplete: {0} {1} objects written to {2}, but the server counted {3} (objects changed while it ran, or the server returned fewer).',
        written,
        type,
        file,
        expected,
      ),
      open,
    );
  else
    choice = await vscode.window.showInformationMessage(
      vscode.l10n.t('Exported all {0} {1} objects to {2}.', written, type, file),
      open,
    );
  if (choice) await vscode.window.showTextDocument(vscode.Uri.file(target));
}

/**
 * Selected objects that getmany did not return: deleted since they were selected, or not readable
 * (any more) for this account. The message names them (the first few; Copy Missing Ids copies all).
 */
async function announceMissing(result: ExportResult, target: string, type: string): Promise<void> {
  const named = result.missing.slice(0, MISSING_NAMED).join(', ');
  const more = result.missing.length - MISSING_NAMED;
  const open = vscode.l10n.t('Open');
  const copy = vscode.l10n.t('Copy Missing Ids');
  const choice = await vscode.window.showWarningMessage(
    vscode.l10n.t(
      'Export incomplete: {0} of {1} selected {2} objects written to {3}. Not found (deleted meanwhile, or not readable for you): {4}.',
      formatCount(result.written),
      formatCount(result.expected),
      type,
      vscode.workspace.asRelativePath(target),
      more > 0 ? vscode.l10n.t('{0} and {1} more', named, formatCount(more)) : named,
    ),
    open,
    copy,
  );
  if (choice === copy) await vscode.env.clipboard.writeText(result.missing.join('\n'));
  if (choice === open) await vscode.window.showTextDocument(vscode.Uri.file(target));
}
