import {expect} from '@loopback/testlab';
import type {SchemaMigrationReport} from '../../src';
import type {ModelSpec} from '../support/app-builder';
import {foreignKeys, tables} from '../support/catalog';
import {migrationsOn} from '../support/migrations-on';
import {describeEachDatabase} from '../support/databases';

const PRODUCT: ModelSpec = {
  name: 'Product',
  properties: {
    id: {type: 'number', id: true, generated: true},
    title: {type: 'string'},
  },
  settings: {mysql: {table: 'product'}},
};

/** The through model of a hasManyThrough, with its key to `Product`. */
const LINE: ModelSpec = {
  name: 'Line',
  properties: {
    id: {type: 'number', id: true, generated: true},
    productId: {type: 'number', postgresql: {columnName: 'productid'}},
  },
  settings: {
    mysql: {table: 'line'},
    foreignKeys: {
      fk_line_product: {
        name: 'fk_line_product',
        entity: 'Product',
        entityKey: 'id',
        foreignKey: 'productId',
      },
    },
  },
};

// A model moved to another datasource (its repository now injects
// `datasources.other`) while a model of the first one keeps its foreign key
// to it. The connectors never create a key to a model of another datasource,
// but their comparison with the key already in the table read the moved
// model's definition and threw ("Cannot read properties of undefined
// (reading 'settings')"): every plan and run of the datasource failed.
describeEachDatabase(
  'a foreign key whose target model moved to another datasource',
  db => {
    const run = migrationsOn(db, () => ({
      db: db().dataSourceConfig,
      other: {connector: 'memory'},
    }));
    const migrate = (models: ModelSpec[], dryRun = false) =>
      run(models, {dryRun});

    it('plans and drops the key in the table, as a new database would not have it', async () => {
      await migrate([PRODUCT, LINE]);
      await db().query("INSERT INTO product (title) VALUES ('pen')");
      await db().query('INSERT INTO line (productid) VALUES (1)');
      expect((await foreignKeys(db())).map(fk => fk.name)).to.eql([
        'fk_line_product',
      ]);

      const moved = [{...PRODUCT, dataSource: 'other'}, LINE];
      const plan = await migrate(moved, true);
      const result = plan.dataSources.find(d => d.name === 'db')!;
      expect(result.status).to.equal('planned');
      // The key's drop (on MySQL, then the drop of the index it made).
      expect(result.statements.map(s => s.destructive)).to.eql(
        db().kind === 'postgresql' ? [false] : [false, false],
      );
      expect(result.statements[0].sql).to.match(
        /DROP (CONSTRAINT|FOREIGN KEY).*fk_line_product/i,
      );
      expect(result.warnings.join('\n')).to.match(
        /foreign key "fk_line_product" to model Product, which is not attached to datasource "db" but to "other": the constraint is not created, and the one of that name in the table is dropped \(a database cannot enforce a foreign key across datasources\)/,
      );

      const report = await migrate(moved);
      expect(report.dataSources.find(d => d.name === 'db')!.status).to.equal(
        'migrated',
      );
      expect(await foreignKeys(db())).to.eql([]);
      // The table of the moved model stays (no model of "db" maps to it).
      expect(await tables(db())).to.containEql('product');
      expect(await db().query('SELECT productid FROM line')).to.have.length(1);

      const again = await migrate(moved);
      expect(again.dataSources.find(d => d.name === 'db')!.status).to.equal(
        'up-to-date',
      );
    });

    it('says the key in the table stays where the plan leaves it (its column named otherwise, qa82)', async () => {
      const mapped = (line: ModelSpec): ModelSpec => ({
        ...line,
        properties: {
          ...line.properties,
          productId: {
            type: 'number',
            postgresql: {columnName: 'product_ref'},
            mysql: {columnName: 'product_ref'},
          },
        },
      });
      await migrate([PRODUCT, mapped(LINE)]);
      const moved = [{...PRODUCT, dataSource: 'other'}, mapped(LINE)];
      const plan = await migrate(moved, true);
      const result = plan.dataSources.find(d => d.name === 'db')!;
      const drops = result.statements.some(s =>
        /DROP (CONSTRAINT|FOREIGN KEY).*fk_line_product/i.test(s.sql),
      );
      const warning = result.warnings.join('\n');
      expect(warning).to.match(
        /foreign key "fk_line_product" to model Product, which is not attached to datasource "db" but to "other": the constraint is not created/,
      );
      expect(/is dropped/.test(warning)).to.equal(drops);
      await migrate(moved);
      expect((await foreignKeys(db())).length).to.equal(drops ? 0 : 1);
    });
  },
);

// The other datasource names the same database: as
// `@loopback/authentication-jwt`'s `jwtdb`, bound to the app's own
// datasource class beside `db`.
describeEachDatabase(
  'a foreign key to a model of another datasource of the same database',
  db => {
    // `other` names the database by a url: the same database all the same.
    const run = migrationsOn(db, () => ({
      db: db().dataSourceConfig,
      other: asUrl(db().dataSourceConfig),
    }));

    it('is not made, and the warning says how to have it: one datasource, the other an alias of it', async () => {
      const report = await run([{...PRODUCT, dataSource: 'other'}, LINE]);
      const result = report.dataSources.find(d => d.name === 'db')!;
      expect(result.warnings.join('\n')).to.match(
        /foreign key "fk_line_product" to model Product, which is not attached to datasource "db" but to "other": the constraint is not created\. "other" names the same database: to have the key, put both models on one datasource, binding "other" as an alias of this one \(this\.bind\('datasources\.other'\)\.toAlias\('datasources\.db'\), as for @loopback\/authentication-jwt's jwtdb\)/,
      );
      expect(await foreignKeys(db())).to.eql([]);
      expect(await tables(db())).to.containDeep(['line', 'product']);
    });
  },
);

// The warning depends on where the target is: a start that finds the same
// models and tables, the target's datasource renamed, checks again.
describeEachDatabase(
  'a foreign key to a model of a datasource renamed since the last run',
  db => {
    let other = 'other';
    const run = migrationsOn(db, () => ({
      db: db().dataSourceConfig,
      [other]: db().dataSourceConfig,
    }));
    const warningOf = (report: SchemaMigrationReport) =>
      report.dataSources.find(d => d.name === 'db')!.warnings.join('\n');

    it('names the datasource the target is on now', async () => {
      other = 'other';
      await run([{...PRODUCT, dataSource: 'other'}, LINE]);
      const recorded = await run([{...PRODUCT, dataSource: 'other'}, LINE]);
      expect(recorded.dataSources.map(d => d.status)).to.eql([
        'up-to-date',
        'up-to-date',
      ]);
      other = 'catalog';
      const renamed = await run([{...PRODUCT, dataSource: 'catalog'}, LINE]);
      expect(warningOf(renamed)).to.match(/but to "catalog"/);
      expect(warningOf(renamed)).to.not.match(/"other"/);
    });
  },
);

/** The same connection settings, written as a `url`. */
function asUrl(config: Record<string, unknown>): Record<string, unknown> {
  const {connector, host, port, user, password, database, ...rest} = config;
  const scheme = connector === 'postgresql' ? 'postgres' : 'mysql';
  const login = `${encodeURIComponent(String(user))}:${encodeURIComponent(String(password ?? ''))}`;
  return {
    ...rest,
    connector,
    url: `${scheme}://${login}@${String(host)}:${String(port)}/${String(database)}`,
  };
}
