// A webview page's words and formats in VS Code's display language. The extension host writes its
// l10n bundle and the language into the page (webviewHtml.ts); a page script imports this module
// (for `locale`) and calls l10n.t of '@vscode/l10n' itself (so that `npm run l10n:export` finds its
// strings): imported modules run first, so the bundle is set before any l10n.t. Without a bundle
// (English) l10n.t answers the English text it was given.
import * as l10n from '@vscode/l10n';

const page = document.body.dataset;
if (page.l10n) l10n.config({ contents: page.l10n });

/** VS Code's display language ("en", "de", "pt-br"): numbers and dates follow it, not the browser's. */
export const locale = page.locale || 'en';
