import {expect} from '@loopback/testlab';
import {migrateSchemaWithReport} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  type ModelSpec,
} from '../support/app-builder';
import {dropAllTables, foreignKeyRules} from '../support/catalog';
import {describeEachDatabase} from '../support/databases';

const ID = {type: 'number', id: true, generated: true} as const;

/** A kid whose key to its parent is named `name` (none when undefined). */
function models(name: string | undefined, onDelete?: string): ModelSpec[] {
  return [
    {name: 'Par', properties: {id: ID}},
    {
      name: 'Kid',
      properties: {id: ID, parId: {type: 'number'}},
      settings: {
        foreignKeys: name
          ? {
              parent: {
                name,
                entity: 'Par',
                entityKey: 'id',
                foreignKey: 'parId',
                ...(onDelete && {onDelete}),
              },
            }
          : {},
      },
    },
  ];
}

describeEachDatabase(
  'foreign keys named with a space, a double quote or a reserved word',
  (db, kind) => {
    beforeEach(() => dropAllTables(db()));

    async function migrate(specs: ModelSpec[], fullCheck = false) {
      const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, specs);
      try {
        return (await migrateSchemaWithReport(app, {fullCheck})).dataSources[0];
      } finally {
        await closeApp(app);
      }
    }

    for (const name of ['fk kid par', 'fk"q', 'order']) {
      const rule = (action: string) =>
        kind === 'postgresql'
          ? // confdeltype, confupdtype: a = no action, c = cascade.
            `kid.${name} ${action}a deferrable=false`
          : `kid.${name} ${action === 'c' ? 'cascade' : 'restrict'} restrict`;

      it(`settle, change and go: ${JSON.stringify(name)}`, async () => {
        expect((await migrate(models(name))).status).to.equal('migrated');
        expect((await migrate(models(name), true)).status).to.equal(
          'up-to-date',
        );
        expect(await foreignKeyRules(db())).to.eql([rule('a')]);

        await migrate(models(name, 'CASCADE'));
        expect((await migrate(models(name, 'CASCADE'), true)).status).to.equal(
          'up-to-date',
        );
        expect(await foreignKeyRules(db())).to.eql([rule('c')]);

        await migrate(models(undefined));
        expect((await migrate(models(undefined), true)).status).to.equal(
          'up-to-date',
        );
        expect(await foreignKeyRules(db())).to.eql([]);
      });
    }
  },
);
