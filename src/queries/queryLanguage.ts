// IntelliSense for filter and report files: diagnostics with "did you mean" and its quick fix,
// completion of the type's attributes and of condition types, and hovers with the SQL.
import * as vscode from 'vscode';
import { getLocation } from 'jsonc-parser';
import { CONDITION_TYPES, type Condition, type ConditionList } from '../core/filter';
import { conditionSql, filterSql } from '../core/filterSqlText';
import { QUERY_SELECTOR, queryKindOf, readQuery } from './queryDocuments';

/** The type's readable attributes in definition spelling, when a session knows the type. */
export type AttributeSource = (type: string) => Promise<string[] | undefined>;

export function registerQueryLanguage(
  attributesOf: AttributeSource,
  onSessionChange: vscode.Event<unknown>,
): vscode.Disposable {
  const diagnostics = vscode.languages.createDiagnosticCollection('vensoft-query');
  const check = async (document: vscode.TextDocument) => {
    const what = queryKindOf(document.uri);
    if (!what) return;
    // A file being created or saved may be seen empty for a moment: nothing to say about it yet.
    if (document.getText().trim() === '') return diagnostics.delete(document.uri);
    const read = readQuery(document, await attributesOf(what.type).catch(() => undefined));
    diagnostics.set(
      document.uri,
      (read?.problems ?? []).map((p) => {
        const d = new vscode.Diagnostic(p.range, p.message, vscode.DiagnosticSeverity.Error);
        d.source = 'Vensoft';
        d.code = p.code;
        return d;
      }),
    );
  };
  const checkAll = () => vscode.workspace.textDocuments.forEach((d) => void check(d));
  checkAll();

  return vscode.Disposable.from(
    diagnostics,
    vscode.workspace.onDidOpenTextDocument((d) => void check(d)),
    vscode.workspace.onDidSaveTextDocument((d) => void check(d)),
    vscode.workspace.onDidChangeTextDocument((e) => void check(e.document)),
    vscode.workspace.onDidCloseTextDocument((d) => diagnostics.delete(d.uri)),
    onSessionChange(checkAll),
    vscode.languages.registerCodeActionsProvider(
      QUERY_SELECTOR,
      {
        provideCodeActions(document, _range, context) {
          return context.diagnostics.flatMap((d) => {
            const suggestion = d.source === 'Vensoft' ? /Did you mean "([^"]+)"\?/.exec(d.message)?.[1] : undefined;
            if (!suggestion) return [];
            const fix = new vscode.CodeAction(
              vscode.l10n.t('Change to "{0}"', suggestion),
              vscode.CodeActionKind.QuickFix,
            );
            fix.edit = new vscode.WorkspaceEdit();
            fix.edit.replace(document.uri, d.range, JSON.stringify(suggestion));
            fix.diagnostics = [d];
            fix.isPreferred = true;
            return [fix];
          });
        },
      },
      { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] },
    ),
    vscode.languages.registerCompletionItemProvider(
      QUERY_SELECTOR,
      {
        async provideCompletionItems(document, position) {
          const what = queryKindOf(document.uri);
          if (!what) return undefined;
          const location = getLocation(document.getText(), document.offsetAt(position));
          const last = location.path.at(-1);
          if (location.isAtPropertyKey || typeof last !== 'string') return undefined;
          if (last.toLowerCase() === 'attribute') {
            const attributes = await attributesOf(what.type).catch(() => undefined);
            return attributes?.map((name) => {
              const item = new vscode.CompletionItem(name, vscode.CompletionItemKind.Field);
              item.detail = vscode.l10n.t('{0} attribute', what.type);
              item.insertText = location.previousNode ? name : JSON.stringify(name);
              return item;
            });
          }
          if (last === 'type' && location.path.includes('conditions')) {
            return Object.values(CONDITION_TYPES).map((info) => {
              const item = new vscode.CompletionItem(
                `${info.type} — ${info.label}`,
                vscode.CompletionItemKind.EnumMember,
              );
              item.insertText = String(info.type);
              item.filterText = String(info.type);
              item.sortText = String(info.type).padStart(2, '0');
              item.detail = info.sql;
              item.documentation = new vscode.MarkdownString(info.documentation);
              return item;
            });
          }
          return undefined;
        },
      },
      '"',
      ':',
    ),
    vscode.languages.registerHoverProvider(QUERY_SELECTOR, {
      provideHover(document, position) {
        const read = readQuery(document);
        if (!read?.filter) return undefined;
        const location = getLocation(document.getText(), document.offsetAt(position));
        // In a report file, only the Filter part has a filter's hovers.
        const prefix = read.filterPath ?? [];
        if (prefix.some((key, k) => String(location.path[k]).toLowerCase() !== key.toLowerCase())) return undefined;
        const condition = conditionAt(read.filter.constraints, location.path.slice(prefix.length));
        const md = new vscode.MarkdownString();
        if (condition) {
          const info = CONDITION_TYPES[condition.type];
          md.appendMarkdown(`**${info.type} — ${info.label}**: ${info.documentation}\n\n`);
          md.appendCodeblock(conditionSql(condition), 'sql');
        } else {
          md.appendMarkdown(`${vscode.l10n.t('**{0}** filter, as the documentation translates it:', read.type)}\n\n`);
          md.appendCodeblock(`SELECT … FROM ${read.type} ${filterSql(read.filter)}`, 'sql');
        }
        return new vscode.Hover(md);
      },
    }),
  );
}

/** The condition a JSON path points into: constraints → (lists → k)* → conditions → k → … */
function conditionAt(root: ConditionList | null, path: Array<string | number>): Condition | undefined {
  let list = root;
  const lower = path.map((p) => (typeof p === 'string' ? p.toLowerCase() : p));
  if (lower[0] !== 'constraints') return undefined;
  for (let k = 1; list && k < lower.length; k += 2) {
    const index = lower[k + 1];
    if (typeof index !== 'number') return undefined;
    if (lower[k] === 'conditions') return list.conditions[index];
    if (lower[k] !== 'lists') return undefined;
    list = list.lists[index] ?? null;
  }
  return undefined;
}
