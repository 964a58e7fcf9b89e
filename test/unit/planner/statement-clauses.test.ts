import {expect} from '@loopback/testlab';
import {
  foreignKeyPairs,
  statedForeignKey,
} from '../../../src/planner/foreign-key-pairs';
import {
  StatementClauses,
  droppedIndex,
  identifierParts,
} from '../../../src/planner/statement-clauses';

const lower = (name: string) => name.toLowerCase();

describe('statement clauses', () => {
  it('takes single clauses out of an ALTER TABLE and keeps the rest', () => {
    const statements = new StatementClauses([
      'ALTER TABLE "public"."t" ALTER COLUMN "a" TYPE INT USING "a"::INT, ALTER COLUMN "b" SET NOT NULL',
      'ALTER TABLE `T` CHANGE COLUMN `a` `a` INT NULL,\nDROP INDEX `x`',
      'DROP INDEX "public"."i"',
    ]);
    const [typeChange, , change, , dropIndex] = statements.all();
    expect(typeChange.table).to.equal('"public"."t"');
    statements.remove(typeChange);
    statements.remove(dropIndex);
    expect(statements.statements()).to.eql([
      'ALTER TABLE "public"."t" ALTER COLUMN "b" SET NOT NULL',
      'ALTER TABLE `T` CHANGE COLUMN `a` `a` INT NULL,\nDROP INDEX `x`',
    ]);
    expect(statements.remaining()).to.have.length(3);
    statements.remove(change);
    statements.remove(statements.remaining()[1]);
    expect(statements.statements()).to.eql([
      'ALTER TABLE "public"."t" ALTER COLUMN "b" SET NOT NULL',
    ]);
  });

  it('restates a clause of an ALTER TABLE, and refuses other statements', () => {
    const statements = new StatementClauses([
      'ALTER TABLE `T` CHANGE COLUMN `a` `a` INT NULL, DROP INDEX `x`',
      'DROP INDEX `y` ON `T`',
    ]);
    const [change, dropIndex, other] = statements.all();
    statements.restate(change, `${change.text} DEFAULT 5`);
    expect(statements.remaining()[0].text).to.equal(
      'CHANGE COLUMN `a` `a` INT NULL DEFAULT 5',
    );
    expect(statements.statements()).to.eql([
      'ALTER TABLE `T` CHANGE COLUMN `a` `a` INT NULL DEFAULT 5, DROP INDEX `x`',
      'DROP INDEX `y` ON `T`',
    ]);
    statements.remove(dropIndex);
    expect(statements.statements()[0]).to.equal(
      'ALTER TABLE `T` CHANGE COLUMN `a` `a` INT NULL DEFAULT 5',
    );
    expect(() => statements.restate(other, 'DROP INDEX `z` ON `T`')).to.throw(
      /not a clause of an ALTER TABLE/,
    );
  });

  it('reads quoted, bare and qualified names', () => {
    expect(identifierParts('"public"."My""Table"')).to.eql([
      'public',
      'My"Table',
    ]);
    expect(identifierParts('public.Product', lower)).to.eql([
      'public',
      'product',
    ]);
    expect(identifierParts('`a`, `b`')).to.eql(['a', 'b']);
  });

  it('reads the foreign keys that both connectors add', () => {
    expect(
      statedForeignKey(
        'ADD CONSTRAINT "fk_a" FOREIGN KEY ("ownerId") REFERENCES "public"."owner"(id) ON DELETE SET NULL ON UPDATE NO ACTION',
        lower,
      ),
    ).to.eql({
      name: 'fk_a',
      columns: ['ownerId'],
      target: ['public', 'owner'],
      targetColumns: ['id'],
      onDelete: 'SET NULL',
      onUpdate: 'NO ACTION',
    });
    expect(
      statedForeignKey(
        'ADD  CONSTRAINT `fk_a` FOREIGN KEY (`ownerId`) REFERENCES `Owner`(`id`)',
        name => name,
      ),
    ).to.eql({
      name: 'fk_a',
      columns: ['ownerId'],
      target: ['Owner'],
      targetColumns: ['id'],
      onDelete: undefined,
      onUpdate: undefined,
    });
    expect(statedForeignKey('ADD COLUMN "a" TEXT', lower)).to.be.undefined();
  });

  it('pairs a dropped foreign key with the same one added on the same table', () => {
    const statements = new StatementClauses([
      'ALTER TABLE `T` DROP INDEX `fk_a`,\nDROP FOREIGN KEY fk_a',
      'ALTER TABLE `U` ADD CONSTRAINT `fk_a` FOREIGN KEY (`x`) REFERENCES `V`(`id`)',
      'ALTER TABLE `T` ADD CONSTRAINT `fk_b` FOREIGN KEY (`x`) REFERENCES `V`(`id`),ADD CONSTRAINT `fk_a` FOREIGN KEY (`x`) REFERENCES `V`(`id`)',
    ]);
    const pairs = foreignKeyPairs(statements, name => name);
    expect(
      pairs.map(p => [p.drop.statement, p.add.statement, p.add.index]),
    ).to.eql([[0, 2, 1]]);
  });

  it('reads the index a DROP INDEX or DROP KEY clause drops', () => {
    expect(droppedIndex(' DROP INDEX `a``b` ')).to.equal('a`b');
    expect(droppedIndex('drop key IF EXISTS Ab')).to.equal('Ab');
    expect(droppedIndex('DROP INDEX "Ab"', lower)).to.equal('Ab');
    expect(droppedIndex('DROP INDEX Ab', lower)).to.equal('ab');
    expect(droppedIndex('DROP FOREIGN KEY `a`')).to.be.undefined();
    expect(droppedIndex('DROP INDEX `a`, DROP INDEX `b`')).to.be.undefined();
  });
});
