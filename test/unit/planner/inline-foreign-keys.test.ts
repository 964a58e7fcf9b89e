import {expect} from '@loopback/testlab';
import {withForeignKeysInline} from '../../../src/dialects/inline-foreign-keys';
import type {Dialect} from '../../../src/dialects/contract';
import {inlineForeignKeys} from '../../../src/planner/inline-foreign-keys';
import type {PlannedStatement} from '../../../src/types';

const dialect = {
  fold: (name: string) => name.toLowerCase(),
  inlineForeignKeys: withForeignKeysInline,
} as unknown as Dialect;

function plan(...sql: string[]): PlannedStatement[] {
  return sql.map(s => ({sql: s, destructive: false, model: 'M'}));
}

const sqlOf = (statements: PlannedStatement[]) => statements.map(s => s.sql);

describe('inlineForeignKeys', () => {
  it('writes keys in the CREATE TABLE, tables in key order, indexes after their table', () => {
    const statements = plan(
      'CREATE SCHEMA IF NOT EXISTS "s"',
      'CREATE TABLE "s"."b" (\n  "id" INTEGER,\n  "aid" INTEGER\n)',
      'CREATE TABLE "s"."a" (\n  "id" INTEGER\n)',
      'CREATE INDEX "b_aid" ON "s"."b" ("aid")',
      'ALTER TABLE "s"."b" ADD CONSTRAINT "fk_b_a" FOREIGN KEY ("aid") REFERENCES "s"."a"(id)',
    );
    expect(sqlOf(inlineForeignKeys(statements, dialect))).to.eql([
      'CREATE SCHEMA IF NOT EXISTS "s"',
      'CREATE TABLE "s"."a" (\n  "id" INTEGER\n)',
      'CREATE TABLE "s"."b" (\n  "id" INTEGER,\n  "aid" INTEGER,\n' +
        '  CONSTRAINT "fk_b_a" FOREIGN KEY ("aid") REFERENCES "s"."a"(id)\n)',
      'CREATE INDEX "b_aid" ON "s"."b" ("aid")',
    ]);
  });

  it('leaves the key that closes a cycle in a later ALTER TABLE, the self-reference inline', () => {
    const statements = plan(
      'CREATE TABLE e (id INT, did INT, mid INT)',
      'CREATE TABLE d (id INT, hid INT)',
      'ALTER TABLE e ADD CONSTRAINT fm FOREIGN KEY (mid) REFERENCES e(id), ADD CONSTRAINT fd FOREIGN KEY (did) REFERENCES d(id)',
      'ALTER TABLE d ADD CONSTRAINT fh FOREIGN KEY (hid) REFERENCES e(id)',
    );
    expect(sqlOf(inlineForeignKeys(statements, dialect))).to.eql([
      'CREATE TABLE e (id INT, did INT, mid INT,\n  CONSTRAINT fm FOREIGN KEY (mid) REFERENCES e(id)\n)',
      'CREATE TABLE d (id INT, hid INT,\n  CONSTRAINT fh FOREIGN KEY (hid) REFERENCES e(id)\n)',
      'ALTER TABLE e ADD CONSTRAINT fd FOREIGN KEY (did) REFERENCES d(id)',
    ]);
  });

  it('keeps keys to tables the plan does not create, and statements judged to fail', () => {
    const statements: PlannedStatement[] = [
      ...plan(
        'CREATE TABLE b (id INT, aid INT, xid INT)',
        'ALTER TABLE b ADD CONSTRAINT fx FOREIGN KEY (xid) REFERENCES x(id)',
      ),
      {
        sql: 'CREATE TABLE c (id INT, bid INT)',
        destructive: false,
        willFail: 'no',
      },
      ...plan(
        'ALTER TABLE c ADD CONSTRAINT fb FOREIGN KEY (bid) REFERENCES b(id)',
      ),
    ];
    expect(sqlOf(inlineForeignKeys(statements, dialect))).to.eql(
      sqlOf(statements),
    );
  });
});
