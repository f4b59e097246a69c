// The architecture the bundles and folders rely on, checked with the project's own ESLint config and
// on the real sources: a value import of the lazily loaded bundles (src/api, src/queries) is refused
// except through their loaders; pure parts stay pure; no two features (folders of src/) import each
// other, directly or around a loop.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import ts from 'typescript';

describe('architecture', () => {
  describe('ESLint holds the bundle split (eslint.config.mjs)', () => {
    const eslint = new ESLint();
    /** The messages of the bundle-split rule for `code` as if it were the file at `filePath`. */
    const refusals = async (filePath: string, code: string) => {
      const [result] = await eslint.lintText(`${code}\n`, { filePath });
      const bundleSplit = result!.messages.filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports');
      return bundleSplit.map((m) => m.message);
    };
    const refused = async (filePath: string, code: string, reason: RegExp) => {
      const messages = await refusals(filePath, code);
      assert.equal(messages.length, 1, `${filePath}: ${code} should be refused once, got ${JSON.stringify(messages)}`);
      assert.match(messages[0]!, reason);
    };
    const allowed = async (filePath: string, code: string) =>
      assert.deepEqual(await refusals(filePath, code), [], `${filePath}: ${code}`);

    it('refuses a value import of the API layer in activation modules and in the queries feature', async () => {
      await refused('src/explorer/example.ts', "import { VensoftClient } from '../api';", /loadApi/);
      await refused('src/extension.ts', "import { wireCalls } from './api';", /loadApi/);
      await refused('src/session/example.ts', "import { toCurl } from '../api/curl';", /loadApi/);
      await refused('src/queries/report/example.ts', "import { VensoftClient } from '../../api';", /loadApi/);
      await refused('src/queries/loader.ts', "export { wireCalls } from '../api';", /loadApi/);
      await refused('src/explorer/example.ts', "import { type VensoftClient, wireCalls } from '../api';", /loadApi/);
    });

    it('refuses a value import of the queries feature outside it, except its loader', async () => {
      await refused('src/explorer/example.ts', "import { createQueryFeature } from '../queries';", /queries\/loader/);
      await refused(
        'src/extension.ts',
        "import { ReportPanels } from './queries/report/reportPanel';",
        /queries\/loader/,
      );
      const model = "import { pagePosition } from '../queries/results/model/resultTable';";
      await refused('src/documents/example.ts', model, /queries\/loader/);
      await refused('src/queries/loader.ts', "import { createQueryFeature } from './index';", /activation/);
      await allowed('src/extension.ts', "import { registerQueriesLazily } from './queries/loader';");
    });

    it('refuses a value import of the history feature at activation, except what records and registers', async () => {
      await refused('src/extension.ts', "import { HistoryView } from './history/historyView';", /history\/loader/);
      await refused('src/session/example.ts', "import { Sender } from '../history/sendOn';", /history\/loader/);
      await refused('src/history/loader.ts', "import { createHistoryFeature } from './index';", /activation/);
      await refused('src/history/historyStore.ts', "import { describeEntry } from './historyModel';", /activation/);
      await refused('src/history/historyView.ts', "import { registerCommand } from '../commandPath';", /set up/);
      await allowed('src/extension.ts', "import { createHistory } from './history/loader';");
      await allowed('src/history/loader.ts', "import { HistoryStore } from './historyStore';");
      await allowed('src/history/loader.ts', "import type { HistoryFeature } from './index';");
      await allowed('src/history/historyView.ts', "import { describeEntry } from './historyModel';");
    });

    it('refuses a value import of the links feature outside it, except its loader, and the command path in it', async () => {
      await refused('src/extension.ts', "import { createLinkFeature } from './links';", /links\/loader/);
      await refused('src/documents/example.ts', "import { LinkService } from '../links/linkService';", /links\/loader/);
      await refused('src/links/loader.ts', "import { createLinkFeature } from './index';", /activation/);
      await refused('src/links/example.ts', "import { registerCommand } from '../commandPath';", /set up/);
      await allowed('src/extension.ts', "import { registerLinksLazily } from './links/loader';");
      await allowed('src/links/loader.ts', "import type { LinkFeature } from './index';");
      await allowed('src/links/example.ts', "import { LinkService } from './linkService';");
    });

    it('refuses the object editor helpers at activation, and the command path in the other bundles', async () => {
      await refused(
        'src/extension.ts',
        "import { registerObjectLens } from './documents/objectLens';",
        /objectEditing/,
      );
      await refused(
        'src/documents/commands.ts',
        "import { registerObjectEditing } from './objectEditing';",
        /objectEditing/,
      );
      await allowed('src/documents/objectEditing.ts', "import { registerObjectLens } from './objectLens';");
      await refused('src/queries/report/example.ts', "import { registerCommand } from '../../commandPath';", /set up/);
      await refused('src/documents/objectLens.ts', "import { reportFailure } from '../commandPath';", /set up/);
      await allowed('src/queries/loader.ts', "import { registerCommand } from '../commandPath';");
      await allowed('src/explorer/example.ts', "import { registerCommand } from '../commandPath';");
    });

    it("allows type imports anywhere, the loaders, and the feature's own modules", async () => {
      await allowed('src/explorer/example.ts', "import type { VensoftClient } from '../api';");
      await allowed('src/explorer/example.ts', "import { type VensoftClient } from '../api';");
      await allowed('src/session/example.ts', "import { loadApi } from '../apiLoader';");
      await allowed('src/explorer/example.ts', "import type { QueryFeature } from '../queries/index';");
      await allowed('src/queries/loader.ts', "import type { QueryFeature } from './index';");
      await allowed('src/queries/report/example.ts', "import { buildPivot } from './model/pivot';");
      await allowed('src/queries/example.ts', "import { ReportPanels } from './report/reportPanel';");
      // The emulator is a bundle of its own: the client's code may be bundled into it.
      await allowed('src/emulator/example.ts', "import { wireCalls } from '../api';");
    });
  });

  describe('ESLint keeps the pure parts pure', () => {
    const eslint = new ESLint();
    const ruleIds = async (filePath: string, code: string) => {
      const [result] = await eslint.lintText(`${code}\nvoid vscode;\n`, { filePath });
      return result!.messages.map((m) => m.ruleId).filter((id) => id === 'no-restricted-imports');
    };

    it("refuses vscode in the views' models and protocols, and vscode or Node modules in webview scripts", async () => {
      const vscodeImport = "import * as vscode from 'vscode';";
      const pure = [
        'src/queries/report/model/x.ts',
        'src/queries/results/protocol.ts',
        'src/queries/report/webview/x.ts',
      ];
      for (const file of pure) {
        assert.deepEqual(await ruleIds(file, vscodeImport), ['no-restricted-imports'], file);
      }
      const nodeImport = "import * as vscode from 'node:crypto';";
      assert.deepEqual(await ruleIds('src/queries/webview/example.ts', nodeImport), ['no-restricted-imports']);
      assert.deepEqual(await ruleIds('src/queries/report/example.ts', vscodeImport), [], 'a panel is vscode-side');
    });
  });

  describe('no import cycle between features', () => {
    it('finds a cycle when there is one (the check itself can fail)', () => {
      const graph = new Map([
        ['filters', new Set(['reports', 'core'])],
        ['reports', new Set(['core', 'filters'])],
        ['core', new Set<string>()],
      ]);
      assert.deepEqual(findCycle(graph), ['filters', 'reports', 'filters']);
      assert.equal(
        findCycle(
          new Map([
            ['a', new Set(['b'])],
            ['b', new Set<string>()],
          ]),
        ),
        undefined,
      );
    });

    it('src/: each folder one node (src/*.ts files each their own), type imports included', () => {
      const graph = featureGraph('src');
      assert.ok(graph.get('extension.ts')?.has('queries'), 'the graph sees extension.ts importing the queries loader');
      assert.equal(findCycle(graph)?.join(' -> '), undefined);
    });
  });
});

