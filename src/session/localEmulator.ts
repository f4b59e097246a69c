// Start/Stop Local Emulator: the emulator runs as a child process (never inside the extension
// host), on the extension host's own Node (ELECTRON_RUN_AS_NODE in desktop VS Code), and stops
// when the window closes.
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Log } from '../log';

export class LocalEmulator implements vscode.Disposable {
  private child: ChildProcess | undefined;
  private starting: Promise<string> | undefined;
  private outputChannel: vscode.OutputChannel | undefined;
  private readonly changed = new vscode.EventEmitter<boolean>();
  readonly onDidChangeRunning = this.changed.event;

  /**
   * `dataDir`: the extension's own storage, so it never shares data with an emulator started by hand.
   * `log`: the Vensoft log, told when the emulator starts and stops (its own output has a channel of its own).
   */
  constructor(
    private readonly extensionPath: string,
    private readonly dataDir: string,
    private readonly log: Log,
  ) {}

  /** Created on first use: most sessions never start the emulator from VS Code. */
  private get output(): vscode.OutputChannel {
    this.outputChannel ??= vscode.window.createOutputChannel('Vensoft Emulator');
    return this.outputChannel;
  }

  get running(): boolean {
    return this.child !== undefined;
  }

  /** Starts the emulator at the port of `baseUrl`; resolves with the URL it listens on. */
  start(baseUrl: string): Promise<string> {
    if (this.starting) return this.starting;
    const url = new URL(baseUrl);
    const port = url.port || '8787';
    const script = path.join(this.extensionPath, 'dist', 'emulator.js');
    this.output.appendLine(`Starting the emulator on port ${port}…`);
    this.log.info(`Local emulator: starting on port ${port}`);
    const child = spawn(
      process.execPath,
      [script, '--port', port, '--host', '127.0.0.1', '--seed', 'demo', '--data', this.dataDir],
      {
        env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    this.child = child;
    this.starting = new Promise<string>((resolve, reject) => {
      let out = '';
      let ready = false;
      const onData = (chunk: Buffer) => {
        const text = chunk.toString('utf8');
        this.output.append(text);
        out += text;
        const m = /listening on (\S+)/.exec(out);
        if (m) {
          if (!ready) this.log.info(`Local emulator: listening on ${m[1]}`);
          ready = true;
          this.changed.fire(true);
          resolve(m[1]!);
        }
      };
      child.stdout!.on('data', onData);
      let errors = '';
      child.stderr!.on('data', (chunk: Buffer) => {
        this.output.append(chunk.toString('utf8'));
        errors += chunk.toString('utf8');
      });
      child.on('error', (e) => {
        this.log.error(`Local emulator: could not start: ${e.message}`);
        reject(new Error(vscode.l10n.t('The emulator could not start: {0}', e.message)));
      });
      child.on('exit', (code, signal) => {
        this.output.appendLine(`The emulator stopped (exit code ${code ?? 'none'}).`);
        const how = `exit code ${code ?? 'none'}${signal ? `, ${signal}` : ''}`;
        if (ready) this.log.info(`Local emulator: stopped (${how})`);
        else this.log.warn(`Local emulator: stopped before it was ready (${how}); see the "Vensoft Emulator" output`);
        const wasRunning = this.child === child;
        if (wasRunning) {
          this.child = undefined;
          this.starting = undefined;
          this.changed.fire(false);
        }
        // The cause it gave on stderr (say, the port was taken meanwhile), else its last line.
        const last = errors.trim().split('\n').pop() || out.trim().split('\n').pop() || '';
        reject(
          new Error(
            last
              ? vscode.l10n.t('The emulator stopped before it was ready: {0}. See the "Vensoft Emulator" output.', last)
              : vscode.l10n.t('The emulator stopped before it was ready. See the "Vensoft Emulator" output.'),
          ),
        );
      });
    });
    return this.starting;
  }

  /** Resolves once the emulator started from VS Code has exited (at once when none runs). */
  stop(): Promise<void> {
    const child = this.child;
    if (!child) return Promise.resolve();
    this.log.info('Local emulator: stopping');
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    return exited;
  }

  showOutput(): void {
    this.output.show(true);
  }

  dispose(): void {
    void this.stop();
    this.outputChannel?.dispose();
    this.changed.dispose();
  }
}
