// The demo accounts are written once (src/core/demoAccounts.ts); package.json's sign-in view, which
// cannot import them, must name the same ones.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { DEMO_ACCOUNTS, DEMO_ACCOUNTS_TEXT } from '../../src/core/demoAccounts';
import { parseJson } from '../../src/core/json';

interface Manifest {
  contributes: { viewsWelcome: Array<{ contents: string }> };
}

describe('core/demoAccounts', () => {
  it('lists every account as "email / password"', () => {
    assert.equal(
      DEMO_ACCOUNTS_TEXT,
      'demo@vensoft.test / demo, operator@vensoft.test / operator, reader@vensoft.test / reader',
    );
    assert.deepEqual(
      DEMO_ACCOUNTS.map((a) => a.name),
      ['demo', 'operator', 'reader'],
    );
  });

  it('is what the sign-in view in package.json names', () => {
    const manifest = parseJson(
      fs.readFileSync(path.join(__dirname, '../../package.json'), 'utf8'),
    ) as unknown as Manifest;
    const naming = manifest.contributes.viewsWelcome.filter((w) => w.contents.includes('@vensoft.test'));
    assert.ok(naming.length > 0, 'no welcome view names the demo accounts');
    for (const view of naming) assert.ok(view.contents.includes(`${DEMO_ACCOUNTS_TEXT}.`), view.contents);
  });
});
