import {expect} from '@loopback/testlab';
import type {PropertyDefinition} from '@loopback/repository';
import {migrateSchemaWithReport, MigrationWillFailError} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  StockApp,
} from '../support/app-builder';
import {dropAllTables, indexes} from '../support/catalog';
import {describeEachDatabase} from '../support/databases';
import {rejection} from '../support/rejection';

/** A `varchar(40)` property with this `index`. */
const indexed = (index: PropertyDefinition['index']): PropertyDefinition => ({
  type: 'string',
  index,
  postgresql: {dataType: 'varchar', dataLength: 40},
  mysql: {dataType: 'varchar', dataLength: 40},
});

describeEachDatabase('a property index made unique, then not', (db, kind) => {
  beforeEach(() => dropAllTables(db()));
  // Each connector's name for a property's own index.
  const indexName = (property: string) =>
    kind === 'postgresql' ? `item_${property}_idx` : property;

  for (const property of ['code', 'item_code']) {
    it(`each change is made in one run and settles (${property})`, async () => {
      const steps: Array<[PropertyDefinition['index'], boolean]> = [
        [true, false],
        [{unique: true}, true],
        [true, false],
      ];
      for (const [index, unique] of steps) {
        const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [
          {
            name: 'Item',
            properties: {
              id: {type: 'number', id: true, generated: true},
              [property]: indexed(index),
            },
          },
        ]);
        try {
          await migrateSchemaWithReport(app);
          expect(
            (await indexes(db()))
              .filter(i => i.columns === property)
              .map(i => ({name: i.name, unique: i.unique})),
          ).to.eql([{name: indexName(property), unique}]);
          const again = await migrateSchemaWithReport(app, {
            fullCheck: true,
          });
          expect(again.dataSources[0]).to.containDeep({
            status: 'up-to-date',
            statements: [],
          });
        } finally {
          await closeApp(app);
        }
      }
    });
  }
});

describeEachDatabase(
  'a property index declared without unique: true',
  (db, kind) => {
    beforeEach(() => dropAllTables(db()));
    const indexName = kind === 'postgresql' ? 'item_tag_idx' : 'tag';

    /** `Item` with a property `tag` declaring `index`, or none. */
    const itemApp = <A extends MigratingApp | StockApp>(
      App: new () => A,
      index: PropertyDefinition['index'],
    ) =>
      buildApp(App, {db: db().dataSourceConfig}, [
        {
          name: 'Item',
          properties: {
            id: {type: 'number', id: true, generated: true},
            tag: indexed(index),
          },
        },
      ]);

    /** Run `app`'s migration, then close it. */
    async function migrate(app: MigratingApp | StockApp): Promise<void> {
      try {
        await app.migrateSchema();
      } finally {
        await closeApp(app);
      }
    }

    /** Whether the table's index of `tag` is unique. */
    async function tagIndex() {
      return (await indexes(db()))
        .filter(i => i.columns === 'tag')
        .map(i => ({name: i.name, unique: i.unique}));
    }

    const declarations: Array<[string, PropertyDefinition['index']]> = [
      ['{unique: false}', {unique: false}],
      ['{}', {}],
      ["{name: 'by_tag'}", {name: 'by_tag'}],
    ];
    for (const [title, index] of declarations) {
      it(`index: ${title} is a plain index, in a new table or an existing one, and settles`, async () => {
        for (const existing of [false, true]) {
          await dropAllTables(db());
          if (existing) await migrate(itemApp(MigratingApp, undefined));
          const app = itemApp(MigratingApp, index);
          try {
            await migrateSchemaWithReport(app);
            expect(await tagIndex()).to.eql([{name: indexName, unique: false}]);
            const again = await migrateSchemaWithReport(app, {fullCheck: true});
            expect(again.dataSources[0]).to.containDeep({
              status: 'up-to-date',
              statements: [],
            });
          } finally {
            await closeApp(app);
          }
        }
      });
    }

    it('the unique index stock made for index: {} is made plain in one run', async () => {
      await migrate(itemApp(StockApp, {}));
      const app = itemApp(MigratingApp, {});
      try {
        await migrateSchemaWithReport(app);
        expect(await tagIndex()).to.eql([{name: indexName, unique: false}]);
        const again = await migrateSchemaWithReport(app, {fullCheck: true});
        expect(again.dataSources[0].statements).to.eql([]);
      } finally {
        await closeApp(app);
      }
    });
  },
);

describeEachDatabase('a property index declared with kind', (db, kind) => {
  beforeEach(() => dropAllTables(db()));
  const indexName = kind === 'postgresql' ? 'item_tag_idx' : 'tag';

  /** Make `Item` without an index, holding `tags`. */
  async function plainItems(tags: readonly string[]): Promise<void> {
    const plain = buildApp(MigratingApp, {db: db().dataSourceConfig}, [
      {
        name: 'Item',
        properties: {
          id: {type: 'number', id: true, generated: true},
          tag: indexed(undefined),
        },
      },
    ]);
    try {
      await plain.migrateSchema();
    } finally {
      await closeApp(plain);
    }
    for (const tag of tags) {
      await db().query(
        kind === 'postgresql'
          ? 'INSERT INTO item (tag) VALUES ($1)'
          : 'INSERT INTO Item (tag) VALUES (?)',
        [tag],
      );
    }
  }

  const uniqueApp = () =>
    buildApp(MigratingApp, {db: db().dataSourceConfig}, [
      {
        name: 'Item',
        properties: {
          id: {type: 'number', id: true, generated: true},
          tag: indexed({kind: 'UNIQUE'}),
        },
      },
    ]);

  it("index: {kind: 'UNIQUE'} added to an existing table is unique in one run, and settles", async () => {
    await plainItems(['a', 'b']);
    const app = uniqueApp();
    try {
      await migrateSchemaWithReport(app);
      expect(
        (await indexes(db()))
          .filter(i => i.columns === 'tag')
          .map(i => ({name: i.name, unique: i.unique})),
      ).to.eql([{name: indexName, unique: true}]);
      const again = await migrateSchemaWithReport(app, {fullCheck: true});
      expect(again.dataSources[0].statements).to.eql([]);
    } finally {
      await closeApp(app);
    }
  });

  it("index: {kind: 'UNIQUE'} over duplicate values is a predicted failure", async () => {
    await plainItems(['a', 'a']);
    const app = uniqueApp();
    try {
      const error = await rejection(app.migrateSchema());
      expect(error).to.be.instanceOf(MigrationWillFailError);
      expect((await indexes(db())).filter(i => i.columns === 'tag')).to.eql([]);
    } finally {
      await closeApp(app);
    }
  });
});
