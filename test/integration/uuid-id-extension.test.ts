import {expect} from '@loopback/testlab';
import {migrateSchemaWithReport} from '../../src';
import {buildApp, closeApp, MigratingApp} from '../support/app-builder';
import {columns, dropAllTables} from '../support/catalog';
import {describeEachDatabase} from '../support/databases';

describeEachDatabase(
  'a generated uuid id with an extension of its own',
  (db, kind) => {
    beforeEach(() => dropAllTables(db()));

    // The connector starts the text of its CREATE EXTENSION with `undefined`
    // when `dataType` is `'UUID'` (upper case) and names an `extension`.
    if (kind === 'postgresql')
      it('is planned, created with its default, and settles', async () => {
        const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [
          {
            name: 'Token',
            properties: {
              id: {
                type: 'string',
                id: true,
                generated: true,
                useDefaultIdType: false,
                postgresql: {
                  dataType: 'UUID',
                  defaultFn: 'uuid_generate_v4()',
                  extension: 'uuid-ossp',
                },
              },
              name: {type: 'string'},
            },
          },
        ]);
        try {
          const plan = await app.planSchemaMigration();
          expect(plan.dataSources[0].statements.map(s => s.sql)).to.containEql(
            'CREATE EXTENSION IF NOT EXISTS "uuid-ossp"',
          );
          await migrateSchemaWithReport(app);
          const [id] = await db().query<{default: string}>(
            `SELECT column_default AS "default" FROM information_schema.columns
            WHERE table_name = 'token' AND column_name = 'id'`,
          );
          expect(id.default).to.equal('uuid_generate_v4()');
          expect((await columns(db(), 'token'))[0].type).to.equal('uuid');
          const again = await migrateSchemaWithReport(app, {fullCheck: true});
          expect(again.dataSources[0]).to.containDeep({
            status: 'up-to-date',
            statements: [],
          });
        } finally {
          await closeApp(app);
        }
      });
  },
);
