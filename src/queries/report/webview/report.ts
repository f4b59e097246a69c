// The report view (../reportPanel.ts): a builder that edits the report file, the pivot
// table with totals and sorting, and a chart of the same data (Chart.js, bundled: nothing is
// loaded from the network). Every value goes into the page as text or onto the canvas. Words and
// number formats follow VS Code's display language (../../webview/l10n.ts).
import * as l10n from '@vscode/l10n';
import { locale } from '../../webview/l10n';
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';
import { CONDITION_TYPES } from '../../../core/filter';
import { AGGREGATION_FUNCTIONS, GROUP_FUNCTIONS } from '../../../core/report';
import {
  cellValue,
  decimalPlaces,
  measureLabel,
  sortedRows,
  valueColumns,
  type Pivot,
  type PivotDimension,
  type PivotSort,
  type PivotValue,
} from '../model/pivot';
import type { ReportDraft } from '../model/reportFile';
import type { ReportMessage, ReportRequest } from '../protocol';
import { button, el, keepingFocus, render, sortableHeader, vscodeApi } from '../../../webview/dom';
import { idLinks } from '../../webview/idLinks';

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Legend,
  Tooltip,
);

interface State {
  type?: string;
  draft?: ReportDraft | null;
  problem?: string;
  attributes?: string[];
  pivot?: Pivot;
  sort?: PivotSort | null;
  chartMeasure?: number;
  running?: boolean;
  error?: string;
  ran?: string;
  /** Which of the panel's runs `pivot` is, and the definition (as JSON text) it ran. */
  run?: number;
  ranDraft?: string;
  /** The report file's name, to tell views of two reports of one type apart. */
  name?: string;
  /** Whether the builder is unfolded. */
  builderOpen?: boolean;
  /** The builder's edits sent so far, kept across a reload of the page. */
  edits?: number;
}

const vscode = vscodeApi<State>();
let state: State = { ...(vscode.getState() ?? {}), running: false };
const send = (request: ReportRequest) => vscode.postMessage(request);
const links = idLinks({
  open: (attribute, value) => send({ kind: 'openLink', attribute, value }),
  describe: (attribute, value) => send({ kind: 'describeLink', attribute, value }),
});
const save = () => vscode.setState({ ...state, running: false, edits: editsSent });
let chart: Chart | undefined;
// The builder's edits sent so far: a draft from before the latest of them is stale.
let editsSent = state.edits ?? 0;

// ---- Formatting: VS Code's display language for numbers and dates (1,234.5 or 1.234,5). ----
// Timestamps keep the wall-clock time the server wrote; ids are strings and never formatted.

const numberFormat = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
const formatNumber = (n: number | null) => (n === null ? '' : numberFormat.format(n));
// A value column shows all its numbers with the same decimals (649.00 beside 639.50), at most 2.
const fixedFormats = [0, 1, 2].map(
  (places) => new Intl.NumberFormat(locale, { minimumFractionDigits: places, maximumFractionDigits: places }),
);
function columnFormat(values: Array<number | null>): (n: number | null) => string {
  const places = Math.min(2, Math.max(0, ...values.map((v) => (v === null ? 0 : decimalPlaces(v)))));
  const format = fixedFormats[places]!;
  return (n) => (n === null ? '' : format.format(n));
}

function formatTimestamp(raw: string, fn: string | null): string {
  const m = /^(\d{4})-(\d\d)-(\d\d)(?:[T ](\d\d):(\d\d))?/.exec(raw);
  if (!m) return raw;
  // The wall-clock time the server grouped by, whatever the viewer's time zone.
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0)));
  const unit = fn?.split(':')[1];
  const options: Intl.DateTimeFormatOptions =
    unit === 'YEAR'
      ? { year: 'numeric' }
      : unit === 'MONTH'
        ? { year: 'numeric', month: 'short' }
        : unit === 'DAY' || unit === 'WEEK'
          ? { dateStyle: 'medium' }
          : { dateStyle: 'medium', timeStyle: 'short' };
  const text = new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' }).format(date);
  return unit === 'WEEK' ? l10n.t('week of {0}', text) : text;
}

