import {expect} from '@loopback/testlab';
import {renameNotes} from '../../../src/generate/rename-notes';

describe('renameNotes()', () => {
  it('wraps the note on a dropped and an added column at 80 columns, as the other header notes', () => {
    const lines = renameNotes([
      {
        sql: 'ALTER TABLE "public"."todo" DROP COLUMN "iscomplete"',
        destructive: true,
        model: 'Todo',
      },
      {
        sql: 'ALTER TABLE "public"."todo" ADD COLUMN "done" BOOLEAN',
        destructive: false,
        model: 'Todo',
      },
    ]);
    expect(lines.length).to.be.above(1);
    for (const line of lines) {
      expect(line).to.startWith('// ');
      expect(line.length).to.be.belowOrEqual(80);
    }
    expect(lines.map(line => line.slice(3)).join(' ')).to.equal(
      'Model Todo: the plan drops column "iscomplete" and adds "done". If a ' +
        'property was renamed, its stored values are dropped where this runs: ' +
        'keep them by mapping the property to the old column (columnName), or ' +
        'edit statements 1-2 into a RENAME COLUMN.',
    );
  });

  it('names the one statement MySQL drops and adds the columns in', () => {
    const lines = renameNotes([
      {
        sql: 'ALTER TABLE `Todo` ADD COLUMN `priority` INT NULL',
        destructive: false,
        model: 'Todo',
      },
      {
        sql: 'ALTER TABLE `Customer` ADD COLUMN `contactEmail` VARCHAR(512) NULL, DROP COLUMN `email`, ALGORITHM=INSTANT',
        destructive: true,
        model: 'Customer',
      },
    ]);
    expect(lines.map(line => line.slice(3)).join(' ')).to.match(
      /^Model Customer: the plan drops column "email" and adds "contactEmail"\. .* or edit statement 2 into a RENAME COLUMN\.$/,
    );
  });

  it('says nothing of a model that only adds columns', () => {
    expect(
      renameNotes([
        {
          sql: 'ALTER TABLE "public"."todo" ADD COLUMN "done" BOOLEAN',
          destructive: false,
          model: 'Todo',
        },
      ]),
    ).to.eql([]);
  });
});
