// One bulk run's page beside the editor (a retry's in the retried run's group): its preview, then in
// the same tab its summary. It takes the focus: the keyboard lands on Run (and the editor title's
// Run and Cancel show). The page's buttons come back through `onAction`; `onClose` is told when the
// user closes the tab.
import * as vscode from 'vscode';
import { webviewHtml, webviewOptions } from '../webviewHtml';
import type { BulkPageMessage, BulkPageModel, BulkPageRequest, PageAction } from './protocol';

export const BULK_VIEW_TYPE = 'vensoft.bulk';

export class BulkPanel implements vscode.Disposable {
  readonly panel: vscode.WebviewPanel;
  private ready = false;

  constructor(
    extensionUri: vscode.Uri,
    private page: BulkPageModel,
    column: vscode.ViewColumn,
    onAction: (action: PageAction) => void,
    onClose: () => void,
  ) {
    this.panel = vscode.window.createWebviewPanel(
      BULK_VIEW_TYPE,
      page.title,
      { viewColumn: column, preserveFocus: false },
      webviewOptions(extensionUri),
    );
    this.panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'vensoft.svg');
    this.panel.webview.html = webviewHtml(this.panel.webview, extensionUri, 'bulk', page.title);
    this.panel.webview.onDidReceiveMessage((request: BulkPageRequest) => {
      if (request.kind === 'ready') {
        this.ready = true;
        this.post();
      } else onAction(request.action);
    });
    this.panel.onDidDispose(onClose);
  }

  show(page: BulkPageModel): void {
    this.page = page;
    this.panel.title = page.title;
    this.post();
  }

  private post(): void {
    if (!this.ready) return;
    const message: BulkPageMessage = { kind: 'page', page: this.page };
    try {
      this.panel.webview.postMessage(message).then(undefined, () => undefined);
    } catch {
      // closed meanwhile: a disposed panel's postMessage throws at once
    }
  }

  dispose(): void {
    this.panel.dispose();
  }
}