function valueDisplay(value: PivotValue | undefined, dimension: PivotDimension): string {
  if (!value) return '';
  if (value.label !== undefined) return value.label;
  switch (value.kind) {
    case 'null':
      return '(null)';
    case 'odd':
      return l10n.t('{0} (not on the axis)', value.raw ?? '');
    case 'number':
      return formatNumber(Number(value.raw));
    case 'timestamp':
      return formatTimestamp(value.raw!, dimension.function);
    default:
      return value.raw ?? '';
  }
}

function headerCell(
  tag: 'th' | 'td',
  value: PivotValue | undefined,
  dimension: PivotDimension,
  props: Record<string, unknown> = {},
): HTMLElement {
  const title = value?.label !== undefined ? `${dimension.attribute} ${value.raw}` : (value?.raw ?? 'null');
  const text = valueDisplay(value, dimension);
  // An id group's value is a link to its object (a click, or Enter on it); resting on it says what it is.
  const content =
    value?.kind === 'id' && value.raw !== null ? links.anchor(dimension.attribute, value.raw, text) : text;
  return el(
    tag,
    {
      ...props,
      title,
      className:
        `${String(props.className ?? '')} ${value?.kind === 'null' || value?.kind === 'odd' ? 'null' : ''}`.trim(),
    },
    content,
  );
}

// ---- The builder: edits go to the file, the file's changes come back as a draft. ----

function options(
  values: readonly string[],
  selected: string,
  labels: (v: string) => string = (v) => v,
): HTMLOptionElement[] {
  const all = values.includes(selected) || selected === '' ? values : [selected, ...values];
  return all.map((v) => el('option', { value: v, selected: v === selected }, labels(v)));
}

function select(
  label: string,
  values: readonly string[],
  selected: string,
  onChange: (v: string) => void,
  labels?: (v: string) => string,
): HTMLSelectElement {
  return el(
    'select',
    { 'aria-label': label, onchange: (e: Event) => onChange((e.target as HTMLSelectElement).value) },
    ...options(values, selected, labels),
  );
}

