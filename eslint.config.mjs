// ESLint flat config. The architectural rule that matters most: only the feature folders may
// import `vscode`; src/api, src/emulator and src/core stay plain Node so they can be tested
// (and reused) without an editor.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// The queries feature keeps its pure parts pure too: models and message protocols are shared by the
// extension host and the webview scripts, which run in a browser.
const pureFolders = [
  'src/api/**',
  'src/emulator/**',
  'src/core/**',
  'src/queries/*/model/**',
  'src/queries/*/protocol.ts',
];
const webviewScripts = ['src/**/webview/**'];

// The bundle split (esbuild.mjs): dist/api.js and dist/queries.js are loaded on first use. A value
// import of either from a module of another bundle compiles, type-checks and silently puts a second
// copy into that bundle (zod and the client: +11 KB in dist/extension.js), so it is refused here;
// type imports cost nothing and are allowed everywhere. test/unit/architecture.test.ts proves it fires.
const apiOnlyThroughLoader = {
  regex: '^(\\.\\.?/)+api(/.*)?$',
  allowTypeImports: true,
  message:
    'src/api is its own bundle (dist/api.js): reach it through loadApi() from src/apiLoader' +
    ' (type imports are fine).',
};
const queriesOnlyThroughLoader = {
  regex: '^(\\.\\.?/)+queries(/(?!loader$).*)?$',
  allowTypeImports: true,
  message:
    'src/queries is its own bundle (dist/queries.js): only src/queries/loader may be imported by value' +
    ' (type imports are fine).',
};
const linksOnlyThroughLoader = {
  regex: '^(\\.\\.?/)+links(/(?!loader$).*)?$',
  allowTypeImports: true,
  message:
    'src/links is its own bundle (dist/links.js): only src/links/loader may be imported by value' +
    ' (type imports are fine).',
};
const transferOnlyThroughLoader = {
  regex: '^(\\.\\.?/)+transfer(/(?!loader$).*)?$',
  allowTypeImports: true,
  message:
    'src/transfer is its own bundle (dist/transfer.js): only src/transfer/loader may be imported by value' +
    ' (type imports are fine).',
};
// Activation records into the history (its store) and registers the view; the rest is dist/history.js.
const historyOnlyThroughLoader = {
  regex: '^(\\.\\.?/)+history(/(?!(loader|historyStore|scheme)$).*)?$',
  allowTypeImports: true,
  message:
    'src/history is its own bundle (dist/history.js): only src/history/loader, historyStore and scheme may be' +
    ' imported by value (type imports are fine).',
};
const historyLoaderImports = {
  regex: '^\\./(?!(historyStore|redaction|scheme)$)',
  allowTypeImports: true,
  message:
    'The loader runs at activation: a value import of its feature would put it into dist/extension.js' +
    ' (historyStore, redaction and scheme belong to activation).',
};
const loaderImportsNoSibling = {
  regex: '^\\./',
  allowTypeImports: true,
  message: 'The loader runs at activation: a value import of its feature would put it into dist/extension.js.',
};
const commandPathOnlyAtActivation = {
  regex: '^(\\.\\.?/)+commandPath$',
  allowTypeImports: true,
  message:
    'commandPath holds what activation set up (the log, the sessions): another bundle would get a copy' +
    " never set up. Register the command in the feature's loader (src/queries/loader.ts, src/links/loader.ts).",
};
const objectEditingOnlyThroughLoader = {
  regex: '^(\\.\\.?/)+(documents/)?(objectEditing|editDiagnostics|objectLens|attributeCompletion)$',
  allowTypeImports: true,
  message:
    'The object editor helpers are their own bundle (dist/objectEditing.js, with jsonc-parser):' +
    ' src/documents/whenObjectsOpen loads them with the first object document.',
};
const objectEditingBundle = ['src/documents/{objectEditing,editDiagnostics,objectLens,attributeCompletion}.ts'];
const bundleSplit = (...patterns) => ({ '@typescript-eslint/no-restricted-imports': ['error', { patterns }] });

const noJsonParse = {
  selector: "CallExpression[callee.object.name='JSON'][callee.property.name='parse']",
  message: 'JSON.parse rounds 64-bit ids: use parseJson from src/core/json.',
};

// Localisation (docs/extension.md, "Languages"): on the editor's side a user-visible text is
// vscode.l10n.t('English {0}', arg) (l10n.t in a webview script), never a bare literal. These selectors
// find a string or template literal holding a word (two letters, not a codicon's `$(name)`) where the
// editor shows text: a message, a status bar text, a QuickPick's or InputBox's title, placeholder,
// prompt, an item's label, description, detail, tooltip, a tree item, a CodeLens, a diagnostic, a
// user-facing error, a webview element's text. test/unit/l10n.test.ts proves each fires; its limits
// (text built elsewhere and passed in a variable) are in the docs.
const WORD = '/(^|[^(A-Za-z-])[A-Za-z]{2,}/';
const shownProperty =
  '/^(title|placeHolder|placeholder|prompt|tooltip|label|description|detail|message|problem|validationMessage)$/';
const shownAssignment = '/^(title|placeholder|prompt|tooltip|description|detail|text|name|validationMessage)$/';
const messageCall =
  '/^(showInformationMessage|showWarningMessage|showErrorMessage|setStatusBarMessage|appendMarkdown|withProgress)$/';
const shownNew =
  '/^(UserFacingError|NotLoggedInError|TextProblem|Error|TreeItem|CodeLens|CodeAction|Diagnostic|FileSystemError)$/';
