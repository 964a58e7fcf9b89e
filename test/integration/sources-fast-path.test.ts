import {BindingKey, BindingScope, inject} from '@loopback/core';
import {
  defineModelClass,
  DefaultCrudRepository,
  Entity,
  juggler,
  ModelDefinition,
  type PropertyDefinition,
} from '@loopback/repository';
import {expect} from '@loopback/testlab';
import {DriverQueryCounter} from '../../bench/counters';
import {
  migrateSchemaWithReport,
  type SchemaMigrationOptions,
  type SchemaMigrationReport,
} from '../../src';
import {closeApp, MigratingApp} from '../support/app-builder';
import {dropAllTables} from '../support/catalog';
import {describeEachDatabase} from '../support/databases';
import {defineScript} from '../support/scripts';

/** How many repositories LoopBack made (resolved) since the last reset. */
let constructed = 0;

/** What an app of this suite varies. */
interface AppShape {
  /** Bind the model classes (`app.model()`), as LoopBack's booter does. */
  readonly bindModels?: boolean;
  /** Note gains a property. */
  readonly extraProperty?: boolean;
  /** The repository class's source: another method (same models). */
  readonly repositoryWithMethod?: boolean;
  /** The Note repository is bound by a factory, not as a class. */
  readonly repositoryByFactory?: boolean;
  /** A model attached to the datasource by the app, not by a repository. */
  readonly attachedByHand?: boolean;
  /** A migration script is bound. */
  readonly script?: boolean;
  /** A second datasource no repository uses, which is never migrated. */
  readonly unmigrated?: boolean;
  /** A second datasource on the same database that no repository uses. */
  readonly modelless?: boolean;
  /** The Note repository uses that second datasource. */
  readonly noteOnAux?: boolean;
  /**
   * That second datasource's key is an alias of db's (as an app binds
   * `@loopback/authentication-jwt`'s `datasources.jwtdb`).
   */
  readonly auxAliasOfDb?: boolean;
  /** That second datasource is db's own object, bound again as aux. */
  readonly auxSameAsDb?: boolean;
}

function modelClass(
  name: string,
  properties: Record<string, PropertyDefinition>,
) {
  return defineModelClass<typeof Entity, object>(
    Entity,
    new ModelDefinition({name, properties, settings: {}}),
  );
}

/** Category and Note, as model classes; new classes on every call. */
function models(shape: AppShape) {
  const Category = modelClass('Category', {
    id: {type: 'number', id: true, generated: true},
    name: {type: 'string'},
  });
  const Note = modelClass('Note', {
    id: {type: 'number', id: true, generated: true},
    title: {type: 'string'},
    ...(shape.extraProperty ? {extra: {type: 'string'}} : {}),
  });
  return {Category, Note};
}

/**
 * An app as LoopBack's CLI makes one: a datasource, model classes, and a
 * repository class per model written in the app's code, counting the
 * repositories made.
 */
function buildShapedApp(
  dataSourceConfig: Record<string, unknown>,
  shape: AppShape,
): MigratingApp {
  const app = new MigratingApp();
  const dbDataSource = new juggler.DataSource({
    name: 'db',
    ...dataSourceConfig,
  });
  app.dataSource(dbDataSource, 'db');
  if (shape.unmigrated) {
    const settings = {
      name: 'cache',
      connector: 'memory',
      disableMigration: true,
    };
    app.dataSource(new juggler.DataSource(settings), 'cache');
  }
  if (shape.auxAliasOfDb) {
    app.bind('datasources.aux').toAlias('datasources.db');
  } else if (shape.auxSameAsDb) {
    app.dataSource(dbDataSource, 'aux');
  } else if (shape.modelless || shape.noteOnAux) {
    const settings = {...dataSourceConfig, name: 'aux'};
    app.dataSource(new juggler.DataSource(settings), 'aux');
  }
  const {Category, Note} = models(shape);
  if (shape.bindModels !== false) {
    app.model(Category);
    app.model(Note);
  }
  class CategoryRepository extends DefaultCrudRepository<Entity, number> {
    constructor(dataSource: juggler.DataSource) {
      super(Category, dataSource);
      constructed++;
    }
  }
  class NoteRepository extends DefaultCrudRepository<Entity, number> {
    constructor(dataSource: juggler.DataSource) {
      super(Note, dataSource);
      constructed++;
    }
  }
  class NoteRepositoryWithMethod extends DefaultCrudRepository<Entity, number> {
    constructor(dataSource: juggler.DataSource) {
      super(Note, dataSource);
      constructed++;
    }

    total() {
      return this.count();
    }
  }
  for (const repository of [
    CategoryRepository,
    NoteRepository,
    NoteRepositoryWithMethod,
  ]) {
    const onAux = shape.noteOnAux && repository !== CategoryRepository;
    // The second datasource by a BindingKey, as extensions name theirs.
    inject(onAux ? BindingKey.create('datasources.aux') : 'datasources.db')(
      repository,
      undefined,
      0,
    );
  }
  app.repository(CategoryRepository);
  if (shape.repositoryByFactory) {
    app
      .bind('repositories.NoteRepository')
      .toDynamicValue(
        async ctx =>
          new NoteRepository(
            await ctx.context.get<juggler.DataSource>('datasources.db'),
          ),
      )
      .inScope(BindingScope.TRANSIENT)
      .tag('repository');
  } else {
    app.repository(
      shape.repositoryWithMethod ? NoteRepositoryWithMethod : NoteRepository,
      {
        name: 'NoteRepository',
      },
    );
  }
  if (shape.attachedByHand) {
    const ds = app.getSync<juggler.DataSource>('datasources.db');
    ds.createModel('Tag', {
      id: {type: Number, id: true, generated: true},
      label: String,
    });
  }
  if (shape.script) {
    app.migrationScript(
      defineScript({
        version: '1.0.0',
        dataSource: 'db',
        up: async () => undefined,
      }),
    );
  }
  return app;
}

