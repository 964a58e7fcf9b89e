import {expect} from '@loopback/testlab';
import type {PropertyDefinition} from '@loopback/repository';
import {MigrationWillFailError, migrateSchemaWithReport} from '../../src';
import {appsPerTest} from '../support/apps-per-test';
import {columns, tables} from '../support/catalog';
import {describeOnDatabase} from '../support/databases';
import {rejection} from '../support/rejection';

/** A Tag, and a Doc with this id and these extra properties. */
function models(
  id: PropertyDefinition,
  properties: Record<string, PropertyDefinition>,
) {
  return [
    {
      name: 'Tag',
      properties: {id: {type: 'number', id: true, generated: true}},
    },
    {name: 'Doc', properties: {id, ...properties}},
  ];
}

const GENERATED: PropertyDefinition = {
  type: 'number',
  id: true,
  generated: true,
};
const SERIAL: PropertyDefinition = {
  type: 'number',
  mysql: {dataType: 'serial'},
};

// QA on an lb4 app: a property of `mysql: {dataType: 'serial'}` that is not
// required was written `SERIAL NULL` (a syntax error), and one beside a
// generated id made a second AUTO_INCREMENT column: both failed mid-run,
// after the plan's other tables were made.
describeOnDatabase('mysql', 'SERIAL and AUTO_INCREMENT columns', db => {
  const apps = appsPerTest(db);

  it('refuses a SERIAL property that is not required before any change', async () => {
    const err = await rejection(
      migrateSchemaWithReport(
        apps.app(models({type: 'string', id: true}, {seq: SERIAL})),
      ),
    );
    expect(err).to.be.instanceOf(MigrationWillFailError);
    expect(err.message).to.match(
      /column "seq" of "Doc" has type SERIAL .* is written NULL.* Make the property required \(required: true\), or give it mysql\.dataType 'BIGINT UNSIGNED'/,
    );
    expect(await tables(db())).to.eql([]);
  });

  it('refuses a new table with two auto-increment columns before any change', async () => {
    const err = await rejection(
      migrateSchemaWithReport(
        apps.app(models(GENERATED, {seq: {...SERIAL, required: true}})),
      ),
    );
    expect(err).to.be.instanceOf(MigrationWillFailError);
    expect(err.message).to.match(
      /table "Doc" would have 2 AUTO_INCREMENT columns \("id", "seq"; SERIAL is/,
    );
    expect(await tables(db())).to.eql([]);
  });

  it('refuses a SERIAL property added beside an existing generated id', async () => {
    await migrateSchemaWithReport(apps.app(models(GENERATED, {})));
    const err = await rejection(
      migrateSchemaWithReport(
        apps.app(models(GENERATED, {seq: {...SERIAL, required: true}})),
      ),
    );
    expect(err).to.be.instanceOf(MigrationWillFailError);
    expect(err.message).to.match(/table "Doc" would have 2 AUTO_INCREMENT/);
    expect((await columns(db(), 'Doc')).map(c => c.column)).to.eql(['id']);
  });

  // Made, it was restated and its unique index dropped on every later run,
  // which the conversion probe refused ("near 'NULL'"): an app could not
  // start again.
  it('makes a required SERIAL property beside an id that is not generated, then leaves it', async () => {
    const doc = () =>
      apps.app(
        models({type: 'string', id: true}, {seq: {...SERIAL, required: true}}),
      );
    const report = await migrateSchemaWithReport(doc());
    expect(report.dataSources[0].status).to.equal('migrated');
    expect((await columns(db(), 'Doc')).map(c => c.column)).to.eql([
      'id',
      'seq',
    ]);
    const again = await migrateSchemaWithReport(doc(), {fullCheck: true});
    expect(again.dataSources[0].status).to.equal('up-to-date');
  });
});
