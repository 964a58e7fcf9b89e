import {expect} from '@loopback/testlab';
import {namesIndexesAfterProperties} from '../../../../src/dialects/mysql/index-names';
import {
  canonicalMysqlType,
  storedLobType,
} from '../../../../src/dialects/mysql/types';
import type {JugglerConnector} from '../../../../src/juggler';

describe('mysql column types and index names', () => {
  it('spells a type as MySQL and MariaDB store it', () => {
    const cases: Array<[string, string]> = [
      ['INTEGER', 'int'],
      ['int(11)', 'int'],
      ['INT UNSIGNED', 'int unsigned'],
      ['int(10) unsigned', 'int unsigned'],
      ['NUMERIC(8)', 'decimal(8,0)'],
      ['DECIMAL', 'decimal(10,0)'],
      ['decimal (10, 2)', 'decimal(10,2)'],
      ['REAL', 'double'],
      ['DOUBLE PRECISION', 'double'],
      ['FLOAT(30)', 'double'],
      ['FLOAT(10,2)', 'float(10,2)'],
      ['BOOLEAN', 'tinyint(1)'],
      ['CHAR', 'char(1)'],
      ['DATETIME(0)', 'datetime'],
      ['year(4)', 'year'],
      ['TIMESTAMP(3)', 'timestamp(3)'],
      ["ENUM('a', 'B')", "enum('a','B')"],
    ];
    expect(cases.map(([type]) => [type, canonicalMysqlType(type)])).to.eql(
      cases,
    );
  });

  it('keeps types apart that differ', () => {
    expect(canonicalMysqlType('DECIMAL(10,2)')).to.not.equal(
      canonicalMysqlType('decimal(12,2)'),
    );
    expect(canonicalMysqlType('INT')).to.not.equal(
      canonicalMysqlType('int unsigned'),
    );
    expect(canonicalMysqlType("ENUM('a')")).to.not.equal(
      canonicalMysqlType("enum('A')"),
    );
  });

  it('resolves TEXT(n) and BLOB(n) to the type the server stores', () => {
    const cases: Array<[string, string | null, string]> = [
      ['text(63)', 'utf8mb4', 'tinytext'],
      ['text(64)', 'utf8mb4', 'text'],
      ['text(16384)', 'utf8mb4', 'mediumtext'],
      ['text(65535)', 'utf8mb4', 'mediumtext'],
      ['text(65535)', 'latin1', 'text'],
      ['text(4194304)', 'utf8mb4', 'longtext'],
      ['text(0)', 'utf8mb4', 'text'],
      ['blob(255)', null, 'tinyblob'],
      ['blob(65535)', null, 'blob'],
      ['blob(65536)', null, 'mediumblob'],
      ['text(100)', 'unknown', 'text(100)'],
      ['varchar(100)', 'utf8mb4', 'varchar(100)'],
    ];
    expect(
      cases.map(([type, charset]) => [
        type,
        charset,
        storedLobType(type, charset),
      ]),
    ).to.eql(cases);
  });

  it('names the index of a property with a column of its own after the property', () => {
    const connector: JugglerConnector = {
      _models: {
        Customer: {
          model: {modelName: 'Customer'},
          properties: {
            countryCode: {index: true},
            email: {index: {unique: true}},
            plain: {},
          },
          settings: {},
        },
      },
      column: (_model, property) =>
        property === 'countryCode' ? 'country_code' : property,
    };
    const sql =
      'CREATE TABLE `Customer` (\n  `country_code` VARCHAR(255) NULL,\n' +
      '  `email` VARCHAR(255) NULL,\n   INDEX `country_code`  (`country_code`) ,\n' +
      '  UNIQUE INDEX `email`  (`email`) \n)';
    expect(namesIndexesAfterProperties(sql, connector, 'Customer')).to.equal(
      sql.replace('INDEX `country_code`', 'INDEX `countryCode`'),
    );
  });
});
