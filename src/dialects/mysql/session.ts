import type {JugglerConnector} from '../../juggler';
import {
  ConnectionWatch,
  endsMysqlSession,
  type ErrorEmitter,
} from '../connection-watch';
import type {DbSession} from '../dialect';

interface MysqlConnection extends ErrorEmitter {
  /** The server's id of its session (mysql2). */
  readonly threadId?: number | null;
  query(sql: string, cb: (err: Error | null) => void): void;
  release(): void;
  destroy(): void;
}
interface MysqlConnector extends JugglerConnector {
  readonly client?: {
    getConnection(cb: (err: Error | null, conn: MysqlConnection) => void): void;
  } | null;
}

/**
 * A connection of the connector's pool, held until `release()` and watched
 * meanwhile (see `ConnectionWatch`): what needs one session (a prepared
 * statement, session variables) runs on it.
 */
export async function openMysqlSession(
  connector: MysqlConnector,
): Promise<DbSession> {
  const pool = connector.client;
  if (!pool) {
    throw new Error('the mysql datasource is disconnected (it has no pool)');
  }
  const conn = await new Promise<MysqlConnection>((resolve, reject) =>
    pool.getConnection((err, c) => (err ? reject(err) : resolve(c))),
  );
  // Heard while held: see ConnectionWatch.
  const watch = new ConnectionWatch(conn);
  return {
    query: sql =>
      watch.guard(
        () =>
          new Promise<void>((resolve, reject) =>
            conn.query(sql, err => {
              if (err && endsMysqlSession(err)) watch.markLost(err);
              return err ? reject(err) : resolve();
            }),
          ),
      ),
    threadId: conn.threadId ?? undefined,
    get lost() {
      return watch.lost;
    },
    release: () => {
      watch.stop();
      if (watch.lost) conn.destroy();
      else conn.release();
    },
  };
}