function builder(draft: ReportDraft, attributes: string[]): HTMLElement {
  // `reshape`: rows come or go, so the builder is drawn again; otherwise the control the user
  // just changed already shows the change, and keeps the focus.
  const edit = (change: (d: ReportDraft) => void, reshape = false) => {
    // From the latest draft, not the one this builder was drawn from.
    const next = structuredClone(state.draft ?? draft);
    change(next);
    state = { ...state, draft: next };
    if (!reshape) drawn = { ...drawn, builder: [state.draft, state.attributes] };
    save();
    send({ kind: 'edit', draft: next, seq: ++editsSent });
    show();
  };
  const remove = (label: string, action: () => void) => button('✕', action, { title: label, 'aria-label': label });
  const attributeList = attributes.length ? attributes : ['id'];
  // What a new group or condition starts with: the type's own first attribute.
  const firstOwn = attributeList.find((a) => !['id', 'parent_id', 'owner'].includes(a)) ?? 'id';
  const typeLabel = (v: string) => {
    const info = CONDITION_TYPES[Number(v) as keyof typeof CONDITION_TYPES];
    return info ? `${info.type} — ${info.label}` : v;
  };
  const noValue = (type: number) => type === 5 || type === 6;
  return el(
    'details',
    {
      open: state.builderOpen ?? true,
      className: 'builder',
      ontoggle: (e: Event) => {
        state = { ...state, builderOpen: (e.target as HTMLDetailsElement).open };
        save();
      },
    },
    el('summary', {}, l10n.t('Report definition')),
    el(
      'fieldset',
      {},
      el('legend', {}, l10n.t('Aggregations')),
      ...draft.aggregations.map((a, k) =>
        el(
          'div',
          { className: 'row', 'data-testid': 'aggregation' },
          select(l10n.t('Function'), AGGREGATION_FUNCTIONS, a.function, (v) =>
            edit((d) => {
              d.aggregations[k]!.function = v;
            }),
          ),
          el('span', {}, l10n.t('of')),
          select(l10n.t('Attribute'), attributeList, a.attribute, (v) =>
            edit((d) => {
              d.aggregations[k]!.attribute = v;
            }),
          ),
          remove(l10n.t('Remove aggregation {0}', k + 1), () =>
            edit((d) => {
              d.aggregations.splice(k, 1);
            }, true),
          ),
        ),
      ),
      button(l10n.t('Add aggregation'), () =>
        edit((d) => {
          d.aggregations.push({ function: 'COUNT', attribute: 'id' });
        }, true),
      ),
    ),
    el(
      'fieldset',
      {},
      el('legend', {}, l10n.t('Groups')),
      ...draft.groups.map((g, k) =>
        el(
          'div',
          { className: 'row', 'data-testid': 'group' },
          select(l10n.t('Attribute'), attributeList, g.attribute, (v) =>
            edit((d) => {
              d.groups[k]!.attribute = v;
            }),
          ),
          select(
            l10n.t('Function'),
            ['', ...GROUP_FUNCTIONS],
            g.function ?? '',
            (v) =>
              edit((d) => {
                d.groups[k]!.function = v || null;
              }),
            (v) => v || l10n.t('no function'),
          ),
          select(
            l10n.t('Orientation'),
            ['vertical', 'horizontal'],
            g.orientation,
            (v) =>
              edit((d) => {
                d.groups[k]!.orientation = v as 'vertical' | 'horizontal';
              }),
            (v) => (v === 'vertical' ? l10n.t('rows (vertical)') : l10n.t('columns (horizontal)')),
          ),
          remove(l10n.t('Remove group {0}', k + 1), () =>
            edit((d) => {
              d.groups.splice(k, 1);
            }, true),
          ),
        ),
      ),
      button(l10n.t('Add group'), () =>
        edit((d) => {
          d.groups.push({ function: null, attribute: firstOwn, orientation: 'vertical' });
        }, true),
      ),
    ),
    el(
      'fieldset',
      {},
      el('legend', {}, l10n.t('Filter')),
      el(
        'div',
        { className: 'row' },
        el('span', {}, l10n.t('Objects matching')),
        select(
          l10n.t('Join'),
          ['AND', 'OR'],
          draft.filter.join,
          (v) =>
            edit((d) => {
              d.filter.join = v as 'AND' | 'OR';
            }),
          (v) => (v === 'AND' ? l10n.t('all (AND)') : l10n.t('any (OR)')),
        ),
        el('span', {}, l10n.t('of these conditions:')),
      ),
      ...draft.filter.conditions.map((c, k) =>
        el(
          'div',
          { className: 'row', 'data-testid': 'condition' },
          select(l10n.t('Attribute'), attributeList, c.attribute, (v) =>
            edit((d) => {
              d.filter.conditions[k]!.attribute = v;
            }),
          ),
          select(
            l10n.t('Condition'),
            Object.keys(CONDITION_TYPES),
            String(c.type),
            (v) =>
              edit((d) => {
                const condition = d.filter.conditions[k]!;
                condition.type = Number(v);
                if (noValue(condition.type)) condition.value = null;
                else condition.value ??= '';
              }, true),
            typeLabel,
          ),
          noValue(c.type)
            ? null
            : el('input', {
                'aria-label': l10n.t('Value'),
                value: c.value ?? '',
                placeholder: c.type === 7 ? 'a,b,c' : c.type === 8 ? l10n.t('low|high') : l10n.t('value'),
                onchange: (e: Event) =>
                  edit((d) => {
                    d.filter.conditions[k]!.value = (e.target as HTMLInputElement).value;
                  }),
              }),
          remove(l10n.t('Remove condition {0}', k + 1), () =>
            edit((d) => {
              d.filter.conditions.splice(k, 1);
            }, true),
          ),
        ),
      ),
      draft.filter.nestedLists
        ? el(
            'p',
            { className: 'summary' },
            draft.filter.nestedLists === 1
              ? l10n.t('and 1 nested condition list (edit it in the file)')
              : l10n.t('and {0} nested condition lists (edit them in the file)', draft.filter.nestedLists),
          )
        : null,
      button(l10n.t('Add condition'), () =>
        edit((d) => {
          d.filter.conditions.push({ attribute: firstOwn, type: 6, value: null, numeric: false });
        }, true),
      ),
    ),
  );
}

