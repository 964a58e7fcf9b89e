import {expect} from '@loopback/testlab';
import {parseCreateTable} from '../../../src/dialects/mysql/previous-definitions';
import {mysqlInverse} from '../../../src/dialects/mysql/shadow';
import {postgresqlInverse} from '../../../src/dialects/postgresql/shadow';

describe('exact inverses of planned statements', () => {
  it('PostgreSQL: tables, columns, indexes and constraints are undone', () => {
    expect(
      postgresqlInverse('CREATE TABLE "public"."todo" (\n  "id" SERIAL\n)'),
    ).to.eql({sql: 'DROP TABLE "public"."todo"'});
    expect(
      postgresqlInverse(
        'ALTER TABLE "public"."todo" ADD COLUMN "a" INTEGER, ADD COLUMN "b" TEXT',
      ),
    ).to.eql({
      sql: 'ALTER TABLE "public"."todo" DROP COLUMN "b", DROP COLUMN "a"',
    });
    expect(
      postgresqlInverse(
        'CREATE UNIQUE INDEX "todo_a_idx" ON "public"."todo" ("a")',
      ),
    ).to.eql({sql: 'DROP INDEX "public"."todo_a_idx"'});
    expect(
      postgresqlInverse(
        'ALTER TABLE "public"."todo" ADD CONSTRAINT "fk" FOREIGN KEY ("l") REFERENCES "public"."list"(id)',
      ),
    ).to.eql({sql: 'ALTER TABLE "public"."todo" DROP CONSTRAINT "fk"'});
    expect(
      postgresqlInverse('CREATE EXTENSION IF NOT EXISTS "uuid-ossp"'),
    ).to.have.property('kept');
    // The online form of a foreign key: NOT VALID, then validated.
    expect(
      postgresqlInverse(
        'ALTER TABLE "public"."todo" ADD CONSTRAINT "fk" FOREIGN KEY ("l") REFERENCES "public"."list"(id) NOT VALID',
      ),
    ).to.eql({sql: 'ALTER TABLE "public"."todo" DROP CONSTRAINT "fk"'});
    expect(
      postgresqlInverse('ALTER TABLE "public"."todo" VALIDATE CONSTRAINT "fk"'),
    ).to.have.property('kept');
    expect(
      postgresqlInverse(
        'CREATE INDEX CONCURRENTLY "i" ON "public"."todo" ("a")',
      ),
    ).to.eql({sql: 'DROP INDEX CONCURRENTLY "public"."i"'});
  });

  it('PostgreSQL: drops and type changes have none, and say why', () => {
    expect(
      postgresqlInverse('ALTER TABLE "public"."todo" DROP COLUMN "a"'),
    ).to.eql({
      none: 'DROP COLUMN "a": a dropped column cannot be restored with its data',
    });
    expect(
      postgresqlInverse(
        'ALTER TABLE "t" ADD COLUMN "b" TEXT, ALTER COLUMN "a" TYPE BIGINT',
      ),
    ).to.have.property('none');
    expect(postgresqlInverse('DROP TABLE "public"."todo"')).to.eql({
      none: 'a dropped table cannot be restored with its data',
    });
  });

  it('MySQL: columns (with or without COLUMN), indexes and foreign keys are undone', () => {
    expect(mysqlInverse('CREATE TABLE `Todo` (\n  `id` INT\n)')).to.eql({
      sql: 'DROP TABLE `Todo`',
    });
    expect(
      mysqlInverse(
        'ALTER TABLE `Todo` ADD COLUMN `a` INT NULL,\nADD  INDEX  `a_idx` (a), ADD `b` TEXT',
      ),
    ).to.eql({
      sql: 'ALTER TABLE `Todo` DROP COLUMN `b`, DROP INDEX `a_idx`, DROP COLUMN `a`',
    });
    expect(
      mysqlInverse(
        'ALTER TABLE `Todo` ADD  CONSTRAINT `fk` FOREIGN KEY (`l`) REFERENCES `List`(`id`)',
      ),
    ).to.eql({sql: 'ALTER TABLE `Todo` DROP FOREIGN KEY `fk`'});
    expect(mysqlInverse('CREATE INDEX `i` ON `Todo` (`a`)')).to.eql({
      sql: 'DROP INDEX `i` ON `Todo`',
    });
  });

  it('MySQL: a foreign key whose index the server made is dropped with it', () => {
    const add =
      'ALTER TABLE `Todo` ADD CONSTRAINT `fk` FOREIGN KEY (`l`) REFERENCES `List`(`id`)';
    expect(mysqlInverse(add, {implicit: new Set(['Todo.fk'])})).to.eql({
      sql: 'ALTER TABLE `Todo` DROP FOREIGN KEY `fk`, DROP INDEX `fk`',
    });
    // Made on another table: not this key's.
    expect(mysqlInverse(add, {implicit: new Set(['List.fk'])})).to.eql({
      sql: 'ALTER TABLE `Todo` DROP FOREIGN KEY `fk`',
    });
  });

  it('MySQL: the online algorithm clauses need no undoing', () => {
    expect(
      mysqlInverse(
        'ALTER TABLE `Todo` ADD COLUMN `a` INT NULL, ALGORITHM=INPLACE, LOCK=NONE',
      ),
    ).to.eql({sql: 'ALTER TABLE `Todo` DROP COLUMN `a`'});
    expect(
      mysqlInverse(
        'CREATE INDEX `i` ON `Todo` (`a`) ALGORITHM=INPLACE LOCK=NONE',
      ),
    ).to.eql({sql: 'DROP INDEX `i` ON `Todo`'});
  });

  it('MySQL: MODIFY and DROP have none', () => {
    expect(
      mysqlInverse('ALTER TABLE `Todo` MODIFY `a` BIGINT'),
    ).to.have.property('none');
    expect(mysqlInverse('ALTER TABLE `Todo` DROP `a`')).to.have.property(
      'none',
    );
  });
});

