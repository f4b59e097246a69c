// Import Objects…: a CSV, JSON or NDJSON file into a type. Columns are mapped to attributes (by name,
// then by the user, remembered per type), every row is planned and previewed before anything is sent,
// then the run writes with progress and Cancel and ends with a summary and a file of the failed rows.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { UserFacingError } from '../core/errors';
import { formatCount } from '../core/labels';
import type { JsonObject } from '../core/json';
import { mapColumns, planText, suggestColumn, type ColumnMapping, type PlanSummary } from '../core/importPlan';
import type { TransferSchema } from '../core/transferSchema';
import type { Node } from '../explorer/explorerTree';
import { creatableContainers } from '../explorer/containerPaths';
import type { SessionManager } from '../session/sessionManager';
import type { ChangeJournal } from '../journal/changeJournal';
import { requireSession } from '../session/requireSession';
import { columnsOf, sniff, type Separator, type SourceEncoding, type SourceOptions } from './sourceFile';
import { previewImport, runImport, type ImportClient, type ImportOutcome, type ImportRequest } from './importRun';
import { chooseType, NO_PRIVILEGES, pageSize, schemaOf, type TransferRuns } from './transferShared';

export const PREVIEW_SCHEME = 'vensoft-import';

export interface ImportOptions {
  /** The file (a path); asked for when not given. */
  file?: string;
  encoding?: SourceEncoding;
  separator?: Separator;
  /** Columns the names do not map: column → attribute, or null to leave it out. */
  mapping?: ColumnMapping;
  /** Parent of rows without parent_id (digits), or "none": create nothing. Asked for when needed. */
  parentId?: string;
  /** true: run after the preview without asking; false: preview only. */
  confirm?: boolean;
}

export interface ImportAnswer {
  plan: PlanSummary;
  /** Undefined when nothing ran (preview only, nothing to change, or not confirmed). */
  outcome?: ImportOutcome;
  /** The Changes view's entry of the run's writes (one, revertable as a whole); none when nothing was written. */
  journalEntry?: string;
}

export interface ImportDeps {
  sessions: SessionManager;
  runs: TransferRuns;
  /** Column mappings per type, saved for the next import (globalState). */
  mappings: vscode.Memento;
  previews: Map<string, string>;
  previewChanged: vscode.EventEmitter<vscode.Uri>;
  /** The run's writes form one batch of the change journal: one entry, reverted as a whole. */
  journal: Pick<ChangeJournal, 'batch'>;
}

const mappingKey = (type: string) => `vensoft.importMapping.${type}`;

/** Asks for each column the names did not map: an attribute (the likeliest first) or leave it out. */
async function mapUnknown(unknown: string[], schema: TransferSchema): Promise<ColumnMapping | undefined> {
  const chosen: ColumnMapping = {};
  for (const column of unknown) {
    const suggestion = suggestColumn(column, schema);
    const attributes = schema.columns.filter((c) => c.writeable || c.name === 'id' || c.name === 'parent_id');
    const items: Array<vscode.QuickPickItem & { attribute: string | null }> = [
      { label: vscode.l10n.t('Leave this column out'), attribute: null },
      ...attributes.map((c) => ({ label: c.name, description: c.kind, attribute: c.name })),
    ];
    if (suggestion)
      items.unshift({ label: suggestion, description: vscode.l10n.t('closest name'), attribute: suggestion });
    const pick = await vscode.window.showQuickPick(items, {
      title: vscode.l10n.t('Import into {0}: the column "{1}" matches no attribute', schema.type, column),
      placeHolder: vscode.l10n.t('Which attribute does "{0}" hold?', column),
    });
    if (!pick) return undefined;
    chosen[column] = pick.attribute;
  }
  return chosen;
}

/** Where rows without parent_id are created: the group's container, the option, or a pick. */
async function defaultParent(
  deps: ImportDeps,
  type: string,
  node: Node | undefined,
  options: ImportOptions,
): Promise<bigint | undefined | 'stop'> {
  if (options.parentId !== undefined) return options.parentId === 'none' ? undefined : BigInt(options.parentId);
  if (node?.kind === 'group') return node.parent.object.id;
  if (options.confirm !== undefined) return undefined;
  const containers = await creatableContainers(deps.sessions, type);
  const none = { label: vscode.l10n.t('Create nothing: only update objects with an id'), id: undefined };
  const pick = await vscode.window.showQuickPick([none, ...containers], {
    title: vscode.l10n.t('Import into {0}: where are rows without parent_id created?', type),
    matchOnDescription: true,
  });
  return pick ? pick.id : 'stop';
}

