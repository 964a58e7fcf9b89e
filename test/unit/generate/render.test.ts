import {expect} from '@loopback/testlab';
import {
  pascalCase,
  quote,
  renderMigrationFile,
} from '../../../src/generate/render';

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
        statements: [
          {
            sql: 'ALTER TABLE "t" ADD COLUMN "a" TEXT',
            destructive: false,
            lock: 'brief',
            rewritesTable: false,
          },
        ],
        inverses: [{sql: 'ALTER TABLE "t" DROP COLUMN "a"'}],
        outsideTransaction: [],
      })),
    });
    expect(text).to.match(/class SplitNameDbMigration implements/);
    expect(text).to.match(/class SplitNameAuditMigration implements/);
    expect(text).to.match(/version = '20261130225500-audit';/);
    expect(text).to.match(
      /data loss: none; predicted failure: none; lock: brief/,
    );
  });

  it('a statement without an inverse makes down() throw, naming it and why', () => {
    const text = renderMigrationFile({
      ...file,
      changes: [
        {
          dataSource: 'db',
          connector: 'mysql',
          models: ['Todo'],
          statements: [{sql: 'ALTER TABLE `t` DROP `a`', destructive: true}],
          inverses: [{none: 'a dropped column cannot be restored'}],
          outsideTransaction: [],
        },
      ],
    });
    expect(text).to.match(
      /async down\(\): Promise<void> \{\n {4}throw new Error\(/,
    );
    expect(text).to.match(
      /statement 1 \(ALTER TABLE `t` DROP `a`\) has no exact inverse: a dropped column cannot be restored/,
    );
  });

  it('a statement the database refuses in a transaction gives transaction = false', () => {
    const text = renderMigrationFile({
      ...file,
      changes: [
        {
          dataSource: 'db',
          connector: 'postgresql',
          models: ['Todo'],
          statements: [
            {
              sql: 'CREATE INDEX CONCURRENTLY "i" ON "t" ("a")',
              destructive: false,
            },
          ],
          inverses: [{sql: 'DROP INDEX CONCURRENTLY "i"'}],
          outsideTransaction: [0],
        },
      ],
    });
    expect(text).to.match(/^ {2}transaction = false;$/m);
    expect(text).to.match(
      /transaction = false: statement 1 cannot run inside a transaction/,
    );
  });
});
