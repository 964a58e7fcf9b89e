import {foreignKeyEntity, type JugglerConnector} from '../../juggler';
import {pgSchemaOf} from './model-schema';
import {isPgForeignKeyRead} from './reads';

/** A row of the connector's foreign key read that this file looks at. */
interface ForeignKeyRow {
  fkName?: unknown;
  pkOwner?: unknown;
  pkTableName?: unknown;
}

/**
 * The PostgreSQL dialect's `adjustRead`: in the connector's read of the
 * foreign keys of `model`'s table, a key the model declares whose table
 * is in another schema than the referenced model's (the referenced model
 * moved to another schema, `postgresql: {schema}`) gets its schema in its
 * referenced table's name. The connector compares that name alone with the
 * referenced model's table: it kept the key on the table of the old schema
 * and reported it up to date; now it drops the key and adds it again,
 * pointing at the model's table.
 */
export function adjustPgRead(
  sql: string,
  rows: unknown,
  connector: JugglerConnector,
  model: string,
): void {
  if (!isPgForeignKeyRead(sql) || !Array.isArray(rows)) return;
  const declared = connector._models?.[model]?.settings.foreignKeys ?? {};
  for (const row of rows as ForeignKeyRow[]) {
    const fk = typeof row.fkName === 'string' ? declared[row.fkName] : null;
    const entity = fk ? foreignKeyEntity(fk) : undefined;
    if (!entity || !connector._models?.[entity]) continue;
    const schema = pgSchemaOf(connector, entity);
    if (row.pkOwner === schema || typeof row.pkTableName !== 'string') {
      continue;
    }
    row.pkTableName = `${String(row.pkOwner)}.${row.pkTableName}`;
  }
}
