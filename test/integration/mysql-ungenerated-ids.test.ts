import {expect} from '@loopback/testlab';
import type {PropertyDefinition} from '@loopback/repository';
import type {ModelSpec} from '../support/app-builder';
import {describeOnDatabase} from '../support/databases';
import {migrationsOn} from '../support/migrations-on';

/** `Ticket` with its id declared as `id`. */
const ticket = (id: PropertyDefinition): ModelSpec => ({
  name: 'Ticket',
  properties: {id, title: {type: 'string'}},
  settings: {mysql: {table: 'ticket'}},
});

const idWarnings = (warnings: string[]) =>
  warnings.filter(w => /property id: generated: true/.test(w));

// `lb4 model` writes `generated: true` for a string id: MySQL makes it a
// VARCHAR without a default, and every create is refused. Stock says
// nothing at migration.
describeOnDatabase('mysql', 'a generated id MySQL cannot generate', db => {
  const migrate = migrationsOn(db);

  it('warns in the run that creates the table, naming the fix', async () => {
    const report = await migrate([
      ticket({type: 'string', id: true, generated: true}),
    ]);
    expect(idWarnings(report.dataSources[0].warnings)).to.eql([
      'model Ticket, property id: generated: true on a VARCHAR(255) column, which MySQL ' +
        'cannot generate (only an integer id gets AUTO_INCREMENT) and the connector makes ' +
        "without a default: every create without an id is refused (\"Field 'id' doesn't " +
        "have a default value\"). Declare generated: false with defaultFn: 'uuidv4' (the " +
        'app makes each id), or a number id',
    ]);
    await expect(
      db().query("INSERT INTO ticket (title) VALUES ('a')"),
    ).to.be.rejectedWith(/doesn't have a default value/);
  });

  it('says nothing of ids it can fill, or of a table that exists with a default of its own', async () => {
    for (const id of <PropertyDefinition[]>[
      {type: 'number', id: true, generated: true},
      {type: 'string', id: true, generated: true, defaultFn: 'uuidv4'},
    ]) {
      await db().query('DROP TABLE IF EXISTS ticket');
      const report = await migrate([ticket(id)]);
      expect(idWarnings(report.dataSources[0].warnings)).to.eql([]);
    }
    await db().query('DROP TABLE IF EXISTS ticket');
    await db().query(
      'CREATE TABLE ticket (id VARCHAR(255) NOT NULL DEFAULT (uuid()) PRIMARY KEY, title VARCHAR(512))',
    );
    const report = await migrate([
      ticket({type: 'string', id: true, generated: true}),
    ]);
    expect(idWarnings(report.dataSources[0].warnings)).to.eql([]);
  });
});
