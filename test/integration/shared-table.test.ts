import {expect} from '@loopback/testlab';
import {InvalidModelError} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  type ModelSpec,
} from '../support/app-builder';
import {columns, dropAllTables} from '../support/catalog';
import {describeEachDatabase} from '../support/databases';

describeEachDatabase('two models on one table', (db, kind) => {
  const model = (name: string, column: string, table?: string): ModelSpec => ({
    name,
    properties: {
      id: {type: 'number', id: true, generated: true},
      [column]: {type: 'string'},
    },
    settings: table ? {[kind]: {table}} : {},
  });

  async function migrate(models: ModelSpec[]): Promise<Error | undefined> {
    const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, models);
    try {
      await app.migrateSchema();
      return undefined;
    } catch (err) {
      return err as Error;
    } finally {
      await closeApp(app);
    }
  }

  beforeEach(() => dropAllTables(db()));

  it('are refused before any change: each run would drop the columns of the other', async () => {
    const first = model('Thing', 'a', 'thing');
    expect(await migrate([first])).to.be.undefined();
    const error = await migrate([first, model('Gadget', 'b', 'thing')]);
    expect(error).to.be.instanceOf(InvalidModelError);
    expect(error!.message).to.match(
      /models Thing and Gadget both map to table "(\w+"\.")?thing"/,
    );
    expect(error!.message).to.match(/dropping the columns of the other/);
    expect(error!.message).to.match(new RegExp(`settings\\.${kind}\\.table`));
    expect((await columns(db(), 'thing')).map(c => c.column)).to.eql([
      'id',
      'a',
    ]);
  });

  it('are refused on PostgreSQL when their names differ only by case', async function () {
    if (kind !== 'postgresql') return this.skip();
    expect(await migrate([model('Thing', 'a')])).to.be.undefined();
    const error = await migrate([model('Thing', 'a'), model('THING', 'b')]);
    expect(error).to.be.instanceOf(InvalidModelError);
    expect(error!.message).to.match(
      /models Thing and THING both map to table "public"\."thing"/,
    );
    expect((await columns(db(), 'thing')).map(c => c.column)).to.eql([
      'id',
      'a',
    ]);
  });

  it('refuse two properties on one column (names differing only by case) before any change', async () => {
    const titled = model('Thing', 'title');
    expect(await migrate([titled])).to.be.undefined();
    const error = await migrate([
      {
        ...titled,
        // MySQL takes both for one column: an extra property first in the
        // plan shows nothing was applied before the refusal.
        properties: {
          ...titled.properties,
          body: {type: 'string'},
          Title: {type: 'number'},
        },
      },
    ]);
    expect(error).to.be.instanceOf(InvalidModelError);
    expect(error!.message).to.match(
      /model Thing: properties title and Title both map to column "(title|Title)"/,
    );
    const after = await columns(
      db(),
      kind === 'postgresql' ? 'thing' : 'Thing',
    );
    expect(after.map(c => c.column)).to.eql(['id', 'title']);
    expect(after[1].type).to.match(/^(text|varchar)/);
  });
});
