import type {ListedTable, PlanCache} from '../dialects/dialect';
import {foreignKeyWarnings, type ForeignHome} from './foreign-key-warnings';
import {refuseSharedColumns, refuseSharedTables} from './shared-names';
import {refuseColumnlessIndexes} from './columnless-indexes';
import {unreadSettingsWarnings} from './unread-settings';
import {misspeltSettingsWarnings} from './misspelt-settings';
import {unresolvedTypeWarnings} from './unresolved-types';
import {inferredObjectKeyWarnings} from './inferred-object-keys';
import {callConnector, type JugglerConnector} from '../juggler';
import {describeTable} from '../dialects/dialect';
import type {MigrationOperation, PlannedStatement} from '../types';
import {captureModelChanges} from './capture';
import {
  withConnectorModel,
  withEditableModel,
  withLentModel,
} from './connector-model';
import {foreignKeysElsewhere, orderByForeignKeys} from './model-order';
import {foreignKeyTypeRefusals} from './foreign-key-types';
import {idTypeChanges} from './id-type';
import {inlineForeignKeys} from './inline-foreign-keys';
import {checkNewTables} from './new-tables';
import {viewsAmong} from './will-fail/view-tables';
import {planDrops} from './rebuild';
import {unmodelledTablesWarning, type TableOwnership} from './unmodelled';
import {leftTablesWarnings} from './left-tables';
import {belongsToTable, strayStatementReason} from './stray-statements';
import type {PredictedFailure} from './will-fail';
import {
  PHASES,
  destructiveReason,
  phaseOf,
  type StatementPhase,
} from './sql-text';
import type {Dialect} from '../dialects/contract';

/** Everything one datasource's migration would do. */
export interface DataSourcePlan {
  /** The models, in foreign-key order. */
  readonly models: string[];
  /** The tables of the models' schemas, as the plan read them. */
  readonly present: ListedTable[];
  readonly statements: PlannedStatement[];
  readonly warnings: string[];
  /**
   * Statements a model setting slipped into the connector's SQL (see
   * `belongsToTable`): the run is refused before anything changes.
   */
  readonly refusals: PredictedFailure[];
}

/**
 * The datasource's binding key, and the other datasource of the app each
 * model not attached to it is attached to (for the warnings about foreign
 * keys to such models).
 */
export interface ModelsElsewhere {
  readonly bindingKey: string;
  homeOf(model: string): ForeignHome | undefined;
}

interface Entry {
  readonly sql: string;
  readonly model?: string;
  readonly phase: StatementPhase;
  readonly rank: number;
  /** Why the statement is refused (it is not the model's). */
  readonly refused?: string;
}

/**
 * Compute, without changing anything, the statements that migrate `models`
 * of one datasource. The connector's own diff logic produces them (its
 * schema-changing statements are captured, not run); this function puts
 * them in an order that works whatever the foreign keys: drops first, then
 * every table, then every change, then every foreign key. Tables of the
 * models' schemas that `owned` does not know are named in a warning.
 */
