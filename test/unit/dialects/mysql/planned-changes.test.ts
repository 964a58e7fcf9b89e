import {expect} from '@loopback/testlab';
import {checkedForeignKey} from '../../../../src/dialects/mysql/checked-foreign-key';
import {withFillMarks} from '../../../../src/dialects/mysql/filled-defaults';
import {
  alterOfMarked,
  forgottenAfter,
  markedBefore,
} from '../../../../src/dialects/mysql/marked-alter';
import {
  nameSource,
  planChanges,
} from '../../../../src/dialects/mysql/planned-changes';

const KEY = new RegExp(
  `^(?:DROP\\s+FOREIGN\\s+KEY\\s+${nameSource('fk_a')}|ADD\\s+CONSTRAINT\\s+${nameSource('fk_a')}\\s+FOREIGN\\s+KEY)(?:\\s|\\(|$)`,
  'i',
);

describe('planChanges (what a mark of an interrupted run is told from)', () => {
  it('matches a clause of the marked table that names the key exactly', () => {
    expect(
      planChanges(['ALTER TABLE `Tag` DROP FOREIGN KEY `fk_a`'], 'Tag', KEY),
    ).to.be.true();
    expect(
      planChanges(['ALTER TABLE `Tag` DROP FOREIGN KEY fk_a'], 'Tag', KEY),
    ).to.be.true();
    expect(planChanges(['DROP TABLE `Tag`'], 'Tag', KEY)).to.be.true();
  });

  it('does not match the same name elsewhere: another table, a longer name, a column', () => {
    for (const sql of [
      'ALTER TABLE `Other` DROP FOREIGN KEY `fk_a`',
      'ALTER TABLE `Tag` DROP FOREIGN KEY `fk_a_b`',
      'ALTER TABLE `Tag` ADD COLUMN `fk_a` INT',
      'ALTER TABLE `Tagged` ADD CONSTRAINT `fk_a` FOREIGN KEY (`x`) REFERENCES `T`(`id`)',
      'CREATE INDEX `fk_a` ON `Other` (`x`)',
    ]) {
      expect(planChanges([sql], 'Tag', KEY)).to.be.false();
    }
  });

  it('looks into the checked and marked compound forms', () => {
    const add =
      'ALTER TABLE `Tag` ADD CONSTRAINT `fk_a` FOREIGN KEY (`c`) REFERENCES `C`(`id`), ALGORITHM=INPLACE, LOCK=NONE';
    const checked = checkedForeignKey(add, ['schema_migration_state'])!;
    expect(planChanges([checked], 'Tag', KEY)).to.be.true();
    expect(planChanges([checked], 'Other', KEY)).to.be.false();
  });
});

describe('marked ALTER TABLE statements (filled new columns)', () => {
  const add =
    "ALTER TABLE `Note` ADD COLUMN `label` VARCHAR(9) NOT NULL DEFAULT 'a;\nEND', ALGORITHM=INSTANT";
  const drop =
    'ALTER TABLE `Note` ALTER COLUMN `label` DROP DEFAULT, ALGORITHM=INSTANT';

  it('marks the columns before the ADD and forgets them after the drop; the ALTERs read back whole', () => {
    const [marked, other, forgotten] = withFillMarks(
      [
        {sql: add, destructive: false},
        {sql: 'ALTER TABLE `Note` ADD INDEX `i` (`title`)', destructive: false},
        {sql: drop, destructive: false},
      ],
      ['schema_migration_state'],
    ).map(s => s.sql);
    expect(marked).to.match(
      /^BEGIN NOT ATOMIC\nIF NOT EXISTS \(SELECT 1 FROM information_schema\.TABLES WHERE TABLE_SCHEMA = DATABASE\(\) AND TABLE_NAME = 'schema_migration_state'\) THEN CREATE TABLE IF NOT EXISTS `schema_migration_state`[\s\S]*; END IF;\nINSERT INTO `schema_migration_state` [^\n]*'filled-column-default '/,
    );
    expect(alterOfMarked(marked)).to.equal(add);
    // Another statement of the table in between stays as it is.
    expect(other).to.equal('ALTER TABLE `Note` ADD INDEX `i` (`title`)');
    expect(forgotten).to.match(
      /\nDELETE FROM `schema_migration_state` WHERE state_key IN \(CONCAT\('filled-column-default ', JSON_ARRAY\(DATABASE\(\), 'Note', 'label'\)\)\);\nEND$/,
    );
    expect(alterOfMarked(forgotten)).to.equal(drop);
  });

  it('reads no ALTER out of another compound statement', () => {
    const checked = checkedForeignKey(
      'ALTER TABLE `Tag` ADD CONSTRAINT `fk_a` FOREIGN KEY (`c`) REFERENCES `C`(`id`), ALGORITHM=INPLACE, LOCK=NONE',
      ['schema_migration_state'],
    )!;
    expect(alterOfMarked(checked)).to.be.undefined();
    expect(alterOfMarked(markedBefore(add, ['SELECT 1']))).to.be.undefined();
    expect(alterOfMarked(forgottenAfter(drop, 'SELECT 1'))).to.be.undefined();
  });
});
