import {expect} from '@loopback/testlab';
import {migrateSchemaWithReport, MigrationWillFailError} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  type ModelSpec,
} from '../support/app-builder';
import {dropAllTables, indexes, tables} from '../support/catalog';
import {describeOnDatabase} from '../support/databases';
import {rejection} from '../support/rejection';

/** How a `Wide` is declared. */
interface WideOptions {
  /** `false`: without the index over (a, b). */
  readonly indexed?: boolean;
  readonly unique?: boolean;
  /** The `mysql.dataLength` of a and b (`VARCHAR`); the connector's 512 when absent. */
  readonly length?: number;
}

/**
 * A Wide with two string properties (`VARCHAR(512)`, 2048 bytes each in
 * utf8mb4), indexed together as `ab2`.
 */
function wide({indexed = true, unique, length}: WideOptions = {}): ModelSpec {
  const string = {
    type: 'string',
    ...(length ? {mysql: {dataType: 'varchar', dataLength: length}} : {}),
  };
  return {
    name: 'Wide',
    properties: {
      id: {type: 'number', id: true, generated: true},
      a: string,
      b: string,
    },
    settings: indexed
      ? {
          indexes: {
            ab2: {keys: {a: 1, b: 1}, ...(unique ? {options: {unique}} : {})},
          },
        }
      : {},
  };
}

/** A model the plan creates before Wide. */
const NARROW: ModelSpec = {
  name: 'Narrow',
  properties: {id: {type: 'number', id: true, generated: true}},
};

describeOnDatabase('mysql', 'MariaDB: an index key over 3072 bytes', db => {
  beforeEach(() => dropAllTables(db()));

  async function migrate(...models: ModelSpec[]) {
    const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, models);
    try {
      return await migrateSchemaWithReport(app);
    } finally {
      await closeApp(app);
    }
  }

  async function wideIndexes(): Promise<string[]> {
    return (await indexes(db()))
      .filter(i => i.table === 'wide')
      .map(i => `${i.name}(${i.columns})${i.unique ? ' unique' : ''}`);
  }

  it('is refused before any change in a new table', async () => {
    const err = await rejection(migrate(NARROW, wide()));
    expect(err).to.be.instanceOf(MigrationWillFailError);
    expect((err as Error).message).to.match(
      /index "ab2" on "a", "b" of "Wide" is at least 4096 bytes .*over MariaDB [\d.]+'s 3072-byte key limit \(error 1071/,
    );
    expect(await tables(db())).to.eql([]);
  });

  it('is refused before any change when added to a table', async () => {
    await migrate(wide({indexed: false}));
    const err = await rejection(migrate(NARROW, wide()));
    expect(err).to.be.instanceOf(MigrationWillFailError);
    expect((err as Error).message).to.match(
      /index "ab2" on "a", "b" of "Wide" is at least 4096 bytes/,
    );
    expect(await tables(db())).to.eql(['wide']);
    expect(await wideIndexes()).to.eql(['primary(id) unique']);
  });

  it('applies a unique index of the same columns (MariaDB hashes it)', async () => {
    await migrate(wide({unique: true}));
    expect(await wideIndexes()).to.eql([
      'ab2(a,b) unique',
      'primary(id) unique',
    ]);
    await dropAllTables(db());
    await migrate(wide({indexed: false}));
    const report = await migrate(wide({unique: true}));
    expect(report.dataSources[0].status).to.equal('migrated');
    expect(await wideIndexes()).to.eql([
      'ab2(a,b) unique',
      'primary(id) unique',
    ]);
  });

  it('applies an index of exactly 3072 bytes', async () => {
    await migrate(wide({length: 384}));
    expect(await wideIndexes()).to.eql(['ab2(a,b)', 'primary(id) unique']);
    await dropAllTables(db());
    await migrate(wide({indexed: false, length: 384}));
    const report = await migrate(wide({length: 384}));
    expect(report.dataSources[0].status).to.equal('migrated');
    expect(await wideIndexes()).to.eql(['ab2(a,b)', 'primary(id) unique']);
  });
});
