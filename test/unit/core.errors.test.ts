// The error guards of core/errors.ts against the client's own error classes: they tell a server's
// refusal, an ended session and a dropped connection apart, also for an error made by another
// bundle's copy of the classes (same name and fields, another class), which `instanceof` cannot.
import assert from 'node:assert/strict';
import {
  privilegeRefused,
  SessionExpiredError,
  VensoftConnectionError,
  VensoftError,
} from '../../src/api/vensoftError';
import {
  codeOf,
  describeError,
  isConnectionError,
  isNotLoggedIn,
  isServerFailure,
  isSessionExpired,
  isUserFacing,
  NotLoggedInError,
  UserFacingError,
} from '../../src/core/errors';

/** The same error as made by a second copy of the class (another bundle): equal name and fields. */
function fromOtherBundle(e: Error): Error {
  const copy = new Error(e.message);
  return Object.assign(copy, { ...e, name: e.name });
}

describe('error guards', () => {
  const refused = new VensoftError('P0002', 'No machine 1 exists that you can read.', 'get/machine', 500);
  const privilege = privilegeRefused('delete/machine', 'You may not delete machine 1.', 500);
  const expired = new SessionExpiredError('list/machine', 'Invalid session.');
  const offline = new VensoftConnectionError('refused', 'Nothing is listening at http://127.0.0.1:9.', 'describe');

  it('tells a server refusal, an ended session and a dropped connection apart', () => {
    for (const e of [refused, fromOtherBundle(refused)]) {
      assert.equal(isServerFailure(e), true);
      assert.equal(isSessionExpired(e), false);
      assert.equal(isConnectionError(e), false);
      assert.equal(codeOf(e), 'P0002');
    }
    for (const e of [expired, fromOtherBundle(expired)]) {
      assert.equal(isSessionExpired(e), true);
      assert.equal(codeOf(e), '42501');
    }
    // 42501 while the session is alive is a missing privilege, not an ended session.
    assert.equal(isSessionExpired(privilege), false);
    assert.equal(codeOf(privilege), '42501');
    for (const e of [offline, fromOtherBundle(offline)]) {
      assert.equal(isConnectionError(e), true);
      assert.equal(isConnectionError(e, 'refused'), true);
      assert.equal(isConnectionError(e, 'timeout'), false);
      assert.equal(isServerFailure(e), false);
      assert.equal(codeOf(e), undefined);
    }
  });

  it('does not take a look-alike for a Vensoft error', () => {
    const named = Object.assign(new Error('x'), { name: 'SessionExpiredError' });
    assert.equal(isSessionExpired(named), false, "a name without the server's code and message");
    assert.equal(isServerFailure({ code: '42501', serverMessage: 'x' }), false, 'not an Error');
    assert.equal(
      isConnectionError(Object.assign(new Error('x'), { name: 'VensoftConnectionError' })),
      false,
      'no problem',
    );
    assert.equal(codeOf(new Error('42501')), undefined);
    assert.equal(codeOf(undefined), undefined);
  });

  it("knows the extension's own failures, and says every error in the user's words", () => {
    assert.equal(isNotLoggedIn(new NotLoggedInError()), true);
    assert.equal(new NotLoggedInError().message, 'Log in to Vensoft first.');
    assert.equal(isUserFacing(new UserFacingError('Nothing to save.')), true);
    assert.equal(isUserFacing(new Error('Nothing to save.')), false);
    assert.equal(
      describeError(refused),
      'No machine 1 exists that you can read. (P0002). The object does not exist, or you may not see it.',
    );
    assert.equal(
      describeError(fromOtherBundle(expired)),
      'Invalid session. (42501). Your session has ended: log in again.',
    );
    assert.equal(describeError(offline), 'describe: Nothing is listening at http://127.0.0.1:9.');
    assert.equal(describeError('text'), 'text');
  });
});