/** A run of a fresh app, as a new process would make it. */
interface Run {
  readonly report: SchemaMigrationReport;
  readonly roundTrips: number;
  /** Repositories made during the run. */
  readonly resolved: number;
  /** The models attached to the datasource after the run. */
  readonly attached: string[];
}

describeEachDatabase(
  'sources fast path: an app found up to date without resolving its repositories',
  (db, kind) => {
    const counter = new DriverQueryCounter();

    before(() => counter.install());
    after(() => counter.uninstall());
    beforeEach(() => dropAllTables(db()));

    async function run(
      shape: AppShape = {},
      options: SchemaMigrationOptions = {},
    ): Promise<Run> {
      const app = buildShapedApp(db().dataSourceConfig, shape);
      try {
        constructed = 0;
        counter.start();
        const report = await migrateSchemaWithReport(app, options);
        const {roundTrips} = counter.stop();
        const ds = await app.get<juggler.DataSource>('datasources.db');
        const attached = Object.keys(
          (ds.connector as {_models?: object} | undefined)?._models ?? {},
        );
        return {report, roundTrips, resolved: constructed, attached};
      } finally {
        counter.stop();
        await closeApp(app);
      }
    }

    /** Migrate, verify, and check that the next start answers from the sources. */
    async function current(shape: AppShape = {}): Promise<void> {
      expect((await run(shape)).report.dataSources[0].status).to.equal(
        'migrated',
      );
      const verified = await run(shape);
      expect(verified.report.dataSources[0].status).to.equal('up-to-date');
      expect(verified.resolved).to.equal(2);
    }

    /** Answered: no repository resolved, one query per datasource read. */
    function expectAnswered(start: Run, queries = 1): void {
      expect(start.report.dataSources[0]).to.containDeep({
        status: 'up-to-date',
        statements: [],
        models: ['Category', 'Note'],
      });
      expect(start.resolved).to.equal(0);
      expect(start.attached).to.eql([]);
      expect(start.roundTrips).to.equal(queries);
      // Its read is its duration (QA: 0 ms, though a query ran).
      const {durationMs} = start.report.dataSources[0];
      expect(durationMs).to.be.above(0);
      // In whole milliseconds, as the others (QA: `51.91621500000019 ms`).
      expect(Number.isInteger(durationMs)).to.be.true();
    }

    it('answers a fresh start in one round trip, no repository resolved', async () => {
      await current();
      expectAnswered(await run());
      // A dry run and --check take it too.
      expectAnswered(await run({}, {dryRun: true}));
    });

    it('answers beside a datasource that is never migrated and no repository uses', async () => {
      await current({unmigrated: true});
      const start = await run({unmigrated: true});
      expectAnswered(start);
      expect(start.report.dataSources[1]).to.containDeep({
        name: 'cache',
        status: 'skipped',
        models: [],
      });
    });

    it('answers beside a datasource of the same kind that has no models', async () => {
      await current({modelless: true});
      const start = await run({modelless: true});
      expectAnswered(start, 2);
      expect(start.report.dataSources[1]).to.containDeep({
        name: 'aux',
        status: 'skipped',
        models: [],
      });
      // The same app whose second datasource has models is other sources.
      expect((await run()).resolved).to.equal(2);
    });

    it('answers again once the models of a second datasource moved off it', async () => {
      const before = await run({noteOnAux: true});
      expect(before.report.dataSources.map(d => d.status)).to.eql([
        'migrated',
        'migrated',
      ]);
      // Note moves to db: the first start resolves, and aux has none.
      const moved = await run({modelless: true});
      expect(moved.resolved).to.equal(2);
      expect(moved.report.dataSources[1]).to.containDeep({
        name: 'aux',
        status: 'skipped',
        models: [],
        warnings: [],
      });
      // The row aux recorded with Note is gone: it no longer stands for
      // a datasource with models.
      const rows = await db().query<{state_key: string}>(
        'SELECT state_key FROM schema_migration_state ORDER BY state_key',
      );
      expect(rows.map(r => r.state_key)).to.eql(['db']);
      expectAnswered(await run({modelless: true}), 2);
    });

    it("resolves when a datasource's key becomes an alias of another's, moving its models there", async () => {
      await run({noteOnAux: true});
      const recorded = await run({noteOnAux: true});
      expect(recorded.report.dataSources.map(d => d.models)).to.eql([
        ['Category'],
        ['Note'],
      ]);
      // The same repositories and injections; Note's now attaches to db.
      const moved = await run({noteOnAux: true, auxAliasOfDb: true});
      expect(moved.resolved).to.equal(2);
      expect(moved.report.dataSources).to.have.length(1);
      expect(moved.report.dataSources[0]).to.containDeep({
        status: 'up-to-date',
        models: ['Category', 'Note'],
      });
      expectAnswered(await run({noteOnAux: true, auxAliasOfDb: true}));
    });

    it("resolves when a datasource's binding becomes another's very object, moving its models there", async () => {
      await run({noteOnAux: true});
      await run({noteOnAux: true});
      const moved = await run({noteOnAux: true, auxSameAsDb: true});
      expect(moved.resolved).to.equal(2);
      expect(moved.report.dataSources[0]).to.containDeep({
        name: 'db',
        status: 'up-to-date',
        models: ['Category', 'Note'],
      });
      expect(moved.report.dataSources[1]).to.containDeep({
        name: 'aux',
        status: 'skipped',
      });
    });

    it("writes nothing in a dry run after a repository's code changed", async () => {
      await current();
      const row = () =>
        db().query(
          'SELECT sources_fingerprint AS f FROM schema_migration_state',
        );
      const before = await row();
      const dry = await run({repositoryWithMethod: true}, {dryRun: true});
      expect(dry.report.dataSources[0].status).to.equal('up-to-date');
      expect(dry.report.dataSources[0].warnings).to.eql([]);
      expect(await row()).to.eql(before);
      // The real run records the new sources.
      await run({repositoryWithMethod: true});
      expect(await row()).to.not.eql(before);
      expectAnswered(await run({repositoryWithMethod: true}));
    });

    it('plans a model that changed: its definition is part of the sources', async () => {
      await current();
      const changed = await run({extraProperty: true});
      expect(changed.report.dataSources[0].status).to.equal('migrated');
      expect(changed.resolved).to.equal(2);
      expect(
        changed.report.dataSources[0].statements.map(s => s.sql).join('\n'),
      ).to.match(/extra/i);
    });

    it("resolves once when a repository's code changed, records it, then answers again", async () => {
      await current();
      const edited = await run({repositoryWithMethod: true});
      expect(edited.report.dataSources[0].status).to.equal('up-to-date');
      expect(edited.resolved).to.equal(2);
      // The fast path's read, then the row learning the new sources.
      expect(edited.roundTrips).to.equal(2);
      expectAnswered(await run({repositoryWithMethod: true}));
      // The old code is other sources again.
      expect((await run()).resolved).to.equal(2);
    });

    it('resolves the repositories when a model attached otherwise is to be migrated', async () => {
      await current();
      const withTag = await run({attachedByHand: true});
      expect(withTag.report.dataSources[0].status).to.equal('migrated');
      expect(withTag.report.dataSources[0].models).to.containEql('Tag');
      expect(withTag.resolved).to.equal(2);
    });

    it('resolves them on every start when the models are not bound (their definitions are unknown)', async () => {
      await current({bindModels: false});
      const start = await run({bindModels: false});
      expect(start.report.dataSources[0].status).to.equal('up-to-date');
      expect(start.resolved).to.equal(2);
      expect(start.roundTrips).to.equal(1);
    });

    it('resolves them on every start when a repository is bound by a factory', async () => {
      await current({repositoryByFactory: true});
      const start = await run({repositoryByFactory: true});
      expect(start.report.dataSources[0].status).to.equal('up-to-date');
      expect(start.resolved).to.equal(2);
    });

    it('resolves them when a migration script is bound, and with fullCheck', async () => {
      await current({script: true});
      expect((await run({script: true})).resolved).to.equal(2);
      expectAnswered(await run());
      expect((await run({}, {fullCheck: true})).resolved).to.equal(2);
    });

    it('plans after a change by hand to a table', async () => {
      await current();
      await db().query(
        kind === 'postgresql'
          ? 'ALTER TABLE note ADD COLUMN manual INTEGER'
          : 'ALTER TABLE `Note` ADD COLUMN manual INTEGER',
      );
      const start = await run();
      expect(start.resolved).to.equal(2);
      expect(start.report.dataSources[0].status).to.not.equal('failed');
    });

    it('upgrades a state table an earlier version made, then answers', async () => {
      await current();
      await db().query(
        'ALTER TABLE schema_migration_state DROP COLUMN sources_fingerprint, DROP COLUMN models',
      );
      const upgrading = await run();
      expect(upgrading.report.dataSources[0].status).to.equal('up-to-date');
      expect(upgrading.resolved).to.equal(2);
      // Its read failed on the earlier layout and read the digest alone,
      // which its plan verified: the next run answers from the sources.
      expectAnswered(await run());
    });
  },
);
