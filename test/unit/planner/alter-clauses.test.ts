import {expect} from '@loopback/testlab';
import {
  columnChanges,
  createdColumns,
  definedColumns,
  typeOf,
} from '../../../src/planner/alter-clauses';
import {splitClauses} from '../../../src/planner/statement-clauses';
import {unquote} from '../../../src/planner/statement-clauses';

describe('alter-clauses', () => {
  describe('columnChanges', () => {
    it('reads the clauses of a PostgreSQL autoupdate statement', () => {
      expect(
        columnChanges(
          'ALTER TABLE "public"."item" ADD COLUMN "note2" TEXT  ,   ALTER COLUMN "code" TYPE INTEGER USING "code"::INTEGER, ' +
            'ALTER COLUMN "price" TYPE NUMERIC(10,2) USING "price"::NUMERIC(10,2), ALTER COLUMN "price" SET NOT NULL',
        ),
      ).to.eql([
        {
          kind: 'add-column',
          column: 'note2',
          type: 'TEXT',
          sameValue: false,
          required: false,
        },
        {kind: 'change-type', column: 'code', type: 'INTEGER'},
        {kind: 'change-type', column: 'price', type: 'NUMERIC(10,2)'},
        {kind: 'set-not-null', column: 'price'},
      ]);
    });

    it('tells a constant default (the same value in every row) from others', () => {
      const added = (definition: string) =>
        columnChanges(`ALTER TABLE t ADD COLUMN c ${definition}`)[0]?.sameValue;
      expect(added("TEXT DEFAULT 'none'")).to.be.true();
      expect(added('VARCHAR(64) NULL DEFAULT "none"')).to.be.true();
      expect(added('INTEGER NOT NULL DEFAULT -1')).to.be.true();
      expect(added("TEXT DEFAULT 'a'::text")).to.be.true();
      expect(added('TEXT DEFAULT NULL')).to.be.false();
      // The time of the statement: one value for every row it fills.
      expect(added('TIMESTAMP DEFAULT now()')).to.be.true();
      expect(added('DATETIME NULL DEFAULT CURRENT_TIMESTAMP(3)')).to.be.true();
      expect(added('TIMESTAMP DEFAULT clock_timestamp()')).to.be.false();
      expect(added('UUID DEFAULT uuid_generate_v4()')).to.be.false();
      expect(added('TEXT')).to.be.false();
    });

    it('reads dropped columns of both dialects', () => {
      expect(
        columnChanges(
          'ALTER TABLE "public"."item" DROP COLUMN "note", DROP COLUMN "x"',
        ),
      ).to.eql([
        {kind: 'drop-column', column: 'note'},
        {kind: 'drop-column', column: 'x'},
      ]);
      expect(columnChanges('ALTER TABLE `Item` DROP COLUMN `note`')).to.eql([
        {kind: 'drop-column', column: 'note'},
      ]);
    });

    it('reads a MySQL CHANGE COLUMN as a type change, plus NOT NULL when it says so', () => {
      expect(
        columnChanges(
          'ALTER TABLE `Item` CHANGE COLUMN `price` `price` DECIMAL(10,2) NOT NULL,\nDROP FOREIGN KEY fk',
        ),
      ).to.eql([
        {kind: 'change-type', column: 'price', type: 'DECIMAL(10,2)'},
        {kind: 'set-not-null', column: 'price'},
      ]);
      expect(
        columnChanges(
          'ALTER TABLE `Item` CHANGE COLUMN `code` `code` VARCHAR(40) NULL',
        ),
      ).to.eql([{kind: 'change-type', column: 'code', type: 'VARCHAR(40)'}]);
    });

    it('reads a MySQL MODIFY COLUMN, which names the column once, as a type change', () => {
      expect(
        columnChanges('ALTER TABLE `Item` MODIFY COLUMN `score` INT NOT NULL'),
      ).to.eql([
        {kind: 'change-type', column: 'score', type: 'INT'},
        {kind: 'set-not-null', column: 'score'},
      ]);
      expect(columnChanges('ALTER TABLE Item MODIFY score INT')).to.eql([
        {kind: 'change-type', column: 'score', type: 'INT'},
      ]);
      expect(columnChanges('ALTER TABLE Item CHANGE score points INT')).to.eql([
        {kind: 'change-type', column: 'score', type: 'INT'},
      ]);
    });

    it('finds no column change in other statements', () => {
      expect(columnChanges('CREATE TABLE "x" ("id" SERIAL)')).to.eql([]);
      expect(
        columnChanges(
          'ALTER TABLE "x" ADD CONSTRAINT "fk" FOREIGN KEY ("a") REFERENCES "y"(id)',
        ),
      ).to.eql([]);
      expect(
        columnChanges('ALTER TABLE "x" ALTER COLUMN "a" DROP NOT NULL'),
      ).to.eql([]);
    });
  });

  it('splits clauses at top-level commas only', () => {
    expect(
      splitClauses(
        "ADD COLUMN a DECIMAL(10,2), ADD COLUMN b VARCHAR(5) DEFAULT 'x,y'",
      ),
    ).to.eql([
      'ADD COLUMN a DECIMAL(10,2)',
      "ADD COLUMN b VARCHAR(5) DEFAULT 'x,y'",
    ]);
  });

  it('takes the type from the start of a column definition', () => {
    expect(typeOf('INT(11) UNSIGNED NOT NULL DEFAULT 0')).to.equal(
      'INT(11) UNSIGNED',
    );
    expect(typeOf('TIMESTAMP WITH TIME ZONE NULL')).to.equal(
      'TIMESTAMP WITH TIME ZONE',
    );
  });

  it('unquotes both quoting styles, with doubled quotes inside', () => {
    expect(unquote('"a""b"')).to.equal('a"b');
    expect(unquote('`x``y`')).to.equal('x`y');
    expect(unquote('plain')).to.equal('plain');
  });

  describe('definedColumns', () => {
    it('reads the columns a CREATE TABLE defines and an ALTER TABLE adds or restates', () => {
      expect(
        definedColumns(
          'CREATE TABLE `T` (\n  `id` INT NOT NULL PRIMARY KEY,\n  `s` SERIAL NOT NULL,\n  PRIMARY KEY (`id`)\n)',
        ),
      ).to.eql([
        {column: 'id', replaces: 'id', definition: 'INT NOT NULL PRIMARY KEY'},
        {column: 's', replaces: 's', definition: 'SERIAL NOT NULL'},
      ]);
      expect(
        definedColumns(
          'ALTER TABLE `T` ADD COLUMN `a` INT NULL, CHANGE COLUMN `b` `c` BIGINT NOT NULL, ' +
            'MODIFY COLUMN `d` TEXT, DROP COLUMN `e`, ADD INDEX `x` (`a`)',
        ),
      ).to.eql([
        {column: 'a', replaces: 'a', definition: 'INT NULL'},
        {column: 'c', replaces: 'b', definition: 'BIGINT NOT NULL'},
        {column: 'd', replaces: 'd', definition: 'TEXT'},
      ]);
    });
  });

  describe('createdColumns', () => {
    it('reads the columns and types of a CREATE TABLE, not its constraints', () => {
      expect(
        createdColumns(
          'CREATE TABLE "public"."child" (\n  "id" SERIAL,\n  "parentid" VARCHAR(64),\n' +
            '  "price" NUMERIC(10,2) NOT NULL,\n  PRIMARY KEY("id")\n)',
        ),
      ).to.eql(
        new Map([
          ['id', 'SERIAL'],
          ['parentid', 'VARCHAR(64)'],
          ['price', 'NUMERIC(10,2)'],
        ]),
      );
      expect(
        createdColumns(
          'CREATE TABLE `Child` (\n  `id` INT NOT NULL AUTO_INCREMENT PRIMARY KEY,\n' +
            '  `code` VARCHAR(512) NULL,\n  UNIQUE KEY `u` (`code`)\n) ENGINE=InnoDB AUTO_INCREMENT=1',
        ),
      ).to.eql(
        new Map([
          ['id', 'INT'],
          ['code', 'VARCHAR(512)'],
        ]),
      );
      expect(createdColumns('ALTER TABLE t ADD COLUMN c TEXT').size).to.equal(
        0,
      );
    });
  });
});
