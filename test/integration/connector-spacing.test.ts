import {expect} from '@loopback/testlab';
import {runMigrationCli} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  type ModelSpec,
} from '../support/app-builder';
import {dropAllTables} from '../support/catalog';
import {captureIo} from '../support/cli-io';
import {describeEachDatabase, type DatabaseKind} from '../support/databases';

const VARCHAR = {mysql: {dataType: 'varchar', dataLength: 50}};

/**
 * A parent and a child with every index form the connectors write (plain
 * and unique property indexes, a multi-column index with a direction, a
 * unique one whose quoted name holds two spaces, and on MySQL a FULLTEXT
 * and a typed one), a foreign key, and (shown on PostgreSQL) a default
 * holding two spaces.
 * `bare` is the child's table before any of them: `a2` a number, no `d`.
 */
function models(kind: DatabaseKind, bare = false): ModelSpec[] {
  const mysql = kind === 'mysql';
  return [
    {
      name: 'Parent',
      properties: {id: {type: 'number', id: true, generated: true}},
    },
    {
      name: 'Child',
      properties: {
        id: {type: 'number', id: true, generated: true},
        parentId: {type: 'number'},
        a: {type: 'string', ...VARCHAR, ...(bare ? {} : {index: true})},
        b: {
          type: 'string',
          ...VARCHAR,
          ...(bare ? {} : {index: {unique: true}}),
        },
        c: {type: 'string', ...VARCHAR},
        body: {type: 'string', mysql: {dataType: 'text'}},
        a2: bare ? {type: 'number'} : {type: 'string', ...VARCHAR},
        ...(bare ? {} : {d: {type: 'string', ...VARCHAR, default: 'x  y'}}),
      },
      settings: bare
        ? {}
        : {
            indexes: {
              child_ca: {keys: {c: -1, a: 1}},
              'uniq  bc': {keys: {b: 1, c: 1}, options: {unique: true}},
              ...(mysql
                ? {
                    ft_body: {columns: 'body', kind: 'FULLTEXT'},
                    child_c: {columns: 'c', type: 'BTREE'},
                  }
                : {child_c: {keys: {c: 1}, type: 'hash'}}),
            },
            foreignKeys: {
              fk_child_parent: {
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

/** The statements' text outside quoted names and strings. */
function unquoted(sql: string): string {
  return sql.replace(/`(?:[^`]|``)*`|"(?:[^"]|"")*"|'(?:[^']|'')*'/g, 'q');
}

/** Two spaces after a word, a space inside parentheses or before a comma. */
const UNTIDY = /\S {2,}|\( | \)| ,|\)ENGINE/;

describeEachDatabase('statements as shown', (db, kind) => {
  beforeEach(() => dropAllTables(db()));

  /** No untidy spacing outside quotes, each line after its indentation. */
  function expectTidy(text: string): void {
    for (const line of unquoted(text).split('\n')) {
      expect(line.trimStart()).to.not.match(UNTIDY);
    }
  }

  async function shown(app: MigratingApp): Promise<string[]> {
    const io = captureIo();
    expect(await runMigrationCli(() => app, ['--dry-run'], io)).to.equal(0);
    expectTidy(io.out());
    const plan = await app.planSchemaMigration();
    const statements = plan.dataSources[0].statements.map(s => s.sql);
    for (const sql of statements) expectTidy(sql);
    return statements;
  }

  it('spells the index and foreign key statements of new tables with single spaces', async () => {
    const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [
      ...models(kind),
    ]);
    try {
      const statements = await shown(app);
      if (kind === 'mysql') {
        expect(statements[1]).to.equal(
          'CREATE TABLE `Child` (\n' +
            '  `id` INT NOT NULL AUTO_INCREMENT PRIMARY KEY,\n' +
            '  `parentId` INT NULL,\n' +
            '  `a` VARCHAR(50) NULL,\n' +
            '  `b` VARCHAR(50) NULL,\n' +
            '  `c` VARCHAR(50) NULL,\n' +
            '  `body` TEXT NULL,\n' +
            '  `a2` VARCHAR(50) NULL,\n' +
            '  `d` VARCHAR(50) NULL,\n' +
            '  INDEX `child_ca` (`c` DESC,`a`),\n' +
            '  UNIQUE INDEX `uniq  bc` (`b`,`c`),\n' +
            '  FULLTEXT INDEX `ft_body` (`body`),\n' +
            '  INDEX `child_c` USING BTREE (`c`),\n' +
            '  INDEX `a` (`a`),\n' +
            '  UNIQUE INDEX `b` (`b`),\n' +
            '  CONSTRAINT `fk_child_parent` FOREIGN KEY (`parentId`) REFERENCES `Parent`(`id`)\n' +
            ')',
        );
      } else {
        expect(statements.slice(2)).to.eql([
          'CREATE INDEX "child_a_idx" ON "public"."child" ("a")',
          'CREATE UNIQUE INDEX "child_b_idx" ON "public"."child" ("b")',
          'CREATE INDEX "child_ca" ON "public"."child" ("c" DESC, "a" ASC)',
          'CREATE UNIQUE INDEX "uniq  bc" ON "public"."child" ("b" ASC, "c" ASC)',
          'CREATE INDEX "child_c" ON "public"."child" USING hash ("c")',
        ]);
      }
      await app.migrateSchema();
      expect(await shown(app)).to.eql([]);
    } finally {
      await closeApp(app);
    }
  });

  it('spells the statements adding them to an existing table with single spaces', async () => {
    const first = buildApp(MigratingApp, {db: db().dataSourceConfig}, [
      ...models(kind, true),
    ]);
    await first.migrateSchema();
    await closeApp(first);
    const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [
      ...models(kind),
    ]);
    try {
      const statements = await shown(app);
      if (kind === 'mysql') {
        expect(statements[0]).to.equal(
          'ALTER TABLE `Child` CHANGE COLUMN `a2` `a2` VARCHAR(50) NULL, ' +
            'ADD COLUMN `d` VARCHAR(50) NULL, ' +
            'ADD INDEX `a` (`a`), ADD UNIQUE INDEX `b` (`b`), ' +
            'ADD INDEX `child_ca` (`c` DESC,`a`), ' +
            'ADD UNIQUE INDEX `uniq  bc` (`b`,`c`), ' +
            'ADD FULLTEXT INDEX `ft_body` (`body`), ' +
            'ADD INDEX `child_c` USING BTREE (`c`)',
        );
        expect(statements[1]).to.containEql(
          'ALTER TABLE `Child` ADD CONSTRAINT `fk_child_parent` FOREIGN KEY (`parentId`) REFERENCES `Parent`(`id`)',
        );
      } else {
        expect(statements).to.eql([
          'ALTER TABLE "public"."child" ADD COLUMN "d" TEXT DEFAULT \'x  y\', ' +
            'ALTER COLUMN "a2" TYPE TEXT USING "a2"::TEXT',
          'ALTER TABLE "public"."child" ADD CONSTRAINT "fk_child_parent" FOREIGN KEY ("parentid") ' +
            'REFERENCES "public"."parent"(id) ON DELETE NO ACTION ON UPDATE NO ACTION NOT VALID',
          'CREATE INDEX CONCURRENTLY "child_a_idx" ON "public"."child" ("a")',
          'CREATE UNIQUE INDEX CONCURRENTLY "child_b_idx" ON "public"."child" ("b")',
          'CREATE INDEX CONCURRENTLY "child_ca" ON "public"."child" ("c" DESC, "a" ASC)',
          'CREATE UNIQUE INDEX CONCURRENTLY "uniq  bc" ON "public"."child" ("b" ASC, "c" ASC)',
          'CREATE INDEX CONCURRENTLY "child_c" ON "public"."child" USING hash ("c")',
          'ALTER TABLE "public"."child" VALIDATE CONSTRAINT "fk_child_parent"',
        ]);
      }
      await app.migrateSchema();
      expect(await shown(app)).to.eql([]);
    } finally {
      await closeApp(app);
    }
  });
});
