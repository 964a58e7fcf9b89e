import type {DialectCore} from '../dialect-core';
import {mysqlLedger} from './ledger';
import {mysqlPoolState} from './pool';
import {mysqlSchemaState} from './schema-state';

/** What every run needs of MySQL and MariaDB (see `index.ts`). */
export const mysqlCore: DialectCore = {
  connector: 'mysql',
  // CI runs the suite on the lowest and on the highest (9.0.3).
  tested: {
    packageName: 'loopback-connector-mysql',
    lowest: '7.1.6',
    below: '10.0.0',
    connectorClasses: ['MySQL', 'SQLConnector'],
  },
  transactionalDdl: false,
  // mysql2's pool hears its connections' errors itself.
  hearLentConnections: undefined,
  schemaState: mysqlSchemaState,
  ledger: mysqlLedger,
  poolState: mysqlPoolState,
  fold: name => name,
  columnKey: column => column.toLowerCase(),
  indexKey: index => index.toLowerCase(),
  defaultModelTable: (_settings, model) => ({schema: '', name: model}),

  tableOf(connector, model) {
    return {schema: '', name: connector.table?.(model) ?? model};
  },
};