export async function planDataSource(
  dataSource: string,
  connector: JugglerConnector,
  dialect: Dialect,
  models: readonly string[],
  operation: MigrationOperation,
  owned: TableOwnership,
  elsewhere: ModelsElsewhere,
): Promise<DataSourcePlan> {
  const definitions = connector._models ?? {};
  const ordered = orderByForeignKeys(models, definitions);
  const entries: Entry[] = [];
  for (const model of ordered) dialect.checkModel(connector, model);
  const tables = ordered.map(model => dialect.tableOf(connector, model));
  const settingsKey = connector.name ?? 'connector';
  for (const model of ordered) {
    refuseColumnlessIndexes(connector, model);
    refuseSharedColumns(connector, model, settingsKey, c =>
      dialect.columnKey(c),
    );
  }
  refuseSharedTables(ordered, tables, settingsKey);
  const schemas = [...new Set(tables.map(t => t.schema))];
  // An update reads every table's columns, indexes and foreign keys: in
  // bulk, once, beside the list of tables.
  const [present, snapshot] = await Promise.all([
    dialect.listTables(connector, schemas),
    operation === 'autoupdate' && ordered.length > 0
      ? dialect.loadSnapshot(connector, tables)
      : undefined,
  ]);
  // A model on a view is read as a table (its columns): no table is made.
  const views =
    operation === 'autoupdate'
      ? await viewsAmong(dialect, connector, tables, present)
      : [];
  const newTableWarnings = checkNewTables(
    connector,
    dialect,
    operation,
    ordered,
    tables,
    [...present, ...views],
  );
  const cache: PlanCache = new Map(snapshot?.planReads);
  const refusals: PredictedFailure[] = [];
  if (operation === 'automigrate') {
    const drops = await planDrops(connector, dialect, ordered, present, owned);
    drops.forEach((drop, rank) => entries.push({...drop, rank}));
    for (const drop of drops) {
      if (!drop.refused) continue;
      refusals.push({
        dataSource,
        model: drop.model,
        table: describeTable(dialect.tableOf(connector, drop.model)),
        sql: drop.sql,
        description: drop.refused,
      });
    }
  }
  const idWarnings: string[] = [];
  if (operation === 'autoupdate') {
    const changes = await idTypeChanges(
      dataSource,
      connector,
      dialect,
      ordered,
      present,
      cache,
    );
    idWarnings.push(...changes.warnings);
    for (const change of changes.refused) {
      refusals.push(change.failure);
      entries.push({
        sql: change.sql,
        model: change.model,
        phase: 'alter',
        rank: ordered.indexOf(change.model),
        refused: change.failure.description,
      });
    }
  }
  const fold = (name: string) => dialect.fold(name);
  for (const [rank, model] of ordered.entries()) {
    const table = tables[rank];
    const captured = await captureModelChanges(
      connector,
      dialect,
      model,
      () =>
        withEditableModel(connector, model, () =>
          operation === 'autoupdate'
            ? withConnectorModel(connector, dialect, model, () =>
                withoutKeysElsewhere(connector, model, () =>
                  autoupdateModel(connector, model),
                ),
              )
            : dialect.createTable(connector, model),
        ),
      snapshot,
      cache,
    );
    for (const text of captured) {
      const sql = dialect.rewrite(text, connector, model);
      const phase = phaseOf(sql);
      if (!belongsToTable(sql, table, fold)) {
        // Not attributed to the model: its table is not the statement's.
        const reason = strayStatementReason(
          model,
          table,
          sql,
          definitions[model],
        );
        refusals.push({
          dataSource,
          model,
          table: describeTable(table),
          sql,
          description: reason,
        });
        entries.push({sql, phase, rank, refused: reason});
        continue;
      }
      entries.push({
        sql,
        phase,
        rank,
        model: phase === 'prelude' ? undefined : model,
      });
    }
  }
  if (operation === 'autoupdate') {
    const keyTypes = await foreignKeyTypeRefusals(
      connector,
      dialect,
      entries,
      fold,
    );
    for (const [index, why] of keyTypes) {
      const entry = entries[index];
      if (!entry.model || entry.refused) continue;
      const description = `model ${entry.model}: ${why}`;
      entries[index] = {...entry, refused: description};
      refusals.push({
        dataSource,
        model: entry.model,
        table: describeTable(dialect.tableOf(connector, entry.model)),
        sql: entry.sql,
        description,
      });
    }
  }
  const unmodelled = unmodelledTablesWarning(present, owned, operation);
  const moved = await leftTablesWarnings(connector, dialect, ordered, tables, {
    schemas,
    present,
    owned,
    cache,
    creating: new Set(
      entries.flatMap(e =>
        e.phase === 'create-tables' && e.model ? [e.model] : [],
      ),
    ),
  });
  return {
    models: ordered,
    present,
    statements: inlineForeignKeys(
      toPlannedStatements(entries, operation, dialect),
      dialect,
    ),
    warnings: [
      ...foreignKeyWarnings(
        {name: dataSource, bindingKey: elsewhere.bindingKey},
        ordered,
        definitions,
        entries.map(e => e.sql),
        elsewhere.homeOf,
      ),
      ...ordered.flatMap(model => [
        ...unreadSettingsWarnings(
          connector,
          dialect.connector,
          model,
          definitions[model],
        ),
        ...(dialect.unreadSettings?.(model, definitions[model]) ?? []),
        ...misspeltSettingsWarnings(model, definitions[model]),
        ...unresolvedTypeWarnings(model, definitions[model], ordered),
        ...inferredObjectKeyWarnings(model, definitions[model]),
      ]),
      ...idWarnings,
      ...newTableWarnings,
      ...(unmodelled ? [unmodelled] : []),
      ...moved,
    ],
    refusals,
  };
}

