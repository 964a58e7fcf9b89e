import {expect} from '@loopback/testlab';
import type {ModelSpec} from '../support/app-builder';
import {describeOnDatabase} from '../support/databases';
import {migrationsOn} from '../support/migrations-on';

/** A fee whose `price` is sized as `mysql`, `extra` beside it, says. */
function fee(
  mysql: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): ModelSpec {
  return {
    name: 'Fee',
    properties: {
      id: {type: 'number', id: true, generated: true},
      price: {type: 'number', ...extra, mysql},
    },
    settings: {mysql: {table: 'fee'}},
  };
}

// loopback-connector-mysql's README sizes a DECIMAL with mysql.precision
// and mysql.scale, which the connector never reads: the column is
// DECIMAL(10,0), and every price is rounded to a whole number.
describeOnDatabase('mysql', 'number sizes the connector does not read', db => {
  const run = migrationsOn(db);
  const migrate = async (models: ModelSpec[]) =>
    (await run(models)).dataSources[0];
  const sizeWarnings = (warnings: string[]) =>
    warnings.filter(w => /not read by the connector/.test(w));

  it('warns that mysql.precision and mysql.scale are not read, where a DECIMAL rounds every value', async () => {
    const model = fee({dataType: 'decimal', precision: 12, scale: 2});
    const created = await migrate([model]);
    await db().query('INSERT INTO fee (price) VALUES (5.55)');
    expect(await db().query('SELECT price FROM fee')).to.eql([{price: '6'}]);

    const [warning] = sizeWarnings(created.warnings);
    expect(warning).to.match(
      /^model Fee, property price: mysql\.precision, mysql\.scale are not read by the connector, which writes the column as DECIMAL, which MySQL makes DECIMAL\(10,0\): every value written to it is rounded to a whole number/,
    );
    const again = await migrate([model]);
    expect(again.status).to.equal('up-to-date');
    expect(again.warnings).to.containEql(warning);
  });

  it("warns of the property's own precision and scale beside mysql.dataType", async () => {
    const created = await migrate([
      fee({dataType: 'decimal'}, {precision: 12, scale: 2}),
    ]);
    expect(sizeWarnings(created.warnings)).to.have.length(1);
    expect(sizeWarnings(created.warnings)[0]).to.match(
      /property price: precision, scale are not read/,
    );
  });

  it('says nothing of sizes the connector reads', async () => {
    for (const [mysql, extra] of [
      [{dataType: 'decimal', dataPrecision: 12, dataScale: 2}, {}],
      [{dataType: 'decimal(12,2)'}, {precision: 12, scale: 2}],
      [{}, {dataType: 'decimal', precision: 12, scale: 2}],
    ]) {
      const created = await migrate([fee(mysql, extra)]);
      expect(sizeWarnings(created.warnings)).to.eql([]);
    }
  });
});
