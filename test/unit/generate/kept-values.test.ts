import {expect} from '@loopback/testlab';
import {mysqlLossChecks} from '../../../src/dialects/mysql/loss';
import {keepsStoredValues} from '../../../src/generate/kept-values';

const {keepsValues} = mysqlLossChecks;
const back = (sql: string) => ({sql});

describe('keepsStoredValues (a generated header: data loss of a restated column)', () => {
  it('keeps the values of a column renamed in letter case only, its type restated', () => {
    expect(
      keepsStoredValues(
        'ALTER TABLE `Note` CHANGE COLUMN `Title` `title` VARCHAR(255) NULL, DROP INDEX `Title`',
        back(
          'ALTER TABLE `Note` ADD KEY `Title` (`Title`), CHANGE COLUMN `title` `Title` varchar(255) DEFAULT NULL',
        ),
        keepsValues,
      ),
    ).to.be.true();
  });

  it('keeps them for a default, or NOT NULL dropped, and across integer display widths', () => {
    expect(
      keepsStoredValues(
        "ALTER TABLE `t` MODIFY `n` INT NULL DEFAULT 5, CHANGE COLUMN `s` `s` VARCHAR(20) NULL DEFAULT 'x'",
        back(
          'ALTER TABLE `t` CHANGE COLUMN `s` `s` varchar(20) NOT NULL, MODIFY COLUMN `n` int(11) DEFAULT NULL',
        ),
        keepsValues,
      ),
    ).to.be.true();
  });

  it('may not keep them when a type changes, a column becomes NOT NULL or a character set is named anew', () => {
    const cases: [string, string][] = [
      [
        'ALTER TABLE `t` CHANGE COLUMN `s` `s` VARCHAR(100) NULL',
        'ALTER TABLE `t` CHANGE COLUMN `s` `s` varchar(255) DEFAULT NULL',
      ],
      [
        'ALTER TABLE `t` CHANGE COLUMN `s` `s` VARCHAR(255) NOT NULL',
        'ALTER TABLE `t` CHANGE COLUMN `s` `s` varchar(255) DEFAULT NULL',
      ],
      [
        'ALTER TABLE `t` CHANGE COLUMN `s` `s` VARCHAR(255) CHARACTER SET latin1 NULL',
        'ALTER TABLE `t` CHANGE COLUMN `s` `s` varchar(255) DEFAULT NULL',
      ],
      [
        'ALTER TABLE `t` CHANGE COLUMN `s` `s` VARCHAR(255) NULL, DROP COLUMN `u`',
        'ALTER TABLE `t` ADD COLUMN `u` int, CHANGE COLUMN `s` `s` varchar(255) DEFAULT NULL',
      ],
    ];
    for (const [sql, inverse] of cases) {
      expect({
        sql,
        kept: keepsStoredValues(sql, back(inverse), keepsValues),
      }).to.eql({sql, kept: false});
    }
  });

  it('keeps them where a type widens: a longer VARCHAR, a larger integer or DECIMAL of the same sign', () => {
    const widened: [string, string, boolean][] = [
      ['VARCHAR(128)', 'varchar(64)', true],
      ['BIGINT', 'int(11)', true],
      ['BIGINT UNSIGNED', 'int(10) unsigned', true],
      ['BIGINT', 'int(10) unsigned', false],
      ['DECIMAL(12,2)', 'decimal(10,2)', true],
      ['DECIMAL(10,3)', 'decimal(10,2)', false],
      ['VARCHAR(128) CHARACTER SET latin1', 'varchar(64)', false],
      ['SMALLINT', 'tinyint(1)', false],
    ];
    for (const [next, was, kept] of widened) {
      const sql = `ALTER TABLE \`t\` CHANGE COLUMN \`c\` \`c\` ${next} NULL`;
      const inverse = back(
        `ALTER TABLE \`t\` CHANGE COLUMN \`c\` \`c\` ${was} DEFAULT NULL`,
      );
      expect({
        next,
        was,
        kept: keepsStoredValues(sql, inverse, keepsValues),
      }).to.eql({next, was, kept});
    }
  });

  it('cannot tell without an exact inverse or a database that compares types', () => {
    const sql = 'ALTER TABLE `t` CHANGE COLUMN `s` `s` VARCHAR(255) NULL';
    const inverse = back(
      'ALTER TABLE `t` CHANGE COLUMN `s` `s` varchar(255) DEFAULT NULL',
    );
    expect(
      keepsStoredValues(sql, {none: 'unknown'}, keepsValues),
    ).to.be.false();
    expect(keepsStoredValues(sql, undefined, keepsValues)).to.be.false();
    expect(keepsStoredValues(sql, inverse, undefined)).to.be.false();
  });
});
