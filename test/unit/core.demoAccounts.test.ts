// The demo accounts are written once (src/core/demoAccounts.ts); package.json's sign-in view (its text
// in package.nls.json and, in German, package.nls.de.json), which cannot import them, must name the same ones.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { DEMO_ACCOUNTS, DEMO_ACCOUNTS_TEXT } from '../../src/core/demoAccounts';
import { parseJson } from '../../src/core/json';

const readNls = (file: string) =>
  parseJson(fs.readFileSync(path.join(__dirname, '../..', file), 'utf8')) as unknown as Record<string, string>;

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

  for (const file of ['package.nls.json', 'package.nls.de.json'])
    it(`is what the sign-in view names in ${file}`, () => {
      const naming = Object.entries(readNls(file)).filter(
        ([key, text]) => key.startsWith('vensoft.welcome.') && text.includes('@vensoft.test'),
      );
      assert.ok(naming.length > 0, 'no welcome view names the demo accounts');
      for (const [, text] of naming) assert.ok(text.includes(`${DEMO_ACCOUNTS_TEXT}.`), text);
    });
});
