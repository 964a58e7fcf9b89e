import {expect} from '@loopback/testlab';
import {juggler} from '@loopback/repository';
import {setTimeout} from 'node:timers/promises';
import {dialectFor} from '../../src/dialects';
import {shadowDatabaseName} from '../../src/dialects/shadow';
import {queryConnector, type JugglerConnector} from '../../src/juggler';
import {describeEachDatabase, skipOnEmbedded} from '../support/databases';

describeEachDatabase(
  'the shadow database: disconnect, then drop',
  (db, kind) => {
    before(function () {
      skipOnEmbedded(
        this,
        db(),
        'PGlite holds one database: no shadow database',
      );
    });

    // The PostgreSQL connector strips every 'error' listener from a pool
    // client after each query (pg's pool's own included), so an idle client
    // whose session the server ends reports it to nobody, and Node ends the
    // process. The drop's FORCE ends every session still open on the shadow
    // database: disconnect() must have closed them all first.
    it('closes every connection of the shadow datasource before the drop ends it', async () => {
      const dialect = dialectFor(kind)!;
      const app = new juggler.DataSource({...db().dataSourceConfig});
      const connector = app.connector as unknown as JugglerConnector;
      const sleep =
        kind === 'postgresql' ? 'SELECT pg_sleep(0.05)' : 'SELECT SLEEP(0.05)';
      try {
        for (let round = 0; round < 5; round++) {
          const name = shadowDatabaseName();
          await dialect.shadow.create(connector, name);
          const shadow = new juggler.DataSource(
            dialect.shadow.settings({...db().dataSourceConfig}, name),
          );
          const shadowConnector =
            shadow.connector as unknown as JugglerConnector;
          // Several queries at once: the pool opens a client for each.
          await Promise.all(
            [1, 2, 3, 4].map(() => queryConnector(shadowConnector, sleep)),
          );
          if (kind === 'postgresql') stripClientErrorListeners(shadowConnector);
          await dialect.shadow.disconnect(shadow);
          await dialect.shadow.drop(connector, name);
          // An unheard 'error' of a client the drop ended arrives just after.
          await setTimeout(100);
          const left = await db().query(
            kind === 'postgresql'
              ? 'SELECT 1 FROM pg_database WHERE datname = $1'
              : 'SELECT 1 FROM information_schema.schemata WHERE schema_name = ?',
            [name],
          );
          expect(left).to.eql([]);
        }
      } finally {
        await app.disconnect();
      }
    });
  },
);

/**
 * What loopback-connector-postgresql 7.x (the version `lb4 datasource`
 * installs) does after each query it runs: `removeAllListeners('error')` on
 * the pool's client, pg's pool's own idle listener included.
 */
function stripClientErrorListeners(connector: JugglerConnector): void {
  const pool = (
    connector as {
      pg?: {_clients: {removeAllListeners(event: 'error'): unknown}[]};
    }
  ).pg;
  for (const client of pool?._clients ?? []) client.removeAllListeners('error');
}
