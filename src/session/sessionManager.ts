// The session: which connection is active, its client, logging in and out, and recovering when a
// session ends in the middle of an action (log in again, then finish what the user asked).
import * as vscode from 'vscode';
// The API layer (undici, zod) loads on first use, not at activation.
import type {
  Exchange,
  RequestLogEntry,
  VensoftClient,
  VensoftClientOptions,
  WriteSettle,
  WriteStartContext,
} from '../api';
import type { WriteIntent } from '../core/writeIntent';
import { loadApi as api } from '../apiLoader';
import { LOCAL_EMULATOR, readConnections, type Connection } from './connections';
import type { SessionSecrets } from './sessionSecrets';
import { codeOf, isConnectionError, isSessionExpired } from '../core/errors';
import { reportFailure } from '../commandPath';
import { requireSession } from './requireSession';
import { SessionCatalog } from './sessionCatalog';

export interface ActiveSession {
  connection: Connection;
  username: string;
  userId: string;
  client: VensoftClient;
  /** What this session knows of the account's types and containers (one catalog per session). */
  catalog: SessionCatalog;
}

export interface LogInArgs {
  connection?: string;
  username?: string;
  password?: string;
  remember?: boolean;
}

const LAST_CONNECTION = 'vensoft.lastConnection';

export class SessionManager implements vscode.Disposable {
  private current: ActiveSession | undefined;
  private renewing: Promise<ActiveSession | undefined> | undefined;
  private prompting: Promise<ActiveSession | undefined> | undefined;
  private readonly changed = new vscode.EventEmitter<ActiveSession | undefined>();
  readonly onDidChange = this.changed.event;
  private readonly written = new vscode.EventEmitter<{ connection: string; type: string; ids: readonly bigint[] }>();
  /** Fires after every write to objects the extension makes (whoever made it), with the objects touched. */
  readonly onDidWrite = this.written.event;

  constructor(
    private readonly secrets: SessionSecrets,
    private readonly state: vscode.Memento,
    /** Offers to start the local emulator when it is not running; resolves true when it started. */
    private readonly startLocalEmulator: () => Promise<boolean>,
    /** Told of every request of every client (the Vensoft log): never a key, a password or a body. */
    private readonly onRequest?: (entry: RequestLogEntry) => void,
    /** Told of every write of a session's client before it goes out (the change journal). */
    private readonly onWriteStart?: (
      writer: { connection: string; userId: string },
      intent: WriteIntent,
      context: WriteStartContext,
    ) => Promise<WriteSettle | undefined>,
    /** Told of every request with its answer, per connection (the request history, which redacts it). */
    private readonly onExchange?: (connection: string, exchange: Exchange) => void,
  ) {}

  /**
   * The hooks every client of a connection gets: the log, the history, what shows the objects a write
   * touched, and (when the user is known) the change journal. A history re-run on another connection
   * than the session's uses them too: its writes are journaled like any other.
   */
  hooks(
    connection: Connection,
    userId?: string,
  ): Pick<VensoftClientOptions, 'onRequest' | 'onExchange' | 'onWrite' | 'onWriteStart'> {
    const { onExchange, onWriteStart } = this;
    return {
      onRequest: this.onRequest,
      onExchange: onExchange && ((x) => onExchange(connection.name, x)),
      onWrite: (touched) => this.written.fire({ connection: connection.name, ...touched }),
      onWriteStart:
        onWriteStart && userId !== undefined
          ? (intent, context) => onWriteStart({ connection: connection.name, userId }, intent, context)
          : undefined,
    };
  }

  get session(): ActiveSession | undefined {
    return this.current;
  }

  /** Picks up the session of the last connection, if its key is still stored. */
  async restore(): Promise<void> {
    const name = this.state.get<string>(LAST_CONNECTION);
    const connection = readConnections().find((c) => c.name === name);
    const stored = connection && (await this.secrets.session(connection.name));
    if (connection && stored) await this.activate(connection, stored.username, stored.userId, stored.sessionKey);
  }

