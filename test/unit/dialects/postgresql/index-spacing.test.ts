import {expect} from '@loopback/testlab';
import {withSingleSpacedCreateIndex} from '../../../../src/dialects/postgresql/index-spacing';

describe('withSingleSpacedCreateIndex', () => {
  it("single-spaces the connector's CREATE  UNIQUE  INDEX and CREATE  INDEX", () => {
    expect(
      withSingleSpacedCreateIndex(
        'CREATE  UNIQUE  INDEX "b_isbn" ON "public"."book" ( "isbn" )',
      ),
    ).to.equal('CREATE UNIQUE INDEX "b_isbn" ON "public"."book" ( "isbn" )');
    expect(
      withSingleSpacedCreateIndex(
        'CREATE  INDEX "a_t" ON "public"."a" USING gin ( "tags")',
      ),
    ).to.equal('CREATE INDEX "a_t" ON "public"."a" USING gin ( "tags")');
  });

  it('keeps the spaces of a quoted name and of everything after it', () => {
    expect(
      withSingleSpacedCreateIndex(
        'CREATE  INDEX "odd  name" ON "public"."a" ( "x" ) WHERE y = \'a  b\'',
      ),
    ).to.equal(
      'CREATE INDEX "odd  name" ON "public"."a" ( "x" ) WHERE y = \'a  b\'',
    );
  });

  it('leaves other statements as they are', () => {
    const sql =
      'ALTER TABLE "a"  ADD COLUMN "b" TEXT DEFAULT \'CREATE  INDEX\'';
    expect(withSingleSpacedCreateIndex(sql)).to.equal(sql);
  });
});
