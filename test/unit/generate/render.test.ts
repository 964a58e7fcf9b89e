import {expect} from '@loopback/testlab';
import {
  pascalCase,
  quote,
  renderMigrationFile,
} from '../../../src/generate/render';
import {generatedLines} from '../../../src/cli/generate-output';
import {compareVersions} from '../../../src/scripts/version-order';
import {checkedForeignKey} from '../../../src/dialects/mysql/checked-foreign-key';

/** Header lines as one line of prose, their `//` markers left out. */
function prose(header: readonly string[]): string {
  return header.map(line => line.replace(/^\/\/\s*/, '')).join(' ');
}

describe('renderMigrationFile()', () => {
  const file = {
    name: 'split-name',
    version: '20261130225500',
    initial: false,
    importFrom: 'loopback-schema-migration',
    generatedAt: new Date('2026-11-30T22:55:00Z'),
  };

  it('quotes SQL exactly, as Prettier would', () => {
    expect(quote("a 'b'\n\\")).to.equal('"a \'b\'\\n\\\\"');
    expect(quote('a "b"')).to.equal('\'a "b"\'');
    expect(pascalCase('split-name')).to.equal('SplitName');
  });

  it('writes one class per datasource, each with its own version, and lists lock verdicts when the plan has them', () => {
    const text = renderMigrationFile({
      ...file,
      changes: ['db', 'audit'].map(dataSource => ({
        dataSource,
        connector: 'postgresql',
        models: ['Todo'],
        warnings: [],
        statements: [
          {
            sql: 'ALTER TABLE "t" ADD COLUMN "a" TEXT',
            destructive: false,
            lock: 'brief',
            rewritesTable: false,
          },
        ],
        inverses: [{sql: 'ALTER TABLE "t" DROP COLUMN "a"'}],
      })),
    });
    expect(text).to.match(/class SplitNameDbMigration implements/);
    expect(text).to.match(/class SplitNameAuditMigration implements/);
    expect(text).to.match(/version = '20261130225500-audit';/);
    expect(text).to.match(
      /data loss: none; predicted failure: none; lock: brief/,
    );
  });

  it('lists a MariaDB compound statement in the header as the ALTER TABLE it runs, and up() runs it whole', () => {
    const alter =
      'ALTER TABLE `Note` ADD CONSTRAINT `fk_note_owner` FOREIGN KEY (`ownerId`) REFERENCES `Owner` (`id`), ALGORITHM=INPLACE, LOCK=NONE';
    const compound = checkedForeignKey(alter, ['schema_migration_state'])!;
    expect(compound).to.startWith('BEGIN NOT ATOMIC');
    const text = renderMigrationFile({
      ...file,
      changes: [
        {
          dataSource: 'db',
          connector: 'mysql',
          models: ['Note'],
          warnings: [],
          statements: [{sql: compound, destructive: false}],
          inverses: [
            {sql: 'ALTER TABLE `Note` DROP FOREIGN KEY `fk_note_owner`'},
          ],
        },
      ],
    });
    const header = text.split('\n').filter(line => line.startsWith('//'));
    expect(header).to.containEql(`//   1. ${alter}`);
    expect(prose(header)).to.match(
      /up\(\) runs it inside a BEGIN NOT ATOMIC block that records the unfinished work/,
    );
    expect(text).to.containEql(quote(compound));
  });

  it("wraps every note of the header at 80 columns, a statement's verdicts too; only a statement stays whole", () => {
    const willFail =
      'column "isComplete" cannot become NOT NULL: 1 row of "public"."todo" holds NULL in it (id 1); ' +
      'fill those rows first, or keep the property optional';
    const text = renderMigrationFile({
      ...file,
      changes: [
        {
          dataSource: 'db',
          connector: 'postgresql',
          models: ['Todo'],
          warnings: [],
          statements: [
            {
              sql: 'ALTER TABLE "public"."todo" ALTER COLUMN "iscomplete" SET NOT NULL',
              destructive: false,
              phase: 'no-transaction',
              willFail,
              lock: 'blocks-reads-and-writes',
            },
          ],
          inverses: [
            {
              sql: 'ALTER TABLE "public"."todo" ALTER COLUMN "iscomplete" DROP NOT NULL',
            },
          ],
        },
      ],
    });
    const lines = text.split('\n');
    const header = lines.slice(
      0,
      lines.findIndex(l => !l.startsWith('//')),
    );
    const notes = header.slice(4).filter(line => !/^\/\/ {3}1\. /.test(line));
    for (const line of notes) expect(line.length).to.be.belowOrEqual(80);
    expect(prose(notes)).to.containEql(
      `phase: no-transaction; data loss: none; predicted failure: ${willFail}; lock: blocks-reads-and-writes`,
    );
    expect(prose(notes)).to.containEql(
      'transaction = false: statement 1 cannot run inside a transaction, so each statement commits on its own.',
    );
  });

  it('a statement without an inverse makes the script irreversible, without down(), naming it and why', () => {
    const text = renderMigrationFile({
      ...file,
      changes: [
        {
          dataSource: 'db',
          connector: 'mysql',
          models: ['Todo'],
          warnings: [],
          statements: [{sql: 'ALTER TABLE `t` DROP `a`', destructive: true}],
          inverses: [{none: 'a dropped column cannot be restored'}],
        },
      ],
    });
    expect(text).to.not.match(/async down\(/);
    expect(text).to.match(
      /\n {2}irreversible =\n {4}'statement 1 \(ALTER TABLE `t` DROP `a`\) has no exact inverse \(a dropped column cannot be restored\)\. Write a new migration script that undoes it\.';\n/,
    );
  });

  it("lists every statement without an inverse, in the header and in the script's irreversible, as the CLI counts them", () => {
    const changes = {
      dataSource: 'db',
      connector: 'mysql',
      models: ['Todo'],
      warnings: [],
      statements: [
        {sql: 'ALTER TABLE `t` DROP `a`', destructive: true},
        {sql: 'ALTER TABLE `t` ADD `c` INT', destructive: false},
        {sql: 'ALTER TABLE `t` MODIFY `b` INT', destructive: false},
      ],
      inverses: [
        {none: 'a dropped column cannot be restored'},
        {sql: 'ALTER TABLE `t` DROP `c`'},
        {none: 'this change has no exact inverse'},
      ],
    };
    const text = renderMigrationFile({...file, changes: [changes]});
    expect(text).to.match(
      /\n\/\/ No down\(\): 2 statements have no exact inverse:\n\/\/ {3}statement 1: a dropped column cannot be restored;\n\/\/ {3}statement 3: this change has no exact inverse\.\n/,
    );
    expect(text).to.containEql(
      "'2 statements have no exact inverse: " +
        'statement 1 (ALTER TABLE `t` DROP `a`): a dropped column cannot be restored; ' +
        'statement 3 (ALTER TABLE `t` MODIFY `b` INT): this change has no exact inverse. ' +
        "Write a new migration script that undoes them.'",
    );
    expect(
      generatedLines({
        file: 'src/migrations/x.migration.ts',
        version: file.version,
        changes: [changes],
        report: {
          operation: 'autoupdate',
          dryRun: false,
          dataSources: [],
          scripts: [],
          warnings: [],
        },
        warnings: [],
      })[1],
    ).to.equal(
      '  datasource "db": 3 statement(s), 2 without an exact inverse (statements 1, 3: irreversible)',
    );
  });

  it('a plan of online phases only is one script with transaction = false', () => {
    const text = renderMigrationFile({
      ...file,
      changes: [
        {
          dataSource: 'db',
          connector: 'postgresql',
          models: ['Todo'],
          warnings: [],
          statements: [
            {
              sql: 'CREATE INDEX CONCURRENTLY "i" ON "t" ("a")',
              destructive: false,
              phase: 'no-transaction',
            },
          ],
          inverses: [{sql: 'DROP INDEX CONCURRENTLY "i"'}],
        },
      ],
    });
    expect(text.match(/@migrationScript\(\)/g)).to.have.length(1);
    expect(text).to.match(/^ {2}transaction = false;$/m);
    expect(text).to.match(
      /transaction = false: statement 1 cannot run inside a transaction/,
    );
  });

  it('splits a plan with online phases in two scripts: its transaction, then the phases outside one', () => {
    const text = renderMigrationFile({
      ...file,
      changes: [
        {
          dataSource: 'db',
          connector: 'postgresql',
          models: ['Todo'],
          warnings: [],
          statements: [
            {
              sql: 'ALTER TABLE "t" ADD COLUMN "a" TEXT',
              destructive: false,
              phase: 'transaction',
            },
            {
              sql: 'ALTER TABLE "t" ADD CONSTRAINT "k" CHECK ("a" IS NOT NULL) NOT VALID',
              destructive: false,
              phase: 'transaction',
            },
            {
              sql: 'CREATE INDEX CONCURRENTLY "i" ON "t" ("a")',
              destructive: false,
              phase: 'no-transaction',
            },
            {
              sql: 'ALTER TABLE "t" VALIDATE CONSTRAINT "k"',
              destructive: false,
              phase: 'own-transaction',
            },
          ],
          inverses: [
            {sql: 'ALTER TABLE "t" DROP COLUMN "a"'},
            {sql: 'ALTER TABLE "t" DROP CONSTRAINT "k"'},
            {sql: 'DROP INDEX CONCURRENTLY "i"'},
            {kept: 'validating a constraint leaves nothing to undo'},
          ],
        },
      ],
    });
    const classes = text.split('@migrationScript()').slice(1);
    expect(classes).to.have.length(2);
    const [atomic, online] = classes;
    expect(atomic).to.match(/class SplitNameMigration implements/);
    expect(atomic).to.match(/version = '20261130225500';/);
    expect(atomic).to.not.match(/transaction = false/);
    expect(atomic).to.match(/ADD COLUMN "a" TEXT[\s\S]*NOT VALID/);
    expect(atomic).to.not.match(/CONCURRENTLY/);
    expect(atomic).to.match(
      /DROP CONSTRAINT "k"'\);\n {4}await ctx\.execute\('ALTER TABLE "t" DROP COLUMN "a"'\)/,
    );
    expect(online).to.match(/class SplitNameOnlineMigration implements/);
    expect(online).to.match(/version = '20261130225500\+online';/);
    expect(online).to.match(/^ {2}transaction = false;$/m);
    expect(online).to.match(/CREATE INDEX CONCURRENTLY[\s\S]*VALIDATE/);
    expect(online).to.not.match(/ADD COLUMN/);
    expect(online).to.match(
      /async down\(ctx: MigrationContext\): Promise<void> \{\n {4}await ctx\.execute\('DROP INDEX CONCURRENTLY "i"'\);\n {2}\}/,
    );
    expect(text).to.match(
      /Statements 1-2 run in one transaction \(version 20261130225500\);/,
    );
    expect(text).to.match(
      /statements 3-4 run after it, outside any transaction/,
    );
    // One true thing of each statement: the VALIDATE CONSTRAINT is left in
    // place, not also counted among those down() undoes.
    const header = text.split('\n').filter(line => line.startsWith('//'));
    expect(header).to.containEql(
      '// down() of version 20261130225500+online undoes statement 3, last first.',
    );
    expect(header.join('\n')).to.not.match(/undoes statements 3-4/);
    expect(prose(header).match(/statement 4\b/g)).to.have.length(1);
    expect(prose(header)).to.match(
      /down\(\) of version 20261130225500\+online leaves statement 4 in place: validating a constraint/,
    );
  });

  it('writes one script per transaction of a plan split for the lock table, in an order that sorts right', () => {
    const created = (n: number, transaction: number) => ({
      sql: `CREATE TABLE "t${n}" ("id" INTEGER)`,
      destructive: false,
      transaction,
    });
    const transactions = [1, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const text = renderMigrationFile({
      ...file,
      changes: [
        {
          dataSource: 'db',
          connector: 'postgresql',
          models: transactions.map((_, i) => `T${i + 1}`),
          warnings: [],
          statements: [
            ...transactions.map((t, i) => created(i + 1, t)),
            {
              sql: 'CREATE INDEX CONCURRENTLY "i" ON "t1" ("id")',
              destructive: false,
              phase: 'no-transaction' as const,
            },
          ],
          inverses: [
            ...transactions.map((_, i) => ({sql: `DROP TABLE "t${i + 1}"`})),
            {sql: 'DROP INDEX CONCURRENTLY "i"'},
          ],
        },
      ],
    });
    const classes = text.split('@migrationScript()').slice(1);
    expect(classes).to.have.length(11);
    const versions = classes.map(c => /version = '([^']+)'/.exec(c)![1]);
    expect(versions.slice(0, 3)).to.deepEqual([
      '20261130225500',
      '20261130225500+02',
      '20261130225500+03',
    ]);
    expect(versions.slice(-2)).to.deepEqual([
      '20261130225500+10',
      '20261130225500+online',
    ]);
    // The ledger runs scripts in version order: the plan's order.
    const sorted = [...versions].sort((a, b) => compareVersions(a, b));
    expect(sorted).to.deepEqual(versions);
    expect(classes[0]).to.match(/CREATE TABLE "t1"[\s\S]*CREATE TABLE "t2"/);
    expect(classes[0]).to.not.match(/"t3"/);
    expect(classes[1]).to.match(/class SplitNameTransaction2Migration/);
    expect(classes[10]).to.match(/class SplitNameOnlineMigration/);
    expect(text).to.match(
      /Statements 1-2 run in transaction 1 of 10 \(version 20261130225500\)\./,
    );
    expect(text).to.match(
      /Statement 12 runs after them, outside any transaction, each statement committing on its own \(version 20261130225500\+online\)\./,
    );
  });
});
