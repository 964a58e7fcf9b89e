import {expect} from '@loopback/testlab';
import {checkedForeignKey} from '../../../src/dialects/mysql/checked-foreign-key';
import {forgottenAfter} from '../../../src/dialects/mysql/marked-alter';
import {shownCompound} from '../../../src/dialects/shown-statement';

describe('shownCompound()', () => {
  const ADD =
    'ALTER TABLE `Tag` ADD CONSTRAINT `fk_tag_counter` FOREIGN KEY (`counterId`) ' +
    'REFERENCES `Counter`(`id`), ALGORITHM=INPLACE, LOCK=NONE';

  it("shows MariaDB's checked foreign key as its ALTER TABLE, saying the checks are off and the rows read", () => {
    const sql = checkedForeignKey(ADD, ['schema_migration_state'])!;
    const shown = shownCompound('mysql', sql)!;
    expect(shown.statement).to.equal(
      'ALTER TABLE `Tag` ADD CONSTRAINT `fk_tag_counter` FOREIGN KEY (`counterId`) REFERENCES `Counter`(`id`), ALGORITHM=INPLACE, LOCK=NONE',
    );
    expect(shown.note).to.match(
      /^runs in BEGIN NOT ATOMIC \.\.\. END with foreign_key_checks off, then reads the rows /,
    );
  });

  it('shows a marked ALTER TABLE as itself, saying it is marked', () => {
    const alter = 'ALTER TABLE `Note` ALTER COLUMN `label` DROP DEFAULT';
    const shown = shownCompound(
      'mysql',
      forgottenAfter(
        alter,
        "DELETE FROM `schema_migration_state` WHERE state_key = 'x'",
      ),
    )!;
    expect(shown).to.eql({
      statement: alter,
      note: 'runs in BEGIN NOT ATOMIC ... END, with a mark of its work in the state table until it is done',
    });
  });

  it('leaves any other statement, and other databases, alone', () => {
    expect(shownCompound('mysql', ADD)).to.be.undefined();
    expect(
      shownCompound('postgresql', 'ALTER TABLE "t" ADD COLUMN "a" TEXT'),
    ).to.be.undefined();
    expect(shownCompound('memory', 'x')).to.be.undefined();
  });
});
