import {expect} from '@loopback/testlab';
import {withSingleSpacedIndexes} from '../../../../src/dialects/mysql/index-spacing';

describe('withSingleSpacedIndexes', () => {
  it("single-spaces the connector's index and foreign key clauses of an ALTER TABLE", () => {
    expect(
      withSingleSpacedIndexes(
        'ALTER TABLE `t` ADD COLUMN `d` VARCHAR(9) NULL,\n' +
          'ADD  INDEX `a`  (`a`) ,\n' +
          'ADD UNIQUE INDEX  `u  v` (`b`,`c` DESC ),\n' +
          'ADD  INDEX `t` USING BTREE (`c`),\n' +
          'ADD  CONSTRAINT `fk` FOREIGN KEY (`p`) REFERENCES `P`(`id`)',
      ),
    ).to.equal(
      'ALTER TABLE `t` ADD COLUMN `d` VARCHAR(9) NULL, ' +
        'ADD INDEX `a` (`a`), ' +
        'ADD UNIQUE INDEX `u  v` (`b`,`c` DESC), ' +
        'ADD INDEX `t` USING BTREE (`c`), ' +
        'ADD CONSTRAINT `fk` FOREIGN KEY (`p`) REFERENCES `P`(`id`)',
    );
  });

  it("single-spaces the index elements of the connector's CREATE TABLE, and gives ENGINE its space", () => {
    expect(
      withSingleSpacedIndexes(
        'CREATE TABLE `t` (\n' +
          "  `a` VARCHAR(9) NULL DEFAULT 'x  ,  y' COMMENT 'a  ( b',\n" +
          '   INDEX  `n  m` (`a`),\n' +
          '   INDEX `a`  (`a`) ,\n' +
          '  UNIQUE INDEX `b`  (`b`) \n' +
          ')ENGINE=InnoDB',
      ),
    ).to.equal(
      'CREATE TABLE `t` (\n' +
        "  `a` VARCHAR(9) NULL DEFAULT 'x  ,  y' COMMENT 'a  ( b',\n" +
        '  INDEX `n  m` (`a`),\n' +
        '  INDEX `a` (`a`),\n' +
        '  UNIQUE INDEX `b` (`b`)\n' +
        ') ENGINE=InnoDB',
    );
  });

  it('leaves tidy statements, column clauses and other statements as they are', () => {
    for (const sql of [
      'ALTER TABLE `t` ADD COLUMN `a  b` VARCHAR(9) NULL,\nDROP COLUMN `c`',
      "ALTER TABLE `t` CHANGE COLUMN `a` `a` VARCHAR(9) NULL DEFAULT 'x  ,  y'",
      'CREATE TABLE `t` (\n  `id` INT NOT NULL AUTO_INCREMENT PRIMARY KEY\n)',
      'DROP TABLE `t`',
      'ALTER TABLE `t` ADD  INDEX `a (`a`)',
    ]) {
      expect(withSingleSpacedIndexes(sql)).to.equal(sql);
    }
  });
});
