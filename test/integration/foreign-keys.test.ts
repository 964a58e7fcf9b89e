import {expect} from '@loopback/testlab';
import {
  InvalidModelError,
  migrateSchemaWithReport,
  MigrationFailedError,
  MigrationWillFailError,
} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  StockApp,
  type ModelSpec,
} from '../support/app-builder';
import {dropAllTables, foreignKeys, tables} from '../support/catalog';
import {describeEachDatabase} from '../support/databases';
import {rejection} from '../support/rejection';

function fk(name: string, entity: string, foreignKey: string) {
  return {[name]: {name, entity, entityKey: 'id', foreignKey}};
}

// Bound child first: a run in binding order creates `employee` before the
// `department` its key points at.
const EMPLOYEE: ModelSpec = {
  name: 'Employee',
  properties: {
    id: {type: 'number', id: true, generated: true},
    managerId: {type: 'number'},
    departmentId: {type: 'number'},
  },
  settings: {
    foreignKeys: {
      ...fk('fk_employee_manager', 'Employee', 'managerId'),
      ...fk('fk_employee_department', 'Department', 'departmentId'),
    },
  },
};
// Department and Employee point at each other: a cycle.
const DEPARTMENT: ModelSpec = {
  name: 'Department',
  properties: {
    id: {type: 'number', id: true, generated: true},
    headId: {type: 'number'},
  },
  settings: {foreignKeys: fk('fk_department_head', 'Employee', 'headId')},
};
const OFFICE: ModelSpec = {
  name: 'Office',
  properties: {
    id: {type: 'number', id: true, generated: true},
    departmentId: {type: 'number'},
  },
  settings: {
    foreignKeys: fk('fk_office_department', 'Department', 'departmentId'),
  },
};

const EXPECTED_KEYS = [
  'department.headid->employee',
  'employee.departmentid->department',
  'employee.managerid->employee',
  'office.departmentid->department',
];

