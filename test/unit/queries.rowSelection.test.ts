// The results table's row selection (src/queries/results/model/rowSelection.ts): click, Ctrl+click,
// Shift+click and Ctrl+A as a list selects, kept by id across pages, and the order an export writes.
import assert from 'node:assert/strict';
import { clickRow, NO_ROWS, selectedInShownOrder, selectShown } from '../../src/queries/results/model/rowSelection';

// Ids beyond 2^53: a parse into numbers would merge the last two.
const PAGE = ['18446744073709551615', '9007199254740993', '9007199254740992', '4', '5'];
const plain = { toggle: false, range: false };
const ctrl = { toggle: true, range: false };
const shift = { toggle: false, range: true };
const ctrlShift = { toggle: true, range: true };

describe('queries: row selection', () => {
  it('selects one row on a click, toggles on Ctrl+click', () => {
    const one = clickRow(NO_ROWS, PAGE, PAGE[1]!, plain);
    assert.deepEqual(one, { ids: [PAGE[1]], anchor: PAGE[1] });
    const two = clickRow(one, PAGE, PAGE[2]!, ctrl);
    assert.deepEqual(two.ids, [PAGE[1], PAGE[2]]);
    assert.deepEqual(clickRow(two, PAGE, PAGE[1]!, ctrl).ids, [PAGE[2]]);
    assert.deepEqual(clickRow(two, PAGE, PAGE[4]!, plain).ids, [PAGE[4]]);
  });

  it('selects the range from the anchor on Shift+click, either way, and adds it with Ctrl+Shift', () => {
    const anchored = clickRow(NO_ROWS, PAGE, PAGE[3]!, plain);
    assert.deepEqual(clickRow(anchored, PAGE, PAGE[1]!, shift), { ids: PAGE.slice(1, 4), anchor: PAGE[3] });
    // The anchor stays: a second Shift+click changes the range, not its start.
    const again = clickRow(clickRow(anchored, PAGE, PAGE[1]!, shift), PAGE, PAGE[4]!, shift);
    assert.deepEqual(again.ids, PAGE.slice(3, 5));
    const kept = clickRow({ ids: ['77'], anchor: PAGE[0] }, PAGE, PAGE[1]!, ctrlShift);
    assert.deepEqual(kept.ids, ['77', PAGE[0], PAGE[1]]);
    // An anchor that is not on this page: the row itself, which anchors the next range.
    assert.deepEqual(clickRow({ ids: ['77'], anchor: '77' }, PAGE, PAGE[2]!, shift), {
      ids: [PAGE[2]],
      anchor: PAGE[2],
    });
  });

  it('adds every row shown on Ctrl+A and keeps rows selected on other pages', () => {
    const all = selectShown({ ids: ['77', PAGE[2]!] }, PAGE);
    assert.deepEqual(all.ids, ['77', PAGE[2], PAGE[0], PAGE[1], PAGE[3], PAGE[4]]);
    assert.equal(new Set(all.ids).size, all.ids.length);
  });

  it('exports the rows shown in their order, then those of other pages as selected', () => {
    const selection = { ids: ['77', PAGE[4]!, '66', PAGE[0]!] };
    assert.deepEqual(selectedInShownOrder(selection, PAGE), [PAGE[0], PAGE[4], '77', '66']);
    assert.deepEqual(selectedInShownOrder(NO_ROWS, PAGE), []);
  });
});
