import {expect} from '@loopback/testlab';
import {randomBytes} from 'node:crypto';
import {ShadowDatabaseError} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  todoModels,
} from '../support/app-builder';
import {describeEachDatabase, skipOnEmbedded} from '../support/databases';
import {rejection} from '../support/rejection';

describeEachDatabase('migrate --generate: the shadow database', (db, kind) => {
  const user = `lsm_nocreate_${randomBytes(3).toString('hex')}`;
  before(async function () {
    skipOnEmbedded(this, db(), 'PGlite holds one database: no shadow database');
    if (kind === 'postgresql') {
      await db().query(`CREATE ROLE ${user} LOGIN NOCREATEDB`);
      await db().query(`GRANT ALL ON SCHEMA public TO ${user}`);
    } else {
      await db().query(`CREATE USER '${user}'@'%'`);
      await db().query(`GRANT ALL ON \`${db().name}\`.* TO '${user}'@'%'`);
    }
  });
  after(async () => {
    await db()
      .query(
        kind === 'postgresql'
          ? `DROP OWNED BY ${user}; DROP ROLE ${user}`
          : `DROP USER '${user}'@'%'`,
      )
      .catch(() => undefined);
  });

  it('says clearly that the user may not create databases, and how to fix it', async () => {
    const app = buildApp(
      MigratingApp,
      {db: {...db().dataSourceConfig, user, password: ''}},
      todoModels(),
    );
    try {
      const error = await rejection(app.generateMigrationScript('x'));
      expect(error).to.be.instanceOf(ShadowDatabaseError);
      expect((error as ShadowDatabaseError).code).to.equal(
        'MIGRATION_SHADOW_DATABASE',
      );
      expect((error as Error).message).to.match(
        kind === 'postgresql'
          ? /lacks the privilege to create databases .*ALTER ROLE <user> CREATEDB/
          : /lacks the privilege to create databases .*GRANT ALL ON `lsm_shadow_%`/,
      );
    } finally {
      await closeApp(app);
    }
  });
});
