// The results view's model (src/queries/results/model/resultTable.ts): a list answer as a table page, and the
// filter that asks for another page or order without touching the constraints.
import assert from 'node:assert/strict';
import * as l10n from '@vscode/l10n';
import { cellText, nextOrder, pageFilter, pagePosition, resultPage } from '../../src/queries/results/model/resultTable';
import { pageSummary } from '../../src/queries/results/webview/pageSummary';
import { readFlatJson } from './l10nFiles';
import { parseJson, stringifyJson } from '../../src/core/json';

const answer = parseJson(`{
  "filtered_record_count": 4, "limited_record_count": 2, "total_record_count": 9,
  "transfer_objects": [
    { "id": 125609740326667984, "type_id": 1, "definition": { "msisdn": "4917", "imsi": "26201", "parent_id": 18446744073709551615 } },
    { "id": 125609740326667985, "type_id": 1, "definition": { "msisdn": "4918", "note": null, "imsi": "<img src=x onerror=alert(1)>" } }
  ]
}`) as never;

describe('core: result table', () => {
  it('makes a page whose ids and id-valued cells keep every digit', () => {
    const page = resultPage('sim', answer, {
      offset: 20,
      pageSize: 2,
      order: { attribute: 'msisdn', direction: 'ASC' },
    });
    assert.deepEqual(page.columns, ['id', 'msisdn', 'imsi', 'parent_id', 'note']);
    assert.deepEqual(
      page.rows.map((r) => r.id),
      ['125609740326667984', '125609740326667985'],
    );
    assert.deepEqual(page.rows[0]!.cells, ['125609740326667984', '4917', '26201', '18446744073709551615', null]);
    // A JSON null and an absent attribute both show as null; a value that looks like HTML is just text.
    assert.deepEqual(page.rows[1]!.cells, ['125609740326667985', '4918', '<img src=x onerror=alert(1)>', null, null]);
    assert.deepEqual([page.filtered, page.limited, page.total, page.offset, page.pageSize], [4, 2, 9, 20, 2]);
  });

  it('marks the cells that are numbers to format, never an id or an id-valued attribute', () => {
    const page = resultPage(
      'sale',
      {
        filtered_record_count: 1,
        limited_record_count: 1,
        total_record_count: 1,
        transfer_objects: [
          { id: 7n, definition: { price: 1234.5, tour_id: 12, SaleStatusId: 3, parent_id: 1n << 60n, note: '12' } },
        ],
      },
      { offset: 0, pageSize: 50, order: null },
    );
    assert.deepEqual(page.columns, ['id', 'price', 'tour_id', 'SaleStatusId', 'parent_id', 'note']);
    assert.deepEqual(page.rows[0]!.numbers, [1]);
    assert.equal(page.rows[0]!.cells[1], '1234.5');
  });

  it('falls back to what the page holds when the counts are null', () => {
    const page = resultPage(
      'sim',
      {
        filtered_record_count: null,
        limited_record_count: null,
        total_record_count: null,
        transfer_objects: [{ id: 1n, definition: {} }],
      },
      { offset: 0, pageSize: 50, order: null },
    );
    assert.deepEqual([page.filtered, page.limited, page.total], [1, 1, 1]);
  });

  it('writes non-string cells as JSON', () => {
    assert.equal(cellText(2.5), '2.5');
    assert.equal(cellText(true), 'true');
    assert.equal(cellText({ a: [1n << 60n] }), '{"a":[1152921504606846976]}');
    assert.equal(cellText('null'), 'null');
    assert.equal(cellText(null), null);
  });

  it('replaces order and count, whatever their case, and keeps the constraints exactly', () => {
    const filter = parseJson(
      '{"Order": {"attribute": "imsi", "direction": "DESC"}, "COUNT": {"count": 30, "offset": 0}, "constraints": {"join": "AND", "conditions": [{"attribute": "parent_id", "type": 1, "value": 421338385039230354}], "lists": []}}',
    );
    const next = pageFilter(filter, { offset: 30, pageSize: 30, order: { attribute: 'msisdn', direction: 'ASC' } });
    assert.equal(
      stringifyJson(next),
      '{"order":{"attribute":"msisdn","direction":"ASC"},"count":{"count":30,"offset":30},"constraints":{"join":"AND","conditions":[{"attribute":"parent_id","type":1,"value":421338385039230354}],"lists":[]}}',
    );
    assert.deepEqual(pageFilter(undefined, { offset: 0, pageSize: 200, order: null }), {
      order: null,
      count: { count: 200, offset: 0 },
    });
  });

  it("sorts a clicked column ascending, then descending, then back to the filter's order", () => {
    const filterOrder = { attribute: 'msisdn', direction: 'DESC' } as const;
    assert.deepEqual(nextOrder(filterOrder, 'imsi', filterOrder), { attribute: 'imsi', direction: 'ASC' });
    assert.deepEqual(nextOrder({ attribute: 'imsi', direction: 'ASC' }, 'imsi', filterOrder), {
      attribute: 'imsi',
      direction: 'DESC',
    });
    assert.deepEqual(nextOrder({ attribute: 'imsi', direction: 'DESC' }, 'imsi', filterOrder), filterOrder);
    assert.equal(nextOrder({ attribute: 'imsi', direction: 'DESC' }, 'imsi', null), null);
    // On the filter's own column it just flips.
    assert.deepEqual(nextOrder(filterOrder, 'msisdn', filterOrder), { attribute: 'msisdn', direction: 'ASC' });
    assert.deepEqual(nextOrder({ attribute: 'msisdn', direction: 'ASC' }, 'msisdn', filterOrder), filterOrder);
  });

  it('places a page among the filtered objects', () => {
    assert.deepEqual(pagePosition({ offset: 20, limited: 20, filtered: 1412, total: 200000, pageSize: 20 }), {
      shown: 20,
      first: 21,
      last: 40,
      filtered: 1412,
      total: 200000,
      at: 2,
      pages: 71,
    });
  });

  it('summarises a page in English, with English digits', () => {
    assert.equal(
      pageSummary({ offset: 20, limited: 20, filtered: 1412, total: 200000, pageSize: 20 }, 'en'),
      '21–40 of 1,412 filtered · 200,000 in all · page 2 of 71',
    );
    assert.equal(
      pageSummary({ offset: 0, limited: 3, filtered: 3, total: 5, pageSize: 20 }, 'en'),
      '1–3 of 3 filtered · 5 in all',
    );
    assert.equal(
      pageSummary({ offset: 0, limited: 0, filtered: 0, total: 5, pageSize: 20 }, 'en'),
      'No objects · 0 filtered · 5 in all',
    );
  });

  it('summarises a page in German with the German bundle, with German digits', () => {
    l10n.config({ contents: readFlatJson('l10n/bundle.l10n.de.json') });
    try {
      assert.equal(
        pageSummary({ offset: 1000, limited: 20, filtered: 1412, total: 200000, pageSize: 20 }, 'de'),
        '1.001–1.020 von 1.412 gefiltert · 200.000 insgesamt · Seite 51 von 71',
      );
    } finally {
      l10n.config({ contents: {} });
    }
  });
});
