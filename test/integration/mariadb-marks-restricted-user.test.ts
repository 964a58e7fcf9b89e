import {expect} from '@loopback/testlab';
import type {PropertyDefinition} from '@loopback/repository';
import {randomBytes} from 'node:crypto';
import {MigrationFailedError, migrateSchemaWithReport} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  type ModelSpec,
} from '../support/app-builder';
import {columns, dropAllTables} from '../support/catalog';
import {describeOnDatabase, skipOnEmbedded} from '../support/databases';
import {rejection} from '../support/rejection';

const ID: PropertyDefinition = {type: 'number', id: true, generated: true};
const TITLE: PropertyDefinition = {type: 'string'};
/** A new required column filled with its default: a marked statement. */
const LABEL: PropertyDefinition = {
  type: 'string',
  required: true,
  default: 'none',
};

/**
 * MariaDB's marks of interrupted runs (`state-marks.ts`) as a user that
 * may change the app's tables and use the state table, but not create
 * tables: MariaDB checks the CREATE privilege of a `CREATE TABLE IF NOT
 * EXISTS` even when the table exists.
 */
describeOnDatabase(
  'mysql',
  'MariaDB: marks of interrupted runs as a user without CREATE',
  db => {
    const prefix = process.env.LSM_TEST_DB_PREFIX ?? 'lsm';
    let user = '';
    const apps: MigratingApp[] = [];

    const models = (label: boolean): ModelSpec[] => [
      {
        name: 'Book',
        properties: {id: ID, title: TITLE, ...(label && {isbn: TITLE})},
      },
      {
        name: 'Note',
        properties: {id: ID, title: TITLE, ...(label && {label: LABEL})},
      },
    ];

    function app(label: boolean, as?: string): MigratingApp {
      const made = buildApp(
        MigratingApp,
        {db: {...db().dataSourceConfig, ...(as && {user: as, password: ''})}},
        models(label),
      );
      apps.push(made);
      return made;
    }

    /** Grant `user` what a run changing Book and Note needs, and DML on `state`. */
    async function grant(state: boolean) {
      for (const table of ['Book', 'Note']) {
        await db().query(
          `GRANT SELECT, INSERT, UPDATE, DELETE, ALTER, INDEX, REFERENCES ON \`${db().name}\`.\`${table}\` TO '${user}'@'%'`,
        );
      }
      if (state) {
        await db().query(
          `GRANT SELECT, INSERT, UPDATE, DELETE ON \`${db().name}\`.schema_migration_state TO '${user}'@'%'`,
        );
      }
    }

    before(function () {
      skipOnEmbedded(this, db(), 'an embedded server has no users');
    });
    beforeEach(async () => {
      await dropAllTables(db());
      await db().query('DROP TABLE IF EXISTS schema_migration_state');
      await migrateSchemaWithReport(app(false));
      await db().query("INSERT INTO `Note` (title) VALUES ('a')");
      user = `${prefix}_mk_${randomBytes(3).toString('hex')}`;
      await db().query(`CREATE USER '${user}'@'%'`);
    });
    afterEach(async () => {
      for (const made of apps.splice(0)) await closeApp(made);
      await db().query(`DROP USER '${user}'@'%'`);
    });

    it('fills a new column through the state table it may use but not create', async () => {
      await grant(true);
      const report = await migrateSchemaWithReport(app(true, user));
      expect(report.dataSources[0].status).to.equal('migrated');
      expect(await db().query('SELECT title, label FROM `Note`')).to.eql([
        {title: 'a', label: 'none'},
      ]);
      expect(
        await db().query(
          "SELECT state_key FROM schema_migration_state WHERE state_key LIKE 'filled-%'",
        ),
      ).to.eql([]);
    });

    it('adds a foreign key unchecked, then checks it, through the state table it may use but not create', async () => {
      const tag = (key: boolean): ModelSpec => ({
        name: 'Tag',
        properties: {
          id: ID,
          bookId: {type: 'number', index: true, mysql: {dataType: 'int'}},
        },
        ...(key && {
          settings: {
            foreignKeys: {
              fk_tag_book: {
                name: 'fk_tag_book',
                entity: 'Book',
                entityKey: 'id',
                foreignKey: 'bookId',
              },
            },
          },
        }),
      });
      const tagged = (key: boolean, as?: string) => {
        const made = buildApp(
          MigratingApp,
          {db: {...db().dataSourceConfig, ...(as && {user: as, password: ''})}},
          [...models(false), tag(key)],
        );
        apps.push(made);
        return made;
      };
      await migrateSchemaWithReport(tagged(false));
      await grant(true);
      await db().query(
        `GRANT SELECT, INSERT, UPDATE, DELETE, ALTER, INDEX, REFERENCES ON \`${db().name}\`.\`Tag\` TO '${user}'@'%'`,
      );
      const report = await migrateSchemaWithReport(tagged(true, user));
      expect(report.dataSources[0].status).to.equal('migrated');
      expect(report.dataSources[0].statements[0].sql).to.match(
        /^BEGIN NOT ATOMIC$/m,
      );
      expect(
        await db().query(
          `SELECT CONSTRAINT_NAME AS name FROM information_schema.REFERENTIAL_CONSTRAINTS
            WHERE CONSTRAINT_SCHEMA = DATABASE() AND TABLE_NAME = 'Tag'`,
        ),
      ).to.eql([{name: 'fk_tag_book'}]);
    });

    it('fails before any change where there is no state table and it may not create one, saying what to grant or run', async () => {
      await db().query('DROP TABLE schema_migration_state');
      await grant(false);
      const error = await rejection(migrateSchemaWithReport(app(true, user)));
      expect(error).to.be.instanceOf(MigrationFailedError);
      expect(error.message).to.match(
        /could not be kept in schema_migration_state \(CREATE command denied .*\): the table is not there and the datasource's user may not create it; nothing was changed\. Grant the user CREATE \(GRANT CREATE ON <database>\.\* TO '<user>'@'<host>'\), or have a user that may create the table \(CREATE TABLE IF NOT EXISTS `schema_migration_state` \(.*\) and grant this one SELECT, INSERT, UPDATE and DELETE on it/,
      );
      expect((await columns(db(), 'Book')).map(c => c.column)).to.eql([
        'id',
        'title',
      ]);
      expect((await columns(db(), 'Note')).map(c => c.column)).to.eql([
        'id',
        'title',
      ]);
    });
  },
);
