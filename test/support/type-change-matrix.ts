import {expect} from '@loopback/testlab';
import type {juggler, PropertyDefinition} from '@loopback/repository';
import {buildApp, closeApp, MigratingApp} from './app-builder';
import {
  createTestDatabase,
  type DatabaseKind,
  type TestDatabase,
} from './databases';
import {keptCount} from './kept-values';

/** A column type as a property's connector settings give it. */
export interface ColumnType {
  readonly dataType: string;
  readonly dataLength?: number;
  readonly dataPrecision?: number;
  readonly dataScale?: number;
}

/** What a type change does to the stored values. */
export type Outcome = 'keeps' | 'loses' | 'fails';

/** One row of the matrix: a column of type `from` holding `values`, changed to `to`. */
export interface MatrixRow {
  readonly from: ColumnType;
  readonly to: ColumnType;
  readonly values: ReadonlyArray<string | number>;
  /** The outcome; on MariaDB per `sql_mode` where it differs. */
  readonly expect:
    Outcome | {readonly strict: Outcome; readonly loose: Outcome};
}

interface Judged {
  readonly verdict: Outcome;
  readonly predicted: number;
  readonly reality: Outcome;
  readonly changed: number;
  readonly sql: string;
  readonly willFail?: string;
}

/** MariaDB's `sql_mode` for a suite's datasource connections. */
export const SQL_MODES = {
  strict:
    'STRICT_TRANS_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION',
  loose: 'NO_ENGINE_SUBSTITUTION',
} as const;

/**
 * One suite: every row's table is created with its old type and filled,
 * the change is planned for all of them at once and then applied per model
 * with `acceptDataLoss: true`; each row's test compares the verdict with what
 * the database did to the values.
 */
export function describeTypeChangeMatrix(
  kind: DatabaseKind,
  rows: readonly MatrixRow[],
  mode?: keyof typeof SQL_MODES,
): void {
  const title = `type change verdicts (${kind}${mode ? `, ${mode} sql_mode` : ''})`;
  describe(title, function () {
    let db: TestDatabase | undefined;
    const judged: Judged[] = [];

    before(async function () {
      this.timeout(120000);
      db = await createTestDatabase(kind);
      if (!db) this.skip();
      judged.push(...(await judgeAll(db, rows, mode)));
    });
    after(async () => {
      await db?.drop();
    });

    rows.forEach((row, i) => {
      const expected =
        typeof row.expect === 'string' ? row.expect : row.expect[mode!];
      it(`${describeType(row.from)} -> ${describeType(row.to)} ${JSON.stringify(row.values)}: ${expected}`, () => {
        const result = judged[i];
        expect({verdict: result.verdict, sql: result.sql}).to.eql({
          verdict: result.reality,
          sql: result.sql,
        });
        if (result.verdict === 'loses')
          expect(result.predicted).to.equal(result.changed);
        if (result.verdict === 'fails') {
          // Each refused row holds exactly one value the database refuses,
          // unless the database has no conversion between the types at all.
          expect(result.willFail).to.match(
            /^(1 stored value of column "v"(?: \(id \d+\))? cannot be converted to .+; the change would fail\. Fix or clear those values first|the database cannot convert column "v" to .+; the change would fail whatever the data\. Choose a type)/,
          );
        }
        expect(result.reality).to.equal(expected);
      });
    });
  });
}

async function judgeAll(
  db: TestDatabase,
  rows: readonly MatrixRow[],
  mode: keyof typeof SQL_MODES | undefined,
): Promise<Judged[]> {
  const names = rows.map((_, i) => `T${String(i).padStart(2, '0')}`);
  const table = (i: number) =>
    db.kind === 'postgresql' ? names[i].toLowerCase() : names[i];
  const before = await appWith(db, rows, names, 'from', mode);
  await before.migrateSchema();
  await closeApp(before);
  for (const [i, row] of rows.entries()) {
    const marks = row.values.map((_, j) =>
      db.kind === 'postgresql' ? `($${j + 1})` : '(?)',
    );
    await db.query(`INSERT INTO ${table(i)} (v) VALUES ${marks.join(', ')}`, [
      ...row.values,
    ]);
    await db.query(
      `CREATE TABLE bak_${table(i)} AS SELECT id, v FROM ${table(i)}`,
    );
  }
  const after = await appWith(db, rows, names, 'to', mode);
  try {
    const report = await after.planSchemaMigration();
    const dataSource = await after.get<juggler.DataSource>('datasources.db');
    const statements = report.dataSources[0].statements;
    const judged: Judged[] = [];
    for (const [i] of rows.entries()) {
      const statement = statements.find(s => s.model === names[i]);
      if (!statement) throw new Error(`no statement planned for ${names[i]}`);
      // The statements go to the database itself (through the app's pool,
      // whose sessions have the row's sql_mode): a refusal is the
      // database's, never the package's own MigrationWillFailError.
      const refused = await applyDirectly(
        dataSource,
        statements.filter(s => s.model === names[i]).map(s => s.sql),
      );
      const changed = await keptCount(db, table(i));
      judged.push({
        verdict: statement.willFail
          ? 'fails'
          : statement.destructive
            ? 'loses'
            : 'keeps',
        predicted: Number(
          /(\d+) stored values? would not survive/.exec(
            statement.reason ?? '',
          )?.[1] ?? 0,
        ),
        reality: refused ? 'fails' : changed > 0 ? 'loses' : 'keeps',
        changed,
        sql: statement.sql,
        willFail: statement.willFail,
      });
    }
    return judged;
  } finally {
    await closeApp(after);
  }
}

async function appWith(
  db: TestDatabase,
  rows: readonly MatrixRow[],
  names: readonly string[],
  side: 'from' | 'to',
  mode: keyof typeof SQL_MODES | undefined,
): Promise<MigratingApp> {
  const app = buildApp(
    MigratingApp,
    {db: db.dataSourceConfig},
    rows.map((row, i) => ({
      name: names[i],
      properties: {
        id: {type: 'number', id: true, generated: true},
        v: column(db.kind, row[side]),
      },
    })),
  );
  if (mode)
    useSqlMode(
      await app.get<juggler.DataSource>('datasources.db'),
      SQL_MODES[mode],
    );
  return app;
}

function column(kind: DatabaseKind, type: ColumnType): PropertyDefinition {
  return {type: 'string', [kind]: {...type}};
}

/**
 * Set `sql_mode` on each connection of the datasource's pool whenever it is
 * handed out (the session setting of this suite's connections only).
 */
function useSqlMode(ds: juggler.DataSource, mode: string): void {
  const pool = (ds.connector as unknown as {client: MysqlPool}).client;
  pool.on('acquire', conn => conn.query(`SET SESSION sql_mode = '${mode}'`));
}

interface MysqlPool {
  on(
    event: 'acquire',
    listener: (conn: {query(sql: string): void}) => void,
  ): void;
}

function describeType(type: ColumnType): string {
  const size =
    type.dataLength ??
    (type.dataPrecision !== undefined
      ? [type.dataPrecision, type.dataScale]
          .filter(n => n !== undefined)
          .join(',')
      : undefined);
  return size !== undefined ? `${type.dataType}(${size})` : type.dataType;
}

/** Run statements in order; `true` when the database refused one. */
async function applyDirectly(
  dataSource: juggler.DataSource,
  statements: readonly string[],
): Promise<boolean> {
  for (const sql of statements) {
    const refused = await dataSource.execute(sql).then(
      () => false,
      () => true,
    );
    if (refused) return true;
  }
  return false;
}
