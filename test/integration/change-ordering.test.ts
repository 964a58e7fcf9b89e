import {expect} from '@loopback/testlab';
import type {PropertyDefinition} from '@loopback/repository';
import {
  DataLossError,
  MigrationWillFailError,
  migrateSchemaWithReport,
} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  type ModelSpec,
} from '../support/app-builder';
import {dropAllTables} from '../support/catalog';
import {
  describeEachDatabase,
  type DatabaseKind,
  type TestDatabase,
} from '../support/databases';

/**
 * A generated search for ordering bugs between the statements of one change
 * (issue 11, case 3): from a base model set with plain, indexed, unique,
 * composite-indexed and foreign key columns, every change that drops,
 * renames, retypes or adds one of those objects, and every pair of changes
 * to one object, must apply (or be refused by this package's guards, never fail
 * in the database), and leave nothing for a second run to do.
 */

interface Column {
  type: 'string' | 'number';
  /** `index: true`, or a unique one. */
  index?: true | 'unique';
  /** The column name when it differs from the property. */
  columnName?: string;
}

interface Shape {
  child: Record<string, Column>;
  /** Indexes of `settings.indexes`, by name. */
  indexes: Record<string, {columns: string[]; unique?: boolean}>;
  /** Foreign keys of Child, by name: column → Parent.id. */
  foreignKeys: Record<string, string>;
  parent: Record<string, Column>;
}

function base(): Shape {
  return {
    child: {
      a: {type: 'string', index: true},
      b: {type: 'string'},
      c: {type: 'string'},
      d: {type: 'string'},
      parentId: {type: 'number'},
      other: {type: 'number'},
    },
    indexes: {
      child_b_unique: {columns: ['b'], unique: true},
      child_c_d: {columns: ['c', 'd']},
    },
    foreignKeys: {fk_child_parent: 'parentId'},
    parent: {code: {type: 'string', index: true}},
  };
}

type Change = (shape: Shape) => void;

/** Changes to one object (or to it and what depends on it), by object. */
const CHANGES: Record<string, Record<string, Change>> = {
  'index: true': {
    'drop the index: true column': s => delete s.child.a,
    'drop index: true, keep the column': s => delete s.child.a.index,
    'make index: true unique': s => (s.child.a.index = 'unique'),
    'retype the index: true column': s => (s.child.a.type = 'number'),
    'rename the index: true column': s => (s.child.a.columnName = 'a2'),
  },
  unique: {
    'drop the unique column': s => {
      delete s.child.b;
      delete s.indexes.child_b_unique;
    },
    'drop the unique column, keep its index declared': s => delete s.child.b,
    'drop the unique index, keep the column': s =>
      delete s.indexes.child_b_unique,
    'make the unique index plain': s =>
      (s.indexes.child_b_unique.unique = false),
  },
  composite: {
    'drop a column of the composite index': s => delete s.child.c,
    'drop both columns of the composite index': s => {
      delete s.child.c;
      delete s.child.d;
      delete s.indexes.child_c_d;
    },
    'drop the composite index, keep its columns': s =>
      delete s.indexes.child_c_d,
    'same index name on other columns': s =>
      (s.indexes.child_c_d = {columns: ['d', 'a']}),
    'retype a column of the composite index': s => (s.child.d.type = 'number'),
  },
  'foreign key': {
    'drop the foreign key, keep its column': s =>
      delete s.foreignKeys.fk_child_parent,
    'drop the foreign key and its column': s => {
      delete s.foreignKeys.fk_child_parent;
      delete s.child.parentId;
    },
    'same foreign key name on another column': s =>
      (s.foreignKeys.fk_child_parent = 'other'),
    'add a foreign key on another column': s =>
      (s.foreignKeys.fk_child_other = 'other'),
    'retype the foreign key column': s => (s.child.parentId.type = 'string'),
  },
  other: {
    "drop the referenced table's indexed column": s => delete s.parent.code,
    'add an indexed column and a composite index over it': s => {
      s.child.e = {type: 'string', index: true};
      s.indexes.child_e_a = {columns: ['e', 'a']};
    },
  },
};

const ALL: Record<string, Change> = Object.assign(
  {},
  ...Object.values(CHANGES),
);

