import {expect} from '@loopback/testlab';
import type {PropertyDefinition} from '@loopback/repository';
import {migrateSchemaWithReport, MigrationWillFailError} from '../../src';
import {appsPerTest} from '../support/apps-per-test';
import {describeOnDatabase} from '../support/databases';
import {rejection} from '../support/rejection';

const ID: PropertyDefinition = {type: 'number', id: true, generated: true};

/**
 * loopback-connector-mysql makes a string property VARCHAR(512), but
 * VARCHAR(255) once it has `index` and no `length`: adding `index: true`
 * shortens the column. The refusal (or loss) says why, and what to set.
 */
describeOnDatabase(
  'mysql',
  'MySQL/MariaDB: an index that shortens a string column',
  db => {
    const {app} = appsPerTest(db);
    const note = (properties: Record<string, PropertyDefinition>) =>
      app([{name: 'Note', properties: {id: ID, ...properties}}]);

    it('says that the index made the column VARCHAR(255) and to set a length', async () => {
      await migrateSchemaWithReport(note({title: {type: 'string'}}));
      await db().query(
        `INSERT INTO \`Note\` (title) VALUES ('${'x'.repeat(300)}'), ('short')`,
      );
      const indexed = note({title: {type: 'string', index: true}});
      const plan = await indexed.planSchemaMigration();
      const [statement] = plan.dataSources[0].statements.filter(
        s => s.willFail,
      );
      expect(statement.willFail).to.match(
        /cannot be converted to VARCHAR\(255\)[\s\S]*\(the connector makes a string property that has an index VARCHAR\(255\), not VARCHAR\(512\), when it sets no length: give property title the length its values need \(e\.g\. length: 512\)\)/,
      );
      const error = await rejection(migrateSchemaWithReport(indexed));
      expect(error).to.be.instanceOf(MigrationWillFailError);

      // With the length the note names, the column keeps its length.
      const sized = note({title: {type: 'string', index: true, length: 512}});
      const report = await migrateSchemaWithReport(sized);
      expect(report.dataSources[0].status).to.equal('migrated');
      const [column] = await db().query<{type: string}>(
        "SELECT COLUMN_TYPE AS type FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'Note' AND COLUMN_NAME = 'title'",
      );
      expect(column.type).to.equal('varchar(512)');
    });

    it('says nothing of it when the property names its length', async () => {
      await migrateSchemaWithReport(note({title: {type: 'string'}}));
      await db().query(
        `INSERT INTO \`Note\` (title) VALUES ('${'x'.repeat(300)}')`,
      );
      const plan = await note({
        title: {type: 'string', length: 255},
      }).planSchemaMigration();
      const [statement] = plan.dataSources[0].statements.filter(
        s => s.willFail,
      );
      expect(statement.willFail).to.match(
        /cannot be converted to VARCHAR\(255\)/,
      );
      expect(statement.willFail).to.not.match(/the connector makes/);
    });
  },
);
