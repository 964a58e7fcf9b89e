import {expect} from '@loopback/testlab';
import {quotesDroppedForeignKeys} from '../../../../src/dialects/mysql/dropped-foreign-keys';

describe('quotesDroppedForeignKeys', () => {
  it('quotes each name the connector pastes bare, to the end of its clause', () => {
    expect(
      quotesDroppedForeignKeys(
        'ALTER TABLE `Kid` CHANGE COLUMN `a` `a` INT NULL,\nDROP FOREIGN KEY fk kid par,\nDROP FOREIGN KEY order',
      ),
    ).to.equal(
      'ALTER TABLE `Kid` CHANGE COLUMN `a` `a` INT NULL,\nDROP FOREIGN KEY `fk kid par`,\nDROP FOREIGN KEY `order`',
    );
  });

  it('quotes a name holding a double quote, which the splitter would read as a string', () => {
    expect(
      quotesDroppedForeignKeys('ALTER TABLE `Kid` DROP FOREIGN KEY fk"q'),
    ).to.equal('ALTER TABLE `Kid` DROP FOREIGN KEY `fk"q`');
  });

  it('leaves a quoted name as it is', () => {
    const sql = 'ALTER TABLE `Kid` DROP FOREIGN KEY `fk``x`';
    expect(quotesDroppedForeignKeys(sql)).to.equal(sql);
  });
});
