import {foreignKeyDropsFirst} from './foreign-key-drops';
import type {JugglerConnector} from '../../juggler';
import type {PlanCache} from '../dialect';
import {withAutoIncrementOnId} from './auto-increment-ids';
import {withCaseOnlyColumnRenames} from './case-renames';
import {remakesChangedIndexes} from './changed-indexes';
import {withoutIndexCaseChanges} from './index-case';
import {remakesChangedPropertyIndexes} from './index-names';
import {withKeptCharsets} from './kept-charsets';
import {withKeptComments} from './kept-comments';
import {withKeptDefaults} from './kept-defaults';
import {freeForeignKeyIndexNames} from './key-indexes';
import {withMissedColumnChanges} from './missed-column-changes';
import {withModelDefaultsOnNewColumns} from './new-column-defaults';
import {tableColumns, withoutMysqlNoOps} from './no-ops';
import {withSettledSerials} from './serial-columns';

/**
 * The mysql dialect's `withoutNoOps`: a model's statements as the schema
 * needs them.
 *
 * A `SERIAL` column of a property that is not the id is left as it is
 * (withSettledSerials). A column renamed in letter case only is renamed, not dropped and added
 * (withCaseOnlyColumnRenames). The type changes the connector's diff
 * misses are added next (withMissedColumnChanges). A column's default is
 * kept where the connector restates the column (withKeptDefaults), and so
 * is its character set and collation (withKeptCharsets), before the no-op
 * check. A new NOT NULL column is filled with its property's default
 * (withModelDefaultsOnNewColumns). A generated integer id the table has
 * without AUTO_INCREMENT gets it (withAutoIncrementOnId). Then what the
 * connector forgets is added: dropping the index a re-made foreign key
 * would clash with, remaking a property's index on its new column or with
 * its new uniqueness, and an index of `settings.indexes` with its new
 * uniqueness or key directions (see freeForeignKeyIndexNames,
 * remakesChangedPropertyIndexes, remakesChangedIndexes). Last, a restated
 * column keeps its comment (withKeptComments).
 */
export async function mysqlWithoutNoOps(
  connector: JugglerConnector,
  model: string,
  statements: readonly string[],
  cache: PlanCache = new Map(),
): Promise<string[]> {
  // The connector's CREATE TABLE (and its keys) of a table the catalog does
  // not hold: every step below settles a table that exists, and would leave
  // these as they are.
  const table = connector.table?.(model);
  const creates = /^\s*CREATE\s+TABLE\b/i.test(statements[0] ?? '');
  if (
    creates &&
    table &&
    (await tableColumns(connector, table, cache)).length === 0
  ) {
    return [...statements];
  }
  const serials = await withSettledSerials(connector, statements, cache);
  const renamed = withCaseOnlyColumnRenames(serials);
  const uncased = await withoutIndexCaseChanges(connector, renamed, cache);
  const complete = await withMissedColumnChanges(
    connector,
    model,
    uncased,
    cache,
  );
  const defaults = await withKeptDefaults(connector, complete, cache);
  const kept = await withKeptCharsets(connector, defaults, cache);
  const needed = await withoutMysqlNoOps(connector, model, kept, cache);
  const counted = await withAutoIncrementOnId(connector, model, needed, cache);
  const filled = withModelDefaultsOnNewColumns(connector, model, counted);
  const freed = await freeForeignKeyIndexNames(connector, filled, cache);
  const remade = await remakesChangedPropertyIndexes(
    connector,
    model,
    freed,
    cache,
  );
  const indexed = await remakesChangedIndexes(connector, model, remade, cache);
  return foreignKeyDropsFirst(
    await withKeptComments(connector, indexed, cache),
  );
}
