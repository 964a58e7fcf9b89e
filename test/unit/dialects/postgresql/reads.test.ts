import {expect} from '@loopback/testlab';
import {rewritePgRead} from '../../../../src/dialects/postgresql/reads';

describe('postgresql catalog reads', () => {
  // As loopback-connector-postgresql's showFields() sends it.
  const showFields =
    'SELECT column_name AS "column", data_type AS "type", ' +
    'datetime_precision AS time_precision, is_nullable AS "nullable", ' +
    'character_maximum_length as "length" FROM "information_schema"."columns" ' +
    "WHERE table_name='product' and table_schema='public'";

  it('reads the column type with its precision, length or element type', () => {
    const sql = rewritePgRead(showFields);
    expect(sql).to.not.containEql('data_type AS "type"');
    expect(sql).to.match(/'NUMERIC\(' \|\| numeric_precision/);
    expect(sql).to.match(/END AS "type", datetime_precision/);
    expect(sql).to.endWith(
      "WHERE table_name='product' and table_schema='public'",
    );
  });

  it('leaves every other read as it is', () => {
    const other = 'SELECT data_type AS "type" FROM somewhere_else';
    expect(rewritePgRead(other)).to.equal(other);
  });
});
