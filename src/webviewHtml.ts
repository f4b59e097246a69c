// The one way this extension makes webview HTML: a strict Content-Security-Policy with a fresh
// nonce per page, scripts and styles only from the extension (dist/webview, media), nothing from
// the network. The page is an empty shell; its script builds the DOM with textContent, never
// innerHTML, so server values display as text. Shared by the queries bundle and the bulk pages. The page carries VS Code's display language and the
// extension's l10n bundle (data-locale, data-l10n on <body>) for its script's words and number formats.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

export type WebviewScript = 'results' | 'report' | 'bulk';

/** Options for a panel: scripts on, resources only from media/ and dist/. */
export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    enableFindWidget: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'media'), vscode.Uri.joinPath(extensionUri, 'dist')],
  };
}

export function webviewHtml(
  webview: vscode.Webview,
  extensionUri: vscode.Uri,
  script: WebviewScript,
  title: string,
): string {
  const nonce = randomBytes(16).toString('base64');
  const csp = [
    "default-src 'none'",
    `img-src ${webview.cspSource} data:`,
    `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  const style = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'webview.css'));
  const source = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', `${script}.js`));
  const text = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const language = vscode.env.language;
  // English has no bundle: l10n.t answers the text it was given.
  const bundle = vscode.l10n.bundle ? JSON.stringify(vscode.l10n.bundle) : '';
  return `<!DOCTYPE html>
<html lang="${text(language)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style.toString()}">
<title>${text(title)}</title>
</head>
<body data-locale="${text(language)}" data-l10n="${text(bundle)}">
<main id="app" aria-live="polite"></main>
<script nonce="${nonce}" src="${source.toString()}"></script>
</body>
</html>`;
}
