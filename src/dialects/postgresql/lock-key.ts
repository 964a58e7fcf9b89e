import {createHash} from 'node:crypto';
import {MIGRATION_LOCK_NAME} from '../../runner/lock-session';

/**
 * The PostgreSQL advisory lock key (one `bigint`): the first 8 bytes of the
 * SHA-256 of {@link MIGRATION_LOCK_NAME}. PostgreSQL scopes advisory locks
 * to the current database, so one constant key gives one lock per database.
 * In `pg_locks` it shows as `locktype = 'advisory'`, `objsubid = 1`,
 * `classid` its high and `objid` its low 32 bits.
 */
export const POSTGRES_LOCK_KEY: bigint = advisoryKey(MIGRATION_LOCK_NAME);

/** A signed 64-bit key from the first 8 bytes of the SHA-256 of a text. */
export function advisoryKey(text: string): bigint {
  return createHash('sha256').update(text).digest().readBigInt64BE(0);
}
