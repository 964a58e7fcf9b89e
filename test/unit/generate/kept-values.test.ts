import {expect} from '@loopback/testlab';
import {mysqlLossChecks} from '../../../src/dialects/mysql/loss';
import {keepsStoredValues} from '../../../src/generate/kept-values';

const {sameType} = mysqlLossChecks;
const back = (sql: string) => ({sql});

describe('keepsStoredValues (a generated header: data loss of a restated column)', () => {
  it('keeps the values of a column renamed in letter case only, its type restated', () => {
    expect(
      keepsStoredValues(
        'ALTER TABLE `Note` CHANGE COLUMN `Title` `title` VARCHAR(255) NULL, DROP INDEX `Title`',
        back(
          'ALTER TABLE `Note` ADD KEY `Title` (`Title`), CHANGE COLUMN `title` `Title` varchar(255) DEFAULT NULL',
        ),
        sameType,
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
        sameType,
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
        kept: keepsStoredValues(sql, back(inverse), sameType),
      }).to.eql({sql, kept: false});
    }
  });

  it('cannot tell without an exact inverse or a database that compares types', () => {
    const sql = 'ALTER TABLE `t` CHANGE COLUMN `s` `s` VARCHAR(255) NULL';
    const inverse = back(
      'ALTER TABLE `t` CHANGE COLUMN `s` `s` varchar(255) DEFAULT NULL',
    );
    expect(keepsStoredValues(sql, {none: 'unknown'}, sameType)).to.be.false();
    expect(keepsStoredValues(sql, undefined, sameType)).to.be.false();
    expect(keepsStoredValues(sql, inverse, undefined)).to.be.false();
  });
});
