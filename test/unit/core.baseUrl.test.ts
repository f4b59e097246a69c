// Checking a base URL as a user types it into "Add Connection" (src/core/baseUrl.ts).
import assert from 'node:assert/strict';
import { baseUrlProblem, normaliseBaseUrl } from '../../src/core/baseUrl';

describe('core/baseUrl', () => {
  it('accepts a host with a version segment', () => {
    for (const url of ['https://api.vensoft.de/stable/', 'https://api.vensoft.de/2', 'http://127.0.0.1:8787/stable/'])
      assert.equal(baseUrlProblem(url), undefined, url);
  });

  it('says what to fix otherwise', () => {
    assert.match(baseUrlProblem('api.vensoft.de/stable/')!, /such as https:/);
    assert.match(baseUrlProblem('ftp://api.vensoft.de/stable/')!, /must start with https:/);
    assert.match(
      baseUrlProblem('https://me:secret@api.vensoft.de/stable/')!,
      /Credentials must not be part of the URL/,
    );
    assert.match(baseUrlProblem('https://api.vensoft.de/stable/?key=1')!, /no query/);
    assert.match(baseUrlProblem('https://api.vensoft.de/')!, /Add the API version/);
    assert.match(
      baseUrlProblem('https://api.vensoft.de/stable/get/')!,
      /ends at the API version .* without a method such as "get\/"/,
    );
    assert.match(baseUrlProblem('https://api.vensoft.de/stable/auth/')!, /"auth\/"/);
  });

  it('ends a base URL with a slash', () => {
    assert.equal(normaliseBaseUrl('https://api.vensoft.de/2'), 'https://api.vensoft.de/2/');
    assert.equal(normaliseBaseUrl('https://api.vensoft.de/2/'), 'https://api.vensoft.de/2/');
  });
});