// ---- The pivot table. ----

// A long table draws its first rows at once and the rest in slices after the first paint.
const FIRST_ROWS = 120;
const SLICE_ROWS = 300;
let tables = 0;

function table(pivot: Pivot, sort: PivotSort | null): { element: HTMLTableElement; fill(done: () => void): void } {
  const columns = valueColumns(pivot);
  const lead = Math.max(1, pivot.rows.length);
  const head = el('thead');
  // One header row per horizontal group; equal neighbours merge.
  pivot.columns.forEach((dimension, k) => {
    const cells: HTMLElement[] = [el('th', { colspan: String(lead), className: 'corner' }, dimension.attribute)];
    for (let i = 0; i < columns.length;) {
      const key = (c: number) =>
        columns[c]!.column < 0 ? 'total' : pivot.columnKeys[columns[c]!.column]!.slice(0, k + 1).join(',');
      let span = 1;
      while (i + span < columns.length && key(i + span) === key(i)) span++;
      const column = columns[i]!;
      cells.push(
        column.column < 0
          ? el('th', { colspan: String(span), className: 'total', scope: 'colgroup' }, l10n.t('Total'))
          : headerCell('th', dimension.values[pivot.columnKeys[column.column]![k]!], dimension, {
              colspan: String(span),
              scope: 'colgroup',
            }),
      );
      i += span;
    }
    head.append(el('tr', {}, ...cells));
  });
  // Values sort largest first, headers A–Z; a second click flips, a third returns to axis order.
  const sortable = (label: string, index: number, className = '') => {
    const direction = sort?.column === index ? sort.direction : undefined;
    const first = index >= 0 ? 'desc' : 'asc';
    const toggle = () => {
      const next =
        direction === undefined ? first : direction === first ? (first === 'desc' ? 'asc' : 'desc') : undefined;
      state = { ...state, sort: next ? { column: index, direction: next } : null };
      save();
      show();
    };
    return sortableHeader(label, direction && (direction === 'asc' ? 'ascending' : 'descending'), toggle, {
      focusKey: `h:${index}`,
      title: l10n.t('Sort by {0}', label),
      className,
    });
  };
  head.append(
    el(
      'tr',
      {},
      ...(pivot.rows.length
        ? pivot.rows.map((d, k) => sortable(d.function ? `${d.attribute} (${d.function})` : d.attribute, -(k + 1)))
        : [el('th', {})]),
      ...columns.map((c, i) =>
        sortable(measureLabel(pivot.measures[c.measure]!), i, `num${c.column < 0 ? ' total' : ''}`),
      ),
    ),
  );

  const nested = !sort || sort.column === -1;
  const order = sortedRows(pivot, sort);
  // Every value once: a column's format needs all its values before its first row is drawn.
  const values = order.map((r) => columns.map((c) => cellValue(pivot, r, c)));
  const totalValues = columns.map((c) => cellValue(pivot, -1, c));
  const formats = columns.map((_, i) => columnFormat([...values.map((rowValues) => rowValues[i]!), totalValues[i]!]));
  const row = (i: number): HTMLTableRowElement => {
    const r = order[i]!;
    const key = pivot.rowKeys[r]!;
    const previous = i > 0 ? pivot.rowKeys[order[i - 1]!] : undefined;
    // Nested row headers: a value the row above already shows is left blank (its text stays in the tooltip).
    let same = nested && previous !== undefined;
    const heads = pivot.rows.length
      ? pivot.rows.map((d, k) => {
          same = same && previous![k] === key[k];
          return headerCell('th', d.values[key[k]!], d, { scope: 'row', className: same ? 'repeat' : '' });
        })
      : [el('th', { scope: 'row' }, l10n.t('All'))];
    return el(
      'tr',
      {},
      ...heads,
      ...columns.map((c, j) => {
        const v = values[i]![j]!;
        return el(
          'td',
          { className: `num${c.column < 0 ? ' total' : ''}`, title: v === null ? '' : String(v) },
          formats[j]!(v),
        );
      }),
    );
  };
  const body = el('tbody');
  const first = Math.min(order.length, FIRST_ROWS);
  for (let i = 0; i < first; i++) body.append(row(i));
  const totals = el(
    'tr',
    { className: 'total' },
    el('th', { colspan: String(lead), scope: 'row' }, l10n.t('Total')),
    ...columns.map((c, i) => {
      const v = totalValues[i]!;
      const measure = pivot.measures[c.measure]!;
      return el(
        'td',
        {
          className: 'num',
          title:
            v === null && measure.function === 'AVG'
              ? l10n.t('An average of averages would be wrong: no total for AVG.')
              : String(v ?? ''),
        },
        formats[i]!(v),
      );
    }),
  );
  const element = el(
    'table',
    { 'data-testid': 'pivot', className: 'pivot', 'aria-rowcount': String(order.length + pivot.columns.length + 2) },
    head,
    body,
    el('tfoot', {}, totals),
  );
  const generation = ++tables;
  // The rows below the first screens follow in slices, so that a long table shows at once.
  const fill = (done: () => void) => {
    let next = first;
    const slice = () => {
      if (generation !== tables) return;
      const fragment = document.createDocumentFragment();
      for (const end = Math.min(order.length, next + SLICE_ROWS); next < end; next++) fragment.append(row(next));
      body.append(fragment);
      if (next < order.length) setTimeout(slice);
      else done();
    };
    if (next < order.length) setTimeout(slice);
    else done();
  };
  return { element, fill };
}

