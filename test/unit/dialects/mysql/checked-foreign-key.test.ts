import {expect} from '@loopback/testlab';
import {
  alterOfCheckedForeignKey,
  checkedForeignKey,
  isCheckedForeignKey,
} from '../../../../src/dialects/mysql/checked-foreign-key';
import {mysqlInverse} from '../../../../src/dialects/mysql/shadow';

const ADD =
  'ALTER TABLE `Tag` ADD  CONSTRAINT `fk_tag_counter` FOREIGN KEY (`counterId`) ' +
  'REFERENCES `Counter`(`id`), ALGORITHM=INPLACE, LOCK=NONE';

const checked = (sql: string) =>
  checkedForeignKey(sql, ['schema_migration_state']);

describe('checkedForeignKey (MariaDB online foreign keys)', () => {
  it('adds the keys in place with the checks off, gives the setting back, then checks the rows', () => {
    const sql = checked(ADD)!;
    expect(isCheckedForeignKey(sql)).to.be.true();
    const lines = sql.split('\n');
    expect(lines[0]).to.equal('BEGIN NOT ATOMIC');
    expect(lines).to.containEql(
      'DECLARE EXIT HANDLER FOR SQLEXCEPTION BEGIN SET foreign_key_checks = checks; RESIGNAL; END;',
    );
    const off = lines.indexOf('SET foreign_key_checks = 0;');
    expect(lines[off + 1]).to.equal(`${ADD};`);
    expect(lines[off + 2]).to.equal('SET foreign_key_checks = checks;');
    expect(lines[off + 3]).to.equal(
      'IF EXISTS (SELECT 1 FROM `Tag` c LEFT JOIN `Counter` p ON p.`id` = c.`counterId` ' +
        'WHERE c.`counterId` IS NOT NULL AND p.`id` IS NULL) THEN',
    );
    expect(lines.at(-1)).to.equal('END');
    expect(alterOfCheckedForeignKey(sql)).to.equal(ADD);
  });

  it('marks the keys unchecked before adding them, and forgets the marks once the rows were checked', () => {
    const lines = checked(ADD)!.split('\n');
    const mark = lines.findIndex(l =>
      l.startsWith('INSERT INTO `schema_migration_state`'),
    );
    const key =
      "CONCAT('unchecked-foreign-key ', JSON_ARRAY(DATABASE(), 'Tag', 'fk_tag_counter'))";
    expect(lines[mark]).to.containEql(key);
    expect(mark).to.be.below(lines.indexOf(`${ADD};`));
    const forget = `DELETE FROM \`schema_migration_state\` WHERE state_key IN (${key});`;
    // Once the rows were found fine, and once the key was dropped again.
    expect(lines.at(-2)).to.equal(forget);
    expect(lines.filter(l => l === forget)).to.have.length(2);
    expect(lines.indexOf(forget)).to.be.above(
      lines.findIndex(l => l.startsWith('ALTER TABLE `Tag` DROP FOREIGN KEY')),
    );
  });

  it('checks every column of a composite key', () => {
    const sql = checked(
      'ALTER TABLE `a` ADD CONSTRAINT `fk` FOREIGN KEY (`x`, `y`) REFERENCES `b`(`p`, `q`), ' +
        'ALGORITHM=INPLACE, LOCK=NONE',
    )!;
    expect(sql).to.containEql(
      'ON p.`p` = c.`x` AND p.`q` = c.`y` WHERE c.`x` IS NOT NULL AND c.`y` IS NOT NULL',
    );
  });

  it('leaves any other statement alone', () => {
    expect(
      checked(ADD.replace(', ALGORITHM=INPLACE, LOCK=NONE', '')),
    ).to.be.undefined();
    expect(
      checked(
        'ALTER TABLE `a` ADD COLUMN `b` INT, ALGORITHM=INPLACE, LOCK=NONE',
      ),
    ).to.be.undefined();
    expect(
      checked(
        'ALTER TABLE `a` ADD CONSTRAINT `fk` FOREIGN KEY (`x`) REFERENCES `b`(`p`), ' +
          'ADD COLUMN `c` INT, ALGORITHM=INPLACE, LOCK=NONE',
      ),
    ).to.be.undefined();
  });

  it('is undone by dropping the keys (generated down())', () => {
    expect(mysqlInverse(checked(ADD)!)).to.eql({
      sql: 'ALTER TABLE `Tag` DROP FOREIGN KEY `fk_tag_counter`',
    });
  });
});
