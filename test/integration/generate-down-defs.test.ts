import {expect} from '@loopback/testlab';
import {readFileSync} from 'node:fs';
import {MigrationWillFailError, migrateSchemaWithReport} from '../../src';
import type {MigratingApp, ModelSpec} from '../support/app-builder';
import {exactDefinitions} from '../support/catalog';
import {describeEachDatabase} from '../support/databases';
import {shadowProject} from '../support/generate';
import {rejection} from '../support/rejection';

/** The scripts' ledger, left out of the comparisons. */
const LEDGER = 'schema_migration_scripts';

function owner(): ModelSpec {
  return {
    name: 'Owner',
    properties: {
      id: {type: 'number', id: true, generated: true},
      name: {type: 'string'},
    },
  };
}

/**
 * `Item`, with `change` applied to its properties and settings. A new
 * object each time: the connectors rewrite the index settings they are given.
 */
function item(
  change: {
    properties?: Record<string, object>;
    settings?: Record<string, unknown>;
  } = {},
): ModelSpec {
  return {
    name: 'Item',
    properties: {
      id: {type: 'number', id: true, generated: true},
      name: {type: 'string', length: 50},
      code: {type: 'string', length: 20},
      count: {type: 'number'},
      ownerId: {type: 'number'},
      ...change.properties,
    },
    settings: {
      indexes: {
        item_name_idx: {keys: {name: 1}},
        item_code_unique: {keys: {code: 1}, options: {unique: true}},
      },
      foreignKeys: {
        fk_item_ownerId: {
          name: 'fk_item_ownerId',
          entity: 'Owner',
          entityKey: 'id',
          foreignKey: 'ownerId',
        },
      },
      ...change.settings,
    },
  };
}