// ---- The chart. ----

function themeColor(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
}

// More bars than this are no longer readable (nor quick to draw): the chart shows the first ones
// in the table's order, and says so. A time line keeps up to CHART_POINTS, in time order.
const CHART_BARS = 60;
const CHART_POINTS = 2_000;
const CHART_SERIES = 24;

/** The rows the chart shows, and what it leaves out, in words. */
function chartRows(pivot: Pivot, sort: PivotSort | null): { rows: number[]; time: boolean; note?: string } {
  const time = pivot.rows[0]?.function?.startsWith('DATE_TRUNC') ?? false;
  // A time line stays in time order, whatever the table is sorted by; bars follow the table.
  const all = sortedRows(pivot, time ? null : sort);
  const limit = time ? CHART_POINTS : CHART_BARS;
  const rows = all.slice(0, limit);
  const count = (n: number) => n.toLocaleString(locale);
  const fewerColumns = pivot.columnKeys.length > CHART_SERIES;
  const columns = [count(CHART_SERIES), count(pivot.columnKeys.length)] as const;
  const fewerRows = time
    ? l10n.t('The chart shows the first {0} of {1} rows.', count(limit), count(all.length))
    : l10n.t(
        "The chart shows the first {0} of {1} rows in the table's order (sort the table to choose them).",
        count(limit),
        count(all.length),
      );
  const note = [
    all.length > limit ? fewerRows : '',
    fewerColumns ? l10n.t('The chart shows the first {0} of {1} columns.', ...columns) : '',
  ]
    .filter(Boolean)
    .join(' ');
  return { rows, time, ...(note ? { note } : {}) };
}

