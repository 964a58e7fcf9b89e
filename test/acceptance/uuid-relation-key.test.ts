import {belongsTo, Entity, model, property} from '@loopback/repository';
import {expect} from '@loopback/testlab';
import {EXIT, runMigrationCli} from '../../src';
import {
  buildAppOfClasses,
  closeApp,
  MigratingApp,
} from '../support/app-builder';
import {dropAllTables, foreignKeys} from '../support/catalog';
import {captureIo} from '../support/cli-io';
import {describeOnDatabase} from '../support/databases';

/** A uuid id, as the PostgreSQL connector's README declares one. */
@model()
class Order extends Entity {
  @property({
    type: 'string',
    id: true,
    defaultFn: 'uuidv4',
    postgresql: {dataType: 'uuid'},
  })
  id?: string;
}

const REVIEW_SETTINGS = {
  foreignKeys: {
    fkReviewOrder: {
      name: 'fk_review_order',
      entity: 'Order',
      entityKey: 'id',
      foreignKey: 'orderid',
    },
  },
};

/** The key as `lb4 relation` writes it: a union, stored as text. */
@model({name: 'Review', settings: REVIEW_SETTINGS})
class UnionKeyReview extends Entity {
  @property({type: 'number', id: true, generated: true})
  id?: number;

  @belongsTo(() => Order)
  orderId: string | undefined;
}

/** The key given the key's TypeScript type only: still text. */
@model({name: 'Review', settings: REVIEW_SETTINGS})
class StringKeyReview extends Entity {
  @property({type: 'number', id: true, generated: true})
  id?: number;

  @belongsTo(() => Order)
  orderId?: string;
}

/** The key declared as the refusal says: the key's column type too. */
@model({name: 'Review', settings: REVIEW_SETTINGS})
class UuidKeyReview extends Entity {
  @property({type: 'number', id: true, generated: true})
  id?: number;

  @belongsTo(() => Order, {}, {postgresql: {dataType: 'uuid'}})
  orderId?: string;
}

type ReviewClass =
  typeof UnionKeyReview | typeof StringKeyReview | typeof UuidKeyReview;

describeOnDatabase(
  'postgresql',
  'a @belongsTo key to a uuid id (postgresql)',
  db => {
    const apps: MigratingApp[] = [];

    function app(Review: ReviewClass) {
      const built = buildAppOfClasses(
        MigratingApp,
        {db: db().dataSourceConfig},
        [Order, Review],
      );
      apps.push(built);
      return built;
    }

    async function refusal(Review: ReviewClass): Promise<string> {
      const io = captureIo();
      const code = await runMigrationCli(() => app(Review), [], io);
      expect(code).to.equal(EXIT.refused);
      return io.err();
    }

    beforeEach(() => dropAllTables(db()));
    afterEach(async () => {
      for (const built of apps.splice(0)) await closeApp(built);
    });

    it('refuses a union key, naming both its TypeScript type and the column type to declare', async () => {
      expect(await refusal(UnionKeyReview)).to.match(
        /column "orderid" is TEXT, but the column it references, "public"\."order"\."id", is (?:uuid|UUID); [^\n]*has no type of its own[^\n]*Declare it with one type, that of the key it references: `orderId\?: string;`, and the column type of Order\.id, `\{postgresql: \{dataType: 'uuid'\}\}`, in its property settings \(for a @belongsTo key, its third argument: `@belongsTo\(\(\) => Order, \{\}, \{postgresql: \{dataType: 'uuid'\}\}\)`\)\)\n/,
      );
    });

    it('refuses a string key, naming the column type to declare', async () => {
      expect(await refusal(StringKeyReview)).to.match(
        /column "orderid" is TEXT, but [^\n]* the type of the key it references \(Order\.id declares its column type, and property Review\.orderId does not: declare the column type of Order\.id, `\{postgresql: \{dataType: 'uuid'\}\}`, in its property settings \(for a @belongsTo key, its third argument: `@belongsTo\(\(\) => Order, \{\}, \{postgresql: \{dataType: 'uuid'\}\}\)`\)\)\n/,
      );
    });

    it('migrates once the key declares the column type as the refusal says', async () => {
      const io = captureIo();
      const code = await runMigrationCli(() => app(UuidKeyReview), [], io);
      expect({code, err: io.err()}).to.eql({code: EXIT.ok, err: ''});
      expect((await foreignKeys(db())).map(k => k.name)).to.eql([
        'fk_review_order',
      ]);
    });
  },
);
