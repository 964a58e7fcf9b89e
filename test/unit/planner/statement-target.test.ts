import {expect} from '@loopback/testlab';
import {statementTarget} from '../../../src/planner/statement-target';
import {belongsToTable} from '../../../src/planner/stray-statements';

const lower = (name: string) => name.toLowerCase();
const asIs = (name: string) => name;

describe('statementTarget', () => {
  it('reads the table of the statements the connectors make', () => {
    expect(
      statementTarget('ALTER TABLE "public"."Def" ADD COLUMN "x" TEXT', lower),
    ).to.eql({kind: 'alter-table', table: {schema: 'public', name: 'Def'}});
    expect(statementTarget('CREATE TABLE `Def` (\n  id INT)', asIs)).to.eql({
      kind: 'create-table',
      table: {schema: '', name: 'Def'},
    });
    expect(
      statementTarget(
        'CREATE UNIQUE INDEX "def_a_idx" ON "public"."def" USING btree ("a")',
        lower,
      ),
    ).to.eql({
      kind: 'create-index',
      index: 'def_a_idx',
      table: {schema: 'public', name: 'def'},
    });
    expect(statementTarget('DROP INDEX "public"."def_a_idx"', lower)).to.eql({
      kind: 'drop-index',
      index: {schema: 'public', name: 'def_a_idx'},
    });
    expect(statementTarget('DROP TABLE Canary', lower)).to.eql({
      kind: 'drop-table',
      table: {schema: '', name: 'canary'},
    });
  });

  it('calls anything else other', () => {
    expect(statementTarget('DELETE FROM canary', asIs)).to.eql({kind: 'other'});
    expect(statementTarget('PRIMARY KEY("id") )', asIs)).to.eql({
      kind: 'other',
    });
  });
});

describe('belongsToTable', () => {
  const def = {schema: 'public', name: 'def'};

  it("accepts the connector's statements for the model's table", () => {
    for (const sql of [
      'CREATE SCHEMA IF NOT EXISTS "public"',
      'CREATE EXTENSION IF NOT EXISTS "uuid-ossp"',
      'CREATE TABLE "public"."def" ("id" SERIAL)',
      'ALTER TABLE "public"."def" ADD CONSTRAINT "fk" FOREIGN KEY ("p") REFERENCES "public"."parent"("id")',
      'CREATE INDEX "def_a_idx" ON "public"."def" ("a")',
      'DROP INDEX "public"."def_a_idx"',
    ]) {
      expect(belongsToTable(sql, def, lower)).to.be.true();
    }
  });

  it('refuses another table, a table drop, or another kind of statement', () => {
    for (const sql of [
      'DROP TABLE canary',
      'DROP TABLE "public"."def"',
      'ALTER TABLE "public"."canary" DROP COLUMN "x"',
      'CREATE INDEX "x" ON "public"."canary" ("a")',
      'CREATE SCHEMA "other"',
      'DELETE FROM "public"."def"',
      'DROP INDEX "other"."x"',
    ]) {
      expect(belongsToTable(sql, def, lower)).to.be.false();
    }
  });
});
