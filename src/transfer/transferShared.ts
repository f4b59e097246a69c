// What export and import share on the editor's side: the type's schema (describe plus a sample page
// for the kinds of values), picking a type, the page size, and running with progress and Cancel.
import * as vscode from 'vscode';
import { UserFacingError } from '../core/errors';
import type { JsonObject } from '../core/json';
import { transferSchema, type TransferSchema } from '../core/transferSchema';
import type { ActiveSession, SessionManager } from '../session/sessionManager';
import type { TypeInfo } from '../session/sessionCatalog';

export const NO_PRIVILEGES = { returnPrivileges: false, returnAttributePrivileges: false };
/** How many objects a sample holds: enough to see each attribute's kind in all but empty columns. */
const SAMPLE_SIZE = 50;

export function pageSize(): number {
  return vscode.workspace.getConfiguration('vensoft').get<number>('pageSize') ?? 200;
}

export async function schemaOf(sessions: SessionManager, typeName: string): Promise<TransferSchema> {
  const session = sessions.session;
  const type = await session?.catalog.type(typeName);
  if (!type) throw new UserFacingError(vscode.l10n.t('There is no object type "{0}" for this account.', typeName));
  const filter = { order: { attribute: 'id', direction: 'DESC' as const }, count: { count: SAMPLE_SIZE, offset: 0 } };
  const sample = await sessions.run((client) => client.list(typeName, filter, NO_PRIVILEGES));
  return transferSchema(
    typeName,
    type.readableAttributes,
    type.writeableAttributes,
    sample.transfer_objects.map((o) => o.definition as JsonObject),
  );
}

export async function chooseType(
  session: ActiveSession,
  title: string,
  fits: (type: TypeInfo) => boolean,
): Promise<TypeInfo | undefined> {
  const types = (await session.catalog.types({ interactive: true })).filter(fits);
  const pick = await vscode.window.showQuickPick(
    types.map((t) => ({ label: t.name, type: t })),
    { title: vscode.l10n.t('{0}: object type', title) },
  );
  return pick?.type;
}

export type Report = (message: string, fraction: number) => void;

/** Running exports and imports: each with a progress notification and Cancel, all cancelled by one command. */
export class TransferRuns {
  private readonly running = new Set<AbortController>();

  withProgress<T>(title: string, task: (report: Report, signal: AbortSignal) => Promise<T>): Promise<T> {
    const controller = new AbortController();
    this.running.add(controller);
    return Promise.resolve(
      vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title, cancellable: true },
        async (progress, token) => {
          token.onCancellationRequested(() => controller.abort());
          let done = 0;
          const report: Report = (message, fraction) => {
            const increment = Math.max(0, fraction * 100 - done);
            done += increment;
            progress.report({ message, increment });
          };
          return task(report, controller.signal);
        },
      ),
    ).finally(() => this.running.delete(controller));
  }

  /** Cancels every running export and import; answers how many. */
  cancelAll(): number {
    for (const controller of this.running) controller.abort();
    return this.running.size;
  }
}
