import {expect} from '@loopback/testlab';
import type {JugglerConnector} from '../../../../src/juggler';
import {
  defaultLiteral,
  droppedFillDefaultReason,
  withModelDefaultsOnNewColumns,
} from '../../../../src/dialects/mysql/new-column-defaults';
import {mysqlInverse} from '../../../../src/dialects/mysql/shadow';

/** A connector holding one model `Note` with these properties. */
function connector(properties: Record<string, unknown>): JugglerConnector {
  return {
    _models: {
      Note: {model: {modelName: 'Note'}, properties, settings: {}},
    },
    column: (_model, property) =>
      (properties[property] as {mysql?: {columnName?: string}}).mysql
        ?.columnName ?? property,
  };
}

describe('MySQL: a new NOT NULL column filled with its default', () => {
  it("adds the column with the property's default, then drops it in a statement of its own", () => {
    const note = connector({
      label: {type: String, required: true, default: 'none'},
      rank: {
        type: Number,
        required: true,
        default: 7,
        mysql: {columnName: 'the_rank'},
      },
      other: {type: String},
    });
    expect(
      withModelDefaultsOnNewColumns(note, 'Note', [
        'ALTER TABLE `Note` ADD COLUMN `label` VARCHAR(512) NOT NULL,\nADD COLUMN `the_rank` INT NOT NULL, ADD COLUMN `other` VARCHAR(512) NULL',
        'CREATE INDEX x ON `Note` (`label`)',
      ]),
    ).to.eql([
      "ALTER TABLE `Note` ADD COLUMN `label` VARCHAR(512) NOT NULL DEFAULT 'none', ADD COLUMN `the_rank` INT NOT NULL DEFAULT 7, ADD COLUMN `other` VARCHAR(512) NULL",
      'ALTER TABLE `Note` ALTER COLUMN `label` DROP DEFAULT, ALTER COLUMN `the_rank` DROP DEFAULT',
      'CREATE INDEX x ON `Note` (`label`)',
    ]);
  });

  it('leaves a nullable column, one with a database default, and a new table as they are', () => {
    const note = connector({
      label: {type: String, default: 'none'},
      code: {type: String, required: true, default: 'x', mysql: {default: 'y'}},
    });
    const statements = [
      'ALTER TABLE `Note` ADD COLUMN `label` VARCHAR(512) NULL',
      'ALTER TABLE `Note` ADD COLUMN `code` VARCHAR(512) NOT NULL DEFAULT "y"',
      'CREATE TABLE `Other` (\n  `label` VARCHAR(512) NOT NULL\n)',
    ];
    expect(withModelDefaultsOnNewColumns(note, 'Note', statements)).to.eql(
      statements,
    );
  });

  it('writes a string, number or boolean default that fits the column, escaped', () => {
    const string = {type: String, default: "it's \\ ok"};
    expect(defaultLiteral(string, 'VARCHAR(512)')).to.equal("'it''s \\\\ ok'");
    expect(
      defaultLiteral({type: 'string', default: 'abc'}, 'CHAR(3)'),
    ).to.equal("'abc'");
    expect(defaultLiteral({type: Number, default: -3}, 'INT')).to.equal('-3');
    expect(
      defaultLiteral({type: Number, default: 255}, 'TINYINT UNSIGNED'),
    ).to.equal('255');
    expect(
      defaultLiteral({type: Number, default: 12.5}, 'DECIMAL(4,1)'),
    ).to.equal('12.5');
    expect(defaultLiteral({type: Number, default: 0.25}, 'DOUBLE')).to.equal(
      '0.25',
    );
    expect(
      defaultLiteral({type: Boolean, default: false}, 'TINYINT(1)'),
    ).to.equal('0');
  });

  it('writes none for a default juggler computes, of another kind, or that the type cannot hold', () => {
    const none: Array<[object, string]> = [
      [{type: Date, default: '$now'}, 'DATETIME'],
      [{type: Date, default: 'now'}, 'DATETIME'],
      [{type: String, default: 'x', defaultFn: 'uuidv4'}, 'VARCHAR(512)'],
      [{type: String, default: () => 'x'}, 'VARCHAR(512)'],
      [{type: Object, default: {a: 1}}, 'TEXT'],
      [{type: Array, default: []}, 'TEXT'],
      [{type: String, default: 7}, 'VARCHAR(512)'],
      [{type: String, default: 'abcd'}, 'VARCHAR(3)'],
      [{type: String, default: 'x'}, 'TEXT'],
      [{type: String, default: 'x'}, "ENUM('x','y')"],
      [{type: Number, default: 1.5}, 'INT'],
      [{type: Number, default: 128}, 'TINYINT'],
      [{type: Number, default: -1}, 'INT UNSIGNED'],
      [{type: Number, default: 123.45}, 'DECIMAL(4,2)'],
      [{type: Number, default: 0.125}, 'DECIMAL(4,2)'],
      [{type: Number, default: Infinity}, 'DOUBLE'],
      [{type: Number, default: 1e39}, 'FLOAT'],
      [{type: Boolean, default: true}, 'BIT(1)'],
    ];
    for (const [property, type] of none) {
      expect(defaultLiteral(property, type)).to.be.undefined();
    }
  });

  it('gives the statement that drops the defaults its reason and an inverse', () => {
    const drop = 'ALTER TABLE `Note` ALTER COLUMN `label` DROP DEFAULT';
    expect(droppedFillDefaultReason(drop)).to.match(
      /drops the database default that gave the table's existing rows/,
    );
    expect(
      droppedFillDefaultReason('ALTER TABLE `Note` DROP COLUMN `label`'),
    ).to.be.undefined();
    expect(mysqlInverse(drop)).to.have.property('kept');
    expect(
      mysqlInverse(
        "ALTER TABLE `Note` ADD COLUMN `label` VARCHAR(512) NOT NULL DEFAULT 'none'",
      ),
    ).to.eql({sql: 'ALTER TABLE `Note` DROP COLUMN `label`'});
  });
});
