import {expect} from '@loopback/testlab';
import {downNotes} from '../../../src/generate/down-notes';
import {scriptParts} from '../../../src/generate/parts';
import type {InverseStatement} from '../../../src/dialects/shadow';
import type {PlannedStatement} from '../../../src/types';

/** The parts of a plan of these statements and inverses. */
function parts(
  statements: readonly PlannedStatement[],
  inverses: readonly InverseStatement[],
) {
  return scriptParts({dataSource: 'db', statements, inverses});
}

/** A part's `down()` named as in a file of several scripts. */
const whose = (part: {online: boolean}) =>
  `down() of version 1${part.online ? '+online' : ''}`;

const VALIDATE_KEPT =
  'validating a constraint leaves nothing to undo: the inverse of its ADD CONSTRAINT drops it';

describe('downNotes()', () => {
  it('says one thing of a VALIDATE CONSTRAINT: left in place, not also undone', () => {
    // The online path's foreign key: added NOT VALID in the transaction,
    // then an index built and the key validated outside it.
    const lines = downNotes(
      parts(
        [
          {
            sql: 'ALTER TABLE "t" ADD COLUMN "a" INTEGER',
            destructive: false,
            phase: 'transaction',
          },
          {
            sql: 'ALTER TABLE "t" ADD CONSTRAINT "fk" FOREIGN KEY ("a") REFERENCES "o" ("id") NOT VALID',
            destructive: false,
            phase: 'transaction',
          },
          {
            sql: 'CREATE INDEX CONCURRENTLY "i" ON "t" ("a")',
            destructive: false,
            phase: 'no-transaction',
          },
          {
            sql: 'ALTER TABLE "t" VALIDATE CONSTRAINT "fk"',
            destructive: false,
            phase: 'own-transaction',
          },
        ],
        [
          {sql: 'ALTER TABLE "t" DROP COLUMN "a"'},
          {sql: 'ALTER TABLE "t" DROP CONSTRAINT "fk"'},
          {sql: 'DROP INDEX CONCURRENTLY "i"'},
          {kept: VALIDATE_KEPT},
        ],
      ),
      whose,
    );
    expect(lines).to.eql([
      '// down() of version 1 undoes statements 1-2, last first.',
      '// down() of version 1+online undoes statement 3, last first.',
      '// down() of version 1+online leaves statement 4 in place: validating a',
      '// constraint leaves nothing to undo: the inverse of its ADD CONSTRAINT drops',
      '// it.',
    ]);
  });

  it('says "every statement" only when down() undoes every one', () => {
    const statements: PlannedStatement[] = [
      {sql: 'CREATE SCHEMA IF NOT EXISTS "sales"', destructive: false},
      {sql: 'CREATE TABLE "sales"."t" ("id" INTEGER)', destructive: false},
    ];
    const kept = 'it only makes sure that a shared object exists';
    const keptLines = [
      '// down() leaves statement 1 in place: it only makes sure that a shared object',
      '// exists.',
    ];
    expect(
      downNotes(
        parts(statements, [{kept}, {sql: 'DROP TABLE "sales"."t"'}]),
        () => 'down()',
      ),
    ).to.eql(['// down() undoes statement 2, last first.', ...keptLines]);
    expect(
      downNotes(
        parts(statements, [
          {sql: 'DROP SCHEMA "sales"'},
          {sql: 'DROP TABLE "sales"."t"'},
        ]),
        () => 'down()',
      ),
    ).to.eql(['// down() undoes every statement, last first.']);
  });

  it('says only that there is no down(), wrapped, when a statement has no exact inverse', () => {
    const lines = downNotes(
      parts(
        [
          {sql: 'CREATE EXTENSION IF NOT EXISTS "x"', destructive: false},
          {sql: 'ALTER TABLE "t" DROP COLUMN "a"', destructive: true},
        ],
        [
          {kept: 'it only makes sure that a shared object exists'},
          {none: 'a dropped column cannot be restored with its data'},
        ],
      ),
      () => 'down()',
    );
    expect(lines).to.eql([
      '// No down(): statement 2 has no exact inverse (a dropped column cannot be',
      '// restored with its data).',
    ]);
  });
});