export async function importCommand(
  deps: ImportDeps,
  node?: unknown,
  options: ImportOptions = {},
): Promise<ImportAnswer | undefined> {
  const { sessions, runs } = deps;
  const session = requireSession(sessions, vscode.l10n.t('to import objects'));
  const tree = node as Node | undefined;
  const typeInfo =
    tree?.kind === 'type' || tree?.kind === 'group'
      ? tree.type
      : await chooseType(session, vscode.l10n.t('Import Objects'), (t) => t.writeableAttributes.length > 0);
  if (!typeInfo) return undefined;
  const type = typeInfo.name;
  const file = options.file ?? (await pickFile(type));
  if (!file) return undefined;
  const sniffed = await sniff(file).catch((e: Error) => {
    throw new UserFacingError(vscode.l10n.t('Cannot read {0}: {1}', file, e.message));
  });
  const source = { ...sniffed, ...pick(options, ['encoding', 'separator']) };
  const schema = await schemaOf(sessions, type);
  const columns = await columnsOf(file, source).catch((e: Error) => {
    throw new UserFacingError(vscode.l10n.t('Cannot read {0}: {1}', path.basename(file), e.message));
  });
  if (!columns.length)
    throw new UserFacingError(vscode.l10n.t('{0} has no columns: is it empty?', path.basename(file)));
  const saved = deps.mappings.get<ColumnMapping>(mappingKey(type)) ?? {};
  const mapped = mapColumns(columns, schema, { ...saved, ...options.mapping });
  const notes: string[] = [];
  if (mapped.unknown.length && options.confirm === undefined) {
    const chosen = await mapUnknown(mapped.unknown, schema);
    if (!chosen) return undefined;
    Object.assign(mapped.mapping, chosen);
    await deps.mappings.update(mappingKey(type), { ...saved, ...chosen });
  } else
    for (const column of mapped.unknown) {
      mapped.mapping[column] = null;
      notes.push(vscode.l10n.t('Column "{0}" matches no attribute of {1}: left out.', column, type));
    }
  const parent = Object.values(mapped.mapping).includes('parent_id')
    ? undefined
    : await defaultParent(deps, type, tree, options);
  if (parent === 'stop') return undefined;
  // Where the user may create: checked before sending when the type lives in containers.
  const inContainers = session.catalog.ownerType(type) === undefined;
  const creatable = inContainers ? new Set(await sessions.run((c) => c.getContainer(type, 'create'))) : undefined;
  const request: ImportRequest = {
    path: file,
    source,
    columns,
    schema,
    mapping: mapped.mapping,
    context: { defaultParent: parent, creatableParents: creatable, mayCreate: typeInfo.privileges.includes('create') },
    pageSize: pageSize(),
  };
  const client = importClient(sessions);
  const plan = await runs.withProgress(vscode.l10n.t('Reading {0}', path.basename(file)), (report, signal) =>
    previewImport(request, client, (rows) => report(vscode.l10n.t('{0} rows planned', formatCount(rows)), 0), signal),
  );
  notes.unshift(
    vscode.l10n.t(
      'Read as {0}, {1}, separator {2}.',
      source.format.toUpperCase(),
      source.encoding === 'utf-8' ? 'UTF-8' : 'Windows-1252',
      source.separator === '\t' ? 'tab' : `"${source.separator}"`,
    ),
  );
  await showPreview(deps, type, file, plan, notes);
  const { create, update, refused } = plan.counts;
  if (!create && !update && !refused) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Nothing to import: every row matches the server.'));
    return { plan };
  }
  if (options.confirm === false) return { plan };
  const decision = await confirmed(options, type, plan);
  if (decision === 'reread') {
    const reading = await chooseReading(source);
    return reading && importCommand(deps, node, { ...options, file, ...reading, mapping: mapped.mapping });
  }
  if (decision !== 'import') return { plan };
  const failedPath = failedFileOf(file);
  let journalEntry: string | undefined;
  const outcome = await runs.withProgress(vscode.l10n.t('Importing into {0}', type), (report, signal) =>
    deps.journal.batch(vscode.l10n.t('Import into {0} from {1}', type, path.basename(file)), async (batch) => {
      try {
        return await runImport(
          request,
          client,
          failedPath,
          (rows) =>
            report(vscode.l10n.t('{0} of {1} rows', formatCount(rows), formatCount(plan.rows)), rows / plan.rows),
          signal,
        );
      } finally {
        journalEntry = batch.entryId();
      }
    }),
  );
  void announce(type, outcome);
  return { plan, outcome, journalEntry };
}

function pick<T extends object, K extends keyof T>(o: T, keys: K[]): Partial<Pick<T, K>> {
  return Object.fromEntries(keys.filter((k) => o[k] !== undefined).map((k) => [k, o[k]])) as Partial<Pick<T, K>>;
}

