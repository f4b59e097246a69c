// The one command path: every command of the extension registers through registerCommand. A
// failure is reported one way (the server's explanation, with Log In Again, Retry or Start Local
// Emulator where they help) and written to the Vensoft log. Handlers return values and take their
// answers as trailing arguments, so that tests and other extensions run them without the UI.
import * as vscode from 'vscode';
import {
  describeError,
  isConnectionError,
  isNotLoggedIn,
  isServerFailure,
  isSessionExpired,
  isUserFacing,
} from './core/errors';
import { describeFailure } from './failureText';
import { logFailure, type Log } from './log';

interface CommandPath {
  log: Log;
  /**
   * Whose session Log In Again renews, and whether Start Local Emulator fits. (Its shape only: the
   * session feature registers its commands here, and features do not import each other in a loop.)
   */
  sessions: { readonly session?: { username: string; connection: { name: string; builtIn?: boolean } } };
}

// Set at activation. Only the activation bundle holds this module: the query feature (dist/queries.js)
// registers no commands of its own (src/queries/loader.ts does) and reports nothing itself.
let path: CommandPath | undefined;

export function setUpCommandPath(commandPath: CommandPath): vscode.Disposable {
  path = commandPath;
  return { dispose: () => (path = undefined) };
}

export interface CommandOptions<A extends unknown[], R> {
  /**
   * How the message of a failure starts ("Delete failed", through vscode.l10n.t), or a function of the
   * command's arguments; a function answering undefined logs the failure without a message. Default "Vensoft".
   */
  failure?: string | ((...args: A) => string | undefined);
  /** What the command answers after a failure it reported (default undefined). */
  fallback?: R;
}

/**
 * Registers a command. A failure of Vensoft (the server refused, could not be reached, no session)
 * or a UserFacingError is reported and the command answers `fallback`. Anything else is a defect or
 * the editor's own failure: it is logged and rethrown, so that VS Code reports it and a caller of
 * executeCommand sees it. The arguments are never logged (Log In takes a password).
 */
export function registerCommand<A extends unknown[], R>(
  id: string,
  handler: (...args: A) => R | Thenable<R>,
  options: CommandOptions<A, R> = {},
): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: A) => {
    try {
      return await handler(...args);
    } catch (e) {
      if (!isVensoftFailure(e)) {
        path?.log.error(`${id} failed: ${describeError(e)}`);
        throw e;
      }
      const what = typeof options.failure === 'function' ? options.failure(...args) : (options.failure ?? 'Vensoft');
      if (what !== undefined) reportFailure(what, e, () => vscode.commands.executeCommand(id, ...args));
      else if (path) logFailure(path.log, `${id} (unasked, nothing shown)`, e);
      return options.fallback;
    }
  });
}

/**
 * Says what failed ("Delete failed") and why, with the actions that help, and logs it. Also for what
 * is not a command itself (a button in a picker, a follow-up of a message).
 */
export function reportFailure(what: string, e: unknown, retry?: () => unknown): void {
  if (isNotLoggedIn(e)) {
    void vscode.window
      .showInformationMessage(e.message, vscode.l10n.t('Log In'))
      .then((c) => c && vscode.commands.executeCommand('vensoft.logIn'));
    return;
  }
  if (path) logFailure(path.log, what, e);
  const actions = actionsFor(e, retry);
  const text = isUserFacing(e) ? e.message : vscode.l10n.t('{0}: {1}', what, describeFailure(e));
  void vscode.window
    .showErrorMessage(text, ...actions.map((a) => a.title))
    .then((chosen) => actions.find((a) => a.title === chosen)?.run());
}

function isVensoftFailure(e: unknown): boolean {
  return isServerFailure(e) || isConnectionError(e) || isNotLoggedIn(e) || isUserFacing(e);
}

interface Action {
  title: string;
  run(): unknown;
}

function actionsFor(e: unknown, retry?: () => unknown): Action[] {
  const session = path?.sessions.session;
  if (isSessionExpired(e) && session) {
    const { connection, username } = session;
    // After logging in, the command runs again: the user asked for it once already.
    return [
      {
        title: vscode.l10n.t('Log In Again'),
        run: async () =>
          (await vscode.commands.executeCommand('vensoft.logIn', { connection: connection.name, username })) &&
          retry?.(),
      },
    ];
  }
  if (!isConnectionError(e) || e.problem === 'aborted') return [];
  const actions: Action[] = retry ? [{ title: vscode.l10n.t('Retry'), run: retry }] : [];
  if (e.problem === 'refused' && session?.connection.builtIn)
    actions.push({
      title: vscode.l10n.t('Start Local Emulator'),
      run: () => vscode.commands.executeCommand('vensoft.startEmulator'),
    });
  return actions;
}
