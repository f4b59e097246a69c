// Webview panels that show something of a file (a filter's results, a report): one per file,
// opened beside the editor, revealed again when asked a second time, and forgotten when closed.
// Keyed by path, so that an untitled file and the file it is saved as share one panel.
import * as vscode from 'vscode';
import { webviewHtml, webviewOptions, type WebviewScript } from '../webviewHtml';

export interface FilePanel {
  readonly panel: vscode.WebviewPanel;
  dispose?(): void;
}

export interface FilePanelKind {
  viewType: string;
  script: WebviewScript;
  /** The tab's title is `<title>: <file name>`. */
  title: string;
}

export class FilePanels<T extends FilePanel> implements vscode.Disposable {
  private readonly entries = new Map<string, T>();
  private active: T | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly kind: FilePanelKind,
  ) {}

  /** The panel of a file: revealed if open, else made (its webview ready) and handed to `make`. */
  show(source: vscode.Uri, make: (panel: vscode.WebviewPanel) => T): T {
    const key = source.path;
    const existing = this.entries.get(key);
    if (existing) {
      existing.panel.reveal(undefined, true);
      this.active = existing;
      return existing;
    }
    const name = source.path.split('/').pop()!;
    const panel = vscode.window.createWebviewPanel(
      this.kind.viewType,
      `${this.kind.title}: ${name}`,
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      webviewOptions(this.extensionUri),
    );
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'vensoft.svg');
    panel.webview.html = webviewHtml(
      panel.webview,
      this.extensionUri,
      this.kind.script,
      vscode.l10n.t('{0} of {1}', this.kind.title, name),
    );
    const created = make(panel);
    this.entries.set(key, created);
    this.active = created;
    panel.onDidChangeViewState(() => {
      if (panel.active) this.active = created;
    });
    panel.onDidDispose(() => {
      created.dispose?.();
      this.entries.delete(key);
      if (this.active === created) this.active = undefined;
    });
    return created;
  }

  /** The panel last focused or shown. */
  get current(): T | undefined {
    return this.active;
  }

  values(): T[] {
    return [...this.entries.values()];
  }

  dispose(): void {
    for (const entry of this.entries.values()) entry.panel.dispose();
  }
}

/** Where a panel opens objects: its file's editor group (not over the panel), else the first. */
export function besideColumn(panel: vscode.WebviewPanel, source: vscode.Uri): vscode.ViewColumn {
  const group = vscode.window.tabGroups.all.find((g) =>
    g.tabs.some((t) => t.input instanceof vscode.TabInputText && t.input.uri.path === source.path),
  );
  return group && group.viewColumn !== panel.viewColumn ? group.viewColumn : vscode.ViewColumn.One;
}

/** Follows an id the page shows (src/links, through its command): opens its object, or says why not. */
export function openLink(type: string, attribute: string, value: string, viewColumn: vscode.ViewColumn): void {
  void vscode.commands.executeCommand('vensoft.openLink', type, attribute, value, viewColumn);
}

/** What the vensoft.linkInfo command (src/links) answers. */
interface LinkInfo {
  title: string;
  details: string[];
}

/** What an id the page shows points at, in words (a link's tooltip); undefined when it is no link. */
export async function describeLink(type: string, attribute: string, value: string): Promise<string | undefined> {
  const info = await vscode.commands
    .executeCommand<LinkInfo | undefined>('vensoft.linkInfo', type, attribute, value)
    .then(undefined, () => undefined);
  return info && [info.title, ...info.details].join('\n');
}

/**
 * Posts to a panel's page; a panel closed meanwhile has nobody to tell. A disposed panel's
 * postMessage throws at once ("Webview is disposed") rather than rejecting, so both are caught:
 * a report that finishes after its panel closed must not leave an unhandled rejection behind.
 */
export function postToPanel(panel: vscode.WebviewPanel, message: unknown): void {
  try {
    panel.webview.postMessage(message).then(undefined, () => undefined);
  } catch {
    // closed meanwhile
  }
}
