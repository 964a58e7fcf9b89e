import {belongsTo, Entity, model, property} from '@loopback/repository';
import {expect} from '@loopback/testlab';
import {MigratingApp} from '../support/app-builder';
import {appsPerTest} from '../support/apps-per-test';
import {columns} from '../support/catalog';
import {describeEachDatabase} from '../support/databases';

@model()
class Buyer extends Entity {
  @property({type: 'number', id: true, generated: true})
  id?: number;
}

interface Address {
  street: string;
}

/**
 * The key as `lb4 relation` writes a `@belongsTo` where the property was
 * there before (a `hasMany` made first), no foreign key declared: a union,
 * which TypeScript records as Object. Beside it, Object types that are
 * meant: an interface, and a key-like name typed `'object'` in words.
 */
@model({name: 'Basket'})
class UnionKeyBasket extends Entity {
  @property({type: 'number', id: true, generated: true})
  id?: number;

  @belongsTo(() => Buyer)
  buyerId: number | undefined;

  @property()
  address?: Address;

  @property({type: 'object'})
  trackingId?: object;

  /** As `lb4 relation` writes the keys of a through model: the union as a type name. */
  @property({type: 'number | undefined'})
  sellerId?: number | undefined;
}

/** The same key declared with one type, as the warning says. */
@model({name: 'Basket'})
class TypedKeyBasket extends Entity {
  @property({type: 'number', id: true, generated: true})
  id?: number;

  @belongsTo(() => Buyer)
  buyerId?: number;

  @property({type: 'number'})
  sellerId?: number;
}

describeEachDatabase(
  'a @belongsTo key typed as a union, no foreign key declared',
  db => {
    const {ofClasses} = appsPerTest(db);
    const app = (Basket: typeof UnionKeyBasket | typeof TypedKeyBasket) =>
      ofClasses(MigratingApp, [Buyer, Basket]);

    it('migrates as stock does (text columns), warning about the keys alone and saying how to type them', async () => {
      const report = await app(UnionKeyBasket).migrateSchema();
      const [ds] = report!.dataSources;
      expect(ds.status).to.equal('migrated');
      expect(ds.warnings.filter(w => /its type is Object/.test(w))).to.eql([
        'model Basket, property buyerId: its type is Object, what TypeScript records for ' +
          'a property declared as a union such as `number | undefined`, as `any` or as an ' +
          'interface: the connector makes its column as for an object (TEXT), stock too, ' +
          'not as for a key. Declare it with one type, that of the key it holds ' +
          '(`buyerId?: number;` for a numeric id, `string` for a string one; a ' +
          '@belongsTo() takes the TypeScript type over a type in its third argument, a ' +
          '@property() takes its own `type`)',
      ]);
      expect(
        ds.warnings.filter(w =>
          /TypeScript union written as a type name/.test(w),
        ),
      ).to.eql([
        'model Basket, property sellerId: type number | undefined is no type LoopBack knows ' +
          'and no model it found (a TypeScript union written as a type name, as `lb4 relation` ' +
          "writes a hasMany, hasManyThrough or hasOne key: declare type: 'number'); the connector makes " +
          'its column as for an untyped value (TEXT, unless the property names its dataType)',
      ]);
      const byName = new Map(
        (await columns(db(), 'Basket')).map(c => [c.column, c.type]),
      );
      expect([byName.get('buyerid'), byName.get('sellerid')]).to.eql([
        'text',
        'text',
      ]);
    });

    it('warns no more once the keys have one type, and makes them integer columns', async () => {
      await app(UnionKeyBasket).migrateSchema();
      const report = await app(TypedKeyBasket).migrateSchema();
      const [ds] = report!.dataSources;
      expect(ds.status).to.equal('migrated');
      expect(ds.warnings.filter(w => /its type is Object/.test(w))).to.eql([]);
      expect(
        ds.warnings.filter(w =>
          /TypeScript union written as a type name/.test(w),
        ),
      ).to.eql([]);
      const keys = (await columns(db(), 'Basket')).filter(c =>
        ['buyerid', 'sellerid'].includes(c.column),
      );
      expect(keys).to.have.length(2);
      expect(keys.map(c => c.type)).to.matchEach(/^int/);
    });
  },
);
