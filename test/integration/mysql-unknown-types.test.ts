import {expect} from '@loopback/testlab';
import type {PropertyDefinition} from '@loopback/repository';
import {MigrationWillFailError, migrateSchemaWithReport} from '../../src';
import {appsPerTest} from '../support/apps-per-test';
import {columns, tables} from '../support/catalog';
import {describeOnDatabase} from '../support/databases';
import {rejection} from '../support/rejection';

/** A Doc with these extra properties. */
function doc(properties: Record<string, PropertyDefinition>) {
  return [
    {
      name: 'Doc',
      properties: {
        id: {type: 'number', id: true, generated: true},
        ...properties,
      },
    },
  ];
}

// QA on an lb4 app: `mysql: {dataType: 'notatype'}` planned clean and the
// server refused it mid-run ("Unknown data type"); PostgreSQL predicted
// its own such type.
describeOnDatabase('mysql', 'a column type the server does not have', db => {
  const apps = appsPerTest(db);

  it('is refused before any change in a new table, naming the column and the server', async () => {
    const err = await rejection(
      migrateSchemaWithReport(
        apps.app(doc({body: {type: 'string', mysql: {dataType: 'varchr'}}})),
      ),
    );
    expect(err).to.be.instanceOf(MigrationWillFailError);
    expect(err.message).to.match(
      /column "body" of "Doc" has type VARCHR, which the database refuses \(.*VARCHR.*\)\. Correct the property's mysql.dataType/,
    );
    expect(await tables(db())).to.eql([]);
  });

  it('is refused before any change where a property is added, and a type of the server is not', async () => {
    await migrateSchemaWithReport(apps.app(doc({})));
    const err = await rejection(
      migrateSchemaWithReport(
        apps.app(
          doc({
            meta: {type: 'object', mysql: {dataType: 'jsonb'}},
            score: {type: 'number', mysql: {dataType: 'int unsigned'}},
          }),
        ),
      ),
    );
    expect(err).to.be.instanceOf(MigrationWillFailError);
    expect(err.message).to.match(/column "meta" of "Doc" has type JSONB/);
    expect(err.message).not.to.match(/column "score"/);
    expect((await columns(db(), 'Doc')).map(c => c.column)).to.eql(['id']);
  });
});
