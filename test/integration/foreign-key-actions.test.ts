import {expect} from '@loopback/testlab';
import {InvalidModelError, migrateSchemaWithReport} from '../../src';
import type {ModelSpec} from '../support/app-builder';
import {appsPerTest} from '../support/apps-per-test';
import {foreignKeyRules, tables} from '../support/catalog';
import {describeEachDatabase} from '../support/databases';
import {rejection} from '../support/rejection';

/** A Product and a Line whose foreign key to it has these rules. */
function models(rules: Record<string, unknown>): ModelSpec[] {
  return [
    {
      name: 'Product',
      properties: {id: {type: 'number', id: true, generated: true}},
    },
    {
      name: 'Line',
      properties: {
        id: {type: 'number', id: true, generated: true},
        productId: {type: 'number'},
      },
      settings: {
        foreignKeys: {
          fk_line_product: {
            name: 'fk_line_product',
            entity: 'Product',
            entityKey: 'id',
            foreignKey: 'productId',
            ...rules,
          },
        },
      },
    },
  ];
}

// QA on an lb4 app: `onDelete: 'set_null'` made a NO ACTION key on
// PostgreSQL in silence (the connector takes anything it does not know
// for NO ACTION), and failed on MariaDB with a syntax error after the
// run's earlier statements.
describeEachDatabase('foreign key actions', (db, kind) => {
  const apps = appsPerTest(db);

  for (const [setting, action] of [
    ['onDelete', 'set_null'],
    ['onUpdate', 'DELETE'],
    ['onDelete', true],
  ] as const) {
    it(`refuses ${setting}: ${JSON.stringify(action)} before any change, naming the actions`, async () => {
      const err = await rejection(
        migrateSchemaWithReport(apps.app(models({[setting]: action}))),
      );
      expect(err).to.be.instanceOf(InvalidModelError);
      expect(err.message).to.equal(
        `model Line: foreign key "fk_line_product" of settings.foreignKeys has ${setting}: ` +
          `${JSON.stringify(action)}, which is no action the database takes. Declare one of ` +
          `'RESTRICT', 'CASCADE', 'SET NULL', ${kind === 'postgresql' ? "'SET DEFAULT', " : ''}` +
          `'NO ACTION' (any case), or leave ${setting} out.`,
      );
      expect(await tables(db())).to.eql([]);
    });
  }

  it('makes the key of an action in any case, and is up to date after', async () => {
    const rules = {onDelete: 'cascade', onUpdate: 'Set Null'};
    await migrateSchemaWithReport(apps.app(models(rules)));
    expect(await foreignKeyRules(db())).to.eql([
      kind === 'postgresql'
        ? 'line.fk_line_product cn deferrable=false'
        : 'line.fk_line_product cascade set null',
    ]);
    const again = await migrateSchemaWithReport(apps.app(models(rules)));
    expect(again.dataSources[0].status).to.equal('up-to-date');
  });

  it(
    kind === 'postgresql'
      ? 'makes a SET DEFAULT key'
      : 'refuses SET DEFAULT, which MariaDB makes RESTRICT in silence',
    async () => {
      const app = apps.app(models({onDelete: 'SET DEFAULT'}));
      if (kind === 'postgresql') {
        await migrateSchemaWithReport(app);
        expect(await foreignKeyRules(db())).to.eql([
          'line.fk_line_product da deferrable=false',
        ]);
        return;
      }
      const err = await rejection(migrateSchemaWithReport(app));
      expect(err).to.be.instanceOf(InvalidModelError);
      expect(err.message).to.match(
        /onDelete: "SET DEFAULT", which InnoDB does not do: MariaDB makes the key RESTRICT in silence/,
      );
    },
  );

  it('takes an action spelt with other spacing on MySQL, where the server reads it so (qa82)', async function () {
    if (kind !== 'mysql') this.skip();
    const rules = {onDelete: ' set  null'};
    await migrateSchemaWithReport(apps.app(models(rules)));
    expect(await foreignKeyRules(db())).to.eql([
      'line.fk_line_product set null restrict',
    ]);
    const again = await migrateSchemaWithReport(apps.app(models(rules)));
    expect(again.dataSources[0].status).to.equal('up-to-date');
  });
});
