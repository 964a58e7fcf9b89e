import {expect} from '@loopback/testlab';
import type {juggler} from '@loopback/repository';
import {migrateSchemaWithReport, MigrationFailedError} from '../../src';
import {buildApp, closeApp, MigratingApp} from '../support/app-builder';
import {dropAllTables, tables} from '../support/catalog';
import {createTestDatabase, type TestDatabase} from '../support/databases';
import {rejection} from '../support/rejection';
import {chainedModels} from '../support/schemas';

/** `count` chained models on datasource `dataSource`, named `<prefix>1..N`. */
function modelsOn(dataSource: string, prefix: string, count: number) {
  return chainedModels(count).map(spec => {
    const n = spec.name.slice('Model'.length);
    const foreignKeys = Object.fromEntries(
      Object.entries(spec.settings?.foreignKeys ?? {}).map(([key, fk]) => [
        key.replace('model', prefix.toLowerCase()),
        {
          ...(fk as object),
          name: key.replace('model', prefix.toLowerCase()),
          entity: `${prefix}${Number(n) - 1}`,
        },
      ]),
    );
    return {
      ...spec,
      name: `${prefix}${n}`,
      dataSource,
      settings: {foreignKeys},
    };
  });
}

describe('independent datasources are planned at the same time', function () {
  let pg: TestDatabase | undefined;
  let maria: TestDatabase | undefined;
  let app: MigratingApp | undefined;

  before(async function () {
    pg = await createTestDatabase('postgresql');
    maria = await createTestDatabase('mysql');
    if (!pg || !maria) this.skip();
  });
  after(async () => {
    await pg?.drop();
    await maria?.drop();
  });
  beforeEach(async () => {
    await dropAllTables(pg!);
    await dropAllTables(maria!);
  });
  afterEach(async () => {
    if (app) await closeApp(app);
    app = undefined;
  });

  function build(bindings: string[]): MigratingApp {
    const configs: Record<string, Record<string, unknown>> = {
      pg: pg!.dataSourceConfig,
      maria: maria!.dataSourceConfig,
    };
    app = buildApp(
      MigratingApp,
      Object.fromEntries(bindings.map(name => [name, configs[name]])),
      [...modelsOn('pg', 'Pg', 20), ...modelsOn('maria', 'Maria', 20)],
    );
    return app;
  }

  /** The datasource of every query the connectors send, in order. */
  async function watchQueries(names: string[]): Promise<string[]> {
    const seen: string[] = [];
    for (const name of names) {
      const ds = await app!.get<juggler.DataSource>(`datasources.${name}`);
      ds.connector!.observe!(
        'before execute',
        (_ctx: unknown, next: () => void) => {
          seen.push(name);
          next();
        },
      );
    }
    return seen;
  }

  it('plans both at the same time and reports them in the order of discovery', async () => {
    for (const bindings of [
      ['pg', 'maria'],
      ['maria', 'pg'],
    ]) {
      if (app) await closeApp(app);
      build(bindings);
      const dryRun = await app!.planSchemaMigration();
      const seen = await watchQueries(bindings);
      const report = await migrateSchemaWithReport(app!);
      const names = report.dataSources.map(d => d.name);
      expect(names).to.eql(dryRun.dataSources.map(d => d.name));
      expect(report.dataSources.map(d => d.status)).to.eql([
        'migrated',
        'migrated',
      ]);
      // Each datasource's queries start before the other's end.
      const first = seen.indexOf(names[1]);
      expect(seen.lastIndexOf(names[0])).to.be.above(first);
      expect(await tables(pg!)).to.have.length(20);
      expect(await tables(maria!)).to.have.length(20);
      await dropAllTables(pg!);
      await dropAllTables(maria!);
    }
  });

  it('reports the datasource that failed to plan, after those before it, and changes nothing', async () => {
    for (const bindings of [
      ['pg', 'maria'],
      ['maria', 'pg'],
    ]) {
      if (app) await closeApp(app);
      const built = build(bindings);
      const order = (await built.planSchemaMigration()).dataSources.map(
        d => d.name,
      );
      // MariaDB's catalog reads fail, as on a lost connection.
      const ds = await built.get<juggler.DataSource>('datasources.maria');
      ds.connector!.observe!(
        'before execute',
        (_ctx: unknown, next: (err?: Error) => void) =>
          next(new Error('simulated: connection reset')),
      );
      const error = await rejection(migrateSchemaWithReport(built));
      expect(error).to.be.instanceOf(MigrationFailedError);
      const {report, message} = error as MigrationFailedError;
      expect(message).to.match(
        /datasource "maria".*simulated: connection reset/,
      );
      const at = order.indexOf('maria');
      expect(report.dataSources.map(d => [d.name, d.status])).to.eql([
        ...order.slice(0, at).map(name => [name, 'planned']),
        ['maria', 'failed'],
      ]);
      // Nothing is applied when a datasource fails to plan.
      expect(await tables(pg!)).to.eql([]);
      expect(await tables(maria!)).to.eql([]);
    }
  });
});
