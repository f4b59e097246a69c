// Localisation holds together (docs/extension.md, "Languages"): the German bundle has exactly the
// strings the code passes to l10n.t (exported from src/ by @vscode/l10n-dev, as `npm run l10n:export`
// does), the manifest's %keys% exist in English and German, both kept sorted (`npm run l10n:sort`),
// placeholders survive translation, and ESLint refuses an English literal where the editor shows text.
// Run it alone after a merge: npx mocha test/unit/l10n.test.ts
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { getL10nJson } from '@vscode/l10n-dev';
import { ESLint } from 'eslint';
import { readFlatJson, ROOT } from './l10nFiles';

const GERMAN_BUNDLE = 'l10n/bundle.l10n.de.json';

function sourceFiles(folder: string): string[] {
  return fs.readdirSync(path.join(ROOT, folder), { withFileTypes: true }).flatMap((entry) => {
    const file = path.posix.join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(file);
    return /\.ts$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [file] : [];
  });
}

/** src/ but the pure folders: they cannot call l10n.t (ESLint keeps vscode out of them). */
const editorSideFiles = () => sourceFiles('src').filter((file) => !/^src\/(api|core|emulator)\//.test(file));

const placeholders = (text: string) => [...text.matchAll(/\{\d+\}/g)].map((m) => m[0]).sort();
const isSorted = (keys: string[]) => keys.every((key, k) => k === 0 || keys[k - 1]! < key);
const differences = (want: string[], have: string[]) => ({
  missing: want.filter((k) => !have.includes(k)),
  unused: have.filter((k) => !want.includes(k)),
});

describe('localisation', () => {
  describe('the code bundle (vscode.l10n.t, l10n.t in webview scripts)', () => {
    let exported: string[];
    const german = readFlatJson(GERMAN_BUNDLE);

    before(async function () {
      this.timeout(180_000); // tree-sitter parses every file: slow on a busy machine
      const files = editorSideFiles().map((file) => ({
        extension: path.extname(file),
        contents: fs.readFileSync(path.join(ROOT, file), 'utf8'),
      }));
      exported = Object.keys(await getL10nJson(files));
    });

    it('finds the strings of every feature folder', () => {
      // A broken export (no strings found) would make the next test pass with an empty German bundle.
      for (const known of ['Log In Again', 'Object Types', 'Report definition', 'Delete {0} {1} objects?'])
        assert.ok(exported.includes(known), `"${known}" was not exported from src/`);
    });

    it('has German for every exported string, and nothing else', () => {
      const { missing, unused } = differences(exported, Object.keys(german));
      assert.deepEqual(
        { missing, unused },
        { missing: [], unused: [] },
        `${GERMAN_BUNDLE}: add the missing strings' German, remove the unused ones`,
      );
    });

    it('keeps every placeholder in German', () => {
      const broken = Object.entries(german).filter(([en, de]) => placeholders(en).join() !== placeholders(de).join());
      assert.deepEqual(broken, []);
    });
  });

  describe('the manifest (package.json %keys%)', () => {
    const english = readFlatJson('package.nls.json');
    const german = readFlatJson('package.nls.de.json');
    const manifest = fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8');
    const used = [...new Set([...manifest.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]!))];

    it('has English for every %key% of package.json, and nothing unused', () => {
      assert.deepEqual(differences(used, Object.keys(english)), { missing: [], unused: [] });
    });

    it('has German for every English key, and nothing else', () => {
      assert.deepEqual(differences(Object.keys(english), Object.keys(german)), { missing: [], unused: [] });
    });

    it('keeps command links and placeholders in German', () => {
      const links = (text: string) => [...text.matchAll(/\]\((command:[^)]+)\)/g)].map((m) => m[1]).sort();
      for (const [key, text] of Object.entries(english)) {
        assert.deepEqual(links(german[key]!), links(text), key);
        assert.deepEqual(placeholders(german[key]!), placeholders(text), key);
      }
    });

    it('leaves no user-visible manifest string in English in package.json itself', () => {
      const shown =
        /"(title|name|description|markdownDescription|contents|altText|patternErrorMessage|contextualTitle)": "(?!%)/;
      const lines = manifest.split('\n').filter((line) => shown.test(line));
      // The package's own name and the JSON schema's are not shown in the editor's UI.
      assert.deepEqual(
        lines.map((l) => l.trim()),
        ['"name": "vensoft-explorer",'],
      );
    });
  });

  it('keeps the translation files sorted by key (npm run l10n:sort)', () => {
    for (const file of ['package.nls.json', 'package.nls.de.json', GERMAN_BUNDLE])
      assert.ok(isSorted(Object.keys(readFlatJson(file))), `${file} is not sorted: run npm run l10n:sort`);
  });

  describe('ESLint refuses an English literal where the editor shows text (eslint.config.mjs)', () => {
    const eslint = new ESLint();
    const refusals = async (filePath: string, code: string) => {
      const [result] = await eslint.lintText(`${code}\n`, { filePath });
      return result!.messages.filter((m) => m.ruleId === 'no-restricted-syntax' && /l10n/.test(m.message));
    };
    const refused = async (filePath: string, code: string) =>
      assert.ok((await refusals(filePath, code)).length > 0, `${filePath}: ${code} should be refused`);
    const allowed = async (filePath: string, code: string) =>
      assert.deepEqual(await refusals(filePath, code), [], `${filePath}: ${code}`);
    const host = 'src/explorer/example.ts';
    const page = 'src/queries/results/webview/example.ts';

    it('in messages, pickers, input boxes, tree items, CodeLenses, diagnostics and errors', async () => {
      await refused(host, "vscode.window.showInformationMessage('Object saved.');");
      await refused(host, 'vscode.window.showErrorMessage(`Delete of ${id} failed`);');
      await refused(host, "vscode.window.showWarningMessage(question, { modal: true }, 'Delete');");
      await refused(host, "vscode.window.setStatusBarMessage(ok ? 'Saved' : 'Nothing changed', 4000);");
      await refused(host, "vscode.window.showQuickPick(items, { title: 'Pick a type' });");
      await refused(host, "vscode.window.showQuickPick(items, { placeHolder: 'Object type' });");
      await refused(host, "vscode.window.showInputBox({ prompt: 'The id', validateInput: (v) => undefined });");
      await refused(host, "pick.placeholder = 'Trustee — role';");
      await refused(host, "const item = { label: '$(add) Add ACE…', tooltip: 'x' };");
      await refused(host, 'item.tooltip = `Logged in as ${user}`;');
      await refused(host, "new vscode.TreeItem('Object Types');");
      await refused(host, "new vscode.CodeLens(range, { title: 'Copy as curl', command: 'x' });");
      await refused(host, "throw new UserFacingError('You may create no object here.');");
      await refused(host, "throw vscode.FileSystemError.NoPermissions('Objects are not folders.');");
      await refused(host, "vscode.window.withProgress({ title: 'Starting…', location }, run);");
      await refused(host, "const failure = { message: remember ? 'on' : 'off' };");
    });

    it('in webview scripts: element text, buttons, selects and labels', async () => {
      await refused(page, "el('p', {}, 'The filter matches no objects.');");
      await refused(page, "button('Next', next);");
      await refused(page, "select('Function', values, selected, change);");
      await refused(page, "el('input', { 'aria-label': 'Value' });");
      await refused(page, "el('th', { title: `Sort by ${label}` });");
    });

    it('lets through text that goes through l10n.t, data, codicons, ids and non-words', async () => {
      await allowed(host, "vscode.window.showInformationMessage(vscode.l10n.t('Object saved.'));");
      await allowed(host, 'item.text = `$(account) ${user} @ ${connection}`;');
      await allowed(host, "const item = { label: `$(add) ${vscode.l10n.t('Add ACE…')}`, description: c.baseUrl };");
      await allowed(host, "new vscode.CodeLens(range, { title: `${type} ${id}`, command: 'vensoft.copyId' });");
      await allowed(host, "vscode.commands.executeCommand('vensoft.logIn', { connection: name });");
      await allowed(page, "el('div', { className: 'table-wrap' }, el('table', {}, l10n.t('Total')));");
      await allowed(page, "button('✕', remove, { title: label, 'aria-label': label });");
      // A pure folder's English messages are the server's and core's: not refused there.
      await allowed('src/core/example.ts', "throw new Error('Unknown attribute.');");
    });

    it('finds no English literal in src/ as it is', async function () {
      this.timeout(180_000);
      const results = await eslint.lintFiles(editorSideFiles().map((f) => path.join(ROOT, f)));
      const found = results.flatMap((r) =>
        r.messages
          .filter((m) => m.ruleId === 'no-restricted-syntax' && /l10n/.test(m.message))
          .map((m) => `${path.relative(ROOT, r.filePath)}:${m.line}`),
      );
      assert.deepEqual(found, []);
    });
  });
});
