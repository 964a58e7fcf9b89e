import {expect} from '@loopback/testlab';
import {
  destructiveReason,
  PHASES,
  phaseOf,
  type StatementPhase,
} from '../../../src/planner/sql-text';

describe('sql-text', () => {
  describe('PHASES', () => {
    it('runs constraint and index drops before table drops and foreign keys last', () => {
      expect([...PHASES]).to.eql([
        'prelude',
        'drop-constraints',
        'drop-indexes',
        'drop-tables',
        'create-tables',
        'alter',
        'add-foreign-keys',
      ]);
    });
  });

  describe('phaseOf', () => {
    function expectPhases(cases: Array<[string, StatementPhase]>): void {
      const actual = cases.map(([sql]) => [sql, phaseOf(sql)]);
      expect(actual).to.eql(cases);
    }

    describe('postgresql statements', () => {
      it('puts CREATE EXTENSION and CREATE SCHEMA in the prelude', () => {
        expectPhases([
          ['CREATE EXTENSION IF NOT EXISTS "uuid-ossp"', 'prelude'],
          ['CREATE SCHEMA IF NOT EXISTS "public"', 'prelude'],
          ['CREATE SCHEMA "public"', 'prelude'],
        ]);
      });

      it('puts CREATE TABLE in create-tables', () => {
        expectPhases([
          [
            'CREATE TABLE "public"."todo" (\n  "id" SERIAL,\n' +
              '  "title" TEXT NOT NULL,\n  PRIMARY KEY("id")\n)',
            'create-tables',
          ],
        ]);
      });

      it('puts ADD CONSTRAINT ... FOREIGN KEY in add-foreign-keys', () => {
        expectPhases([
          [
            'ALTER TABLE "public"."todo" ADD CONSTRAINT "fk_todo_todoListId" ' +
              'FOREIGN KEY ("todolistid") REFERENCES "public"."todolist"(id) ' +
              'ON DELETE NO ACTION ON UPDATE NO ACTION',
            'add-foreign-keys',
          ],
        ]);
      });

      it('puts several foreign keys added in one statement in add-foreign-keys', () => {
        expectPhases([
          [
            'ALTER TABLE "public"."todo" ADD CONSTRAINT "fk_a" FOREIGN KEY ("a") ' +
              'REFERENCES "public"."a"(id) ON DELETE NO ACTION ON UPDATE NO ACTION,' +
              'ADD CONSTRAINT "fk_b" FOREIGN KEY ("b") REFERENCES "public"."b"(id) ' +
              'ON DELETE CASCADE ON UPDATE NO ACTION',
            'add-foreign-keys',
          ],
        ]);
      });

      it('puts DROP CONSTRAINT in drop-constraints', () => {
        expectPhases([
          [
            'ALTER TABLE "public"."todo" DROP CONSTRAINT IF EXISTS "fk_x"',
            'drop-constraints',
          ],
          [
            'ALTER TABLE "public"."todo" DROP CONSTRAINT IF EXISTS "fk_x", ' +
              'DROP CONSTRAINT IF EXISTS "fk_y"',
            'drop-constraints',
          ],
        ]);
      });

      it('puts column and index changes in alter', () => {
        expectPhases([
          ['ALTER TABLE "public"."todo" ADD COLUMN "x" TEXT', 'alter'],
          ['ALTER TABLE "public"."todo" DROP COLUMN "x"', 'alter'],
          [
            'ALTER TABLE "public"."todo" ALTER COLUMN "x" TYPE INTEGER ' +
              'USING "x"::INTEGER',
            'alter',
          ],
          [
            'ALTER TABLE "public"."todo" ALTER COLUMN "x" SET NOT NULL',
            'alter',
          ],
          [
            'CREATE UNIQUE INDEX "todo_title_idx" ON "public"."todo" ("title")',
            'alter',
          ],
        ]);
      });

      it('puts DROP INDEX in drop-indexes, before any column drop', () => {
        expectPhases([
          ['DROP INDEX "public"."todo_title_idx"', 'drop-indexes'],
        ]);
      });

      it('puts DROP TABLE in drop-tables', () => {
        expectPhases([
          ['DROP TABLE "public"."todo"', 'drop-tables'],
          ['DROP TABLE IF EXISTS "public"."todo"', 'drop-tables'],
        ]);
      });

      it('recognises a table name without a schema', () => {
        expectPhases([
          ['ALTER TABLE "todo" DROP CONSTRAINT "fk_x"', 'drop-constraints'],
          [
            'ALTER TABLE todo ADD CONSTRAINT fk FOREIGN KEY (a) REFERENCES b(id)',
            'add-foreign-keys',
          ],
        ]);
      });

      it('recognises quoted names holding dots and spaces', () => {
        expectPhases([
          [
            'ALTER TABLE "my.schema"."my table" DROP CONSTRAINT x',
            'drop-constraints',
          ],
        ]);
      });
    });

    describe('mysql statements', () => {
      it('puts ADD  CONSTRAINT ... FOREIGN KEY (two spaces) in add-foreign-keys', () => {
        expectPhases([
          [
            'ALTER TABLE `Todo` ADD  CONSTRAINT `fk` FOREIGN KEY (`todoListId`) ' +
              'REFERENCES `TodoList`(`id`)',
            'add-foreign-keys',
          ],
        ]);
      });

      it('puts DROP FOREIGN KEY in drop-constraints', () => {
        expectPhases([
          ['ALTER TABLE `Todo` DROP FOREIGN KEY `fk`', 'drop-constraints'],
          ['ALTER TABLE `Todo` DROP FOREIGN KEY fk', 'drop-constraints'],
        ]);
      });

      it('puts column changes followed by DROP FOREIGN KEY in alter', () => {
        expectPhases([
          [
            'ALTER TABLE `Todo` ADD COLUMN `x` INT NULL,\nDROP FOREIGN KEY fk',
            'alter',
          ],
        ]);
      });

      it('puts column and index changes in alter', () => {
        expectPhases([
          ['ALTER TABLE `Todo` ADD COLUMN `x` INT NULL', 'alter'],
          [
            'ALTER TABLE `Todo` CHANGE COLUMN `title` `title` VARCHAR(512) NULL',
            'alter',
          ],
          ['ALTER TABLE `Todo` DROP COLUMN `x`', 'alter'],
          ['ALTER TABLE `Todo` DROP INDEX `title_idx`', 'alter'],
          [
            'ALTER TABLE `Todo` ADD UNIQUE INDEX `title_idx` (`title`)',
            'alter',
          ],
        ]);
      });

      it('puts CREATE TABLE and DROP TABLE in their phases', () => {
        expectPhases([
          [
            'CREATE TABLE `Todo` (\n  `id` INT NOT NULL AUTO_INCREMENT,\n' +
              '  PRIMARY KEY(`id`)\n) ENGINE=InnoDB',
            'create-tables',
          ],
          ['DROP TABLE IF EXISTS `Todo`', 'drop-tables'],
        ]);
      });
    });

    it('matches keywords case-insensitively', () => {
      expectPhases([
        ['create extension if not exists "uuid-ossp"', 'prelude'],
        ['drop table "todo"', 'drop-tables'],
        ['Create Table todo (id int)', 'create-tables'],
        ['alter table todo drop foreign key fk', 'drop-constraints'],
        [
          'alter table todo add constraint fk foreign key (a) references b(id)',
          'add-foreign-keys',
        ],
      ]);
    });

    it('does not mistake a column named like a keyword for a foreign key drop', () => {
      expectPhases([
        ['ALTER TABLE `Todo` ADD COLUMN `drop` INT NULL', 'alter'],
        ['ALTER TABLE "public"."todo" ADD COLUMN "constraint" TEXT', 'alter'],
      ]);
    });
  });

  describe('destructiveReason', () => {
    it('flags DROP TABLE as dropping every row', () => {
      expect(destructiveReason('DROP TABLE "public"."todo"')).to.equal(
        'drops the table and every row in it',
      );
      expect(destructiveReason('DROP TABLE IF EXISTS `Todo`')).to.equal(
        'drops the table and every row in it',
      );
    });

    it('flags DROP COLUMN in both dialects', () => {
      const reason = 'drops a column and the values stored in it';
      expect(
        destructiveReason('ALTER TABLE "public"."todo" DROP COLUMN "x"'),
      ).to.equal(reason);
      expect(destructiveReason('ALTER TABLE `Todo` DROP COLUMN `x`')).to.equal(
        reason,
      );
      expect(
        destructiveReason(
          'ALTER TABLE `Todo` ADD COLUMN `y` INT NULL, DROP COLUMN `x`',
        ),
      ).to.equal(reason);
    });

    it('flags a postgresql column type change', () => {
      expect(
        destructiveReason(
          'ALTER TABLE "public"."todo" ALTER COLUMN "x" TYPE INTEGER ' +
            'USING "x"::INTEGER',
        ),
      ).to.equal(
        'changes a column definition, which may not keep every stored value',
      );
    });

    it('flags a type change of a quoted column whose name holds a space', () => {
      expect(
        destructiveReason(
          'ALTER TABLE "public"."t" ALTER COLUMN "due date" TYPE INTEGER ' +
            'USING "due date"::INTEGER',
        ),
      ).to.equal(
        'changes a column definition, which may not keep every stored value',
      );
    });

    it('flags a mysql CHANGE COLUMN', () => {
      expect(
        destructiveReason(
          'ALTER TABLE `Todo` CHANGE COLUMN `title` `title` VARCHAR(20) NULL',
        ),
      ).to.equal(
        'changes a column definition, which may not keep every stored value',
      );
    });

    it('matches keywords case-insensitively', () => {
      expect(destructiveReason('drop table todo')).to.be.a.String();
      expect(
        destructiveReason('alter table todo drop column x'),
      ).to.be.a.String();
    });

    it('does not flag statements that keep every stored value', () => {
      const safe = [
        'CREATE TABLE "public"."todo" (\n  "id" SERIAL,\n  PRIMARY KEY("id")\n)',
        'ALTER TABLE "public"."todo" ADD COLUMN "x" TEXT',
        'ALTER TABLE `Todo` ADD COLUMN `x` INT NULL',
        'CREATE INDEX "todo_title_idx" ON "public"."todo" ("title")',
        'CREATE EXTENSION IF NOT EXISTS "uuid-ossp"',
        'ALTER TABLE "public"."todo" DROP CONSTRAINT IF EXISTS "fk_x"',
        'ALTER TABLE `Todo` DROP FOREIGN KEY `fk`',
        'ALTER TABLE "public"."todo" ALTER COLUMN "x" SET NOT NULL',
        'DROP INDEX "public"."todo_title_idx"',
      ];
      expect(safe.map(sql => [sql, destructiveReason(sql)])).to.eql(
        safe.map(sql => [sql, undefined]),
      );
    });
  });
});
