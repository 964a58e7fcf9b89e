import {expect} from '@loopback/testlab';
import {readFileSync} from 'node:fs';
import {migrateSchemaWithReport} from '../../src';
import type {ModelSpec} from '../support/app-builder';
import {describeOnDatabase} from '../support/databases';
import {shadowProject} from '../support/generate';

const OWNER: ModelSpec = {
  name: 'Owner',
  properties: {
    id: {type: 'number', id: true, generated: true},
    name: {type: 'string'},
  },
};

/** `Item`, with its foreign key to `Owner` or (`keyed: false`) without. */
function item(keyed: boolean): ModelSpec {
  return {
    name: 'Item',
    properties: {
      id: {type: 'number', id: true, generated: true},
      ownerId: {type: 'number'},
    },
    settings: {
      foreignKeys: keyed
        ? {
            fk_item_owner: {
              name: 'fk_item_owner',
              entity: 'Owner',
              entityKey: 'id',
              foreignKey: 'ownerId',
            },
          }
        : {},
    },
  };
}

describeOnDatabase(
  'postgresql',
  'a generated down() run under another search_path (postgresql)',
  db => {
    const {open, generate, build} = shadowProject(db, 'down-search-path');
    after(async () => {
      await db().query(`ALTER DATABASE ${db().name} RESET search_path`);
    });

    it('adds a dropped foreign key back to the table of its schema, not to one the bare name finds first', async () => {
      const create = await generate(
        open([OWNER, item(true)]),
        'create-items',
        '20261203060000',
      );
      const created = build(create.file!);
      const unkeyed = await generate(
        open([OWNER, item(false)], created),
        'drop-item-key',
        '20261203060100',
      );
      expect(readFileSync(unkeyed.file!, 'utf8')).to.match(
        /ADD CONSTRAINT "fk_item_owner" FOREIGN KEY \(ownerid\) REFERENCES public\.owner\(id\)/,
      );
      const scripts = [...created, ...build(unkeyed.file!)];
      await migrateSchemaWithReport(open([OWNER, item(false)], scripts), {
        schemaSource: 'scripts',
      });
      // Another environment: a table of the same name earlier on the path.
      await db().query('CREATE SCHEMA other');
      await db().query('CREATE TABLE other.owner (id INTEGER PRIMARY KEY)');
      await db().query(
        `ALTER DATABASE ${db().name} SET search_path = other, public`,
      );
      await open([OWNER, item(true)], scripts).revertMigrations({steps: 1});
      expect(
        await db().query(
          `SELECT n.nspname AS schema, t.relname AS "table"
             FROM pg_constraint c
             JOIN pg_class t ON t.oid = c.confrelid
             JOIN pg_namespace n ON n.oid = t.relnamespace
            WHERE c.conname = 'fk_item_owner'`,
        ),
      ).to.eql([{schema: 'public', table: 'owner'}]);
    });
  },
);
