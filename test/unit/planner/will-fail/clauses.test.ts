import {expect} from '@loopback/testlab';
import {mysqlTypesMatch} from '../../../../src/dialects/mysql/failure-checks';
import {
  plannedColumns,
  riskyClauses,
} from '../../../../src/planner/will-fail/clauses';

const lower = (name: string) => name.toLowerCase();
const keep = (name: string) => name;

describe('will-fail clauses', () => {
  it('reads a PostgreSQL autoupdate statement', () => {
    expect(
      riskyClauses(
        'ALTER TABLE "public"."child" ADD COLUMN "extra" TEXT NOT NULL, ADD COLUMN "n" INTEGER NOT NULL DEFAULT 0  ,' +
          '   ADD COLUMN "s" SERIAL NOT NULL, ADD COLUMN "o" TEXT, ALTER COLUMN "code" SET NOT NULL',
        lower,
      ),
    ).to.eql([
      {kind: 'not-null', column: 'code'},
      {kind: 'add-not-null', column: 'extra'},
    ]);
  });

  it('takes a DEFAULT as filling the rows, but not DEFAULT NULL', () => {
    expect(
      riskyClauses(
        'ALTER TABLE `t` ADD COLUMN `a` JSON NOT NULL DEFAULT NULL, ADD COLUMN `b` CHAR(36) NOT NULL DEFAULT(uuid()),' +
          " ADD COLUMN `c` TEXT NOT NULL DEFAULT 'x', ADD COLUMN `d` TEXT NOT NULL DEFAULT null",
        keep,
      ),
    ).to.eql([
      {kind: 'add-not-null', column: 'a'},
      {kind: 'add-not-null', column: 'd'},
    ]);
  });

  it('reads NOT NULL and DEFAULT as keywords, not inside quoted text', () => {
    expect(
      riskyClauses(
        "ALTER TABLE `t` ADD COLUMN `a` TEXT NULL COMMENT 'never NOT NULL'," +
          " ADD COLUMN `b` TEXT NOT NULL COMMENT 'no DEFAULT here'," +
          " ADD COLUMN `c` VARCHAR(9) NOT NULL DEFAULT 'NOT NULL'",
        keep,
      ),
    ).to.eql([{kind: 'add-not-null', column: 'b'}]);
  });

  it('reads unique indexes of both dialects', () => {
    expect(
      riskyClauses(
        'CREATE  UNIQUE  INDEX "uq_pair" ON "public"."child" ( "parentid" ASC, "sref" DESC)',
        lower,
      ),
    ).to.eql([
      {
        kind: 'unique',
        index: 'uq_pair',
        columns: ['parentid', 'sref'],
        prefixes: new Map(),
      },
    ]);
    expect(
      riskyClauses(
        'ALTER TABLE `Child` CHANGE COLUMN `code` `code` VARCHAR(255) NOT NULL,\n' +
          'ADD COLUMN `extra` VARCHAR(512) NOT NULL,\nADD UNIQUE INDEX `code`  (`code`) ,\n' +
          'ADD UNIQUE INDEX  `uq_pair` (parentId,sref(10)),\nADD INDEX `plain` (`code`)',
        keep,
      ),
    ).to.eql([
      {kind: 'not-null', column: 'code'},
      {kind: 'add-not-null', column: 'extra'},
      {kind: 'unique', index: 'code', columns: ['code'], prefixes: new Map()},
      {
        kind: 'unique',
        index: 'uq_pair',
        columns: ['parentId', 'sref'],
        prefixes: new Map([['sref', 10]]),
      },
      {kind: 'index', index: 'plain', columns: ['code']},
    ]);
  });

  it('keeps the prefix of a unique key part, in each form of the statement', () => {
    const prefixed = {
      kind: 'unique',
      index: 'by_title',
      columns: ['title', 'tag'],
      prefixes: new Map([['title', 5]]),
    };
    expect(
      riskyClauses(
        'CREATE UNIQUE INDEX `by_title` ON `Note` (`title` ( 5 ) ASC, tag)',
        keep,
      ),
    ).to.eql([prefixed]);
    expect(
      riskyClauses(
        'ALTER TABLE `Note` ADD CONSTRAINT `by_title` UNIQUE KEY (`title`(5), `tag`)',
        keep,
      ),
    ).to.eql([prefixed]);
  });

  it('reads plain indexes of both dialects, for the columns they name', () => {
    expect(
      riskyClauses(
        'CREATE INDEX CONCURRENTLY "i" ON "public"."t" ( "a" ASC, "B" DESC)',
        lower,
      ),
    ).to.eql([{kind: 'index', index: 'i', columns: ['a', 'B']}]);
    expect(
      riskyClauses('ALTER TABLE `T` ADD KEY `k` USING BTREE (`a`,b(10))', keep),
    ).to.eql([{kind: 'index', index: 'k', columns: ['a', 'b']}]);
  });

  it('reads foreign keys of both dialects', () => {
    expect(
      riskyClauses(
        'ALTER TABLE "public"."child" ADD CONSTRAINT "fk_a" FOREIGN KEY ("parentid") REFERENCES "public"."parent"(id) ' +
          'ON DELETE NO ACTION ON UPDATE NO ACTION,ADD CONSTRAINT "fk_b" FOREIGN KEY ("x", "y") REFERENCES "public"."pair"("a", "b")',
        lower,
      ),
    ).to.eql([
      {
        kind: 'foreign-key',
        constraint: 'fk_a',
        columns: ['parentid'],
        target: {schema: 'public', name: 'parent'},
        targetColumns: ['id'],
      },
      {
        kind: 'foreign-key',
        constraint: 'fk_b',
        columns: ['x', 'y'],
        target: {schema: 'public', name: 'pair'},
        targetColumns: ['a', 'b'],
      },
    ]);
    expect(
      riskyClauses(
        'ALTER TABLE `Child` ADD  CONSTRAINT `fk_child_parent` FOREIGN KEY (`parentId`) REFERENCES `Parent`(`id`)',
        keep,
      ),
    ).to.eql([
      {
        kind: 'foreign-key',
        constraint: 'fk_child_parent',
        columns: ['parentId'],
        target: {schema: '', name: 'Parent'},
        targetColumns: ['id'],
      },
    ]);
  });

  it('finds nothing to check in other statements', () => {
    expect(
      riskyClauses('CREATE TABLE "public"."t" (id SERIAL NOT NULL)', lower),
    ).to.eql([]);
    expect(riskyClauses('ALTER TABLE `T` DROP COLUMN `a`', keep)).to.eql([]);
  });

  it('lists the columns a statement adds and the types it sets', () => {
    const planned = plannedColumns(
      'ALTER TABLE "public"."t" ADD COLUMN "a" TEXT NOT NULL, ALTER COLUMN "b" TYPE INTEGER USING "b"::INTEGER',
    );
    expect(planned.added).to.eql(['a']);
    expect([...planned.types]).to.eql([
      ['a', 'TEXT'],
      ['b', 'INTEGER'],
    ]);
  });
});

describe('mysqlTypesMatch (InnoDB foreign keys)', () => {
  it('wants integers of the same size and sign', () => {
    expect(mysqlTypesMatch('int(11)', 'INT')).to.be.true();
    expect(mysqlTypesMatch('INTEGER', 'int(11)')).to.be.true();
    expect(mysqlTypesMatch('bigint(20)', 'int(11)')).to.be.false();
    expect(mysqlTypesMatch('int(10) unsigned', 'int(11)')).to.be.false();
  });

  it('takes character strings of any length, and nothing else for them', () => {
    expect(mysqlTypesMatch('varchar(64)', 'VARCHAR(512)')).to.be.true();
    expect(mysqlTypesMatch('char(36)', 'varchar(36)')).to.be.true();
    expect(mysqlTypesMatch('varchar(64)', 'int(11)')).to.be.false();
    expect(mysqlTypesMatch('text', 'varchar(64)')).to.be.false();
  });
});
