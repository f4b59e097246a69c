// The emulator's demo accounts (every seed has them): the emulator seeds and prints them, the
// extension names them when it has started the emulator, and `npm start` prints them. The sign-in
// view's text in package.json names them too (a unit test holds it to this list).
export const DEMO_ACCOUNTS = [
  { email: 'demo@vensoft.test', password: 'demo', group: 'Administrators' }, // everything, everywhere
  // read and update in Region North, cannot delete
  { email: 'operator@vensoft.test', password: 'operator', group: 'Operators North' },
  // read-only in Region South; machine lat/lon unreadable
  { email: 'reader@vensoft.test', password: 'reader', group: 'Auditors South' },
] as const;

/** "demo@vensoft.test / demo, operator@vensoft.test / operator, …": how messages list them. */
export const DEMO_ACCOUNTS_TEXT = DEMO_ACCOUNTS.map((a) => `${a.email} / ${a.password}`).join(', ');
