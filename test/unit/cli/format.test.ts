import {expect} from '@loopback/testlab';
import {
  paint,
  planLines,
  scriptsOnlySummaryLines,
  summaryLines,
} from '../../../src/cli/format';
import type {SchemaMigrationReport} from '../../../src';

const report: SchemaMigrationReport = {
  operation: 'autoupdate',
  dryRun: true,
  warnings: [],
  scripts: [],
  dataSources: [
    {
      name: 'db',
      connector: 'postgresql',
      status: 'planned',
      models: ['Todo'],
      warnings: [],
      durationMs: 7,
      statements: [
        {
          sql: 'DROP INDEX "public"."todo_title_idx"',
          model: 'Todo',
          destructive: false,
          reason:
            'drops index "todo_title_idx", which the model does not declare',
        },
        {
          sql: 'ALTER TABLE "public"."todo" DROP COLUMN "note"',
          model: 'Todo',
          destructive: true,
          reason: 'drops column "note" holding 3 non-null values',
        },
        {
          sql: 'ALTER TABLE "public"."todo" ADD COLUMN "due" TIMESTAMP',
          model: 'Todo',
          destructive: false,
          reason:
            'brings the table, its columns and indexes in line with the model',
        },
      ],
    },
  ],
};

describe('human output of a plan', () => {
  const plain = paint(false);

  it('gives every drop its reason in the dry run, destructive or not', () => {
    expect(planLines(report, plain)).to.eql([
      '',
      '-- datasource db (postgresql): 3 statement(s), 1 destructive',
      '-- model Todo',
      '-- note: drops index "todo_title_idx", which the model does not declare',
      'DROP INDEX "public"."todo_title_idx";',
      '-- DESTRUCTIVE: drops column "note" holding 3 non-null values',
      'ALTER TABLE "public"."todo" DROP COLUMN "note";',
      'ALTER TABLE "public"."todo" ADD COLUMN "due" TIMESTAMP;',
    ]);
  });

  it('marks where each transaction of a plan split for the lock table begins', () => {
    const create = (n: number, transaction: number) => ({
      sql: `CREATE TABLE "public"."model${n}" ("id" SERIAL)`,
      model: `Model${n}`,
      destructive: false,
      transaction,
    });
    const split: SchemaMigrationReport = {
      ...report,
      dataSources: [
        {
          ...report.dataSources[0],
          models: ['Model1', 'Model2'],
          statements: [create(1, 1), create(2, 2)],
          warnings: ["the plan's transaction would lock about 24 objects"],
        },
      ],
    };
    expect(planLines(split, plain)).to.eql([
      '',
      '-- datasource db (postgresql): 2 statement(s)',
      '-- transaction 1',
      '-- model Model1',
      'CREATE TABLE "public"."model1" ("id" SERIAL);',
      '-- transaction 2',
      '-- model Model2',
      'CREATE TABLE "public"."model2" ("id" SERIAL);',
      "-- warning: the plan's transaction would lock about 24 objects",
    ]);
  });

  it('leaves them out of the summary of a scripts-only check, which never runs them', () => {
    const scriptsOnly: SchemaMigrationReport = {
      ...report,
      scripts: [
        {
          version: '2',
          dataSource: 'db',
          name: 'DropNote',
          status: 'pending',
          outOfOrder: false,
          warnings: [],
          durationMs: 0,
        },
      ],
      dataSources: [
        report.dataSources[0],
        {...report.dataSources[0], name: 'other'},
        {
          ...report.dataSources[0],
          name: 'clean',
          status: 'up-to-date',
          statements: [],
        },
      ],
    };
    expect(scriptsOnlySummaryLines(scriptsOnly, plain)).to.eql([
      '  db (postgresql): 1 migration script(s) pending, 7 ms',
      '  other (postgresql): differs from the models as it is now, judged after the pending scripts, 7 ms',
      '  clean (postgresql): up-to-date, 0 statements, 7 ms',
    ]);
  });

  it('lists them in the summary too', () => {
    expect(summaryLines(report, plain)).to.eql([
      '  db (postgresql): changes pending, 3 statements, 7 ms' +
        '\n    note: drops index "todo_title_idx", which the model does not declare: DROP INDEX "public"."todo_title_idx"' +
        '\n    destructive: drops column "note" holding 3 non-null values: ALTER TABLE "public"."todo" DROP COLUMN "note"',
    ]);
  });
});

describe('human output of an online plan', () => {
  it('says where each online statement runs, and how long it ran', () => {
    const online: SchemaMigrationReport = {
      ...report,
      dataSources: [
        {
          ...report.dataSources[0],
          statements: [
            {
              sql: 'ALTER TABLE "public"."todo" ADD CONSTRAINT "fk" FOREIGN KEY ("listid") REFERENCES "public"."list"(id) NOT VALID',
              model: 'Todo',
              destructive: false,
              phase: 'transaction',
            },
            {
              sql: 'CREATE INDEX CONCURRENTLY "todo_title_idx" ON "public"."todo" ( "title" )',
              model: 'Todo',
              destructive: false,
              phase: 'no-transaction',
              durationMs: 1204,
            },
            {
              sql: 'ALTER TABLE "public"."todo" VALIDATE CONSTRAINT "fk"',
              model: 'Todo',
              destructive: false,
              phase: 'own-transaction',
            },
          ],
        },
      ],
    };
    expect(planLines(online, paint(false)).slice(3)).to.eql([
      'ALTER TABLE "public"."todo" ADD CONSTRAINT "fk" FOREIGN KEY ("listid") REFERENCES "public"."list"(id) NOT VALID;',
      '-- online: after the transaction, outside any transaction, 1204 ms',
      'CREATE INDEX CONCURRENTLY "todo_title_idx" ON "public"."todo" ( "title" );',
      '-- online: after the transaction, in one of its own',
      'ALTER TABLE "public"."todo" VALIDATE CONSTRAINT "fk";',
    ]);
  });
});
