import {expect} from '@loopback/testlab';
import {dialectFor} from '../../src/dialects';
import {migrateSchemaWithReport, type SchemaMigrationReport} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  type ModelSpec,
} from '../support/app-builder';
import {catalog, dropAllTables, foreignKeyRules} from '../support/catalog';
import {describeEachDatabase} from '../support/databases';
import {chainedModels} from '../support/schemas';

function fk(
  name: string,
  entity: string,
  foreignKey: string,
  actions: {onDelete?: string; onUpdate?: string} = {},
) {
  return {[name]: {name, entity, entityKey: 'id', foreignKey, ...actions}};
}

const id = {type: 'number', id: true, generated: true};

/**
 * A chain (Model1 <- Model2 <- Model3, bound last-first), a cycle
 * (Department <-> Employee) with a self-reference (Employee.managerId), a
 * table outside the cycle pointing into it with actions (Office), composite
 * and unique indexes, and a foreign key column that is indexed already.
 */
function models(): ModelSpec[] {
  const chain = chainedModels(3).reverse();
  return [
    ...chain,
    {
      name: 'Employee',
      properties: {
        id,
        managerId: {type: 'number'},
        departmentId: {type: 'number', index: true},
        email: {type: 'string', index: {unique: true}},
      },
      settings: {
        foreignKeys: {
          ...fk('fk_employee_manager', 'Employee', 'managerId'),
          ...fk('fk_employee_department', 'Department', 'departmentId'),
        },
      },
    },
    {
      name: 'Department',
      properties: {id, headId: {type: 'number'}, code: {type: 'string'}},
      settings: {
        foreignKeys: fk('fk_department_head', 'Employee', 'headId'),
        indexes: {
          department_head_code: {
            keys: {headId: 1, code: 1},
            options: {unique: true},
          },
        },
      },
    },
    {
      name: 'Office',
      properties: {id, departmentId: {type: 'number'}, floor: {type: 'number'}},
      settings: {
        foreignKeys: fk('fk_office_department', 'Department', 'departmentId', {
          onDelete: 'CASCADE',
          onUpdate: 'SET NULL',
        }),
        indexes: {
          office_department_floor: {keys: {departmentId: 1, floor: -1}},
        },
      },
    },
  ];
}

/** The names of the foreign keys a plan adds by `ALTER TABLE`. */
function addedByAlter(report: SchemaMigrationReport): string[] {
  return report.dataSources[0].statements
    .filter(s => /^ALTER\s+TABLE\b/i.test(s.sql))
    .flatMap(s => [...s.sql.matchAll(/ADD\s+CONSTRAINT\s+["`]?(\w+)/gi)])
    .map(m => m[1]);
}

describeEachDatabase('foreign keys inline in CREATE TABLE', (db, kind) => {
  const config = () => ({db: db().dataSourceConfig});

  async function migrate(): Promise<SchemaMigrationReport> {
    const app = buildApp(MigratingApp, config(), models());
    try {
      return await migrateSchemaWithReport(app, {operation: 'automigrate'});
    } finally {
      await closeApp(app);
    }
  }

  /** A migration with the connector's own statements, executed one by one. */
  async function migrateAsConnectorWrites(): Promise<SchemaMigrationReport> {
    const dialect = dialectFor(kind)!;
    const inline = dialect.inlineForeignKeys;
    dialect.inlineForeignKeys = () => undefined;
    try {
      return await migrate();
    } finally {
      dialect.inlineForeignKeys = inline;
    }
  }

  async function schema() {
    return {...(await catalog(db())), rules: await foreignKeyRules(db())};
  }

  beforeEach(() => dropAllTables(db()));

  it('builds the same catalog as the statements the connector writes', async () => {
    const inlined = await migrate();
    const built = await schema();
    await dropAllTables(db());
    const separate = await migrateAsConnectorWrites();
    const expected = await schema();

    expect(built).to.deepEqual(expected);
    expect(expected.foreignKeys).to.have.length(6);
    expect(addedByAlter(separate)).to.have.length(6);
    // Only the key that closes the cycle is added after its table.
    expect(addedByAlter(inlined)).to.deepEqual(['fk_employee_department']);
  });

  it('creates each table after the tables its inline keys point at', async () => {
    const report = await migrate();
    const creates = report.dataSources[0].statements
      .filter(s => /^CREATE\s+TABLE\b/i.test(s.sql))
      .map(s => s.model);
    expect(creates).to.deepEqual([
      'Model1',
      'Model2',
      'Model3',
      'Employee',
      'Department',
      'Office',
    ]);
    // The plan reported is the plan run: a second run has nothing to do.
    const again = await (async () => {
      const app = buildApp(MigratingApp, config(), models());
      try {
        return await migrateSchemaWithReport(app);
      } finally {
        await closeApp(app);
      }
    })();
    expect(again.dataSources[0].status).to.equal('up-to-date');
  });
});
