import {expect} from '@loopback/testlab';
import {
  finishUnfinished,
  type Unfinished,
} from '../../../../src/dialects/postgresql/online-unfinished';
import type {OnlineTable} from '../../../../src/runner/online-forms';

const TABLES: OnlineTable[] = [
  {
    table: {schema: 'public', name: 'book'},
    model: 'Book',
    foreignKeys: ['fk_book_author'],
  },
];

function left(
  kind: Unfinished['kind'],
  name: string,
  definition?: string,
): Unfinished {
  return {
    kind,
    schema: 'public',
    table: 'book',
    name,
    definition: definition ?? null,
  };
}

describe('postgresql unfinished online work', () => {
  const invalid = left(
    'invalid-index',
    'book_title_idx',
    'CREATE INDEX book_title_idx ON public.book USING btree (title)',
  );

  it("drops an INVALID index and builds it again, concurrently, as its model's work", () => {
    expect(finishUnfinished([invalid], TABLES, [])).to.eql([
      {
        sql: 'DROP INDEX CONCURRENTLY IF EXISTS "public"."book_title_idx"',
        destructive: false,
        reason:
          'drops the INVALID index "book_title_idx" an interrupted build left (writes go on)',
        phase: 'no-transaction',
        model: 'Book',
      },
      {
        sql: 'CREATE INDEX CONCURRENTLY book_title_idx ON public.book USING btree (title)',
        destructive: false,
        reason: 'builds the index "book_title_idx" again (writes go on)',
        phase: 'no-transaction',
        model: 'Book',
      },
    ]);
  });

  it('leaves an INVALID index the plan drops to the plan', () => {
    expect(
      finishUnfinished([invalid], TABLES, [
        'DROP INDEX "public"."book_title_idx"',
      ]),
    ).to.eql([]);
  });

  it("validates the model's foreign keys left NOT VALID, not the app's own", () => {
    const found = [
      left('unvalidated-foreign-key', 'fk_book_author'),
      left('unvalidated-foreign-key', 'fk_by_hand'),
    ];
    expect(finishUnfinished(found, TABLES, []).map(s => s.sql)).to.eql([
      'ALTER TABLE "public"."book" VALIDATE CONSTRAINT "fk_book_author"',
    ]);
    expect(
      finishUnfinished(found, TABLES, [
        'ALTER TABLE "public"."book" DROP CONSTRAINT IF EXISTS "fk_book_author"',
      ]),
    ).to.eql([]);
  });

  it('finishes the back-fill of a column still marked, unless the plan drops it', () => {
    const marked = {
      ...left('back-fill', 'token'),
      definition: 'gen_random_uuid()',
    };
    expect(finishUnfinished([marked], TABLES, []).map(s => s.phase)).to.eql([
      'no-transaction',
      'own-transaction',
    ]);
    expect(
      finishUnfinished([marked], TABLES, [
        'ALTER TABLE "public"."book" DROP COLUMN "token"',
      ]),
    ).to.eql([]);
    expect(
      finishUnfinished([left('back-fill', 'token')], TABLES, []).map(
        s => s.sql,
      ),
    ).to.eql(['COMMENT ON COLUMN "public"."book"."token" IS NULL']);
  });

  it('drops a left-over NOT NULL check, unless the plan adds it again', () => {
    const check = left('not-null-check', 'lsm_nn_title');
    expect(finishUnfinished([check], TABLES, []).map(s => s.sql)).to.eql([
      'ALTER TABLE "public"."book" DROP CONSTRAINT IF EXISTS "lsm_nn_title"',
    ]);
    expect(
      finishUnfinished([check], TABLES, [
        'ALTER TABLE "public"."book" DROP CONSTRAINT IF EXISTS "lsm_nn_title", ADD CONSTRAINT "lsm_nn_title" CHECK ("title" IS NOT NULL) NOT VALID',
      ]),
    ).to.eql([]);
  });
});