  /** Logs in; interactive unless everything is given. Returns the session, or undefined if cancelled or failed. */
  async logIn(args: LogInArgs = {}): Promise<ActiveSession | undefined> {
    const connection = args.connection
      ? readConnections().find((c) => c.name === args.connection)
      : await pickConnection(this.current?.connection.name);
    if (!connection) {
      if (args.connection)
        void vscode.window.showErrorMessage(
          vscode.l10n.t(
            'There is no Vensoft connection named "{0}". Add it with "Vensoft: Add Connection…".',
            args.connection,
          ),
        );
      return undefined;
    }
    const username = args.username ?? (await askUsername(connection, this.current?.username));
    if (!username) return undefined;
    if (args.password !== undefined) {
      const outcome = await this.tryLogIn(connection, username, args.password, args.remember ?? false);
      if (outcome === 'wrong-password')
        void vscode.window.showErrorMessage(
          vscode.l10n.t(
            'Login to {0} failed: wrong username or password. Check the username (your e-mail address) and the password.',
            connection.name,
          ),
        );
      return outcome === 'wrong-password' ? undefined : outcome;
    }
    let problem: string | undefined;
    for (;;) {
      const answer = await askPassword(connection, username, problem);
      if (!answer) return undefined;
      const outcome = await this.tryLogIn(connection, username, answer.password, answer.remember);
      if (outcome !== 'wrong-password') return outcome;
      // Ask again in the same place, keeping the username, and say why.
      problem = vscode.l10n.t(
        'Wrong username or password for {0}. Check both (the username is your e-mail address) and try again, or press Escape.',
        username,
      );
    }
  }

  /** `quiet`: a renewal of the same user's session, which keeps the explorer as it is. */
  private async tryLogIn(
    connection: Connection,
    username: string,
    password: string,
    remember: boolean,
    { quiet = false } = {},
  ): Promise<ActiveSession | 'wrong-password' | undefined> {
    const { VensoftClient } = await api();
    const client = new VensoftClient({
      baseUrl: connection.baseUrl,
      deviceToken: connection.deviceToken,
      ...this.hooks(connection),
    });
    try {
      const key = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Logging in to {0}…', connection.name) },
        () => client.login(username, password),
      );
      const who = await client.validate();
      const userId = who.userId?.toString() ?? '';
      await this.secrets.storeSession(connection.name, { sessionKey: key, username, userId });
      if (remember) await this.secrets.storePassword(connection.name, username, password);
      else await this.secrets.forgetPassword(connection.name, username);
      await this.state.update(LAST_CONNECTION, connection.name);
      await client.close();
      return await this.activate(connection, username, userId, key, quiet);
    } catch (e) {
      await client.close();
      if (codeOf(e) === '28P01') return 'wrong-password';
      if (isConnectionError(e, 'refused') && connection.name === LOCAL_EMULATOR) {
        const choice = await vscode.window.showErrorMessage(
          vscode.l10n.t('The local emulator is not running.'),
          vscode.l10n.t('Start Local Emulator'),
        );
        if (choice && (await this.startLocalEmulator())) return this.tryLogIn(connection, username, password, remember);
        return undefined;
      }
      reportFailure(vscode.l10n.t('Login to {0} failed', connection.name), e, () =>
        this.logIn({ connection: connection.name, username }),
      );
      return undefined;
    }
  }

  async logOut(): Promise<void> {
    const session = this.current;
    if (!session) return;
    try {
      await session.client.logout();
    } catch {
      // The key is forgotten either way; the server may already have ended the session.
    }
    await this.secrets.forgetSession(session.connection.name);
    await this.secrets.forgetPassword(session.connection.name, session.username);
    this.deactivate();
  }

  /**
   * Runs an action with the session's client. If the session has ended, logs in again silently
   * with a remembered password and runs the action once more. Otherwise an interactive action
   * (a command the user started) asks to log in and then completes; a background one (a tree
   * load) offers "Log In Again" without waiting and fails, so nothing spins while nobody answers.
   */
  async run<T>(
    action: (client: VensoftClient) => Promise<T>,
    options: { interactive: boolean } = { interactive: true },
  ): Promise<T> {
    const session = requireSession(this);
    try {
      return await action(session.client);
    } catch (e) {
      if (!isSessionExpired(e)) throw e;
      const renewed = await this.renewSilently(session);
      if (renewed) return action(renewed.client);
      if (!options.interactive) {
        void this.offerLogIn(session);
        throw e;
      }
      const again = await this.offerLogIn(session);
      if (!again) throw e;
      return action(again.client);
    }
  }

  /** Logs in again with a remembered password; concurrent callers share one login. */
  private renewSilently(expired: ActiveSession): Promise<ActiveSession | undefined> {
    this.renewing ??= (async () => {
      const password = await this.secrets.password(expired.connection.name, expired.username);
      if (!password) return undefined;
      const outcome = await this.tryLogIn(expired.connection, expired.username, password, true, { quiet: true });
      return outcome && outcome !== 'wrong-password' ? outcome : undefined;
    })().finally(() => {
      this.renewing = undefined;
    });
    return this.renewing;
  }

  /** "Your session has ended" with Log In Again; one prompt at a time however many actions failed. */
  private offerLogIn(expired: ActiveSession): Promise<ActiveSession | undefined> {
    this.prompting ??= (async () => {
      const { connection, username } = expired;
      const logInAgain = vscode.l10n.t('Log In Again');
      const choice = await vscode.window.showWarningMessage(
        vscode.l10n.t('Your Vensoft session on {0} has ended.', connection.name),
        logInAgain,
      );
      return choice === logInAgain ? this.logIn({ connection: connection.name, username }) : undefined;
    })().finally(() => {
      this.prompting = undefined;
    });
    return this.prompting;
  }

  private async activate(
    connection: Connection,
    username: string,
    userId: string,
    sessionKey: string,
    quiet = false,
  ): Promise<ActiveSession> {
    const { VensoftClient } = await api();
    const previous = this.current;
    void previous?.client.close();
    // A silent renewal is the same user's session going on: what it knew of the account stays.
    const renewed = quiet && previous?.connection.name === connection.name && previous.username === username;
    this.current = {
      connection,
      username,
      userId,
      client: new VensoftClient({
        baseUrl: connection.baseUrl,
        sessionKey,
        deviceToken: connection.deviceToken,
        ...this.hooks(connection, userId),
      }),
      catalog: renewed ? previous.catalog : new SessionCatalog((action, options) => this.run(action, options)),
    };
    void vscode.commands.executeCommand('setContext', 'vensoft.hasSession', true);
    if (!quiet) this.changed.fire(this.current);
    return this.current;
  }

  private deactivate(): void {
    void this.current?.client.close();
    this.current = undefined;
    void vscode.commands.executeCommand('setContext', 'vensoft.hasSession', false);
    this.changed.fire(undefined);
  }

  dispose(): void {
    void this.current?.client.close();
    this.changed.dispose();
    this.written.dispose();
  }
}

