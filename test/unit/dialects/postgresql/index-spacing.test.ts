import {expect} from '@loopback/testlab';
import {withSingleSpacedCreateIndex} from '../../../../src/dialects/postgresql/index-spacing';

describe('withSingleSpacedCreateIndex', () => {
  it("single-spaces the connector's CREATE  UNIQUE  INDEX and CREATE  INDEX, and its ( key list )", () => {
    expect(
      withSingleSpacedCreateIndex(
        'CREATE  UNIQUE  INDEX "b_isbn" ON "public"."book" ( "isbn" )',
      ),
    ).to.equal('CREATE UNIQUE INDEX "b_isbn" ON "public"."book" ("isbn")');
    expect(
      withSingleSpacedCreateIndex(
        'CREATE  INDEX "a_t" ON "public"."a" USING gin ( "tags")',
      ),
    ).to.equal('CREATE INDEX "a_t" ON "public"."a" USING gin ("tags")');
    expect(
      withSingleSpacedCreateIndex(
        'CREATE  INDEX "a_bc" ON "public"."a" ( "b" ASC, "c" DESC)',
      ),
    ).to.equal('CREATE INDEX "a_bc" ON "public"."a" ("b" ASC, "c" DESC)');
  });

  it('keeps the spaces of quoted names', () => {
    expect(
      withSingleSpacedCreateIndex(
        'CREATE  INDEX "odd  name" ON "public"."a  b" ( " x " ASC, "y  z")',
      ),
    ).to.equal(
      'CREATE INDEX "odd  name" ON "public"."a  b" (" x " ASC, "y  z")',
    );
  });

  it('keeps what follows the name of a statement that goes on after its key list', () => {
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
