import type { Catalog } from './catalog';
import type { Database } from './database';
import type { AccessControl } from './access';
import type { SessionStore } from './sessions';

/** Everything a method handler needs from the running emulator. */
export interface Context {
  db: Database;
  catalog: Catalog;
  acl: AccessControl;
  sessions: SessionStore;
  /** The user behind the predefined SessionKey "anonymous". */
  anonymousUserId: bigint;
}
