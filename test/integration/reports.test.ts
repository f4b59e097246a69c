// Report files and the report view in the real extension host, checked against SQL on the
// emulator's own database (the integration run keeps it in PostgreSQL: VENSOFT_TEST_DATABASE_URL).
import assert from 'node:assert/strict';
import pg from 'pg';
import * as vscode from 'vscode';
import type { JsonValue } from '../../src/core/json';
import { buildPivot, cellValue } from '../../src/queries/report/model/pivot';
import { demoSuite, untitledFile, waitFor, withGateway } from './support';

// Sum and count of price per sale status (rows) and year (columns).
const REPORT = {
  Aggregation: [
    { Function: 'SUM', Attribute: 'price' },
    { Function: 'COUNT', Attribute: 'price' },
  ],
  Group: [
    { Function: null, Attribute: 'sale_status_id', Orientation: 'vertical' },
    { Function: 'DATE_TRUNC:YEAR', Attribute: 'tstamp', Orientation: 'horizontal' },
  ],
};

describe('report files and the report view', () => {
  const suite = demoSuite();
  let sql: pg.Client;

  before(async () => {
    const url = process.env.VENSOFT_TEST_DATABASE_URL;
    if (!url)
      throw new Error(
        'VENSOFT_TEST_DATABASE_URL is not set: run the suite with scripts/test-integration.mjs, which starts the emulator on PostgreSQL.',
      );
    // The emulator's default schema and time zone (src/emulator/postgresDatabase.ts).
    sql = new pg.Client({ connectionString: url, options: '-c search_path=vensoft_emulator -c TimeZone=UTC' });
    await sql.connect();
  });

  after(async () => {
    await sql?.end();
  });

  it("sums the demo sales exactly as SQL over the emulator's table does", async () => {
    const document = await untitledFile('sale.vensoft-report.json', JSON.stringify(REPORT, null, 2));
    const answer = await vscode.commands.executeCommand<JsonValue>('vensoft.runQuery', document.uri);
    const pivot = buildPivot(
      answer,
      REPORT.Group.map((g) => ({
        attribute: g.Attribute,
        function: g.Function,
        orientation: g.Orientation as 'vertical' | 'horizontal',
      })),
    );
    assert.deepEqual(pivot.warnings, []);
    const { rows } = await sql.query<{ status: string | null; year: string; total: number; n: string }>(
      `SELECT sale_status_id::text AS status, to_char(date_trunc('year', tstamp), 'YYYY') AS year, sum(price)::float8 AS total, count(price) AS n
         FROM obj_sale WHERE NOT deleted GROUP BY 1, 2`,
    );
    assert.ok(rows.length > 1, 'the demo data has no sales to report on');
    let cells = 0;
    pivot.rowKeys.forEach((rowKey, r) => {
      const status = pivot.rows[0]!.values[rowKey[0]!]!.raw;
      pivot.columnKeys.forEach((columnKey, c) => {
        const year = pivot.columns[0]!.values[columnKey[0]!]!.raw!.slice(0, 4);
        const row = rows.find((x) => x.status === status && x.year === year);
        const [sum, count] = [
          cellValue(pivot, r, { column: c, measure: 0 }),
          cellValue(pivot, r, { column: c, measure: 1 }),
        ];
        if (!row) return assert.deepEqual([sum, count], [null, null], `${status} ${year}`);
        cells++;
        assert.ok(
          Math.abs(sum! - row.total) < 1e-6 * Math.max(1, Math.abs(row.total)),
          `SUM for ${status} ${year}: ${sum} ≠ ${row.total}`,
        );
        assert.equal(count, Number(row.n), `COUNT for ${status} ${year}`);
      });
    });
    assert.equal(cells, rows.length, 'the report lacks groups SQL has');
    // The report view is open beside the file.
    const [tab] = await waitFor(() =>
      vscode.window.tabGroups.all
        .flatMap((g) => g.tabs)
        .filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('vensoft.report')),
    );
    assert.equal(tab!.label, 'Report: sale.vensoft-report.json');
  });

  it("sends a report file's Filter as the report's filter", async () => {
    const statuses = await suite.truth.list('sale_status', { count: { count: 1, offset: 0 } });
    const status = statuses.transfer_objects[0]!.id;
    const text = `{
  "Aggregation": [{ "Function": "COUNT", "Attribute": "id" }],
  "Group": [{ "Function": null, "Attribute": "SaleStatusId", "Orientation": "vertical" }],
  "Filter": { "constraints": { "join": "AND", "conditions": [{ "attribute": "sale_status_id", "type": 1, "value": ${status} }], "lists": [] } }
}`;
    const document = await untitledFile('sale.vensoft-report.json', text);
    const answer = await vscode.commands.executeCommand<JsonValue>('vensoft.runQuery', document.uri);
    const filter = {
      constraints: { join: 'AND', conditions: [{ attribute: 'sale_status_id', type: 1, value: status }], lists: [] },
    } as unknown as JsonValue;
    const expected = await suite.truth.report(
      'sale',
      {
        Aggregation: [{ Function: 'COUNT', Attribute: 'id' }],
        Group: [{ Function: null, Attribute: 'SaleStatusId', Orientation: 'vertical' }],
      } as unknown as JsonValue,
      filter,
    );
    assert.deepEqual(answer, expected);
    // One status row only, and its id kept every digit through the file.
    const axis = (answer as { Axis: Array<{ Attributes: Array<{ Value: JsonValue }> }> }).Axis[0]!.Attributes;
    assert.deepEqual(
      axis.map((a) => a.Value),
      [status],
    );
  });

  it("copies the table as TSV with the statuses named, and marks a Filter's unknown attribute", async () => {
    const document = await untitledFile('sale.vensoft-report.json', JSON.stringify(REPORT, null, 2));
    await vscode.commands.executeCommand('vensoft.runQuery', document.uri);
    const tsv = await vscode.commands.executeCommand<string>('vensoft.copyReportTsv');
    assert.equal(await vscode.env.clipboard.readText(), tsv);
    const statuses = await suite.truth.list('sale_status', {});
    const lines = tsv.trimEnd().split('\r\n');
    assert.equal(lines[0]!.split('\t')[0], 'tstamp');
    assert.deepEqual(lines[1]!.split('\t').slice(0, 3), ['sale_status_id', 'SUM(price)', 'COUNT(price)']);
    const named = new Set(statuses.transfer_objects.map((o) => String(o.definition.name)));
    const body = lines.slice(2, -1).map((l) => l.split('\t')[0]!);
    assert.ok(
      body.length > 0 && body.every((name) => named.has(name) || name === '(null)'),
      `rows not named by status: ${body.join(', ')}`,
    );
    assert.equal(lines.at(-1)!.split('\t')[0], 'Total');

    const withFilter = await untitledFile(
      'sale.vensoft-report.json',
      JSON.stringify(
        {
          ...REPORT,
          Filter: {
            constraints: { join: 'AND', conditions: [{ attribute: 'prise', type: 6, value: null }], lists: [] },
          },
        },
        null,
        2,
      ),
    );
    const problems = await waitFor(() =>
      vscode.languages.getDiagnostics(withFilter.uri).filter((d) => d.source === 'Vensoft'),
    );
    assert.match(problems[0]!.message, /Unknown attribute "prise" for type sale\. Did you mean "price"\?/);
  });

  it('cancels a running report: the request is abandoned, and the run answers nothing', async () => {
    await withGateway('Slow gateway', async (gateway) => {
      gateway.hold = /\/report\//;
      const document = await untitledFile('sale.vensoft-report.json', JSON.stringify(REPORT, null, 2));
      const running = vscode.commands.executeCommand<JsonValue | undefined>('vensoft.runQuery', document.uri);
      await waitFor(() => gateway.requests.filter((r) => r.path.includes('/report/')));
      assert.equal(await vscode.commands.executeCommand<number>('vensoft.cancelReport'), 1);
      assert.equal(await running, undefined);
      await waitFor(() => gateway.abandoned);
      assert.equal(
        await vscode.commands.executeCommand<number>('vensoft.cancelReport'),
        0,
        'still running after Cancel',
      );
    });
  });

  it('keeps one report view for a new report file when it is saved into the workspace', async () => {
    const reportTabs = () =>
      vscode.window.tabGroups.all
        .flatMap((g) => g.tabs)
        .filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('vensoft.report'));
    const uri = await vscode.commands.executeCommand<string>('vensoft.newReport', { type: { name: 'sale' } });
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri)!;
    await waitFor(reportTabs);
    const saved = await vscode.workspace.save(document.uri);
    try {
      assert.equal(saved?.scheme, 'file');
      assert.equal(saved.path, `${vscode.workspace.workspaceFolders![0]!.uri.path}/sale.vensoft-report.json`);
      const answer = await vscode.commands.executeCommand<JsonValue>('vensoft.runQuery', saved);
      assert.ok(answer, 'the saved report did not run');
      assert.deepEqual(
        reportTabs().map((t) => t.label),
        ['Report: sale.vensoft-report.json'],
      );
      // Its diagnostics are the file's own: none.
      assert.deepEqual(
        vscode.languages.getDiagnostics(saved).filter((d) => d.source === 'Vensoft'),
        [],
      );
    } finally {
      if (saved) await vscode.workspace.fs.delete(saved);
    }
  });
});
