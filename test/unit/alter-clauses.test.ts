import {expect} from '@loopback/testlab';
import {
  columnChanges,
  splitClauses,
  typeOf,
  unquote,
} from '../../src/planner/alter-clauses';

describe('alter-clauses', () => {
  describe('columnChanges', () => {
    it('reads the clauses of a PostgreSQL autoupdate statement', () => {
      expect(
        columnChanges(
          'ALTER TABLE "public"."item" ADD COLUMN "note2" TEXT  ,   ALTER COLUMN "code" TYPE INTEGER USING "code"::INTEGER, ' +
            'ALTER COLUMN "price" TYPE NUMERIC(10,2) USING "price"::NUMERIC(10,2), ALTER COLUMN "price" SET NOT NULL',
        ),
      ).to.eql([
        {kind: 'add-column', column: 'note2', type: 'TEXT'},
        {kind: 'change-type', column: 'code', type: 'INTEGER'},
        {kind: 'change-type', column: 'price', type: 'NUMERIC(10,2)'},
        {kind: 'set-not-null', column: 'price'},
      ]);
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
});