function property(column: Column): PropertyDefinition {
  const mysql =
    column.type === 'string' ? {dataType: 'varchar', dataLength: 20} : {};
  return {
    type: column.type,
    ...(column.index && {
      index: column.index === 'unique' ? {unique: true} : true,
    }),
    mysql: {
      ...mysql,
      ...(column.columnName && {columnName: column.columnName}),
    },
    ...(column.columnName && {
      postgresql: {columnName: column.columnName},
    }),
  };
}

function properties(columns: Record<string, Column>) {
  return {
    id: {type: 'number', id: true, generated: true},
    ...Object.fromEntries(
      Object.entries(columns).map(([name, c]) => [name, property(c)]),
    ),
  };
}

function models(shape: Shape, kind: DatabaseKind): ModelSpec[] {
  const indexes = Object.fromEntries(
    Object.entries(shape.indexes)
      // An index over a dropped property is not declared.
      .filter(([, i]) => i.columns.every(c => c in shape.child))
      .map(([name, i]) => {
        const columns = i.columns.map(c => shape.child[c].columnName ?? c);
        const options = i.unique ? {options: {unique: true}} : {};
        return [
          name,
          kind === 'postgresql'
            ? {keys: Object.fromEntries(columns.map(c => [c, 1])), ...options}
            : {columns: columns.join(','), ...options},
        ];
      }),
  );
  const foreignKeys = Object.fromEntries(
    Object.entries(shape.foreignKeys)
      .filter(([, column]) => column in shape.child)
      .map(([name, column]) => [
        name,
        {name, entity: 'Parent', entityKey: 'id', foreignKey: column},
      ]),
  );
  return [
    {name: 'Parent', properties: properties(shape.parent)},
    {
      name: 'Child',
      properties: properties(shape.child),
      settings: {indexes, foreignKeys},
    },
  ];
}

function changed(...names: string[]): Shape {
  const shape = structuredClone(base());
  for (const name of names) ALL[name](shape);
  return shape;
}

/** Every change, and every pair of changes to one object where the second still applies. */
function cases(): string[][] {
  return [
    ...Object.keys(ALL).map(n => [n]),
    ...Object.values(CHANGES).flatMap(group => {
      const names = Object.keys(group);
      return names.flatMap((a, i) => names.slice(i + 1).map(b => [a, b]));
    }),
  ].filter(applies);
}

/** Whether the changes apply one after the other (none touches what an earlier one dropped). */
function applies(names: string[]): boolean {
  try {
    changed(...names);
    return true;
  } catch {
    return false;
  }
}

async function withApp<T>(
  db: TestDatabase,
  specs: ModelSpec[],
  work: (app: MigratingApp) => Promise<T>,
): Promise<T> {
  const app = buildApp(MigratingApp, {db: db.dataSourceConfig}, specs);
  try {
    return await work(app);
  } finally {
    await closeApp(app);
  }
}

/** What went wrong with one case, or `undefined`. */
async function tryCase(
  db: TestDatabase,
  kind: DatabaseKind,
  names: string[],
): Promise<string | undefined> {
  await dropAllTables(db);
  await withApp(db, models(base(), kind), app => app.migrateSchema());
  return withApp(db, models(changed(...names), kind), async app => {
    try {
      await migrateSchemaWithReport(app);
    } catch (err) {
      // Refused by this package before anything ran: a clear reason.
      if (err instanceof MigrationWillFailError) return undefined;
      if (err instanceof DataLossError) return undefined;
      return `fails: ${(err as Error).message}`;
    }
    const again = await migrateSchemaWithReport(app);
    if (again.dataSources[0].status === 'up-to-date') return undefined;
    return (
      'a second run is not up to date: ' +
      again.dataSources[0].statements.map(s => s.sql).join('; ')
    );
  });
}

describeEachDatabase('the statements of a change, in order', (db, kind) => {
  it('applies every change and pair of changes, and a second run has nothing to do', async function () {
    this.timeout(180_000);
    const problems: string[] = [];
    const all = cases();
    const started = Date.now();
    for (const names of all) {
      const problem = await tryCase(db(), kind, names);
      if (problem) problems.push(`[${names.join(' + ')}] ${problem}`);
    }
    if (process.env.SHOW_TIMING) {
      console.log(`${all.length} cases in ${Date.now() - started} ms`);
    }
    expect(problems).to.eql([]);
  });
});
