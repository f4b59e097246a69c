// The emulator's demo accounts (every seed has them): the emulator seeds and prints them, the
// extension names them when it has started the emulator, and `npm start` prints them. The sign-in
// view's text in package.json names them too (a unit test holds it to this list).

/** demo: everything, everywhere; operator: Region North, cannot delete; reader: Region South, read-only. */
export type DemoAccountName = 'demo' | 'operator' | 'reader';
const NAMES: readonly DemoAccountName[] = ['demo', 'operator', 'reader'];

/** Each account's password is its name, the e-mail address's part before the @. */
export const DEMO_ACCOUNTS = NAMES.map((name) => ({ name, email: `${name}@vensoft.test`, password: name }));

/** "demo@vensoft.test / demo, operator@vensoft.test / operator, …": how messages list them. */
export const DEMO_ACCOUNTS_TEXT = DEMO_ACCOUNTS.map((a) => `${a.email} / ${a.password}`).join(', ');