describeEachDatabase('foreign keys', db => {
  const config = () => ({db: db().dataSourceConfig});
  let app: MigratingApp | StockApp | undefined;
  const migrating = (models: ModelSpec[]) => {
    const built = buildApp(MigratingApp, config(), models);
    app = built;
    return built;
  };

  beforeEach(() => dropAllTables(db()));
  afterEach(async () => {
    if (app) await closeApp(app);
    app = undefined;
  });

  async function keys(): Promise<string[]> {
    return (await foreignKeys(db()))
      .map(k => `${k.table}.${k.column}->${k.targetTable}`)
      .sort();
  }

  it('the stock mixin fails when a child table is bound first (baseline)', async () => {
    app = buildApp(StockApp, config(), [OFFICE, DEPARTMENT]);
    await expect(app.migrateSchema()).to.be.rejected();
  });

  it('creates every table before a foreign key points at it: self-reference and cycle included', async () => {
    const ours = migrating([OFFICE, EMPLOYEE, DEPARTMENT]);
    const report = await migrateSchemaWithReport(ours);
    expect(await tables(db())).to.eql(['department', 'employee', 'office']);
    expect(await keys()).to.eql(EXPECTED_KEYS);
    const statements = report.dataSources[0].statements.map(s => s.sql);
    const lastCreate = statements
      .map(s => /^CREATE TABLE/i.test(s))
      .lastIndexOf(true);
    // Keys written in a CREATE TABLE point at tables created before it (or
    // at itself); the key that closes the cycle is added after every table.
    const created: string[] = [];
    for (const sql of statements.filter(s => /^CREATE TABLE/i.test(s))) {
      const table = /^CREATE TABLE\s+(\S+)/i.exec(sql)![1];
      created.push(table);
      for (const [, target] of sql.matchAll(/REFERENCES\s+([^\s(]+)/gi)) {
        expect(created).to.containEql(target);
      }
    }
    const firstAlterKey = statements.findIndex(s =>
      /^ALTER TABLE[\s\S]*FOREIGN KEY/i.test(s),
    );
    expect(lastCreate).to.be.below(firstAlterKey);
    expect(
      (await migrateSchemaWithReport(ours)).dataSources[0].status,
    ).to.equal('up-to-date');
  });

  it('rebuilds a schema with foreign keys and cycles, run after run', async () => {
    const ours = migrating([OFFICE, EMPLOYEE, DEPARTMENT]);
    await migrateSchemaWithReport(ours);
    for (let run = 0; run < 3; run++) {
      const report = await migrateSchemaWithReport(ours, {
        existingSchema: 'drop',
      });
      expect(report.dataSources[0].status).to.equal('migrated');
      expect(await tables(db())).to.eql(['department', 'employee', 'office']);
      expect(await keys()).to.eql(EXPECTED_KEYS);
    }
  });

  it('refuses a foreign key naming no property (or, on PostgreSQL, column), before any change', async () => {
    // PostgreSQL: the plan found nothing wrong, and the apply failed.
    const badge = (foreignKey: string, entityKey: string): ModelSpec => ({
      name: 'Badge',
      properties: {
        id: {type: 'number', id: true, generated: true},
        employeeId: {type: 'number'},
      },
      settings: {
        foreignKeys: {
          fk_badge_employee: {
            name: 'fk_badge_employee',
            entity: 'Employee',
            entityKey,
            foreignKey,
          },
        },
      },
    });
    const cases: [ModelSpec, RegExp][] = [
      [badge('employee', 'id'), /foreignKey "employee" is not a property /],
      [badge('employeeId', 'ident'), /entityKey "ident" is not a property /],
    ];
    for (const [model, reason] of cases) {
      const error = await rejection(
        migrateSchemaWithReport(migrating([EMPLOYEE, DEPARTMENT, model])),
      );
      await closeApp(app!);
      app = undefined;
      expect(error).to.be.instanceOf(InvalidModelError);
      expect(error).to.containDeep({
        code: 'MIGRATION_INVALID_MODEL',
        model: 'Badge',
      });
      expect(error.message).to.match(
        /^model Badge, foreign key "fk_badge_employee": /,
      );
      expect(error.message).to.match(reason);
      expect(await tables(db())).to.eql([]);
    }
  });

  it('refuses to rebuild a table that a table left alone references, changing nothing', async () => {
    const ours = migrating([OFFICE, EMPLOYEE, DEPARTMENT]);
    await migrateSchemaWithReport(ours);
    const options = {existingSchema: 'drop' as const, models: ['Department']};
    // The plan marks the drop the database would refuse.
    const plan = await ours.planSchemaMigration(options);
    const refused = plan.dataSources[0].statements.filter(s => s.willFail);
    expect(refused.map(s => s.sql)).to.eql([
      db().kind === 'postgresql'
        ? 'DROP TABLE "public"."department"'
        : 'DROP TABLE `Department`',
    ]);
    const error = await rejection(ours.migrateSchema(options));
    expect(error).to.be.instanceOf(MigrationWillFailError);
    // Each table left alone that references it is named, not the last one
    // read only (QA on LoopBack's todo-list example).
    expect(error.message).to.match(
      /references it through foreign key "fk_employee_department"; table .*, which is not being rebuilt, references it through foreign key "fk_office_department"\. Rebuild the models of those tables too, or drop those constraints first\./,
    );
    // One refused statement, listed once.
    const listed = error.message
      .split('\n')
      .filter(line => line.startsWith('  - datasource'));
    expect(listed).to.have.length(1);
    expect(await keys()).to.eql(EXPECTED_KEYS);
  });

  it('references the column of a target key property with a column name of its own (MySQL), run after run', async function () {
    if (db().kind !== 'mysql') this.skip();
    // The connector writes `entityKey` as the referenced column as it is
    // (`REFERENCES category(id)`), which the server refuses after the
    // table was made; the next plan failed on it too.
    const category: ModelSpec = {
      name: 'Category',
      properties: {
        id: {
          type: 'number',
          id: true,
          generated: true,
          mysql: {columnName: 'category_id'},
        },
      },
    };
    const item: ModelSpec = {
      name: 'Item',
      properties: {
        id: {type: 'number', id: true, generated: true},
        categoryId: {type: 'number'},
      },
      settings: {foreignKeys: fk('fk_item_category', 'Category', 'categoryId')},
    };
    // A database stock left half-made: `item` without its key.
    app = buildApp(StockApp, config(), [category, item]);
    await expect(app.migrateSchema()).to.be.rejectedWith(
      /Foreign key constraint is incorrectly formed/,
    );
    await closeApp(app);
    expect(await tables(db())).to.eql(['category', 'item']);
    const ours = migrating([category, item]);
    const report = await migrateSchemaWithReport(ours);
    const added = report.dataSources[0].statements.filter(s =>
      s.sql.includes('FOREIGN KEY (`categoryId`)'),
    );
    expect(added).to.have.length(1);
    expect(added[0].sql).to.match(/REFERENCES `Category`\(`category_id`\)/);
    expect(await foreignKeys(db())).to.containDeep([
      {
        name: 'fk_item_category',
        column: 'categoryid',
        targetTable: 'category',
        targetColumn: 'category_id',
      },
    ]);
    for (const fullCheck of [false, true]) {
      const again = await migrateSchemaWithReport(ours, {fullCheck});
      expect(again.dataSources[0].status).to.equal('up-to-date');
    }
    await dropAllTables(db());
    const created = await migrateSchemaWithReport(ours);
    expect(created.dataSources[0].status).to.equal('migrated');
    expect(await foreignKeys(db())).to.have.length(1);
    const rerun = await migrateSchemaWithReport(ours, {fullCheck: true});
    expect(rerun.dataSources[0].status).to.equal('up-to-date');
  });

  it('refuses on PostgreSQL an entityKey naming a key property with a column name of its own, and takes the column', async function () {
    if (db().kind !== 'postgresql') this.skip();
    // The connector writes `entityKey` as the referenced column as it is
    // (`REFERENCES category(id)`: no such column) and compares the keys it
    // finds with it as a column name.
    const category: ModelSpec = {
      name: 'Category',
      properties: {
        id: {
          type: 'number',
          id: true,
          generated: true,
          postgresql: {columnName: 'category_id'},
        },
      },
    };
    const item = (entityKey: string): ModelSpec => ({
      name: 'Item',
      properties: {
        id: {type: 'number', id: true, generated: true},
        categoryId: {type: 'number'},
      },
      settings: {
        foreignKeys: {
          fk_item_category: {
            name: 'fk_item_category',
            entity: 'Category',
            entityKey,
            foreignKey: 'categoryId',
          },
        },
      },
    });
    app = migrating([category, item('id')]);
    const error = await rejection(migrateSchemaWithReport(app));
    expect(error).to.be.instanceOf(InvalidModelError);
    expect(error.message).to.match(
      /foreign key "fk_item_category": entityKey "id" is a property of Category stored in column "category_id".*entityKey: 'category_id'/,
    );
    expect(await tables(db())).to.eql([]);
    await closeApp(app);
    app = migrating([category, item('category_id')]);
    await migrateSchemaWithReport(app);
    expect(await foreignKeys(db())).to.containDeep([
      {name: 'fk_item_category', targetColumn: 'category_id'},
    ]);
    for (const fullCheck of [false, true]) {
      const again = await migrateSchemaWithReport(app, {fullCheck});
      expect(again.dataSources[0].status).to.equal('up-to-date');
    }
  });

  it('rejects with the database message, datasource and model when a statement fails', async () => {
    // More columns than a table may have (PostgreSQL: 1600; InnoDB:
    // 1017), which the plan does not predict: the database refuses Badge's
    // CREATE TABLE, which holds its foreign key.
    const columns = Object.fromEntries(
      Array.from({length: 1700}, (_, i) => [`c${i}`, {type: 'number'}]),
    );
    const site: ModelSpec = {
      name: 'Site',
      properties: {
        id: {type: 'number', id: true, generated: true},
        code: {type: 'number'},
      },
    };
    const broken: ModelSpec = {
      name: 'Badge',
      properties: {
        id: {type: 'number', id: true, generated: true},
        siteCode: {type: 'number'},
        ...columns,
      },
      settings: {
        foreignKeys: {
          fk_badge_employee: {
            name: 'fk_badge_employee',
            entity: 'Site',
            entityKey: 'id',
            foreignKey: 'siteCode',
          },
        },
      },
    };
    const ours = migrating([EMPLOYEE, DEPARTMENT, site, broken]);
    const error = await rejection(migrateSchemaWithReport(ours));
    expect(error).to.be.instanceOf(MigrationFailedError);
    const failure = error as MigrationFailedError;
    expect(failure.code).to.equal('MIGRATION_FAILED');
    expect(failure.dataSource).to.equal('db');
    expect(failure.model).to.equal('Badge');
    expect(failure.sql).to.match(/fk_badge_employee/);
    expect(failure.message).to.match(/datasource "db".*on model Badge/);
    expect(failure.report.dataSources[0].status).to.equal('failed');
    if (db().kind === 'postgresql') {
      // One transaction: nothing of the plan stayed.
      expect(failure.message).to.match(/rolled back: nothing was changed/);
      expect(failure.applied).to.eql([]);
      expect(await tables(db())).to.eql([]);
    } else {
      // MySQL commits each DDL statement; the error lists what stayed.
      expect(failure.applied.length).to.be.above(0);
      expect(failure.message).to.match(
        /earlier statement\(s\) .* stay applied/,
      );
      // Badge's key is written in its CREATE TABLE, made right after Site's
      // (the cycle comes last): the failure leaves Site alone.
      expect(await tables(db())).to.eql(['site']);
    }
  });
});