function drawChart(
  canvas: HTMLCanvasElement,
  pivot: Pivot,
  { rows, time }: { rows: number[]; time: boolean },
  measure: number,
): void {
  chart?.destroy();
  const palette = [
    '--vscode-charts-blue',
    '--vscode-charts-orange',
    '--vscode-charts-green',
    '--vscode-charts-purple',
    '--vscode-charts-red',
    '--vscode-charts-yellow',
  ].map((name, k) => themeColor(name, ['#3794ff', '#d18616', '#89d185', '#b180d7', '#f14c4c', '#cca700'][k]!));
  const rowText = (r: number) =>
    pivot.rows.length
      ? pivot.rows.map((d, k) => valueDisplay(d.values[pivot.rowKeys[r]![k]!], d)).join(' · ')
      : l10n.t('All');
  const datasets = pivot.columnKeys.slice(0, CHART_SERIES).map((key, c) => {
    const color = palette[c % palette.length]!;
    return {
      label: pivot.columns.length
        ? pivot.columns.map((d, k) => valueDisplay(d.values[key[k]!], d)).join(' · ')
        : measureLabel(pivot.measures[measure]!),
      data: rows.map((r) => pivot.cells[r]![c]![measure] ?? null),
      backgroundColor: color,
      borderColor: color,
      // Dots on a long line are noise, and slow.
      pointRadius: rows.length > 120 ? 0 : 3,
    };
  });
  const foreground = themeColor('--vscode-foreground', '#888');
  const grid = themeColor('--vscode-charts-lines', 'rgba(128,128,128,0.3)');
  chart = new Chart(canvas, {
    type: time ? 'line' : 'bar',
    data: { labels: rows.map(rowText), datasets },
    options: {
      // The axis's numbers as the table writes them (80.000 in German).
      locale,
      animation: false,
      normalized: true,
      maintainAspectRatio: false,
      plugins: { legend: { display: pivot.columns.length > 0, labels: { color: foreground } } },
      scales: {
        // Label sizes from a sample, not from every label.
        x: { ticks: { color: foreground, sampleSize: 40, maxRotation: 60 }, grid: { color: grid } },
        y: {
          ticks: { color: foreground },
          grid: { color: grid },
          title: { display: true, text: measureLabel(pivot.measures[measure]!), color: foreground },
        },
      },
    },
  });
}

// ---- The page. ----

// The page has four parts, each redrawn only when what it shows changes: redrawing a 10,000-cell
// table because "Running…" appeared would be slow, and redrawing the builder would take the focus.
const parts = { header: el('div'), messages: el('div'), builder: el('div'), result: el('div') };
render(...Object.values(parts));
let drawn: { builder?: unknown[]; result?: unknown[] } = {};
const changed = (part: keyof typeof drawn, inputs: unknown[]) => {
  const before = drawn[part];
  if (before && before.length === inputs.length && before.every((v, k) => v === inputs[k])) return false;
  drawn = { ...drawn, [part]: inputs };
  return true;
};

function showHeader(): void {
  const { pivot, draft, running } = state;
  const sort = state.sort ?? null;
  parts.header.replaceChildren(
    el(
      'header',
      {},
      el('h1', { title: state.name ?? '' }, state.name ?? l10n.t('{0} report', state.type ?? '')),
      running
        ? button(l10n.t('Cancel'), () => send({ kind: 'cancel' }))
        : button(l10n.t('Run Report'), () => send({ kind: 'run' }), { className: 'primary', disabled: !draft }),
      running
        ? el('span', { className: 'busy', role: 'status' }, l10n.t('Running…'))
        : state.ran
          ? el('span', { className: 'summary' }, state.ran)
          : null,
      el('span', { className: 'spacer' }),
      button(l10n.t('Export CSV…'), () => send({ kind: 'export', format: 'csv', sort }), { disabled: !pivot }),
      button(l10n.t('Copy as TSV'), () => send({ kind: 'export', format: 'tsv', sort }), {
        disabled: !pivot,
        title: l10n.t('Tab-separated, for pasting into a spreadsheet'),
      }),
      button(l10n.t('Save Report JSON'), () => send({ kind: 'save' })),
    ),
  );
  // A problem with the file says more than the last run's error.
  const errors = state.problem ? [state.problem] : state.error ? [state.error] : [];
  // Stale: the run failed since, or the file (when it can be read) says something else now.
  const changedSince = !!state.draft && JSON.stringify(state.draft) !== state.ranDraft;
  const stale = !!pivot && (!!state.error || changedSince);
  parts.messages.replaceChildren(
    ...errors.map((m) => el('div', { className: 'error', role: 'alert' }, m)),
    stale && !running
      ? el(
          'p',
          { className: 'warning', 'data-testid': 'stale' },
          state.error
            ? l10n.t('Below is the last result that ran.')
            : l10n.t('The definition has changed since this result: Run Report to update it.'),
        )
      : '',
  );
  parts.result.classList.toggle('stale', stale);
}

