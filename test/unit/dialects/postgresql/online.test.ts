import {expect} from '@loopback/testlab';
import {
  concurrently,
  notNullCheckName,
  pgOnlineForm,
} from '../../../../src/dialects/postgresql/online';
import type {PlannedStatement} from '../../../../src/types';

function statement(sql: string): PlannedStatement {
  return {sql, model: 'Book', destructive: false, reason: 'planned'};
}

/** A form as `phase: sql` lines, transaction first. */
function lines(sql: string): string[] {
  const form = pgOnlineForm(statement(sql));
  return [
    ...form.transaction.map(s => `transaction: ${s.sql}`),
    ...form.after.map(s => `${s.phase}: ${s.sql}`),
  ];
}

describe('postgresql online forms', () => {
  it('builds an index concurrently, outside the transaction, keeping the statement', () => {
    expect(
      lines('CREATE  UNIQUE  INDEX "b_isbn" ON "public"."book" ( "isbn")'),
    ).to.eql([
      'no-transaction: CREATE UNIQUE INDEX CONCURRENTLY "b_isbn" ON "public"."book" ( "isbn")',
    ]);
    expect(lines('CREATE INDEX b_t ON book USING btree (title)')).to.eql([
      'no-transaction: CREATE INDEX CONCURRENTLY b_t ON book USING btree (title)',
    ]);
    const [built] = pgOnlineForm(statement('CREATE INDEX b ON t (x)')).after;
    expect(built).to.containDeep({model: 'Book', reason: 'planned'});
  });

  it('leaves a concurrent build as it is', () => {
    expect(concurrently('CREATE INDEX CONCURRENTLY b ON t (x)')).to.equal(
      'CREATE INDEX CONCURRENTLY b ON t (x)',
    );
    expect(lines('CREATE INDEX CONCURRENTLY b ON t (x)')).to.eql([
      'transaction: CREATE INDEX CONCURRENTLY b ON t (x)',
    ]);
  });

  it('adds a foreign key NOT VALID, then validates it in a transaction of its own', () => {
    expect(
      lines(
        'ALTER TABLE "public"."book" ADD CONSTRAINT "fk_a" FOREIGN KEY ("authorid") ' +
          'REFERENCES "public"."author"(id) ON DELETE CASCADE',
      ),
    ).to.eql([
      'transaction: ALTER TABLE "public"."book" ADD CONSTRAINT "fk_a" FOREIGN KEY ("authorid") ' +
        'REFERENCES "public"."author"(id) ON DELETE CASCADE NOT VALID',
      'own-transaction: ALTER TABLE "public"."book" VALIDATE CONSTRAINT "fk_a"',
    ]);
  });

  it('sets NOT NULL through a validated check, keeping the other clauses in the transaction', () => {
    expect(
      lines(
        'ALTER TABLE "public"."book" ADD COLUMN "n" INTEGER, ' +
          'ALTER COLUMN "title" SET NOT NULL, DROP COLUMN "old"',
      ),
    ).to.eql([
      'transaction: ALTER TABLE "public"."book" ADD COLUMN "n" INTEGER, DROP COLUMN "old"',
      'transaction: ALTER TABLE "public"."book" DROP CONSTRAINT IF EXISTS "lsm_nn_title", ' +
        'ADD CONSTRAINT "lsm_nn_title" CHECK ("title" IS NOT NULL) NOT VALID',
      'own-transaction: ALTER TABLE "public"."book" VALIDATE CONSTRAINT "lsm_nn_title"',
      'own-transaction: ALTER TABLE "public"."book" ALTER COLUMN "title" SET NOT NULL',
      'own-transaction: ALTER TABLE "public"."book" DROP CONSTRAINT "lsm_nn_title"',
    ]);
  });

  it('keeps the original fields on the statement that keeps its clauses', () => {
    const original: PlannedStatement = {
      sql: 'ALTER TABLE t DROP COLUMN "old", ALTER COLUMN "a" SET NOT NULL',
      model: 'T',
      destructive: true,
      reason: 'drops a column',
    };
    const [kept, check] = pgOnlineForm(original).transaction;
    expect(kept).to.eql({...original, sql: 'ALTER TABLE t DROP COLUMN "old"'});
    expect(check).to.containDeep({model: 'T', destructive: false});
  });

  it('keeps everything else plain', () => {
    for (const sql of [
      'ALTER TABLE t DROP COLUMN "a"',
      'ALTER TABLE t ALTER COLUMN "a" DROP NOT NULL',
      'ALTER TABLE t ALTER COLUMN "a" TYPE INTEGER USING "a"::INTEGER',
      'DROP INDEX "public"."x"',
      'CREATE TABLE t (id SERIAL)',
    ]) {
      expect(lines(sql)).to.eql([`transaction: ${sql}`]);
    }
  });

  it('names the NOT NULL check after its column, within 63 bytes', () => {
    expect(notNullCheckName('title')).to.equal('lsm_nn_title');
    const long = notNullCheckName('x'.repeat(60));
    expect(long).to.match(/^lsm_nn_[0-9a-f]{12}$/);
    expect(notNullCheckName('x'.repeat(60))).to.equal(long);
  });
});
