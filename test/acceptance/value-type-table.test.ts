import {Entity, Model, model, property} from '@loopback/repository';
import {expect} from '@loopback/testlab';
import {MigratingApp, StockApp} from '../support/app-builder';
import {appsPerTest} from '../support/apps-per-test';
import {dropAllTables, tables} from '../support/catalog';
import {describeEachDatabase} from '../support/databases';

/** A value type, as `lb4 model` writes one with the base class `Model`. */
@model()
class Size extends Model {
  @property({type: 'number'}) width?: number;
  @property({type: 'number'}) height?: number;
}

@model()
class Parcel extends Entity {
  @property({type: 'number', id: true, generated: true})
  id?: number;

  @property()
  size?: Size;

  @property.array(Size)
  boxes?: Size[];
}

describeEachDatabase('a model used only as the type of a property', db => {
  const {ofClasses} = appsPerTest(db);
  const app = <A extends MigratingApp | StockApp>(AppClass: new () => A) =>
    ofClasses(AppClass, [Parcel]);

  it('gets its table as with stock, with a warning saying why, once', async () => {
    await app(StockApp).migrateSchema();
    const stockTables = await tables(db());
    await dropAllTables(db());

    const report = await app(MigratingApp).migrateSchema();
    const [ds] = report!.dataSources;
    expect(ds.status).to.equal('migrated');
    expect(await tables(db())).to.eql(stockTables);
    expect(stockTables.map(t => t.toLowerCase())).to.containEql('size');
    const warnings = ds.warnings.filter(w => /^model Size: its table/.test(w));
    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.match(
      /declares no id and is on this datasource as the type of Parcel\.size, Parcel\.boxes \(LoopBack/,
    );

    const again = await app(MigratingApp).migrateSchema({fullCheck: true});
    expect(again!.dataSources[0].status).to.equal('up-to-date');
    expect(again!.dataSources[0].warnings.join('\n')).not.to.match(
      /model Size/,
    );
  });
});
