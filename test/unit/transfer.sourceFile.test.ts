// Reading import files (src/transfer/sourceFile.ts): encoding and separator detected, a malformed
// CSV line reported with its line while the rows after it still come, NDJSON and JSON arrays read
// element by element with ids exact.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import iconv from 'iconv-lite';
import type { SourceRow } from '../../src/core/importPlan';
import { columnsOf, readRows, sniff } from '../../src/transfer/sourceFile';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vensoft-source-'));
const write = (name: string, content: string | Buffer) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
};
const rowsOf = async (file: string) => {
  const rows: SourceRow[] = [];
  for await (const item of readRows(file, await sniff(file))) if (!Array.isArray(item)) rows.push(item);
  return rows;
};

describe('import source files', () => {
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads Windows-1252 with semicolons (Excel in Germany) as such', async () => {
    const file = write('de.csv', iconv.encode('imsi;name\r\n1;Prüfung Größe\r\n', 'windows-1252'));
    assert.deepEqual(await sniff(file), { format: 'csv', encoding: 'windows-1252', separator: ';' });
    assert.deepEqual(await rowsOf(file), [{ line: 2, values: { imsi: '1', name: 'Prüfung Größe' } }]);
  });

  it('reads UTF-8 with a BOM and tabs; the BOM is not part of the first column', async () => {
    const file = write('bom.tsv', '\ufeffid\tname\n18446744073709551615\tÜber\n');
    assert.deepEqual(await sniff(file), { format: 'csv', encoding: 'utf-8', separator: '\t' });
    assert.deepEqual(await columnsOf(file, await sniff(file)), ['id', 'name']);
    assert.deepEqual((await rowsOf(file))[0]!.values, { id: '18446744073709551615', name: 'Über' });
  });

  it('reports a malformed line with its number and reads on', async () => {
    const rows = await rowsOf(write('bad.csv', 'a,b\n1,2\n3,4,5\n6,7\n'));
    assert.equal(rows.length, 3);
    assert.equal(rows[1]!.line, 3);
    assert.match(rows[1]!.problem!, /Malformed CSV line/);
    assert.deepEqual(rows[2]!.values, { a: '6', b: '7' });
  });

  it('reads a file whose lines end in CRLF and LF alike (an export edited in another editor) line by line', async () => {
    const rows = await rowsOf(write('mixed.csv', 'a,b\r\n1,2\r\n3,4\n5,6\n7,8,9\n'));
    assert.deepEqual(
      rows.map((r) => r.problem ?? r.values),
      [{ a: '1', b: '2' }, { a: '3', b: '4' }, { a: '5', b: '6' }, rows[3]!.problem],
    );
    // A malformed line keeps what was read of it, so that the failed-rows file can be fixed and imported.
    assert.deepEqual(rows[3]!.values, { a: '7', b: '8' });
    assert.equal(rows[3]!.line, 5);
  });

  it('reads NDJSON and a JSON array element by element, ids exact, a bad element refused alone', async () => {
    const ndjson = await rowsOf(write('x.ndjson', '{"id":18446744073709551615}\nnot json\n{"id":1}\n'));
    assert.deepEqual(ndjson[0]!.values, { id: 18446744073709551615n });
    assert.match(ndjson[1]!.problem!, /Invalid JSON/);
    const array = await rowsOf(write('x.json', '[\n{"id":18446744073709551615,"n":"a,]}"},\n{"id":2},\n[1]\n]\n'));
    assert.deepEqual(
      array.map((r) => r.problem ?? r.values),
      [{ id: 18446744073709551615n, n: 'a,]}' }, { id: 2 }, 'Not a JSON object of attributes'],
    );
    assert.deepEqual(await columnsOf(path.join(dir, 'x.json'), await sniff(path.join(dir, 'x.json'))), ['id', 'n']);
  });

  it('says what a JSON file must be when it is not an array, or is cut off', async () => {
    await assert.rejects(rowsOf(write('object.json', '{"id":1}\n')), /holds one array of objects/);
    await assert.rejects(rowsOf(write('cut.json', '[{"id":1},{"id"')), /ends before its array does/);
  });
});