function showResult(started: number): void {
  const { pivot } = state;
  const sort = state.sort ?? null;
  const measure = pivot ? Math.max(0, Math.min(state.chartMeasure ?? 0, pivot.measures.length - 1)) : 0;
  if (!changed('result', [pivot, sort, measure])) return;
  chart?.destroy();
  chart = undefined;
  if (!pivot) return void parts.result.replaceChildren();
  const result: HTMLElement[] = pivot.warnings.map((warning) =>
    el('p', { className: 'warning', role: 'note' }, `⚠ ${warning}`),
  );
  if (pivot.rowKeys.length === 0) {
    parts.result.replaceChildren(...result, el('p', {}, l10n.t('The report has no data: no objects match.')));
    return;
  }
  const canvas = el('canvas', { role: 'img', 'aria-label': l10n.t('Chart of the report') });
  const grid = table(pivot, sort);
  const shown = chartRows(pivot, sort);
  const chartChoice = select(
    l10n.t('Chart value'),
    pivot.measures.map((_, k) => String(k)),
    String(measure),
    (v) => {
      state = { ...state, chartMeasure: Number(v) };
      save();
      show();
    },
    (v) => measureLabel(pivot.measures[Number(v)]!),
  );
  chartChoice.dataset.focusKey = 'chart';
  keepingFocus(() =>
    parts.result.replaceChildren(
      ...result,
      el('div', { className: 'row' }, el('span', {}, l10n.t('Chart:')), chartChoice),
      ...(shown.note ? [el('p', { className: 'summary' }, shown.note)] : []),
      el('div', { className: 'chart-wrap' }, canvas),
      el('div', { className: 'table-wrap' }, grid.element),
    ),
  );
  drawChart(canvas, pivot, shown, measure);
  // How long the table's first rows and the chart took to be painted, and the whole table to be in
  // the page (the benchmark reads both).
  const cells = pivot.rowKeys.length * valueColumns(pivot).length;
  requestAnimationFrame(() =>
    setTimeout(() => {
      const ms = performance.now() - started;
      grid.element.dataset.renderMs = ms.toFixed(1);
      send({ kind: 'rendered', ms, cells });
      grid.fill(() => {
        grid.element.dataset.completeMs = (performance.now() - started).toFixed(1);
      });
    }),
  );
}

function show(started = performance.now()): void {
  showHeader();
  if (changed('builder', [state.draft, state.attributes]))
    parts.builder.replaceChildren(...(state.draft ? [builder(state.draft, state.attributes ?? [])] : []));
  showResult(started);
}

window.addEventListener('message', (event: MessageEvent<ReportMessage>) => {
  const started = performance.now();
  const m = event.data;
  switch (m.kind) {
    case 'draft':
      // A draft from before our latest edit would undo it: that edit's own draft follows.
      if (m.seq < editsSent) return;
      // The builder's own edit coming back: nothing to redraw (and focus stays where it is).
      if (
        JSON.stringify(m.draft) === JSON.stringify(state.draft) &&
        m.problem === state.problem &&
        JSON.stringify(m.attributes) === JSON.stringify(state.attributes)
      )
        return;
      state = { ...state, type: m.type, name: m.name, draft: m.draft, problem: m.problem, attributes: m.attributes };
      break;
    case 'running':
      state = { ...state, running: true, error: undefined };
      break;
    case 'result':
      // Shown again after being hidden, the page has this run already (from getState).
      state =
        m.run === state.run && state.pivot
          ? { ...state, running: false }
          : {
              ...state,
              running: false,
              error: undefined,
              pivot: m.pivot,
              run: m.run,
              ranDraft: JSON.stringify(m.ranDraft),
              ran: m.at ? l10n.t('Ran in {0} ms', m.ms.toLocaleString(locale)) : state.ran,
            };
      break;
    case 'error':
      state = { ...state, running: false, error: m.message, ran: undefined };
      break;
    case 'cancelled':
      state = { ...state, running: false, error: l10n.t('Cancelled.') };
      break;
    case 'linkInfo':
      // Only a tooltip changes: nothing to redraw.
      return links.answered(m.attribute, m.value, m.text);
  }
  save();
  show(started);
});
show();
send({ kind: 'ready' });
