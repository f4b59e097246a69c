// `npm run l10n:sort`: sorts the translation files by key (code-unit order), so that what several
// branches add merges as separate lines and a review sees each key once. Run after a merge; the l10n
// unit test (test/unit/l10n.test.ts) fails on an unsorted file and says to run this.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const TRANSLATION_FILES = ['package.nls.json', 'package.nls.de.json', 'l10n/bundle.l10n.de.json'];

for (const file of TRANSLATION_FILES) {
  const full = path.join(root, file);
  // Flat objects of strings: no ids in them, so the native parser loses nothing here.
  const entries = Object.entries(JSON.parse(fs.readFileSync(full, 'utf8')));
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  fs.writeFileSync(full, `${JSON.stringify(Object.fromEntries(entries), null, 2)}\n`);
}