describeEachDatabase(
  'generated down() restores the definitions a change replaced',
  (db, kind) => {
    const project = shadowProject(db, 'generate-down');
    const {open, build} = project;
    const generate = async (
      app: MigratingApp,
      name: string,
      version: string,
    ) => {
      const generated = await project.generate(app, name, version);
      expect(generated.warnings).to.eql([]);
      return {
        text: readFileSync(generated.file!, 'utf8'),
        scripts: build(generated.file!),
      };
    };

    /**
     * Generate the tables, then their keys and foreign key (a change of
     * their own, through ALTER TABLE), apply them to the test database, then generate and apply the change to `changed`, and revert
     * it: the definitions are those from before it, exactly.
     */
    async function changedAndReverted(
      changed: ModelSpec,
      rows?: (
        stage: 'applied' | 'changed' | 'reverted',
        app: MigratingApp,
      ) => Promise<void>,
    ): Promise<string> {
      const bare = item({settings: {indexes: {}, foreignKeys: {}}});
      const create = await generate(
        open([owner(), bare]),
        'create-items',
        '20261130225500',
      );
      const keys = await generate(
        open([owner(), item()], create.scripts),
        'item-keys',
        '20261130225600',
      );
      const before = [...create.scripts, ...keys.scripts];
      const change = await generate(
        open([owner(), changed], before),
        'change-items',
        '20261201090000',
      );
      expect(change.text).to.match(/down\(\) (?:of version \S+ )?undoes/);
      expect(change.text).not.to.match(/down\(\) (?:of version \S+ )?throws/);
      await migrateSchemaWithReport(open([owner(), item()], before), {
        schemaSource: 'scripts',
      });
      const app = open([owner(), changed], [...before, ...change.scripts]);
      await rows?.('applied', app);
      const original = await exactDefinitions(db(), [LEDGER]);
      await migrateSchemaWithReport(app, {schemaSource: 'scripts'});
      expect(await exactDefinitions(db(), [LEDGER])).not.to.eql(original);
      await rows?.('changed', app);
      await app.revertMigrations({steps: change.scripts.length});
      expect(await exactDefinitions(db(), [LEDGER])).to.eql(original);
      await rows?.('reverted', app);
      return change.text;
    }

    it('a property type change: down() gives the column its previous type back, with its values', async () => {
      const table = kind === 'postgresql' ? 'item' : '`Item`';
      const text = await changedAndReverted(
        item({
          properties: {
            name: {type: 'string', length: 80},
            count: {type: 'string'},
          },
        }),
        async (stage, app) => {
          if (stage === 'applied') {
            await db().query(
              `INSERT INTO ${table} (name, count) VALUES ('a', 42)`,
            );
          } else if (stage === 'changed') {
            // A value the old type cannot hold: the database would refuse the
            // type change of down(), which is refused before any statement.
            const up = await exactDefinitions(db(), [LEDGER]);
            await db().query(
              `INSERT INTO ${table} (name, count) VALUES ('b', 'many')`,
            );
            const refused = await rejection(app.revertMigrations({steps: 1}));
            expect(refused).to.be.instanceOf(MigrationWillFailError);
            expect(refused.message).to.match(
              /changes column "count" of .* which the database refuses for 1 stored value \(id 2\): (invalid input syntax for type integer|Truncated incorrect INTEGER value).*Nothing of that script was reverted/,
            );
            expect(await exactDefinitions(db(), [LEDGER])).to.eql(up);
            await db().query(`DELETE FROM ${table} WHERE name = 'b'`);
          } else {
            expect(await db().query(`SELECT name, count FROM ${table}`)).to.eql(
              [{name: 'a', count: 42}],
            );
          }
        },
      );
      expect(text).to.match(
        kind === 'postgresql'
          ? /ALTER COLUMN "count" TYPE integer USING "count"::integer/
          : /CHANGE COLUMN `count` `count` int\(11\) DEFAULT NULL/,
      );
    });

    it('a type changed back that would round stored values: the revert is refused, as data loss', async () => {
      const table = kind === 'postgresql' ? 'item' : '`Item`';
      const decimal = {
        type: 'number',
        postgresql: {dataType: 'NUMERIC', dataPrecision: 10, dataScale: 2},
        mysql: {dataType: 'DECIMAL', dataPrecision: 10, dataScale: 2},
      };
      await changedAndReverted(
        item({properties: {count: decimal}}),
        async (stage, app) => {
          if (stage !== 'changed') return;
          await db().query(
            `INSERT INTO ${table} (name, count) VALUES ('a', 4.5)`,
          );
          await expect(app.revertMigrations({steps: 1})).to.be.rejectedWith(
            /^Revert refused: down\(\) of migration script .* changes column "count" of \S+ to (int\(11\)|integer), which would not keep 1 stored value/,
          );
          await db().query(`DELETE FROM ${table}`);
        },
      );
    });

    it('a property made required: down() makes the column optional again', async () => {
      const text = await changedAndReverted(
        item({
          properties: {code: {type: 'string', length: 20, required: true}},
        }),
      );
      expect(text).to.match(
        kind === 'postgresql'
          ? /ALTER COLUMN "code" DROP NOT NULL/
          : /CHANGE COLUMN `code` `code` varchar\(20\) DEFAULT NULL/,
      );
    });

    it('a changed index (dropped and created again): down() creates the dropped one again as it was', async () => {
      // The PostgreSQL connector matches indexes by name: new keys, new name.
      const changed =
        kind === 'postgresql' ? 'item_name_count_idx' : 'item_name_idx';
      const text = await changedAndReverted(
        item({
          settings: {
            indexes: {
              item_code_unique: {keys: {code: 1}, options: {unique: true}},
              [changed]: {keys: {name: 1, count: 1}},
            },
          },
        }),
      );
      expect(text).to.match(
        kind === 'postgresql'
          ? /'CREATE INDEX item_name_idx ON public\.item USING btree \(name\)'/
          : /ADD KEY `item_name_idx` \(`name`\)/,
      );
    });

    it('a foreign key and a unique index removed from the model: down() adds them again', async () => {
      const text = await changedAndReverted(
        item({
          settings: {
            indexes: {item_name_idx: {keys: {name: 1}}},
            foreignKeys: {},
          },
        }),
      );
      expect(text).to.match(
        kind === 'postgresql'
          ? /ADD CONSTRAINT "fk_item_ownerId" FOREIGN KEY \(ownerid\) REFERENCES public\.owner\(id\)/
          : /ADD CONSTRAINT `fk_item_ownerId` FOREIGN KEY \(`ownerId`\) REFERENCES `Owner` \(`id`\)/,
      );
      expect(text).to.match(/UNIQUE/);
    });

    it('several indexes removed from the model: down() makes them again, and --generate says it is exact', async () => {
      // down() makes them last first; the catalog then lists them in that
      // order, and the plan drops them in it: the same schema.
      const text = await changedAndReverted(item({settings: {indexes: {}}}));
      expect(text).to.match(/item_name_idx/);
      expect(text).to.match(/item_code_unique/);
    });

    it('indexes of every form changed at once: up() makes them as declared, down() as they were', async () => {
      const text = await changedAndReverted(
        item({
          properties: {
            // Plain, as declared (the postgresql connector makes an object
            // index without kind or type unique); unique by kind (the mysql
            // connector added it plain).
            name: {type: 'string', length: 50, index: {}},
            count: {type: 'number', index: {kind: 'UNIQUE'}},
          },
          settings: {
            indexes: {
              item_name_idx: {keys: {count: 1, name: -1}},
              item_code_unique: {keys: {code: 1}},
              by_name: {keys: {name: 1}, type: 'btree'},
            },
          },
        }),
      );
      expect(text).to.match(
        kind === 'postgresql'
          ? /CREATE UNIQUE INDEX CONCURRENTLY "item_count_idx"/
          : /ADD UNIQUE INDEX `count`/,
      );
    });

    it('an index over a foreign key column, whose own index the server drops: down() adds that one again', async () => {
      const text = await changedAndReverted(
        item({
          settings: {
            indexes: {
              item_name_idx: {keys: {name: 1}},
              item_code_unique: {keys: {code: 1}, options: {unique: true}},
              by_owner: {keys: {ownerId: 1, count: 1}},
            },
          },
        }),
      );
      if (kind === 'mysql') {
        expect(text).to.match(
          /ADD KEY `fk_item_ownerId` \(`ownerId`\), DROP INDEX `by_owner`/,
        );
      }
    });
  },
);
