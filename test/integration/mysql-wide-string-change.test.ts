import {expect} from '@loopback/testlab';
import type {PropertyDefinition} from '@loopback/repository';
import {migrateSchemaWithReport} from '../../src';
import {appsPerTest} from '../support/apps-per-test';
import {describeOnDatabase} from '../support/databases';

/** A string stored as `VARCHAR(length)`. */
function varchar(length: number): PropertyDefinition {
  return {type: 'string', mysql: {dataType: 'varchar', dataLength: length}};
}

// QA on an lb4 app: changing a VARCHAR(6000) column of a table with rows
// failed to plan ("Row size too large"): the probe that judges a type
// change held three copies of the column's type in one row.
describeOnDatabase('mysql', 'a type change of a long VARCHAR column', db => {
  const apps = appsPerTest(db);

  function memo(note: PropertyDefinition) {
    return apps.app([
      {
        name: 'Memo',
        properties: {id: {type: 'number', id: true, generated: true}, note},
      },
    ]);
  }

  async function notes(): Promise<string[]> {
    const rows = await db().query<{note: string}>(
      'SELECT note FROM `Memo` ORDER BY id',
    );
    return rows.map(r => r.note);
  }

  /** The planned change of column note. */
  async function noteChange(note: PropertyDefinition) {
    const plan = await memo(note).planSchemaMigration();
    return plan.dataSources[0].statements.find(s => /`note`/.test(s.sql));
  }

  beforeEach(async () => {
    await migrateSchemaWithReport(memo(varchar(6000)));
    await db().query('INSERT INTO `Memo` (note) VALUES (?), (?)', [
      'hello ',
      'é'.repeat(5000),
    ]);
  });

  it('changes it to TEXT, every stored value kept', async () => {
    const change = await noteChange({
      type: 'string',
      mysql: {dataType: 'text'},
    });
    expect(change).to.containDeep({destructive: false});
    expect(change?.reason).to.match(/every stored value converts/);
    expect(change?.willFail).to.be.undefined();
    const report = await migrateSchemaWithReport(
      memo({type: 'string', mysql: {dataType: 'text'}}),
    );
    expect(report.dataSources[0].status).to.equal('migrated');
    expect(await notes()).to.eql(['hello ', 'é'.repeat(5000)]);
  });

  it('judges a narrowing by its rows: the longer value would not fit', async () => {
    const change = await noteChange(varchar(100));
    expect(change?.willFail).to.match(
      /^1 stored value of column "note" \(id 2\) cannot be converted to VARCHAR\(100\)/,
    );
  });

  it('widens it without a probe and without a loss', async () => {
    const change = await noteChange(varchar(10000));
    expect(change).to.containDeep({destructive: false});
    expect(change?.reason).to.match(/every stored value converts/);
    await migrateSchemaWithReport(memo(varchar(10000)));
    expect(await notes()).to.eql(['hello ', 'é'.repeat(5000)]);
  });

  it('compares the values it keeps byte for byte: a trailing space lost is a loss', async () => {
    await db().query('DELETE FROM `Memo` WHERE id = 2');
    const change = await noteChange({
      type: 'string',
      mysql: {dataType: 'char', dataLength: 10},
    });
    expect(change).to.containDeep({destructive: true});
    expect(change?.reason).to.match(
      /1 stored value would not survive \(id 1: 'hello ' → 'hello'\)/,
    );
  });
});