async function pickFile(type: string): Promise<string | undefined> {
  const picked = await vscode.window.showOpenDialog({
    title: vscode.l10n.t('Import into {0}', type),
    canSelectMany: false,
    filters: { [vscode.l10n.t('CSV, JSON or NDJSON')]: ['csv', 'txt', 'tsv', 'json', 'ndjson', 'jsonl'] },
  });
  return picked?.[0]?.fsPath;
}

/** "sims.csv" → "sims.failed.csv", beside it. */
export function failedFileOf(file: string): string {
  const ext = path.extname(file);
  return path.join(path.dirname(file), `${path.basename(file, ext)}.failed${ext || '.csv'}`);
}

function importClient(sessions: SessionManager): ImportClient {
  return {
    getMany: async (type, ids, signal) =>
      (await sessions.run((c) => c.getMany(type, ids, { ...NO_PRIVILEGES, signal }))).transfer_objects.map((o) => ({
        id: o.id,
        definition: o.definition as JsonObject,
      })),
    create: (type, definition, signal) => sessions.run((c) => c.create(type, definition, { signal })),
    update: (type, id, definition, signal) => sessions.run((c) => c.update(type, id, definition, { signal })),
  };
}

async function showPreview(
  deps: ImportDeps,
  type: string,
  file: string,
  plan: PlanSummary,
  notes: string[],
): Promise<void> {
  const uri = vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: `/${type} import of ${path.basename(file)}.md` });
  const title = `# ${vscode.l10n.t('Import of {0} into {1} (preview: nothing sent yet)', path.basename(file), type)}`;
  deps.previews.set(uri.toString(), planText(plan, [title, '', ...notes].join('\n')));
  deps.previewChanged.fire(uri);
  await vscode.window.showTextDocument(uri, { preview: true, preserveFocus: true });
}

async function confirmed(
  options: ImportOptions,
  type: string,
  plan: PlanSummary,
): Promise<'import' | 'reread' | undefined> {
  if (options.confirm) return 'import';
  const { create, update, refused } = plan.counts;
  const go = vscode.l10n.t('Import');
  const reread = vscode.l10n.t('Read Differently…');
  const answer = await vscode.window.showWarningMessage(
    vscode.l10n.t(
      'Import into {0}: create {1}, update {2}, refuse {3} (see the preview). Send these changes?',
      type,
      create,
      update,
      refused,
    ),
    {
      modal: true,
      detail: vscode.l10n.t(
        'The preview beside lists every change. Refused rows go to a file to fix. Wrong characters or one column where there should be several: Read Differently.',
      ),
    },
    go,
    reread,
  );
  return answer === go ? 'import' : answer === reread ? 'reread' : undefined;
}

/** The user's choice of encoding and separator, when the detected ones read the file wrong. */
async function chooseReading(
  current: SourceOptions,
): Promise<Pick<ImportOptions, 'encoding' | 'separator'> | undefined> {
  const encodings: SourceEncoding[] = ['utf-8', 'windows-1252'];
  const encoding = await vscode.window.showQuickPick(
    // eslint-disable-next-line no-restricted-syntax -- the encodings' names, the same in every language
    encodings.map((e) => ({ label: e === 'utf-8' ? 'UTF-8' : 'Windows-1252', picked: e === current.encoding, e })),
    { title: vscode.l10n.t('Read the file as') },
  );
  if (!encoding) return undefined;
  if (current.format !== 'csv') return { encoding: encoding.e };
  const separators: Separator[] = [',', ';', '\t'];
  const separator = await vscode.window.showQuickPick(
    separators.map((c) => ({ label: c === '\t' ? vscode.l10n.t('Tab') : c, s: c })),
    { title: vscode.l10n.t('Columns separated by') },
  );
  return separator && { encoding: encoding.e, separator: separator.s };
}

async function announce(type: string, outcome: ImportOutcome): Promise<void> {
  const counts = vscode.l10n.t(
    '{0} created, {1} updated, {2} unchanged, {3} failed',
    outcome.created,
    outcome.updated,
    outcome.unchanged,
    outcome.failed,
  );
  const text = outcome.cancelled
    ? vscode.l10n.t(
        'Import into {0} cancelled, part done: {1}. The rows not imported are in the failed-rows file.',
        type,
        counts,
      )
    : vscode.l10n.t('Import into {0}: {1}.', type, counts);
  const open = vscode.l10n.t('Open Failed Rows');
  const show =
    outcome.failed || outcome.cancelled ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  const choice = await show(text, ...(outcome.failedFile ? [open] : []));
  if (choice && outcome.failedFile) await vscode.window.showTextDocument(vscode.Uri.file(outcome.failedFile));
}
