// The session: which connection is active, its client, logging in and out, and recovering when a
// session ends in the middle of an action (log in again, then finish what the user asked).
import * as vscode from 'vscode';
// The API layer (undici, zod) loads on first use, not at activation.
import type { Exchange, RequestLogEntry, VensoftClient, VensoftClientOptions } from '../api';
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
    /** Told of every request with its answer, per connection (the request history); secrets redacted. */
    private readonly onExchange?: (connection: string, exchange: Exchange) => void,
  ) {}

  /** The hooks every client of a connection gets: the log and the history. */
  hooks(connection: Connection): Pick<VensoftClientOptions, 'onRequest' | 'onExchange'> {
    const onExchange = this.onExchange;
    return { onRequest: this.onRequest, onExchange: onExchange && ((x) => onExchange(connection.name, x)) };
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
          `There is no Vensoft connection named "${args.connection}". Add it with "Vensoft: Add Connection…".`,
        );
      return undefined;
    }
    const username = args.username ?? (await askUsername(connection, this.current?.username));
    if (!username) return undefined;
    if (args.password !== undefined) {
      const outcome = await this.tryLogIn(connection, username, args.password, args.remember ?? false);
      if (outcome === 'wrong-password')
        void vscode.window.showErrorMessage(
          `Login to ${connection.name} failed: wrong username or password. Check the username (your e-mail address) and the password.`,
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
      problem = `Wrong username or password for ${username}. Check both (the username is your e-mail address) and try again, or press Escape.`;
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
        { location: vscode.ProgressLocation.Notification, title: `Logging in to ${connection.name}…` },
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
          'The local emulator is not running.',
          'Start Local Emulator',
        );
        if (choice && (await this.startLocalEmulator())) return this.tryLogIn(connection, username, password, remember);
        return undefined;
      }
      reportFailure(`Login to ${connection.name} failed`, e, () =>
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
      const choice = await vscode.window.showWarningMessage(
        `Your Vensoft session on ${connection.name} has ended.`,
        'Log In Again',
      );
      return choice === 'Log In Again' ? this.logIn({ connection: connection.name, username }) : undefined;
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
        ...this.hooks(connection),
        onWrite: (touched) => this.written.fire({ connection: connection.name, ...touched }),
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
    detail: c.name === current ? '$(check) logged in now' : undefined,
    connection: c,
  }));
  // Restricted Mode: VS Code hides a folder's own server settings (restrictedConfigurations in
  // package.json: they could collect the session key), even from inspect(); say so.
  if (!vscode.workspace.isTrusted) {
    items.push({
      label: "$(workspace-untrusted) Restricted Mode: servers named in this folder's settings are not used",
      detail: 'Only the connections of your user settings are offered. Choose this to manage workspace trust.',
    });
  }
  const pick = await vscode.window.showQuickPick(items, {
    title: current ? 'Vensoft: Switch Connection (1/3)' : 'Vensoft: Log In (1/3)',
    placeHolder: 'Connection',
  });
  if (pick && !pick.connection) void vscode.commands.executeCommand('workbench.trust.manage');
  return pick?.connection;
}

function askUsername(connection: Connection, last?: string): Thenable<string | undefined> {
  return vscode.window
    .showInputBox({
      title: `Vensoft: Log In to ${connection.name} (2/3)`,
      prompt: 'Username (your e-mail address)',
      value: connection.username ?? last ?? (connection.builtIn ? 'demo@vensoft.test' : ''),
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? undefined : 'Enter the username.'),
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
      tooltip: remember ? 'Remember password: on (kept in secret storage)' : 'Remember password: off',
    });
    box.title = `Vensoft: Log In to ${connection.name} as ${username} (3/3)`;
    box.prompt =
      "Password. To remember it (in VS Code's secret storage, to log in again silently when the session ends), click the circle button at the top right of this box.";
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
        box.validationMessage = 'Enter the password.';
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