describe('inverses that restore what the shadow catalog had', () => {
  const previous = (
    columns: Record<
      string,
      {definition: string; notNull: boolean; default?: string}
    >,
    indexes: Record<string, string> = {},
    constraints: Record<string, string> = {},
  ) => ({
    previous: {
      columns: new Map(Object.entries(columns)),
      indexes: new Map(Object.entries(indexes)),
      constraints: new Map(Object.entries(constraints)),
    },
  });

  it('PostgreSQL: a type change, a dropped constraint and a dropped index', () => {
    expect(
      postgresqlInverse(
        'ALTER TABLE "public"."t" ALTER COLUMN "a" TYPE TEXT USING "a"::TEXT',
        previous({a: {definition: 'integer', notNull: true, default: '0'}}),
      ),
    ).to.eql({
      sql:
        'ALTER TABLE "public"."t" ALTER COLUMN "a" DROP DEFAULT, ' +
        'ALTER COLUMN "a" TYPE integer USING "a"::integer, ' +
        'ALTER COLUMN "a" SET DEFAULT 0, ALTER COLUMN "a" SET NOT NULL',
    });
    expect(
      postgresqlInverse(
        'ALTER TABLE "public"."t" DROP CONSTRAINT IF EXISTS "fk"',
        previous({}, {}, {fk: 'FOREIGN KEY (l) REFERENCES list(id)'}),
      ),
    ).to.eql({
      sql: 'ALTER TABLE "public"."t" ADD CONSTRAINT "fk" FOREIGN KEY (l) REFERENCES list(id)',
    });
    expect(
      postgresqlInverse(
        'DROP INDEX CONCURRENTLY "public"."i"',
        previous({}, {i: 'CREATE UNIQUE INDEX i ON public.t USING btree (a)'}),
      ),
    ).to.eql({
      sql: 'CREATE UNIQUE INDEX CONCURRENTLY i ON public.t USING btree (a)',
    });
    expect(
      postgresqlInverse(
        'ALTER TABLE "t" ALTER COLUMN "a" DROP NOT NULL',
        previous({a: {definition: 'text', notNull: true}}),
      ),
    ).to.eql({sql: 'ALTER TABLE "t" ALTER COLUMN "a" SET NOT NULL'});
  });

  it('MySQL: a changed column, a dropped key and a dropped foreign key', () => {
    const known = previous(
      {a: {definition: 'int(11) DEFAULT NULL', notNull: false}},
      {i: 'UNIQUE KEY `i` (`a`)', fk: 'KEY `fk` (`l`)'},
      {fk: 'CONSTRAINT `fk` FOREIGN KEY (`l`) REFERENCES `List` (`id`)'},
    );
    expect(
      mysqlInverse(
        'ALTER TABLE `T` CHANGE COLUMN `a` `a` VARCHAR(512) NOT NULL, ALGORITHM=INPLACE, LOCK=NONE',
        known,
      ),
    ).to.eql({
      sql: 'ALTER TABLE `T` CHANGE COLUMN `a` `a` int(11) DEFAULT NULL',
    });
    expect(
      mysqlInverse(
        'ALTER TABLE `T` DROP INDEX `fk`, DROP INDEX `i`, DROP FOREIGN KEY fk',
        known,
      ),
    ).to.eql({
      sql:
        'ALTER TABLE `T` ADD CONSTRAINT `fk` FOREIGN KEY (`l`) REFERENCES `List` (`id`), ' +
        'ADD UNIQUE KEY `i` (`a`), ADD KEY `fk` (`l`)',
    });
    expect(mysqlInverse('DROP INDEX `i` ON `T`', known)).to.eql({
      sql: 'ALTER TABLE `T` ADD UNIQUE KEY `i` (`a`)',
    });
  });

  it('without the previous definitions, they have none, and say so', () => {
    expect(
      mysqlInverse('ALTER TABLE `T` MODIFY `a` BIGINT', previous({})),
    ).to.eql({
      none: "MODIFY `a` BIGINT: the column's previous definition is not in the statement nor found in the shadow database (write the reverse change by hand)",
    });
    expect(postgresqlInverse('DROP INDEX "public"."i"')).to.have.property(
      'none',
    );
  });
});

