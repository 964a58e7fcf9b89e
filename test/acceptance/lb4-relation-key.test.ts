import {belongsTo, Entity, model, property} from '@loopback/repository';
import {expect} from '@loopback/testlab';
import {EXIT, runMigrationCli} from '../../src';
import {MigratingApp} from '../support/app-builder';
import {appsPerTest} from '../support/apps-per-test';
import {foreignKeys} from '../support/catalog';
import {captureIo} from '../support/cli-io';
import {describeEachDatabase} from '../support/databases';

@model()
class Shopper extends Entity {
  @property({type: 'number', id: true, generated: true})
  id?: number;
}

const PURCHASE_SETTINGS = {
  foreignKeys: {
    fkPurchaseShopper: {
      name: 'fk_purchase_shopper',
      entity: 'Shopper',
      entityKey: 'id',
      foreignKey: 'shopperId',
    },
  },
};

/** The key as `lb4 relation` (CLI 7) writes a `@belongsTo`: a union. */
@model({name: 'Purchase', settings: PURCHASE_SETTINGS})
class UnionKeyPurchase extends Entity {
  @property({type: 'number', id: true, generated: true})
  id?: number;

  @belongsTo(() => Shopper)
  shopperId: number | undefined;
}

/** The same key declared with one type, as the refusal says. */
@model({name: 'Purchase', settings: PURCHASE_SETTINGS})
class TypedKeyPurchase extends Entity {
  @property({type: 'number', id: true, generated: true})
  id?: number;

  @belongsTo(() => Shopper)
  shopperId?: number;
}

describeEachDatabase('a @belongsTo key lb4 relation types as a union', db => {
  const {ofClasses} = appsPerTest(db);
  const app = (Purchase: typeof UnionKeyPurchase | typeof TypedKeyPurchase) =>
    ofClasses(MigratingApp, [Shopper, Purchase]);

  it('is refused, saying the property has no type of its own and how to declare it', async () => {
    const io = captureIo();
    const code = await runMigrationCli(() => app(UnionKeyPurchase), [], io);
    expect(code).to.equal(EXIT.refused);
    expect(io.err()).to.match(
      /foreign key "fk_purchase_shopper": column "shopperId" is \w+, but the column it references, [^\n]* cannot compare them\. To fix it, give the property whose column is "shopperId" the type of the key it references \(property Purchase\.shopperId has no type of its own: TypeScript records a union such as `number \| undefined`, which `lb4 relation` writes for a @belongsTo key, as Object, stored as text\. Declare it with one type, that of the key it references: `shopperId\?: number;`\)\n/i,
    );
  });

  it('migrates once the key is declared as the refusal says', async () => {
    const io = captureIo();
    const code = await runMigrationCli(() => app(TypedKeyPurchase), [], io);
    expect({code, err: io.err()}).to.eql({code: EXIT.ok, err: ''});
    expect((await foreignKeys(db())).map(k => k.name)).to.eql([
      'fk_purchase_shopper',
    ]);
  });
});
