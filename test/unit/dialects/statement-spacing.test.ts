import {expect} from '@loopback/testlab';
import {
  withTidyClauses,
  withTidySpacing,
} from '../../../src/dialects/statement-spacing';

describe('withTidySpacing', () => {
  it('single-spaces words and punctuation outside quotes, none inside parentheses or before commas', () => {
    expect(
      withTidySpacing(' ADD  INDEX  `a  b`  ( `c` DESC ,`d` ) ', 'mysql'),
    ).to.equal('ADD INDEX `a  b` (`c` DESC,`d`)');
    expect(
      withTidySpacing('ON "s"."t  u" USING gin ( "a  b" ASC)', 'postgresql'),
    ).to.equal('ON "s"."t  u" USING gin ("a  b" ASC)');
  });

  it('keeps string literals, with their own escapes, and a text with a quote left open', () => {
    expect(withTidySpacing("x  'a \\'  ( b'  y", 'mysql')).to.equal(
      "x 'a \\'  ( b' y",
    );
    expect(withTidySpacing("x  'a\\'  y", 'postgresql')).to.equal("x 'a\\' y");
    expect(withTidySpacing('x  `open', 'mysql')).to.equal('x  `open');
  });
});

describe('withTidyClauses', () => {
  it("joins the clauses by ', ' where the connector put spaces around a comma", () => {
    expect(
      withTidyClauses(
        'ALTER TABLE "s"."t" ADD COLUMN "d" TEXT DEFAULT \'a  ,  b\'  ,   ALTER COLUMN "x" TYPE TEXT',
      ),
    ).to.equal(
      'ALTER TABLE "s"."t" ADD COLUMN "d" TEXT DEFAULT \'a  ,  b\', ALTER COLUMN "x" TYPE TEXT',
    );
  });

  it('leaves tidy statements and other statements as they are', () => {
    for (const sql of [
      'ALTER TABLE `t` ADD COLUMN `a` INT,\nDROP COLUMN `b`',
      'ALTER TABLE "t" ADD COLUMN "a" INT, DROP COLUMN "b"',
      'CREATE INDEX "a" ON "t" ( "a" )',
      'ALTER TABLE "t" ADD COLUMN "a" INT,, DROP COLUMN "b"',
    ]) {
      expect(withTidyClauses(sql)).to.equal(sql);
    }
  });
});
