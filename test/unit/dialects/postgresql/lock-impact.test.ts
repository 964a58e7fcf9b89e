import {expect} from '@loopback/testlab';
import {statementVerdict} from '../../../../src/dialects/postgresql/lock-impact';

const TABLE = {schema: 'public', name: 'item'};
const TYPES = new Map(
  [
    ['public.item.title', 'character varying(64)'],
    ['public.item.n', 'integer'],
    ['public.item.price', 'numeric(10,2)'],
    ['public.item.at', 'timestamp(3) without time zone'],
  ].map(([key, type]) => [key, {type, checked: false}]),
).set('public.item.code', {type: 'character varying(8)', checked: true});
const verdict = (sql: string) => statementVerdict(sql, TABLE, TYPES);

describe('PostgreSQL lock impact', () => {
  const rows: ReadonlyArray<[string, string, boolean, boolean]> = [
    // [statement, lock, rewritesTable, scansTable]
    ['CREATE TABLE "public"."item" (id serial)', 'none', false, false],
    ['ALTER TABLE "public"."item" ADD COLUMN "x" TEXT', 'brief', false, false],
    [
      'ALTER TABLE "public"."item" ADD COLUMN "x" INTEGER NOT NULL DEFAULT 0',
      'brief',
      false,
      false,
    ],
    [
      'ALTER TABLE "public"."item" ADD COLUMN "x" UUID DEFAULT gen_random_uuid()',
      'blocks-reads-and-writes',
      true,
      true,
    ],
    [
      'ALTER TABLE "public"."item" ADD COLUMN "x" SERIAL',
      'blocks-reads-and-writes',
      true,
      true,
    ],
    [
      'ALTER TABLE "public"."item" ADD COLUMN "x" TEXT UNIQUE',
      'blocks-reads-and-writes',
      false,
      true,
    ],
    ['ALTER TABLE "public"."item" DROP COLUMN "x"', 'brief', false, false],
    [
      'ALTER TABLE "public"."item" ALTER COLUMN "title" TYPE VARCHAR(1024)',
      'brief',
      false,
      false,
    ],
    [
      'ALTER TABLE "public"."item" ALTER COLUMN "title" TYPE TEXT',
      'brief',
      false,
      false,
    ],
    // A CHECK constraint reads the column: every row is checked again.
    [
      'ALTER TABLE "public"."item" ALTER COLUMN "code" TYPE VARCHAR(16)',
      'blocks-reads-and-writes',
      false,
      true,
    ],
    [
      'ALTER TABLE "public"."item" ALTER COLUMN "title" TYPE VARCHAR(10)',
      'blocks-reads-and-writes',
      true,
      true,
    ],
    [
      'ALTER TABLE "public"."item" ALTER COLUMN "n" TYPE BIGINT USING "n"::BIGINT',
      'blocks-reads-and-writes',
      true,
      true,
    ],
    [
      'ALTER TABLE "public"."item" ALTER COLUMN "n" TYPE INTEGER',
      'brief',
      false,
      false,
    ],
    [
      'ALTER TABLE "public"."item" ALTER COLUMN "price" TYPE NUMERIC(12,2)',
      'brief',
      false,
      false,
    ],
    [
      'ALTER TABLE "public"."item" ALTER COLUMN "price" TYPE NUMERIC(12,4)',
      'blocks-reads-and-writes',
      true,
      true,
    ],
    [
      'ALTER TABLE "public"."item" ALTER COLUMN "at" TYPE TIMESTAMP(6) WITHOUT TIME ZONE',
      'brief',
      false,
      false,
    ],
    [
      'ALTER TABLE "public"."item" ALTER COLUMN "unknown" TYPE TEXT',
      'blocks-reads-and-writes',
      true,
      true,
    ],
    [
      'ALTER TABLE "public"."item" ALTER COLUMN "n" SET NOT NULL',
      'blocks-reads-and-writes',
      false,
      true,
    ],
    [
      'ALTER TABLE "public"."item" ALTER COLUMN "n" DROP NOT NULL',
      'brief',
      false,
      false,
    ],
    [
      'ALTER TABLE "public"."item" ALTER COLUMN "n" SET DEFAULT 3',
      'brief',
      false,
      false,
    ],
    ['CREATE INDEX "i" ON "public"."item" ("n")', 'blocks-writes', false, true],
    [
      'CREATE UNIQUE INDEX CONCURRENTLY "i" ON "public"."item" ("n")',
      'none',
      false,
      true,
    ],
    ['DROP INDEX "public"."i"', 'brief', false, false],
    ['DROP INDEX CONCURRENTLY "public"."i"', 'none', false, false],
    [
      'ALTER TABLE "public"."item" ADD CONSTRAINT "fk" FOREIGN KEY ("n") REFERENCES "public"."p"("id")',
      'blocks-writes',
      false,
      true,
    ],
    [
      'ALTER TABLE "public"."item" ADD CONSTRAINT "fk" FOREIGN KEY ("n") REFERENCES "public"."p"("id") NOT VALID',
      'brief',
      false,
      false,
    ],
    [
      'ALTER TABLE "public"."item" VALIDATE CONSTRAINT "fk"',
      'none',
      false,
      true,
    ],
    [
      'ALTER TABLE "public"."item" ADD CONSTRAINT "c" CHECK ("n" IS NOT NULL) NOT VALID',
      'brief',
      false,
      false,
    ],
    [
      'ALTER TABLE "public"."item" ADD CONSTRAINT "c" CHECK ("n" IS NOT NULL)',
      'blocks-reads-and-writes',
      false,
      true,
    ],
    [
      'ALTER TABLE "public"."item" DROP CONSTRAINT IF EXISTS "fk"',
      'brief',
      false,
      false,
    ],
    ['DROP TABLE "public"."item"', 'brief', false, false],
    // The worst clause wins.
    [
      'ALTER TABLE "public"."item" ADD COLUMN "x" TEXT, ALTER COLUMN "n" TYPE BIGINT',
      'blocks-reads-and-writes',
      true,
      true,
    ],
  ];
  for (const [sql, lock, rewritesTable, scansTable] of rows) {
    it(`${sql} → ${lock}${rewritesTable ? ', rewrites' : ''}${scansTable ? ', scans' : ''}`, () => {
      expect(verdict(sql)).to.eql({lock, rewritesTable, scansTable});
    });
  }
});