describe('MySQL: the definitions of SHOW CREATE TABLE', () => {
  it('reads each column, key and constraint by name, as the server wrote it', () => {
    const read = parseCreateTable(
      [
        'CREATE TABLE `Item` (',
        '  `id` int(11) NOT NULL AUTO_INCREMENT,',
        "  `a``b` varchar(20) COLLATE utf8mb4_bin DEFAULT 'x,y',",
        "  `note` text DEFAULT NULL COMMENT 'NOT NULL once',",
        '  PRIMARY KEY (`id`),',
        '  UNIQUE KEY `u` (`a``b`),',
        '  FULLTEXT KEY `f` (`a``b`),',
        '  KEY `fk` (`id`),',
        '  CONSTRAINT `fk` FOREIGN KEY (`id`) REFERENCES `Owner` (`id`) ON DELETE CASCADE',
        ') ENGINE=InnoDB DEFAULT CHARSET=utf8mb4',
      ].join('\n'),
    );
    expect([...read.columns]).to.eql([
      ['id', {definition: 'int(11) NOT NULL AUTO_INCREMENT', notNull: true}],
      [
        'a`b',
        {
          definition: "varchar(20) COLLATE utf8mb4_bin DEFAULT 'x,y'",
          notNull: false,
        },
      ],
      [
        'note',
        {
          definition: "text DEFAULT NULL COMMENT 'NOT NULL once'",
          notNull: false,
        },
      ],
    ]);
    expect([...read.indexes]).to.eql([
      ['PRIMARY', 'PRIMARY KEY (`id`)'],
      ['u', 'UNIQUE KEY `u` (`a``b`)'],
      ['f', 'FULLTEXT KEY `f` (`a``b`)'],
      ['fk', 'KEY `fk` (`id`)'],
    ]);
    expect([...read.constraints]).to.eql([
      [
        'fk',
        'CONSTRAINT `fk` FOREIGN KEY (`id`) REFERENCES `Owner` (`id`) ON DELETE CASCADE',
      ],
    ]);
  });
});
