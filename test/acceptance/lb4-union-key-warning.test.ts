import {belongsTo, Entity, model, property} from '@loopback/repository';
import {expect} from '@loopback/testlab';
import {
  buildAppOfClasses,
  closeApp,
  MigratingApp,
} from '../support/app-builder';
import {columns, dropAllTables} from '../support/catalog';
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
}

/** The same key declared with one type, as the warning says. */
@model({name: 'Basket'})
class TypedKeyBasket extends Entity {
  @property({type: 'number', id: true, generated: true})
  id?: number;

  @belongsTo(() => Buyer)
  buyerId?: number;
}

describeEachDatabase(
  'a @belongsTo key typed as a union, no foreign key declared',
  db => {
    const apps: MigratingApp[] = [];

    function app(Basket: typeof UnionKeyBasket | typeof TypedKeyBasket) {
      const built = buildAppOfClasses(
        MigratingApp,
        {db: db().dataSourceConfig},
        [Buyer, Basket],
      );
      apps.push(built);
      return built;
    }

    beforeEach(() => dropAllTables(db()));
    afterEach(async () => {
      for (const built of apps.splice(0)) await closeApp(built);
    });

    it('migrates as stock does (a text column), warning about the key alone and saying how to type it', async () => {
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
      const key = (await columns(db(), 'Basket')).find(
        c => c.column === 'buyerid',
      );
      expect(key?.type).to.equal('text');
    });

    it('warns no more once the key has one type, and makes it an integer column', async () => {
      await app(UnionKeyBasket).migrateSchema();
      const report = await app(TypedKeyBasket).migrateSchema();
      const [ds] = report!.dataSources;
      expect(ds.status).to.equal('migrated');
      expect(ds.warnings.filter(w => /its type is Object/.test(w))).to.eql([]);
      const key = (await columns(db(), 'Basket')).find(
        c => c.column === 'buyerid',
      );
      expect(key?.type).to.match(/^int/);
    });
  },
);
