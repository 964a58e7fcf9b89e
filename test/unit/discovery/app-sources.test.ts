import {Application, inject} from '@loopback/core';
import {
  defineModelClass,
  DefaultCrudRepository,
  Entity,
  juggler,
  ModelDefinition,
  RepositoryMixin,
  type PropertyDefinition,
} from '@loopback/repository';
import {expect} from '@loopback/testlab';
import {
  appSourcesDigest,
  sourcesAccountFor,
} from '../../../src/discovery/app-sources';

class App extends RepositoryMixin(Application) {}

function noteClass(properties: Record<string, PropertyDefinition> = {}) {
  return defineModelClass<typeof Entity, object>(
    Entity,
    new ModelDefinition({
      name: 'Note',
      properties: {id: {type: 'number', id: true}, ...properties},
      settings: {},
    }),
  );
}

/** An app with Note bound and a repository class made by `repository`. */
function appWith(
  Note: typeof Entity,
  repository: (Note: typeof Entity) => new (ds: juggler.DataSource) => unknown,
  injected = 'datasources.db',
): App {
  const app = new App();
  app.dataSource(
    new juggler.DataSource({name: 'db', connector: 'memory'}),
    'db',
  );
  app.model(Note);
  const repositoryClass = repository(Note);
  inject(injected)(repositoryClass, undefined, 0);
  app.repository(repositoryClass as new (ds: juggler.DataSource) => object, {
    name: 'NoteRepository',
  });
  return app;
}

const plain = (Note: typeof Entity) =>
  class NoteRepository extends DefaultCrudRepository<Entity, number> {
    constructor(ds: juggler.DataSource) {
      super(Note, ds);
    }
  };

const withMethod = (Note: typeof Entity) =>
  class NoteRepository extends DefaultCrudRepository<Entity, number> {
    constructor(ds: juggler.DataSource) {
      super(Note, ds);
    }

    total() {
      return this.count();
    }
  };

describe('appSourcesDigest', () => {
  it('is the same for the same sources, in another app', () => {
    expect(appSourcesDigest(appWith(noteClass(), plain))).to.equal(
      appSourcesDigest(appWith(noteClass(), plain)),
    );
  });

  it("changes with a model's definition", () => {
    expect(appSourcesDigest(appWith(noteClass(), plain))).to.not.equal(
      appSourcesDigest(appWith(noteClass({title: {type: 'string'}}), plain)),
    );
  });

  it("changes with a repository's code and with what it injects", () => {
    const base = appSourcesDigest(appWith(noteClass(), plain));
    expect(appSourcesDigest(appWith(noteClass(), withMethod))).to.not.equal(
      base,
    );
    expect(
      appSourcesDigest(appWith(noteClass(), plain, 'datasources.other')),
    ).to.not.equal(base);
  });

  it('reads a key with a property path and an injection of the context itself', () => {
    const withContext = (Note: typeof Entity) => {
      const repositoryClass = plain(Note);
      inject.context()(repositoryClass.prototype, 'context');
      return repositoryClass;
    };
    const base = appSourcesDigest(appWith(noteClass(), withContext));
    expect(base).to.match(/^[0-9a-f]{64}$/);
    expect(
      appSourcesDigest(appWith(noteClass(), withContext, 'datasources.db#x')),
    ).to.not.equal(base);
  });

  it('changes with the code of a class a repository extends', () => {
    const extending =
      (Base: typeof DefaultCrudRepository<Entity, number>) =>
      (Note: typeof Entity) =>
        class NoteRepository extends Base {
          constructor(ds: juggler.DataSource) {
            super(Note, ds);
          }
        };
    class Counting extends DefaultCrudRepository<Entity, number> {
      total() {
        return this.count();
      }
    }
    class Listing extends DefaultCrudRepository<Entity, number> {
      all() {
        return this.find();
      }
    }
    const counting = appSourcesDigest(
      appWith(noteClass(), extending(Counting)),
    );
    expect(counting).to.equal(
      appSourcesDigest(appWith(noteClass(), extending(Counting))),
    );
    expect(counting).to.not.equal(
      appSourcesDigest(appWith(noteClass(), extending(Listing))),
    );
  });

  it('is undefined when a repository is not bound as a class', () => {
    const app = appWith(noteClass(), plain);
    app
      .bind('repositories.Other')
      .toDynamicValue(() => ({}))
      .tag('repository');
    expect(appSourcesDigest(app)).to.be.undefined();
  });
});

describe('sourcesAccountFor', () => {
  async function resolved(app: App) {
    const repositories = await Promise.all(
      app.findByTag('repository').map(b => app.get(b.key)),
    );
    const ds = await app.get<juggler.DataSource>('datasources.db');
    return {ds, repositories};
  }

  it('holds when the repositories attached the bound model classes', async () => {
    const app = appWith(noteClass(), plain);
    const {ds, repositories} = await resolved(app);
    expect(sourcesAccountFor(app, ds, [], repositories)).to.be.true();
  });

  it('fails for a model attached before the repositories', async () => {
    const app = appWith(noteClass(), plain);
    const {ds, repositories} = await resolved(app);
    expect(sourcesAccountFor(app, ds, ['Tag'], repositories)).to.be.false();
  });

  it('fails when a repository uses another class than the one bound', async () => {
    const app = appWith(noteClass(), () => plain(noteClass()));
    const {ds, repositories} = await resolved(app);
    expect(sourcesAccountFor(app, ds, [], repositories)).to.be.false();
  });

  it('fails for an attached model no bound class defines', async () => {
    const app = appWith(noteClass(), plain);
    const {ds, repositories} = await resolved(app);
    ds.createModel('Tag', {label: String});
    expect(sourcesAccountFor(app, ds, [], repositories)).to.be.false();
  });
});
