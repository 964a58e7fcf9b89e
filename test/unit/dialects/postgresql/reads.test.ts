import {expect} from '@loopback/testlab';
import type {JugglerConnector} from '../../../../src/juggler';
import {rewritePgRead} from '../../../../src/dialects/postgresql/reads';

/** A connector whose model `Invoice` maps to `sales.invoice`. */
const connector = {
  name: 'postgresql',
  table: (model: string) => model.toLowerCase(),
  schema: () => 'sales',
} as unknown as JugglerConnector;

describe('postgresql catalog reads', () => {
  // As loopback-connector-postgresql's showFields() sends it.
  const showFields =
    'SELECT column_name AS "column", data_type AS "type", ' +
    'datetime_precision AS time_precision, is_nullable AS "nullable", ' +
    'character_maximum_length as "length" FROM "information_schema"."columns" ' +
    "WHERE table_name='product' and table_schema='public'";

  it('reads the column type with its precision, length or element type', () => {
    const sql = rewritePgRead(showFields, connector, 'Product');
    expect(sql).to.not.containEql('data_type AS "type"');
    expect(sql).to.match(/'NUMERIC\(' \|\| numeric_precision/);
    expect(sql).to.match(/END AS "type", datetime_precision/);
    expect(sql).to.endWith(
      "WHERE table_name='product' and table_schema='public'",
    );
  });

  it('leaves every other read as it is', () => {
    const other = 'SELECT data_type AS "type" FROM somewhere_else';
    expect(rewritePgRead(other, connector, 'Product')).to.equal(other);
  });

  // As the connector's discoverForeignKeys(table, {}) sends it: no schema.
  const foreignKeys = (table: string) =>
    'SELECT tc.table_schema AS "fkOwner", tc.constraint_name AS "fkName", ' +
    'tc.table_name AS "fkTableName" FROM information_schema.table_constraints tc' +
    " WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_name='" +
    table +
    "'";

  it("reads the foreign keys of the model's table in its schema only", () => {
    expect(
      rewritePgRead(foreignKeys('invoice'), connector, 'Invoice'),
    ).to.endWith(
      "WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema='sales' AND tc.table_name='invoice'",
    );
  });

  it("leaves a read of another table's foreign keys as it is", () => {
    const other = foreignKeys('customer');
    expect(rewritePgRead(other, connector, 'Invoice')).to.equal(other);
  });
});
