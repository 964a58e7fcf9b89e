import {expect} from '@loopback/testlab';
import type {ModelSpec} from '../support/app-builder';
import {describeOnDatabase} from '../support/databases';
import {migrationsOn} from '../support/migrations-on';

/** Model `Count<n>`, table `count<n>`, whose `amount` is declared as `amount`. */
function counted(n: number, amount: Record<string, unknown>): ModelSpec {
  return {
    name: `Count${n}`,
    properties: {
      id: {type: 'number', id: true, generated: true},
      amount: {type: 'number', ...amount},
    },
    settings: {mysql: {table: `count${n}`}},
  };
}

// A number declared whole (an integer type, or a scale of 0) loses nothing
// to a column the connector rounds to whole numbers: its unread sizes are
// no loss, except a precision longer than the column's 10 digits.
describeOnDatabase('mysql', 'unread sizes of whole numbers', db => {
  const run = migrationsOn(db);
  const sizeWarnings = (warnings: string[]) =>
    warnings.filter(w => /not read by the connector/.test(w));
  const stored = async (table: string, value: string) => {
    await db().query(`INSERT INTO ${table} (amount) VALUES (${value})`);
    const [row] = (await db().query(`SELECT amount FROM ${table}`)) as {
      amount: unknown;
    }[];
    return String(row.amount);
  };

  it('says nothing where every whole number declared is kept', async () => {
    const declared = [
      {precision: 10, scale: 0},
      {mysql: {dataPrecision: 9, dataScale: 0}},
      {mysql: {dataType: 'int', precision: 10, scale: 0}},
      {mysql: {dataType: 'int', dataScale: 0}},
      {mysql: {dataType: 'INT', precision: 11}},
      {dataType: 'int', precision: 10, scale: 0},
      {mysql: {dataType: 'bigint', precision: 20}},
      {mysql: {dataType: 'decimal', precision: 8, scale: 0}},
    ];
    const models = declared.map((amount, n) => counted(n, amount));
    const [created] = (await run(models)).dataSources;
    expect(created.status).to.equal('migrated');
    expect(sizeWarnings(created.warnings)).to.eql([]);
    for (const n of declared.keys())
      expect(await stored(`count${n}`, '-123456789')).to.equal('-123456789');
    const [again] = (await run(models)).dataSources;
    expect(again.status).to.equal('up-to-date');
    expect(sizeWarnings(again.warnings)).to.eql([]);
  });

  it('warns where a whole number column loses digits or fractions declared', async () => {
    const [created] = (
      await run([
        counted(0, {precision: 12, scale: 0}),
        counted(1, {mysql: {dataType: 'decimal', precision: 12, scale: 0}}),
        counted(2, {mysql: {dataType: 'int', scale: 2}}),
        counted(3, {mysql: {dataType: 'bigint', dataScale: 2}}),
      ])
    ).dataSources;
    expect(sizeWarnings(created.warnings)).to.eql([
      'model Count0, property amount: precision, scale are not read by the connector, which ' +
        'writes the column as INT, of whole numbers up to 2147483647 (4294967295 unsigned): a ' +
        'larger value is refused ("Out of range value"); declare mysql: {dataType, ' +
        'dataPrecision, dataScale} instead',
      'model Count1, property amount: mysql.precision, mysql.scale are not read by the ' +
        'connector, which writes the column as DECIMAL, which MySQL makes DECIMAL(10,0), of 10 ' +
        'digits at most: a longer value is refused ("Out of range value"); declare mysql: ' +
        '{dataType, dataPrecision, dataScale} instead',
      'model Count2, property amount: mysql.scale is not read by the connector, which writes ' +
        'the column as INT: every value written to it is rounded to a whole number, with no ' +
        'error; declare mysql: {dataType, dataPrecision, dataScale} instead',
      'model Count3, property amount: mysql.dataScale is not read by the connector, which ' +
        'writes the column as BIGINT: every value written to it is rounded to a whole number, ' +
        'with no error; declare mysql: {dataType, dataPrecision, dataScale} instead',
    ]);
    // What the warnings say.
    for (const table of ['count0', 'count1'])
      await expect(
        db().query(`INSERT INTO ${table} (amount) VALUES (123456789012)`),
      ).to.be.rejectedWith(/Out of range value/);
    expect(await stored('count2', '5.55')).to.equal('6');
    expect(await stored('count3', '5.55')).to.equal('6');
  });
});
