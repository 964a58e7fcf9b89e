import {expect} from '@loopback/testlab';
import {
  backFillSql,
  markSql,
  volatileAdd,
} from '../../../../src/dialects/postgresql/online-backfill';

describe('postgresql back-fills of volatile defaults', () => {
  it('splits a nullable column with a volatile default from its back-fill', () => {
    expect(
      volatileAdd('ADD COLUMN "token" UUID DEFAULT gen_random_uuid()'),
    ).to.eql({
      column: '"token"',
      expression: 'gen_random_uuid()',
      clauses: [
        'ADD COLUMN "token" UUID',
        'ALTER COLUMN "token" SET DEFAULT gen_random_uuid()',
      ],
    });
    expect(
      volatileAdd('ADD COLUMN r DOUBLE PRECISION DEFAULT random()'),
    ).to.not.be.undefined();
  });

  it('leaves constant and stable defaults, NOT NULL columns and other clauses alone', () => {
    for (const clause of [
      'ADD COLUMN "a" TEXT DEFAULT \'x\'',
      'ADD COLUMN "t" TIMESTAMP WITH TIME ZONE DEFAULT now()',
      'ADD COLUMN "token" UUID NOT NULL DEFAULT gen_random_uuid()',
      'ADD COLUMN "plain" INTEGER',
      'DROP COLUMN "x"',
    ]) {
      expect(volatileAdd(clause)).to.be.undefined();
    }
  });

  it('back-fills in committed batches, and marks the column meanwhile', () => {
    const sql = backFillSql('"public"."t"', '"c"', 'random()');
    expect(sql).to.match(/^DO \$lsm\$/);
    expect(sql).to.containEql(
      'UPDATE "public"."t" SET "c" = random() WHERE ctid = ANY (ARRAY(SELECT ctid FROM "public"."t" WHERE "c" IS NULL LIMIT 10000));',
    );
    expect(sql).to.containEql('EXIT WHEN filled = 0; COMMIT;');
    expect(markSql('"public"."t"', '"c"', 'lsm:back-fill pending')).to.equal(
      'COMMENT ON COLUMN "public"."t"."c" IS \'lsm:back-fill pending\'',
    );
    expect(markSql('"public"."t"', '"c"', null)).to.equal(
      'COMMENT ON COLUMN "public"."t"."c" IS NULL',
    );
  });
});
