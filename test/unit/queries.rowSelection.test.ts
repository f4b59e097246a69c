// The results table's row selection (src/queries/results/model/rowSelection.ts): click, Ctrl+click,
// Shift+click and Ctrl+A as a list selects, kept by id across pages and orders, in the table's order.
import assert from 'node:assert/strict';
import {
  clickRow,
  NO_ROWS,
  seenOn,
  selectedElsewhere,
  selectShown,
} from '../../src/queries/results/model/rowSelection';

// Ids beyond 2^53: a parse into numbers would merge the second and third.
const IDS = ['18446744073709551615', '9007199254740993', '9007199254740992', '4', '5'];
const PAGE = { ids: IDS, offset: 0, order: 'id ASC' };
const NEXT_PAGE = { ids: ['6', '7', '8'], offset: 5, order: 'id ASC' };
const plain = { toggle: false, range: false };
const ctrl = { toggle: true, range: false };
const shift = { toggle: false, range: true };
const ctrlShift = { toggle: true, range: true };

describe('queries: row selection', () => {
  it('selects one row on a click, toggles on Ctrl+click, keeping the table order', () => {
    const one = clickRow(NO_ROWS, PAGE, IDS[2]!, plain);
    assert.deepEqual([one.ids, one.anchor], [[IDS[2]], IDS[2]]);
    const two = clickRow(one, PAGE, IDS[1]!, ctrl);
    assert.deepEqual(two.ids, [IDS[1], IDS[2]]);
    assert.deepEqual(clickRow(two, PAGE, IDS[1]!, ctrl).ids, [IDS[2]]);
    assert.deepEqual(clickRow(two, PAGE, IDS[4]!, plain).ids, [IDS[4]]);
  });

  it('selects the range from the anchor on Shift+click, either way, and adds it with Ctrl+Shift', () => {
    const anchored = clickRow(NO_ROWS, PAGE, IDS[3]!, plain);
    const range = clickRow(anchored, PAGE, IDS[1]!, shift);
    assert.deepEqual([range.ids, range.anchor], [IDS.slice(1, 4), IDS[3]]);
    // The anchor stays: a second Shift+click changes the range, not its start.
    assert.deepEqual(clickRow(range, PAGE, IDS[4]!, shift).ids, IDS.slice(3, 5));
    const added = clickRow(clickRow(NO_ROWS, PAGE, IDS[4]!, plain), PAGE, IDS[0]!, ctrl);
    assert.deepEqual(clickRow(added, PAGE, IDS[1]!, ctrlShift).ids, [IDS[0], IDS[1], IDS[4]]);
    // An anchor that is not on this page: the row itself, which anchors the next range.
    const elsewhere = clickRow(NO_ROWS, NEXT_PAGE, '7', plain);
    const fresh = clickRow(elsewhere, PAGE, IDS[2]!, shift);
    assert.deepEqual([fresh.ids, fresh.anchor], [[IDS[2]], IDS[2]]);
  });

  it('keeps rows of other pages, in the table order across pages, and counts them', () => {
    const first = clickRow(clickRow(NO_ROWS, PAGE, IDS[4]!, plain), PAGE, IDS[1]!, ctrl);
    // On the next page: one more, selected last but listed after the first page's rows.
    const both = clickRow(first, NEXT_PAGE, '7', ctrl);
    assert.deepEqual(both.ids, [IDS[1], IDS[4], '7']);
    assert.equal(selectedElsewhere(both, NEXT_PAGE), 2);
    assert.equal(selectedElsewhere(both, PAGE), 1);
    // Ctrl+A adds the rows shown, once each.
    const all = selectShown(both, NEXT_PAGE);
    assert.deepEqual(all.ids, [IDS[1], IDS[4], '6', '7', '8']);
    // Sorted the other way, the first page shows 8, 7, 6 first: the selection follows the new places,
    // and a row not yet shown in the new order follows them.
    const reversed = seenOn(all, { ids: ['8', '7', '6', IDS[4]!, IDS[3]!], offset: 0, order: 'id DESC' });
    assert.deepEqual(reversed.ids, ['8', '7', '6', IDS[4], IDS[1]]);
    // Once shown in the new order, it takes its place there.
    const later = seenOn(reversed, { ids: [IDS[1]!, IDS[0]!], offset: 5, order: 'id DESC' });
    assert.deepEqual(later.ids, ['8', '7', '6', IDS[4], IDS[1]]);
  });
});
