import {expect} from '@loopback/testlab';
import {mysqlInverse} from '../../../../src/dialects/mysql/shadow';

describe('mysqlInverse', () => {
  // The generated file's header said "down() leaves statement 2 in place:
  // dropping the column added before undoes it; how the server changes
  // the table.": the online form's ALGORITHM clause added a reason of its own.
  it('gives a kept statement the reason of its change alone, not of its ALGORITHM clause', () => {
    expect(
      mysqlInverse(
        'ALTER TABLE `Customer` ALTER COLUMN `vip` DROP DEFAULT, ALGORITHM=INSTANT',
      ),
    ).to.eql({kept: 'dropping the column added before undoes it'});
  });

  it('undoes an online ADD COLUMN without its ALGORITHM clause', () => {
    expect(
      mysqlInverse(
        'ALTER TABLE `Customer` ADD COLUMN `vip` TINYINT(1) NULL, ALGORITHM=INSTANT',
      ),
    ).to.eql({sql: 'ALTER TABLE `Customer` DROP COLUMN `vip`'});
  });
});