/** The folder of src/ a file belongs to; a file directly in src/ is a node of its own. */
function featureOf(root: string, file: string): string {
  const [first, ...rest] = path.relative(root, file).split(path.sep);
  return rest.length ? first! : first!.replace(/\.d\.ts$/, '.ts');
}

/** Which feature imports which, from every relative import (type imports too) of the .ts files under `root`. */
function featureGraph(root: string): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  const files = fs
    .readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join(root, f));
  for (const file of files) {
    const from = featureOf(root, file);
    const edges = graph.get(from) ?? graph.set(from, new Set()).get(from)!;
    for (const { fileName } of ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true).importedFiles) {
      if (!fileName.startsWith('.')) continue;
      const target = path.join(path.dirname(file), fileName);
      const candidates = [`${target}.ts`, path.join(target, 'index.ts'), target];
      const resolved = candidates.find((f) => fs.existsSync(f) && fs.statSync(f).isFile());
      // './queries.js' is the sibling bundle the loader requires at run time, not a source file.
      if (!resolved) continue;
      const to = featureOf(root, resolved);
      if (to !== from) edges.add(to);
    }
  }
  return graph;
}

/** A path that comes back to where it began (first node repeated at its end), or undefined. */
function findCycle(graph: Map<string, Set<string>>): string[] | undefined {
  const done = new Set<string>();
  const visit = (node: string, trail: string[]): string[] | undefined => {
    const at = trail.indexOf(node);
    if (at >= 0) return [...trail.slice(at), node];
    if (done.has(node)) return undefined;
    for (const next of graph.get(node) ?? []) {
      const cycle = visit(next, [...trail, node]);
      if (cycle) return cycle;
    }
    done.add(node);
    return undefined;
  };
  for (const node of graph.keys()) {
    const cycle = visit(node, []);
    if (cycle) return cycle;
  }
  return undefined;
}
