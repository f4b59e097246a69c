// ESLint flat config. The architectural rule that matters most: only the feature folders may
// import `vscode`; src/api, src/emulator and src/core stay plain Node so they can be tested
// (and reused) without an editor.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const pureFolders = ['src/api/**', 'src/emulator/**', 'src/core/**'];

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { console: 'readonly', process: 'readonly', URL: 'readonly', URLSearchParams: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', fetch: 'readonly', performance: 'readonly', Blob: 'readonly', Buffer: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', {
        selector: "CallExpression[callee.object.name='JSON'][callee.property.name='parse']",
        message: 'JSON.parse rounds 64-bit ids: use parseJson from src/core/json.',
      }],
    },
  },
  {
    files: pureFolders,
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'src/api, src/emulator and src/core must not depend on the editor: move editor code into a feature folder.' }],
      }],
    },
  },
  {
    // The lossless parser itself, its tests comparing against the native parser, and build
    // scripts that read package.json (no API payloads there).
    files: ['src/core/json.ts', 'test/unit/core.json.test.ts', 'test/unit/core.json.properties.test.ts', 'scripts/**', 'bench/client.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