/**
 * Run `work` with the foreign keys of `model` to models not attached to the
 * connector (a model moved to another datasource) hidden from it. The
 * connectors never create such a key (their `buildForeignKeyDefinition`
 * skips a model they do not have), but their comparison with a key of that
 * name already in the table reads the target model's table and throws
 * (`Cannot read properties of undefined (reading 'settings')`). Hidden, the
 * key in the table is one the model does not declare, which the connector
 * drops: the table ends as a new database makes it, without the key.
 */
function withoutKeysElsewhere(
  connector: JugglerConnector,
  model: string,
  work: () => Promise<unknown>,
): Promise<unknown> {
  return withLentModel(
    connector,
    model,
    definition => {
      const models = connector._models ?? {};
      const elsewhere = new Set(
        foreignKeysElsewhere(model, models).map(fk => fk.key),
      );
      if (elsewhere.size === 0) return undefined;
      const kept = Object.fromEntries(
        Object.entries(definition.settings.foreignKeys ?? {}).filter(
          ([key]) => !elsewhere.has(key),
        ),
      );
      return {
        ...definition,
        settings: {...definition.settings, foreignKeys: kept},
      };
    },
    work,
  );
}

function autoupdateModel(
  connector: JugglerConnector,
  model: string,
): Promise<unknown> {
  const autoupdate = connector.autoupdate;
  if (!autoupdate)
    throw new Error(`the ${connector.name} connector cannot autoupdate`);
  return callConnector(cb => autoupdate.call(connector, [model], cb));
}

function toPlannedStatements(
  entries: readonly Entry[],
  operation: MigrationOperation,
  dialect: Dialect,
): PlannedStatement[] {
  const seen = new Set<string>();
  const plan = entries.map(entry => entry.sql);
  return entries
    .map((entry, seq) => ({entry, seq}))
    .sort(
      (a, b) =>
        PHASES.indexOf(a.entry.phase) - PHASES.indexOf(b.entry.phase) ||
        a.entry.rank - b.entry.rank ||
        a.seq - b.seq,
    )
    .map(({entry}) => entry)
    .filter(entry => {
      // The connector repeats its prelude (CREATE SCHEMA ...) for each table.
      if (entry.phase !== 'prelude') return true;
      if (seen.has(entry.sql)) return false;
      seen.add(entry.sql);
      return true;
    })
    .map(entry => {
      const loss = destructiveReason(entry.sql);
      const statement: PlannedStatement = {
        sql: entry.sql,
        destructive: loss !== undefined,
        reason:
          loss ??
          dialect.reasonOf?.(entry.sql, plan) ??
          describePhase(entry.phase, operation),
        ...(entry.refused !== undefined && {willFail: entry.refused}),
      };
      return entry.model ? {...statement, model: entry.model} : statement;
    });
}

function describePhase(
  phase: StatementPhase,
  operation: MigrationOperation,
): string {
  switch (phase) {
    case 'prelude':
      return 'prepares the schema or extension the connector needs';
    case 'drop-constraints':
      return operation === 'automigrate'
        ? 'drops a foreign key between rebuilt tables so that they can be dropped'
        : 'drops a foreign key the model no longer declares as it is';
    case 'drop-indexes':
      return 'drops an index the model no longer declares as it is (before any column drop, which would drop it too)';
    case 'drop-tables':
      return 'drops the table to rebuild it';
    case 'create-tables':
      return 'creates the table';
    case 'add-foreign-keys':
      return 'adds foreign keys once every table exists';
    case 'alter':
      return 'brings the table, its columns and indexes in line with the model';
  }
}
