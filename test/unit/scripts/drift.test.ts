import {expect} from '@loopback/testlab';
import {
  checkSchemaDrift,
  driftMessage,
  statementInWords,
} from '../../../src/scripts/drift';
import {SchemaDriftError} from '../../../src/errors';
import type {SchemaMigrationReport} from '../../../src/types';

describe('schema drift', () => {
  const report = (scripts: SchemaMigrationReport['scripts'] = []) => ({
    operation: 'autoupdate' as const,
    dryRun: false,
    scripts,
    warnings: [] as string[],
    dataSources: [
      {
        name: 'db',
        connector: 'postgresql',
        status: 'planned' as const,
        models: ['Todo'],
        warnings: [],
        durationMs: 0,
        statements: [
          {
            sql: 'ALTER TABLE "todo" ADD COLUMN "p" INTEGER, DROP COLUMN "x"',
            model: 'Todo',
            destructive: true,
          },
        ],
      },
    ],
  });

  it('says each difference in words', () => {
    expect(
      statementInWords(
        'ALTER TABLE "todo" ADD COLUMN "p" INTEGER, DROP COLUMN "x"',
      ),
    ).to.equal(
      'column "p" is missing; column "x" is in the database but not in the models',
    );
    expect(statementInWords('CREATE TABLE "t" ("a" INT)')).to.equal(
      'the table is missing',
    );
    expect(
      driftMessage([
        {
          dataSource: 'db',
          statement: {sql: 'CREATE TABLE "t"\n("a" INT)', destructive: false},
        },
      ]),
    ).to.match(
      /- datasource "db": the table is missing\n {6}CREATE TABLE "t" \("a" INT\)/,
    );
  });

  it('says of a MySQL CHANGE COLUMN that the definition differs, not what of it', () => {
    expect(
      statementInWords(
        'ALTER TABLE `Todo` CHANGE COLUMN `title` `title` VARCHAR(512) NOT NULL, ALGORITHM=INPLACE, LOCK=NONE',
      ),
    ).to.equal(
      'column "title" is defined otherwise in the database (type, NULL or default)',
    );
    expect(
      statementInWords(
        'ALTER TABLE `Todo` ADD COLUMN `p` INT NULL, CHANGE COLUMN `a``b` `a``b` INT NULL',
      ),
    ).to.equal(
      'column "p" is missing; column "a`b" is defined otherwise in the database (type, NULL or default)',
    );
  });

  it('names every index and constraint clause of one MySQL statement too, and counts each', () => {
    const sql =
      'ALTER TABLE `warehouses` DROP COLUMN `notes`, ADD INDEX `region` (`region`), ' +
      'DROP FOREIGN KEY `fk_x`, ALGORITHM=INPLACE, LOCK=NONE';
    expect(statementInWords(sql)).to.equal(
      'column "notes" is in the database but not in the models; an index of the ' +
        'models is missing; the database has a constraint the models do not',
    );
    expect(
      driftMessage([
        {dataSource: 'mydb', statement: {sql, destructive: false}},
      ]),
    ).to.match(/: 3 difference\(s\) no script covers:/);
  });

  it("throws SchemaDriftError, or warns with schemaDrift: 'warn'", () => {
    expect(() =>
      checkSchemaDrift(report(), {dryRun: false, schemaDrift: 'error'}),
    ).to.throw(SchemaDriftError);
    const warned = report();
    checkSchemaDrift(warned, {dryRun: false, schemaDrift: 'warn'});
    // One statement, two differences: a column missing, another not modelled.
    expect(warned.warnings[0]).to.match(/2 difference\(s\) no script covers/);
  });

  it('judges nothing in a dry run with scripts pending, and says why', () => {
    const pending = report([
      {
        version: '1',
        dataSource: 'db',
        name: 'S',
        status: 'pending',
        outOfOrder: false,
        warnings: [],
        durationMs: 0,
      },
    ]);
    checkSchemaDrift(pending, {dryRun: true, schemaDrift: 'error'});
    expect(pending.warnings[0]).to.match(/1 migration script\(s\) are pending/);
  });
});
