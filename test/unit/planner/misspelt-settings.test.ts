import {expect} from '@loopback/testlab';
import type {AttachedModel} from '../../../src/juggler';
import {misspeltSettingsWarnings} from '../../../src/planner/misspelt-settings';

/** A model definition as juggler keeps it. */
function definition(
  properties: Record<string, unknown>,
  settings: Record<string, unknown> = {},
): AttachedModel {
  return {model: {modelName: 'Note'}, properties, settings};
}

describe('misspeltSettingsWarnings', () => {
  it('names a setting one or two letters, or its case, away from one LoopBack or the connector reads', () => {
    expect(
      misspeltSettingsWarnings(
        'Note',
        definition(
          {
            title: {
              type: String,
              requried: true,
              postgresql: {columName: 'the_title', datatype: 'varchar'},
            },
          },
          {
            foreignkeys: {},
            indexs: {},
            postgres: {table: 't'},
            mysql: {tabel: 't'},
          },
        ),
      ),
    ).to.eql([
      'model Note, settings: foreignkeys is no setting LoopBack or the connector reads (did you mean foreignKeys?); it is left out of the schema',
      'model Note, settings: indexs is no setting LoopBack or the connector reads (did you mean indexes?); it is left out of the schema',
      'model Note, settings: postgres is no setting LoopBack or the connector reads (did you mean postgresql?); it is left out of the schema',
      'model Note, settings.mysql: tabel is no setting LoopBack or the connector reads (did you mean table?); it is left out of the schema',
      'model Note, property title: requried is no setting LoopBack or the connector reads (did you mean required?); it is left out of the schema',
      'model Note, property title, postgresql: columName is no setting LoopBack or the connector reads (did you mean columnName?); it is left out of the schema',
      'model Note, property title, postgresql: datatype is no setting LoopBack or the connector reads (did you mean dataType?); it is left out of the schema',
    ]);
  });

  it("leaves the settings it knows and an app's own settings alone", () => {
    expect(
      misspeltSettingsWarnings(
        'Note',
        definition(
          {
            id: {type: Number, id: true, generated: true, updateOnly: false},
            title: {
              type: String,
              required: true,
              tsType: 'string',
              jsonSchema: {maxLength: 20},
              postgresql: {
                columnName: 'title',
                dataType: 'varchar',
                dataLength: 20,
              },
              auditCategory: 'text',
              scope: 'x',
            },
            uid: {
              type: String,
              postgresql: {
                dataType: 'uuid',
                defaultFn: 'gen_random_uuid()',
                extension: 'pgcrypto',
                dbDefault: 'now()',
              },
              mssql: {columnName: 'Uid'},
            },
          },
          {
            strict: true,
            indexes: {},
            foreignKeys: {},
            hiddenProperties: [],
            postgresql: {schema: 'public', table: 'note'},
            tenantPolicy: 'shared',
            // Short keys of an app's own, close to a known one (qa82).
            note: 'x',
            mask: 'x',
            step: 1,
            store: 'x',
            mssql: {schema: 'dbo', table: 'note'},
          },
        ),
      ),
    ).to.eql([]);
  });
});