// A literal as the value itself, or as a branch of `a ? 'x' : 'y'` / `a ?? 'x'`.
const literalIn = (parent, literal = 'Literal') =>
  [
    `${parent} > ${literal}[value=${WORD}]`,
    `${parent} > TemplateLiteral > TemplateElement[value.raw=${WORD}]`,
    `${parent} > :matches(ConditionalExpression, LogicalExpression) > Literal[value=${WORD}]`,
    `${parent} > :matches(ConditionalExpression, LogicalExpression) > TemplateLiteral > TemplateElement[value.raw=${WORD}]`,
  ].join(', ');
const notLocalised = {
  selector: [
    literalIn(`Property[key.name=${shownProperty}]`),
    `Property[key.value='aria-label'][value.type='Literal'][value.value=${WORD}]`,
    literalIn("Property[key.value='aria-label'] > ConditionalExpression"),
    literalIn(`AssignmentExpression[left.property.name=${shownAssignment}]`),
    literalIn(`CallExpression[callee.property.name=${messageCall}]`),
    literalIn(`NewExpression[callee.name=${shownNew}]`),
    literalIn(`NewExpression[callee.property.name=${shownNew}]`),
    literalIn("CallExpression[callee.object.property.name='FileSystemError']"),
    // Webview scripts: el(tag, props, ...text) and button(text, …) / select(label, …) of webview/dom.ts.
    literalIn("CallExpression[callee.name='el']", 'Literal:not(:first-child)'),
    literalIn('CallExpression[callee.name=/^(button|select)$/]'),
  ].join(', '),
  message:
    "A user-visible text goes through vscode.l10n.t('English text {0}', arg) (l10n.t in a webview script), with its" +
    ' German in l10n/bundle.l10n.de.json: see "Languages" in docs/extension.md.',
};

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        console: 'readonly',
        process: 'readonly',
        URL: 'readonly',
        URLSearchParams: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        fetch: 'readonly',
        performance: 'readonly',
        Blob: 'readonly',
        Buffer: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', noJsonParse],
    },
  },
  // The editor's side, webview scripts included (the pure folders' messages stay English, and so do
  // the import file reader's: it runs in plain Node, and its row problems go into the failed-rows file).
  {
    files: ['src/**/*.ts'],
    ignores: [...pureFolders, 'src/transfer/sourceFile.ts'],
    rules: { 'no-restricted-syntax': ['error', noJsonParse, notLocalised] },
  },
  {
    files: pureFolders,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'vscode',
              message:
                'src/api, src/emulator and src/core must not depend on the editor: move editor code into a feature folder.',
            },
          ],
        },
      ],
    },
  },
  {
    files: webviewScripts,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'vscode',
              message: 'A webview script runs in a browser: it talks to the extension by protocol.ts.',
            },
          ],
          patterns: [{ group: ['node:*'], message: 'A webview script runs in a browser: Node modules are not there.' }],
        },
      ],
    },
  },
  // Activation (dist/extension.js): everything but the other bundles' own modules.
  {
    files: ['src/**/*.ts'],
    ignores: [
      'src/api/**',
      'src/emulator/**',
      'src/queries/**',
      'src/links/**',
      'src/transfer/**',
      'src/history/**',
      ...objectEditingBundle,
      // Webview scripts are bundles of their own (dist/webview), run in the page.
      ...webviewScripts,
    ],
    rules: bundleSplit(
      apiOnlyThroughLoader,
      queriesOnlyThroughLoader,
      linksOnlyThroughLoader,
      transferOnlyThroughLoader,
      historyOnlyThroughLoader,
      objectEditingOnlyThroughLoader,
    ),
  },
  { files: objectEditingBundle, rules: bundleSplit(apiOnlyThroughLoader, commandPathOnlyAtActivation) },
  { files: ['src/queries/loader.ts'], rules: bundleSplit(apiOnlyThroughLoader, loaderImportsNoSibling) },
  { files: ['src/links/loader.ts'], rules: bundleSplit(apiOnlyThroughLoader, loaderImportsNoSibling) },
  { files: ['src/transfer/loader.ts'], rules: bundleSplit(apiOnlyThroughLoader, loaderImportsNoSibling) },
  // The history's activation part: its loader, the store every client records into, and the store's redaction.
  {
    files: ['src/history/{loader,historyStore,redaction,scheme}.ts'],
    rules: bundleSplit(apiOnlyThroughLoader, historyLoaderImports),
  },
  // The History view, its documents and commands (dist/history.js), loaded on first use.
  {
    files: ['src/history/**/*.ts'],
    ignores: ['src/history/{loader,historyStore,redaction,scheme}.ts'],
    rules: bundleSplit(apiOnlyThroughLoader, commandPathOnlyAtActivation, queriesOnlyThroughLoader),
  },
  // Import and export (dist/transfer.js), loaded with the first Export or Import.
  {
    files: ['src/transfer/**/*.ts'],
    ignores: ['src/transfer/loader.ts'],
    rules: bundleSplit(apiOnlyThroughLoader, commandPathOnlyAtActivation, queriesOnlyThroughLoader),
  },
  // Links between objects (dist/links.js), loaded with the first object document.
  {
    files: ['src/links/**/*.ts'],
    ignores: ['src/links/loader.ts'],
    rules: bundleSplit(apiOnlyThroughLoader, commandPathOnlyAtActivation, queriesOnlyThroughLoader),
  },
  // The queries feature (dist/queries.js) shares the activation bundle's client through the loader.
  {
    files: ['src/queries/**/*.ts'],
    ignores: ['src/queries/loader.ts'],
    rules: bundleSplit(apiOnlyThroughLoader, commandPathOnlyAtActivation),
  },
  {
    // The lossless parser itself, its tests comparing against the native parser, and build
    // scripts that read package.json (no API payloads there).
    files: [
      'src/core/json.ts',
      'test/unit/core.json.test.ts',
      'test/unit/core.json.properties.test.ts',
      'scripts/**',
      'bench/client.ts',
    ],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