async function pickConnection(current?: string): Promise<Connection | undefined> {
  const items: Array<vscode.QuickPickItem & { connection?: Connection }> = readConnections().map((c) => ({
    label: c.name,
    description: c.baseUrl,
    detail: c.name === current ? `$(check) ${vscode.l10n.t('logged in now')}` : undefined,
    connection: c,
  }));
  // Restricted Mode: VS Code hides a folder's own server settings (restrictedConfigurations in
  // package.json: they could collect the session key), even from inspect(); say so.
  if (!vscode.workspace.isTrusted) {
    items.push({
      label: `$(workspace-untrusted) ${vscode.l10n.t("Restricted Mode: servers named in this folder's settings are not used")}`,
      detail: vscode.l10n.t(
        'Only the connections of your user settings are offered. Choose this to manage workspace trust.',
      ),
    });
  }
  const pick = await vscode.window.showQuickPick(items, {
    title: current ? vscode.l10n.t('Vensoft: Switch Connection (1/3)') : vscode.l10n.t('Vensoft: Log In (1/3)'),
    placeHolder: vscode.l10n.t('Connection'),
  });
  if (pick && !pick.connection) void vscode.commands.executeCommand('workbench.trust.manage');
  return pick?.connection;
}

function askUsername(connection: Connection, last?: string): Thenable<string | undefined> {
  return vscode.window
    .showInputBox({
      title: vscode.l10n.t('Vensoft: Log In to {0} (2/3)', connection.name),
      prompt: vscode.l10n.t('Username (your e-mail address)'),
      value: connection.username ?? last ?? (connection.builtIn ? 'demo@vensoft.test' : ''),
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('Enter the username.')),
    })
    .then((v) => v?.trim());
}

/** A masked password box with a "Remember password" toggle button. */
function askPassword(
  connection: Connection,
  username: string,
  problem?: string,
): Promise<{ password: string; remember: boolean } | undefined> {
  return new Promise((resolve) => {
    const box = vscode.window.createInputBox();
    let remember = false;
    const toggle = () => ({
      iconPath: new vscode.ThemeIcon(remember ? 'pass-filled' : 'circle-large-outline'),
      tooltip: remember
        ? vscode.l10n.t('Remember password: on (kept in secret storage)')
        : vscode.l10n.t('Remember password: off'),
    });
    box.title = vscode.l10n.t('Vensoft: Log In to {0} as {1} (3/3)', connection.name, username);
    box.prompt = vscode.l10n.t(
      "Password. To remember it (in VS Code's secret storage, to log in again silently when the session ends), click the circle button at the top right of this box.",
    );
    box.password = true;
    box.ignoreFocusOut = true;
    box.buttons = [toggle()];
    box.validationMessage = problem;
    box.onDidChangeValue(() => {
      box.validationMessage = undefined;
    });
    let done = false;
    box.onDidTriggerButton(() => {
      remember = !remember;
      box.buttons = [toggle()];
    });
    box.onDidAccept(() => {
      if (!box.value) {
        box.validationMessage = vscode.l10n.t('Enter the password.');
        return;
      }
      done = true;
      resolve({ password: box.value, remember });
      box.hide();
    });
    box.onDidHide(() => {
      if (!done) resolve(undefined);
      box.dispose();
    });
    box.show();
  });
}
