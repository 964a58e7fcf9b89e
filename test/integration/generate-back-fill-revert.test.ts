import {expect} from '@loopback/testlab';
import {readFileSync} from 'node:fs';
import {migrateSchemaWithReport} from '../../src';
import type {ModelSpec} from '../support/app-builder';
import {describeOnDatabase} from '../support/databases';
import {generateProject, schemaOf} from '../support/generate';

/** `Item`, with a `token` filled by a volatile default when `withToken`. */
function item(withToken: boolean): ModelSpec {
  return {
    name: 'Item',
    properties: {
      id: {type: 'number', id: true, generated: true},
      name: {type: 'string'},
      ...(withToken
        ? {
            token: {
              type: 'string',
              postgresql: {dataType: 'uuid', dbDefault: 'gen_random_uuid()'},
            },
          }
        : {}),
    },
  };
}

describeOnDatabase(
  'postgresql',
  'a generated script adding a column with a volatile default (postgresql)',
  db => {
    const project = generateProject(db, 'back-fill-revert');
    const {open, generate} = project;

    it('has a down() that drops the column: the back-fill and its mark leave nothing else to undo', async () => {
      const first = await generate(open([item(false)]), 'items', '1.0.0');
      const items = project.build(first.file!);
      const second = await generate(
        open([item(true)], items),
        'add-token',
        '1.1.0',
      );
      expect(second.warnings).to.eql([]);
      const text = readFileSync(second.file!, 'utf8');
      expect(text).to.not.match(/down\(\) of version \S+ throws/);
      expect(text).to.match(/DROP COLUMN "token"/);

      // On a database with rows: up() back-fills them, down() undoes it.
      await migrateSchemaWithReport(open([item(false)], items), {
        schemaSource: 'scripts',
      });
      await db().query("INSERT INTO item (name) VALUES ('a'), ('b')");
      const before = await schemaOf(db());
      const addToken = project.build(second.file!);
      const app = open([item(true)], [...items, ...addToken]);
      await migrateSchemaWithReport(app, {schemaSource: 'scripts'});
      expect(
        await db().query(
          'SELECT count(*)::int AS n FROM item WHERE token IS NULL',
        ),
      ).to.eql([{n: 0}]);
      // The back-filled values go with the column: a data loss to accept.
      const reverted = await app.revertMigrations({
        to: '1.0.0',
        acceptDataLoss: true,
      });
      expect(reverted.scripts.map(s => `${s.version} ${s.status}`)).to.eql([
        '1.1.0+online reverted',
        '1.1.0 reverted',
      ]);
      expect(await schemaOf(db())).to.eql(before);
      expect(await db().query('SELECT name FROM item ORDER BY id')).to.eql([
        {name: 'a'},
        {name: 'b'},
      ]);
    });
  },
);
