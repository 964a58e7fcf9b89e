import {expect} from '@loopback/testlab';
import {foreignKeyDifferences} from '../../../src/cli/foreign-key-differences';

describe('foreignKeyDifferences()', () => {
  const of = (...sql: string[]) =>
    foreignKeyDifferences(
      sql.map(s => ({sql: s, model: 'Todo', destructive: false})),
    );

  it('names the foreign keys a plan adds, whatever their form', () => {
    expect(
      of(
        'ALTER TABLE "todo" ADD CONSTRAINT "fk_todo_list" FOREIGN KEY ("listid") REFERENCES "list"("id") NOT VALID',
        'ALTER TABLE "todo" VALIDATE CONSTRAINT "fk_todo_list"',
      ),
    ).to.eql([', model Todo: foreign key "fk_todo_list" is missing']);
    expect(
      of(
        'ALTER TABLE `Todo` ADD CONSTRAINT `fk_a` FOREIGN KEY (`a`) REFERENCES `A`(`id`), ADD CONSTRAINT fk_b FOREIGN KEY (`b`) REFERENCES `B`(`id`)',
      ),
    ).to.eql([
      ', model Todo: foreign key "fk_a" is missing',
      ', model Todo: foreign key "fk_b" is missing',
    ]);
  });

  it('names the constraints a plan drops, and a key dropped and added again as defined otherwise', () => {
    expect(of('ALTER TABLE `Todo` DROP FOREIGN KEY `fk_a`')).to.eql([
      ', model Todo: constraint "fk_a" is in the database but not in the models',
    ]);
    expect(
      of(
        'ALTER TABLE "todo" DROP CONSTRAINT "fk_a"',
        'ALTER TABLE "todo" ADD CONSTRAINT "fk_a" FOREIGN KEY ("a") REFERENCES "a"("id") ON DELETE CASCADE',
      ),
    ).to.eql([
      ', model Todo: foreign key "fk_a" is defined otherwise in the database',
    ]);
  });

  it("counts neither an online SET NOT NULL's check constraint nor the drop in MariaDB's checked key", () => {
    expect(
      of(
        'ALTER TABLE "todo" ADD CONSTRAINT "lsm_nn" CHECK ("done" IS NOT NULL) NOT VALID',
        'ALTER TABLE "todo" VALIDATE CONSTRAINT "lsm_nn"',
        'ALTER TABLE "todo" ALTER COLUMN "done" SET NOT NULL, DROP CONSTRAINT "lsm_nn"',
      ),
    ).to.eql([]);
    expect(
      of(
        [
          'BEGIN NOT ATOMIC',
          'SET foreign_key_checks = 0;',
          'ALTER TABLE `Todo` ADD CONSTRAINT `fk_a` FOREIGN KEY (`a`) REFERENCES `A`(`id`), ALGORITHM=INPLACE, LOCK=NONE;',
          'IF EXISTS (SELECT 1) THEN',
          'ALTER TABLE `Todo` DROP FOREIGN KEY `fk_a`;',
          'END IF;',
          'END',
        ].join('\n'),
      ),
    ).to.eql([', model Todo: foreign key "fk_a" is missing']);
  });
});
