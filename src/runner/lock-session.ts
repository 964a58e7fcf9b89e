import type {JugglerConnector} from '../juggler';
import type {HeldSession} from './held-lock';
import type {OrphanWatch} from './orphans';

/** The name the lock is known by (and derived from) on every database. */
export const MIGRATION_LOCK_NAME = 'loopback-schema-migration';

/** How long `acquireMigrationLock()` waits for the lock by default, in ms. */
export const DEFAULT_LOCK_TIMEOUT_MS = 60_000;

/** Who holds the lock, in words. */
export interface Holder {
  readonly description: string;
  /** The statement that ends the holder's session. */
  readonly endHint: string;
}

/** The dedicated connection of one lock, with the dialect's lock calls. */
export interface LockSession extends HeldSession, OrphanWatch {
  /** How to find the holder by hand, for messages. */
  readonly findHint: string;
  tryLock(): Promise<boolean>;
  /** Mark this session as the owner's, for `heldByOwner()`. */
  markOwner(token: string): Promise<void>;
  /** Whether the session holding the lock has the owner's mark. */
  heldByOwner(token: string): Promise<boolean>;
  holder(): Promise<Holder | undefined>;
}

/** Open a lock's dedicated connection, with the dialect's lock calls. */
export type OpenLockSession = (
  connector: JugglerConnector,
) => Promise<LockSession>;
