import {expect} from '@loopback/testlab';
import {readFileSync} from 'node:fs';
import {ShadowDatabaseError} from '../../src';
import type {ModelSpec} from '../support/app-builder';
import {
  createTestDatabase,
  describeOnDatabase,
  type TestDatabase,
} from '../support/databases';
import {generateProject, skipWithoutShadow} from '../support/generate';
import {rejection} from '../support/rejection';

/** A model in schema `sales` whose uuid id needs an extension. */
const SALES_ORDER: ModelSpec = {
  name: 'SalesOrder',
  properties: {
    id: {
      type: 'string',
      id: true,
      generated: true,
      useDefaultIdType: false,
      postgresql: {
        dataType: 'uuid',
        defaultFn: 'uuid_generate_v4()',
        extension: 'uuid-ossp',
      },
    },
    total: {type: 'number'},
  },
  settings: {postgresql: {schema: 'sales'}},
};

/**
 * A shadow database given by URL (`--shadow-url`) is left as it was found:
 * a schema the plan made there and kept would take its CREATE SCHEMA out of
 * the next generated script, which then fails on a new database.
 */
describeOnDatabase(
  'postgresql',
  'migrate --generate: the schemas made on a given shadow database (postgresql)',
  db => {
    let shadow: TestDatabase | undefined;
    before(async function () {
      skipWithoutShadow(this, db());
      shadow = await createTestDatabase('postgresql');
    });
    after(async () => {
      await shadow?.drop();
    });
    const {open, generate} = generateProject(db, 'shadow-schemas');

    async function shadowSchemasAndExtensions(): Promise<string[]> {
      const rows = await shadow!.query<{name: string}>(
        `SELECT 'schema ' || nspname AS name FROM pg_namespace WHERE nspname = 'sales'
         UNION ALL SELECT 'extension ' || extname FROM pg_extension
         ORDER BY 1`,
      );
      return rows.map(row => row.name);
    }

    it('drops them afterwards, so that every generation creates the schema', async () => {
      const {host, port, user} = shadow!.dataSourceConfig as {
        host: string;
        port: number;
        user: string;
      };
      const shadowUrl = `postgres://${user}@${host}:${port}/${shadow!.name}`;
      const before = await shadowSchemasAndExtensions();
      const app = open([SALES_ORDER]);
      const creates: boolean[] = [];
      for (const version of ['20261201090000', '20261201090100']) {
        const generated = await generate(app, `init-${version}`, version, {
          initial: true,
          shadowDatabase: shadowUrl,
        });
        const script = readFileSync(generated.file!, 'utf8');
        creates.push(/CREATE SCHEMA \\?"sales\\?"/.test(script));
      }
      expect(creates).to.eql([true, true]);
      expect(await shadowSchemasAndExtensions()).to.eql(before);
    });

    it('refuses a shadow database that holds a schema of its own, naming it', async () => {
      await shadow!.query('CREATE SCHEMA sales');
      try {
        const error = await rejection(
          generate(open([SALES_ORDER]), 'init', '20261201090000', {
            initial: true,
            shadowDatabase: shadow!.dataSourceConfig,
          }),
        );
        expect(error).to.be.instanceOf(ShadowDatabaseError);
        expect((error as Error).message).to.match(
          /given shadow database .* it must be empty, and it holds 1 schema\(s\) \(sales\)/,
        );
      } finally {
        await shadow!.query('DROP SCHEMA sales');
      }
    });
  },
);
