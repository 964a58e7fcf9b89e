import type {DialectCore} from '../dialect-core';
import {postgresqlLedger} from './ledger';
import {foldPg} from './fold';
import {hearLentPgClients} from './lent-clients';
import {pgTableOf} from './model-schema';
import {pgPoolState} from './pool';
import {postgresqlSchemaState} from './schema-state';

/** What every run needs of PostgreSQL (see `index.ts`). */
export const postgresqlCore: DialectCore = {
  connector: 'postgresql',
  // CI runs the suite on the lowest and on the highest (9.0.3).
  tested: {
    packageName: 'loopback-connector-postgresql',
    lowest: '7.2.3',
    below: '10.0.0',
    connectorClasses: ['PostgreSQL', 'SQLConnector'],
  },
  transactionalDdl: true,
  hearLentConnections: hearLentPgClients,
  schemaState: postgresqlSchemaState,
  ledger: postgresqlLedger,
  poolState: pgPoolState,
  fold: foldPg,
  columnKey: column => column,
  indexKey: index => index,

  defaultModelTable(settings, model) {
    const {schema} = settings as {schema?: unknown};
    return {
      schema: typeof schema === 'string' && schema !== '' ? schema : 'public',
      name: model.toLowerCase(),
    };
  },

  tableOf: pgTableOf,
};
