import {bind, BindingScope} from '@loopback/core';
import {Entity, juggler, model, type Repository} from '@loopback/repository';
import {itObservesWhatStockDoes, type DropInApp} from '../../support/drop-in';

@model()
class Note extends Entity {}

class NoteRepository implements Repository<Note> {}

@bind({scope: BindingScope.SINGLETON})
class SharedNoteRepository implements Repository<Note> {}

/** A datasource class that names its binding. */
class NamedDataSource extends juggler.DataSource {
  static readonly dataSourceName = 'notes';
  constructor() {
    super({name: 'notes', connector: 'memory'});
  }
}

/** A datasource class that does not: it is bound under its class name. */
class UnnamedDataSource extends juggler.DataSource {
  constructor() {
    super({name: 'notes', connector: 'memory'});
  }
}

class EmptyComponent {}

class NotesComponent {
  repositories = [NoteRepository];
  models = [Note];
}

/** The bindings of a namespace: key, scope, tags and what each resolves to. */
function bindingsUnder(app: DropInApp, namespace: string) {
  return app
    .find(`${namespace}.*`)
    .map(binding => ({
      key: binding.key,
      scope: binding.scope,
      tags: {...binding.tagMap},
      resolves: describeValue(app.getSync(binding.key)),
    }))
    .sort((a, b) => a.key.localeCompare(b.key));
}

function describeValue(value: unknown): string {
  if (typeof value === 'function') return `class ${value.name}`;
  return `an instance of ${(value as object).constructor.name}`;
}

const TRANSIENT = BindingScope.TRANSIENT;
const SINGLETON = BindingScope.SINGLETON;

describe('SchemaMigrationMixin binds what RepositoryMixin binds', () => {
  itObservesWhatStockDoes([
    {
      title: 'a new app has the same bindings',
      observe: app =>
        app
          .find()
          .map(b => b.key)
          .sort(),
      stock: [
        'application.config',
        'application.instance',
        'application.instance:$config',
        'lifeCycleObserver.registry',
      ],
    },
    {
      title: 'repository() binds a transient repository under its class name',
      observe: app => {
        app.repository(NoteRepository);
        return bindingsUnder(app, 'repositories');
      },
      stock: [
        {
          key: 'repositories.NoteRepository',
          scope: TRANSIENT,
          tags: {type: 'repository', repository: 'repository'},
          resolves: 'an instance of NoteRepository',
        },
      ],
    },
    {
      title: 'repository() keeps the scope the class is decorated with',
      observe: app => app.repository(SharedNoteRepository).scope,
      stock: SINGLETON,
    },
    {
      title: 'getRepository() resolves the bound class, a new one each time',
      observe: async app => {
        app.repository(NoteRepository);
        const first = await app.getRepository(NoteRepository);
        const second = await app.getRepository(NoteRepository);
        return [describeValue(first), first === second];
      },
      stock: ['an instance of NoteRepository', false],
    },
    {
      title: 'dataSource() binds a class under its dataSourceName, once',
      observe: app => {
        app.dataSource(NamedDataSource);
        return bindingsUnder(app, 'datasources');
      },
      stock: [
        {
          key: 'datasources.notes',
          scope: SINGLETON,
          tags: {name: 'notes', type: 'datasource', datasource: 'datasource'},
          resolves: 'an instance of NamedDataSource',
        },
      ],
    },
    {
      title: 'dataSource() binds a class without one under its class name',
      observe: app => app.dataSource(UnnamedDataSource).key,
      stock: 'datasources.UnnamedDataSource',
    },
    {
      title: 'dataSource() binds a class under the name given',
      observe: app => app.dataSource(NamedDataSource, 'archive').key,
      stock: 'datasources.archive',
    },
    {
      title: "dataSource() binds an instance under its settings' name",
      observe: app => {
        app.dataSource(new UnnamedDataSource());
        return bindingsUnder(app, 'datasources');
      },
      stock: [
        {
          key: 'datasources.notes',
          scope: TRANSIENT,
          tags: {datasource: 'datasource'},
          resolves: 'an instance of UnnamedDataSource',
        },
      ],
    },
    {
      title: 'dataSource() binds an instance under the name given',
      observe: app => app.dataSource(new NamedDataSource(), 'archive').key,
      stock: 'datasources.archive',
    },
    {
      title: 'model() binds the model class itself',
      observe: app => {
        app.model(Note);
        return bindingsUnder(app, 'models');
      },
      stock: [
        {
          key: 'models.Note',
          scope: TRANSIENT,
          tags: {model: 'model'},
          resolves: 'class Note',
        },
      ],
    },
    {
      title: 'component() binds a component that brings nothing',
      observe: app => {
        app.component(EmptyComponent);
        return ['components', 'repositories', 'models'].map(namespace =>
          bindingsUnder(app, namespace).map(b => b.key),
        );
      },
      stock: [['components.EmptyComponent'], [], []],
    },
    {
      title: "component() binds a component's repositories and models",
      observe: app => {
        app.component(NotesComponent);
        return ['components', 'repositories', 'models'].map(namespace =>
          bindingsUnder(app, namespace).map(b => [b.key, b.resolves]),
        );
      },
      stock: [
        [['components.NotesComponent', 'an instance of NotesComponent']],
        [['repositories.NoteRepository', 'an instance of NoteRepository']],
        [['models.Note', 'class Note']],
      ],
    },
  ]);
});
