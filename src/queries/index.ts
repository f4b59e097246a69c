// The filter and report feature (results and report views), bundled apart
// (dist/queries.js) and loaded on first use, so that activation does not pay for jsonc-parser and
// the query models (src/queries/loader.ts loads it).
import * as vscode from 'vscode';
import type { SessionManager } from '../session/sessionManager';
import { createQueryCommands, type QueryCommands } from './queryCommands';
import { registerQueryLanguage, type AttributeSource } from './queryLanguage';
import { registerQueryTypeStatus } from './queryTypeStatus';
import { ReportPanels } from './report/reportPanel';

export interface QueryFeature {
  commands: QueryCommands & { changeQueryType(type?: string): Promise<vscode.Uri | undefined> };
  disposable: vscode.Disposable;
}

export function createQueryFeature(extensionUri: vscode.Uri, sessions: SessionManager): QueryFeature {
  // The session's catalog knows the types and their attributes; logged out, none are known.
  const attributesOf: AttributeSource = async (type) => sessions.session?.catalog.attributesOf(type);
  const typeNames = async () => (await sessions.session?.catalog.typeNames()) ?? [];
  const reports = new ReportPanels({ extensionUri, sessions, attributesOf, typeNames });
  const { commands, disposable } = createQueryCommands(extensionUri, sessions, reports, attributesOf, typeNames);
  const status = registerQueryTypeStatus(typeNames);
  return {
    commands: { ...commands, changeQueryType: status.changeType },
    disposable: vscode.Disposable.from(
      reports,
      disposable,
      status.disposable,
      registerQueryLanguage(attributesOf, sessions.onDidChange),
    ),
  };
}
