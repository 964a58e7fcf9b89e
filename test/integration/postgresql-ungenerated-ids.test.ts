import {expect} from '@loopback/testlab';
import type {PropertyDefinition} from '@loopback/repository';
import {InvalidModelError, migrateSchemaWithReport} from '../../src';
import {buildApp, closeApp, MigratingApp} from '../support/app-builder';
import {dropAllTables} from '../support/catalog';
import {describeOnDatabase} from '../support/databases';
import {rejection} from '../support/rejection';
import {loadedConnectorVersion} from '../../src/discovery/connector-version';

// `lb4 model` writes `{type: 'string', id: true, generated: true}` for a
// generated string id (LoopBack's multi-tenancy example has one). For such a
// property of a table it creates, loopback-connector-postgresql prints a
// warning with chalk: from 8.0 its chalk (5 and later) is an ES module whose
// `chalk.red` is undefined, so CREATE TABLE never gets written ("chalk.red is
// not a function"; stock migrateSchema() crashes the process with it).
describeOnDatabase(
  'postgresql',
  'a generated id the connector cannot generate',
  db => {
    beforeEach(() => dropAllTables(db()));

    const user = (id: PropertyDefinition) => [
      {name: 'User', properties: {id, name: {type: 'string'}}},
    ];

    async function withUser(
      id: PropertyDefinition,
      body: (app: MigratingApp) => Promise<void>,
    ): Promise<void> {
      const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, user(id));
      try {
        await body(app);
      } finally {
        await closeApp(app);
      }
    }

    async function connectorMajor(app: MigratingApp): Promise<number> {
      const ds = await app.get<object>('datasources.db');
      const version = loadedConnectorVersion(
        ds,
        'loopback-connector-postgresql',
      );
      return Number(version?.split('.')[0]);
    }

    it('is refused before any change when its table is created, saying why and how to fix it', async function () {
      await withUser({type: 'string', id: true, generated: true}, async app => {
        if ((await connectorMajor(app)) < 8) this.skip();
        const error = await rejection(app.migrateSchema());
        expect(error).to.be.instanceOf(InvalidModelError);
        expect(error.message).to.equal(
          'model User: property id is generated: true with the column type TEXT, ' +
            'which loopback-connector-postgresql cannot generate (it generates ' +
            "INTEGER as SERIAL and postgresql.dataType 'uuid' with " +
            'uuid_generate_v4()): for any other type, its 8.x and later versions ' +
            'fail to write the CREATE TABLE ("chalk.red is not a function"). ' +
            "Declare postgresql: {dataType: 'uuid'} for a generated uuid, or " +
            "generated: false with defaultFn: 'uuidv4' for LoopBack to make the " +
            "value, for a number postgresql: {dataType: 'bigserial'} without " +
            'generated: true, or create the table in a migration script with ' +
            "the default you want (runs = 'before-schema').",
        );
        const [{count}] = await db().query<{count: string}>(
          "SELECT count(*) FROM information_schema.tables WHERE table_name = 'user'",
        );
        expect(count).to.equal('0');
      });
    });

    it('says so when TypeScript typed the id Object (a union without a type in its decorator)', async function () {
      await withUser({type: Object, id: true, generated: true}, async app => {
        if ((await connectorMajor(app)) < 8) this.skip();
        const error = await rejection(app.migrateSchema());
        expect(error).to.be.instanceOf(InvalidModelError);
        expect(error.message).to.containEql(
          '("chalk.red is not a function"). Its type is Object, what TypeScript ' +
            'records for a property declared as a union such as `number | undefined` ' +
            'without a type in its decorator: declare `id?: number;` for a SERIAL. ' +
            "Declare postgresql: {dataType: 'uuid'}",
        );
      });
    });

    it('is refused on a rebuild too (the table is made again)', async function () {
      await withUser(
        {
          type: 'number',
          id: true,
          generated: true,
          postgresql: {dataType: 'bigint'},
        },
        async app => {
          if ((await connectorMajor(app)) < 8) this.skip();
          const error = await rejection(
            app.migrateSchema({existingSchema: 'drop'}),
          );
          expect(error).to.be.instanceOf(InvalidModelError);
          expect(error.message).to.startWith(
            'model User: property id is generated: true with the column type BIGINT, ',
          );
        },
      );
    });

    it('is made without a default before 8.0, as stock makes it, with a warning that every create fails', async function () {
      await withUser({type: 'string', id: true, generated: true}, async app => {
        if ((await connectorMajor(app)) >= 8) this.skip();
        const report = await migrateSchemaWithReport(app);
        expect(report.dataSources[0].warnings).to.containEql(
          'model User, property id: generated: true on a TEXT column, which ' +
            'loopback-connector-postgresql cannot generate (only INTEGER, as ' +
            "SERIAL, and postgresql.dataType 'uuid') and makes without a " +
            'default: every create without an id is refused ("null value in ' +
            'column "id" violates not-null constraint"). Declare ' +
            "postgresql: {dataType: 'uuid'} for a generated uuid, or " +
            "generated: false with defaultFn: 'uuidv4' (the app makes each " +
            'id), or a number id',
        );
        const insert = await rejection(
          db().query('INSERT INTO "user" (name) VALUES ($1)', ['Ada']),
        );
        expect(insert.message).to.match(
          /null value in column "id" .*violates not-null constraint/,
        );
      });
    });

    it('is left to the connector on an existing table, which it does not make again', async () => {
      await db().query(
        'CREATE TABLE "user" (id TEXT PRIMARY KEY DEFAULT gen_random_uuid()::text, name TEXT)',
      );
      await withUser({type: 'string', id: true, generated: true}, async app => {
        const report = await migrateSchemaWithReport(app, {fullCheck: true});
        expect(report.dataSources[0]).to.containDeep({
          status: 'up-to-date',
          statements: [],
        });
      });
    });
  },
);
