import {expect} from '@loopback/testlab';
import type {juggler, PropertyDefinition} from '@loopback/repository';
import {migrateSchemaWithReport} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  type ModelSpec,
} from '../support/app-builder';
import {dropAllTables} from '../support/catalog';
import {describeOnDatabase} from '../support/databases';

const ID: PropertyDefinition = {type: 'number', id: true, generated: true};

function models(release: 1 | 2): ModelSpec[] {
  return [
    {
      name: 'Parent',
      properties: {
        id: ID,
        code:
          release === 1
            ? {type: 'string', index: {unique: true}}
            : {type: 'number', index: {unique: true}},
      },
    },
    {
      name: 'Child',
      properties: {
        id: ID,
        parentId: {type: 'number'},
        title: release === 1 ? {type: 'string'} : {type: 'string', index: true},
        size: release === 1 ? {type: 'number'} : {type: 'string'},
      },
      settings: {
        foreignKeys: {
          fkChildParent: {
            name: 'fk_child_parent',
            entity: 'Parent',
            entityKey: 'id',
            foreignKey: 'parentId',
          },
        },
      },
    },
  ];
}

/**
 * MariaDB reads an information_schema view for every database of the
 * server unless the query gives it constants of its own (`TABLE_SCHEMA =
 * DATABASE()`, table names): a view joined on another view's
 * `TABLE_SCHEMA`, or correlated to it in a subquery (then once per row),
 * opened every table of every database, so a plan on a server shared with
 * other databases slowed with all of their tables. `EXPLAIN` says which:
 * `Scanned all databases`.
 */
describeOnDatabase(
  'mysql',
  "MySQL/MariaDB: the plan's catalog reads scan the current database only",
  db => {
    beforeEach(() => dropAllTables(db()));

    it('reads no information_schema view of every database, for a plan judging type changes, indexes and keys', async () => {
      const first = buildApp(
        MigratingApp,
        {db: db().dataSourceConfig},
        models(1),
      );
      try {
        await migrateSchemaWithReport(first);
      } finally {
        await closeApp(first);
      }
      await db().query("INSERT INTO `Parent` (code) VALUES ('1'), ('2')");
      await db().query(
        "INSERT INTO `Child` (parentId, title, size) VALUES (1, 'a', 3)",
      );

      const second = buildApp(
        MigratingApp,
        {db: db().dataSourceConfig},
        models(2),
      );
      const reads: {sql: string; params: unknown[]}[] = [];
      try {
        const ds = await second.get<juggler.DataSource>('datasources.db');
        const connector = ds.connector as unknown as {
          execute(sql: string, params: unknown[], cb: unknown): void;
        };
        const execute = connector.execute.bind(connector);
        connector.execute = (sql, params, cb) => {
          if (/^\s*SELECT\b/i.test(sql) && /information_schema/i.test(sql)) {
            reads.push({sql, params: Array.isArray(params) ? params : []});
          }
          execute(sql, params, cb);
        };
        const plan = await second.planSchemaMigration({fullCheck: true});
        expect(plan.dataSources[0].statements.length).to.be.above(0);
      } finally {
        await closeApp(second);
      }

      // The reads of the checks this plan makes: lock impact, unique keys
      // over a type change, foreign key column types, primary keys.
      expect(reads.some(r => /CHARACTER_SETS/.test(r.sql))).to.be.true();
      expect(reads.some(r => /NON_UNIQUE = 0/.test(r.sql))).to.be.true();
      expect(reads.some(r => /REFERENCED_TABLE_NAME/.test(r.sql))).to.be.true();
      const everyDatabase: string[] = [];
      for (const {sql, params} of reads) {
        const rows = await db().query<{Extra: string | null}>(
          `EXPLAIN ${sql}`,
          params,
        );
        if (rows.some(r => /Scanned all databases/i.test(r.Extra ?? ''))) {
          everyDatabase.push(sql.replace(/\s+/g, ' ').slice(0, 160));
        }
      }
      expect(everyDatabase).to.eql([]);
    });
  },
);
