import {expect} from '@loopback/testlab';
import type {PropertyDefinition} from '@loopback/repository';
import {migrateSchemaWithReport} from '../../src';
import type {MigratingApp} from '../support/app-builder';
import {appsPerTest} from '../support/apps-per-test';
import {describeEachDatabase} from '../support/databases';
import {dataLossRefusal} from '../support/rejection';

type Properties = Record<string, PropertyDefinition>;

/** A number stored as `NUMERIC(10, scale)` / `DECIMAL(10, scale)`. */
function decimal(scale: number): PropertyDefinition {
  return {
    type: 'number',
    postgresql: {dataType: 'numeric', dataPrecision: 10, dataScale: scale},
    mysql: {dataType: 'decimal', dataPrecision: 10, dataScale: scale},
  };
}

// QA on an lb4 app: a type change over real rows said how many stored
// values it refuses or loses, but not which: PostgreSQL named no row of a
// value it cannot convert (MariaDB did), and neither database named the row
// or the value a lossy conversion alters ('007' to 7).
describeEachDatabase(
  'a type change names the rows it refuses or alters',
  db => {
    const apps = appsPerTest(db);
    const pg = () => db().kind === 'postgresql';
    const table = () => (pg() ? 'note' : '`Note`');
    const int = () => (pg() ? 'INTEGER' : 'INT');

    function withNote(properties: Properties): MigratingApp {
      return apps.app([
        {
          name: 'Note',
          properties: {
            id: {type: 'number', id: true, generated: true},
            ...properties,
          },
        },
      ]);
    }

    /** Rows with these values of `column`, ids 1, 2, ... in order. */
    async function insert(column: string, values: string[]): Promise<void> {
      for (const value of values) {
        await db().query(
          `INSERT INTO ${table()} (${column}) VALUES (${pg() ? '$1' : '?'})`,
          [value],
        );
      }
    }

    /** The `willFail` of the planned change of column "code". */
    async function willFail(properties: Properties): Promise<string> {
      const plan = await withNote(properties).planSchemaMigration();
      const change = plan.dataSources[0].statements.find(s =>
        /code/i.test(s.sql),
      );
      return change?.willFail ?? '';
    }

    it('names the row of a value that cannot be converted', async () => {
      await migrateSchemaWithReport(withNote({code: {type: 'string'}}));
      await insert('code', ['42', 'abc']);
      const error = pg()
        ? 'invalid input syntax for type integer: "abc"'
        : "Truncated incorrect INTEGER value: 'abc'";
      expect(await willFail({code: {type: 'number'}})).to.startWith(
        `1 stored value of column "code" (id 2) cannot be converted to ${int()} (${error}); ` +
          'the change would fail.',
      );
    });

    it('names the first 5 rows of the values that cannot be converted', async () => {
      await migrateSchemaWithReport(withNote({code: {type: 'string'}}));
      await insert('code', [
        '1',
        'a2',
        'a3',
        '4',
        'a5',
        'a6',
        'a7',
        'a8',
        'a9',
      ]);
      expect(await willFail({code: {type: 'number'}})).to.startWith(
        `7 stored values of column "code" (id 2, 3, 5, 6, 7, ...) cannot be converted to ${int()} (`,
      );
    });

    // QA on LoopBack's todo example (MariaDB): a JSON column's check named
    // no row, and the probe's own constraint (CONSTRAINT ``Todo`.v`).
    it('names the rows of values that are not JSON', async () => {
      await migrateSchemaWithReport(withNote({code: {type: 'string'}}));
      await insert('code', ['{"a": 1}', 'nope', '[1]', 'bad']);
      const refused = await willFail({
        code: {
          type: 'object',
          postgresql: {dataType: 'json'},
          mysql: {dataType: 'json'},
        },
      });
      expect(refused).to.startWith(
        '2 stored values of column "code" (id 2, 4) cannot be converted to JSON (',
      );
      expect(refused).to.match(
        pg()
          ? /\(invalid input syntax for type json\)/
          : /\(CONSTRAINT `Note`\.`code` failed for `[^`]+`\.`Note`: not valid JSON\)/,
      );
    });

    it('names the row and the value before and after of a value a string to number change alters', async () => {
      await migrateSchemaWithReport(withNote({code: {type: 'string'}}));
      await insert('code', ['42', '007']);
      const error = await dataLossRefusal(
        migrateSchemaWithReport(withNote({code: {type: 'number'}})),
      );
      expect(error.message).to.containEql(
        `changes column "code" to ${int()}: 1 stored value would not survive (id 2: '007' → 7)\n`,
      );
    });

    it('names the first 5 rows a change alters, long values shortened', async () => {
      await migrateSchemaWithReport(withNote({code: {type: 'string'}}));
      const long = `${'0'.repeat(60)}1`;
      await insert('code', ['1', '02', long, '04', '5', '06', '07', '08']);
      const error = await dataLossRefusal(
        migrateSchemaWithReport(withNote({code: {type: 'number'}})),
      );
      expect(error.message).to.containEql(
        `changes column "code" to ${int()}: 6 stored values would not survive ` +
          `(id 2: '02' → 2, id 3: '${'0'.repeat(40)}...' → 1, id 4: '04' → 4, ` +
          `id 6: '06' → 6, id 7: '07' → 7, ...)\n`,
      );
    });

    it('names the row and the value before and after of a fraction a narrower decimal cuts', async () => {
      await migrateSchemaWithReport(withNote({amount: decimal(2)}));
      await insert('amount', ['1.50', '1.55']);
      const error = await dataLossRefusal(
        migrateSchemaWithReport(withNote({amount: decimal(1)})),
      );
      const type = pg() ? 'NUMERIC(10,1)' : 'DECIMAL(10,1)';
      expect(error.message).to.containEql(
        `changes column "amount" to ${type}: 1 stored value would not survive (id 2: 1.55 → 1.6)\n`,
      );
    });
  },
);
