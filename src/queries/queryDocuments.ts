// Filter and report files: `<type>.vensoft-filter.json` and `<type>.vensoft-report.json`. The type
// is in the file name. Reading them gives the model, its problems, and where in the text each is.
import * as vscode from 'vscode';
import { findNodeAtLocation, parseTree, type Node as JsonNode } from 'jsonc-parser';
import { readFilter, checkFilterAttributes, type Filter, type FilterProblem } from '../core/filter';
import { readReport, type Report } from '../core/report';
import { splitReportFile } from './report/model/reportFile';
import { JsonSyntaxError, parseJsonStrict, type JsonValue } from '../core/json';

export type QueryKind = 'filter' | 'report';

// `<type>.vensoft-filter.json`, or with a name of the user's between: `sale.by-day.vensoft-report.json`.
const NAME = /(?:^|\/)([A-Za-z0-9_]+)(?:\.[^/]*)?\.vensoft-(filter|report)\.json$/;

/** The kind and object type of a filter or report document, from its name. */
export function queryKindOf(uri: vscode.Uri): { kind: QueryKind; type: string } | undefined {
  const m = NAME.exec(uri.path);
  return m ? { kind: m[2] as QueryKind, type: m[1]! } : undefined;
}

/** The file name with another type: `sale.by-day.vensoft-report.json` → `machine.by-day.vensoft-report.json`. */
export function withQueryType(fileName: string, type: string): string {
  return fileName.replace(/^[A-Za-z0-9_]+/, type);
}

export const QUERY_SELECTOR: vscode.DocumentSelector = [
  { pattern: '**/*.vensoft-filter.json' },
  { pattern: '**/*.vensoft-report.json' },
];

export interface ReadQuery {
  kind: QueryKind;
  type: string;
  value?: JsonValue;
  /** A filter file's filter, or the Filter of a report file. */
  filter?: Filter;
  /** Where the filter is in the file: [] for a filter file, ["Filter"] in a report file. */
  filterPath?: string[];
  report?: Report;
  /** What a report file sends: the report, and the filter when it has one. */
  wire?: { report: JsonValue; filter?: JsonValue };
  problems: Array<FilterProblem & { range: vscode.Range; suggestion?: string }>;
}

/**
 * Reads a filter or report document. `attributes`: the type's readable attributes in definition
 * spelling (snake_case), when a session knows them; unknown attribute names are problems then.
 */
export function readQuery(document: vscode.TextDocument, attributes?: readonly string[]): ReadQuery | undefined {
  const what = queryKindOf(document.uri);
  if (!what) return undefined;
  const text = document.getText();
  const tree = parseTree(text);
  const rangeOf = (path: Array<string | number>): vscode.Range => {
    const node = tree && nodeAt(tree, path);
    return node
      ? new vscode.Range(document.positionAt(node.offset), document.positionAt(node.offset + node.length))
      : new vscode.Range(0, 0, 0, 0);
  };
  let value: JsonValue;
  try {
    value = parseJsonStrict(text);
  } catch (e) {
    if (!(e instanceof JsonSyntaxError)) throw e;
    const at = document.positionAt(e.position);
    return {
      ...what,
      problems: [
        {
          path: [],
          message: vscode.l10n.t('Not valid JSON: {0}.', e.message),
          code: '22023',
          range: new vscode.Range(at, at),
        },
      ],
    };
  }
  const located = (problems: FilterProblem[]) =>
    problems.map((p) => {
      const suggestion = /Did you mean "([^"]+)"\?/.exec(p.message)?.[1];
      return { ...p, range: rangeOf(p.path), ...(suggestion ? { suggestion } : {}) };
    });
  if (what.kind === 'filter') {
    const { filter, problems } = readFilter(value);
    const unknown = attributes ? checkFilterAttributes(filter, attributes, what.type) : [];
    return { ...what, value, filter, filterPath: [], problems: located([...problems, ...unknown]) };
  }
  // A report file may carry the Filter sent with the report.
  const parts = splitReportFile(value);
  const { report, problems } = readReport(parts.report);
  if (parts.filter === undefined)
    return { ...what, value, report, wire: { report: parts.report }, problems: located(problems) };
  const { filter, problems: filterProblems } = readFilter(parts.filter);
  const unknown = attributes ? checkFilterAttributes(filter, attributes, what.type) : [];
  const inFilter = [...filterProblems, ...unknown].map((p) => ({ ...p, path: [parts.filterKey, ...p.path] }));
  return {
    ...what,
    value,
    report,
    filter,
    filterPath: [parts.filterKey],
    wire: { report: parts.report, filter: parts.filter },
    problems: located([...problems, ...inFilter]),
  };
}

/** The JSON node at a path; keys match case-insensitively, as the server reads them. */
function nodeAt(tree: JsonNode, path: Array<string | number>): JsonNode | undefined {
  let node: JsonNode | undefined = tree;
  for (const segment of path) {
    if (!node) return undefined;
    if (typeof segment === 'number') {
      node = findNodeAtLocation(node, [segment]);
      continue;
    }
    const property: JsonNode | undefined = node.children?.find(
      (p) =>
        p.type === 'property' &&
        typeof p.children?.[0]?.value === 'string' &&
        (p.children[0].value as string).toLowerCase() === segment.toLowerCase(),
    );
    node = property?.children?.[1];
  }
  return node;
}
