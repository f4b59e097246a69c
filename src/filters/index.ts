// The filter and report feature, bundled apart (dist/queries.js) and loaded on first use, so that
// activation does not pay for jsonc-parser and the query models (src/filters/lazy.ts loads it).
import * as vscode from 'vscode';
import type { SessionManager } from '../session/sessionManager';
import { createQueryCommands, type QueryCommands } from './queryCommands';
import { registerQueryLanguage, type AttributeSource } from './queryLanguage';

export interface QueryFeature {
  commands: QueryCommands;
  disposable: vscode.Disposable;
}

export function createQueryFeature(sessions: SessionManager, attributesOf: AttributeSource): QueryFeature {
  const { commands, disposable } = createQueryCommands(sessions, async (type) => (await attributesOf(type))?.find((a) => a !== 'id' && a !== 'parent_id'));
  return { commands, disposable: vscode.Disposable.from(disposable, registerQueryLanguage(attributesOf, sessions.onDidChange)) };
}
