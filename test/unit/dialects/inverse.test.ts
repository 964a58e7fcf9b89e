import {expect} from '@loopback/testlab';
import {mysqlInverse} from '../../../src/dialects/mysql/shadow';
import {postgresqlInverse} from '../../../src/dialects/postgresql/shadow';

describe('exact inverses of planned statements', () => {
  it('PostgreSQL: tables, columns, indexes and constraints are undone', () => {
    expect(
      postgresqlInverse('CREATE TABLE "public"."todo" (\n  "id" SERIAL\n)'),
    ).to.eql({sql: 'DROP TABLE "public"."todo"'});
    expect(
      postgresqlInverse(
        'ALTER TABLE "public"."todo" ADD COLUMN "a" INTEGER, ADD COLUMN "b" TEXT',
      ),
    ).to.eql({
      sql: 'ALTER TABLE "public"."todo" DROP COLUMN "b", DROP COLUMN "a"',
    });
    expect(
      postgresqlInverse(
        'CREATE UNIQUE INDEX "todo_a_idx" ON "public"."todo" ("a")',
      ),
    ).to.eql({sql: 'DROP INDEX "public"."todo_a_idx"'});
    expect(
      postgresqlInverse(
        'ALTER TABLE "public"."todo" ADD CONSTRAINT "fk" FOREIGN KEY ("l") REFERENCES "public"."list"(id)',
      ),
    ).to.eql({sql: 'ALTER TABLE "public"."todo" DROP CONSTRAINT "fk"'});
    expect(
      postgresqlInverse('CREATE EXTENSION IF NOT EXISTS "uuid-ossp"'),
    ).to.have.property('kept');
    // The online form of a foreign key: NOT VALID, then validated.
    expect(
      postgresqlInverse(
        'ALTER TABLE "public"."todo" ADD CONSTRAINT "fk" FOREIGN KEY ("l") REFERENCES "public"."list"(id) NOT VALID',
      ),
    ).to.eql({sql: 'ALTER TABLE "public"."todo" DROP CONSTRAINT "fk"'});
    expect(
      postgresqlInverse('ALTER TABLE "public"."todo" VALIDATE CONSTRAINT "fk"'),
    ).to.have.property('kept');
    expect(
      postgresqlInverse(
        'CREATE INDEX CONCURRENTLY "i" ON "public"."todo" ("a")',
      ),
    ).to.eql({sql: 'DROP INDEX CONCURRENTLY "public"."i"'});
  });

  it('PostgreSQL: drops and type changes have none, and say why', () => {
    expect(
      postgresqlInverse('ALTER TABLE "public"."todo" DROP COLUMN "a"'),
    ).to.eql({
      none: '"DROP COLUMN "a"": a dropped column cannot be restored with its data',
    });
    expect(
      postgresqlInverse(
        'ALTER TABLE "t" ADD COLUMN "b" TEXT, ALTER COLUMN "a" TYPE BIGINT',
      ),
    ).to.have.property('none');
    expect(postgresqlInverse('DROP TABLE "public"."todo"')).to.eql({
      none: 'a dropped table cannot be restored with its data',
    });
  });

  it('MySQL: columns (with or without COLUMN), indexes and foreign keys are undone', () => {
    expect(mysqlInverse('CREATE TABLE `Todo` (\n  `id` INT\n)')).to.eql({
      sql: 'DROP TABLE `Todo`',
    });
    expect(
      mysqlInverse(
        'ALTER TABLE `Todo` ADD COLUMN `a` INT NULL,\nADD  INDEX  `a_idx` (a), ADD `b` TEXT',
      ),
    ).to.eql({
      sql: 'ALTER TABLE `Todo` DROP COLUMN `b`, DROP INDEX `a_idx`, DROP COLUMN `a`',
    });
    expect(
      mysqlInverse(
        'ALTER TABLE `Todo` ADD  CONSTRAINT `fk` FOREIGN KEY (`l`) REFERENCES `List`(`id`)',
      ),
    ).to.eql({sql: 'ALTER TABLE `Todo` DROP FOREIGN KEY `fk`'});
    expect(mysqlInverse('CREATE INDEX `i` ON `Todo` (`a`)')).to.eql({
      sql: 'DROP INDEX `i` ON `Todo`',
    });
  });

  it('MySQL: a foreign key whose index the server made is dropped with it', () => {
    const add =
      'ALTER TABLE `Todo` ADD CONSTRAINT `fk` FOREIGN KEY (`l`) REFERENCES `List`(`id`)';
    expect(mysqlInverse(add, new Set(['Todo.fk']))).to.eql({
      sql: 'ALTER TABLE `Todo` DROP FOREIGN KEY `fk`, DROP INDEX `fk`',
    });
    // Made on another table: not this key's.
    expect(mysqlInverse(add, new Set(['List.fk']))).to.eql({
      sql: 'ALTER TABLE `Todo` DROP FOREIGN KEY `fk`',
    });
  });

  it('MySQL: the online algorithm clauses need no undoing', () => {
    expect(
      mysqlInverse(
        'ALTER TABLE `Todo` ADD COLUMN `a` INT NULL, ALGORITHM=INPLACE, LOCK=NONE',
      ),
    ).to.eql({sql: 'ALTER TABLE `Todo` DROP COLUMN `a`'});
    expect(
      mysqlInverse(
        'CREATE INDEX `i` ON `Todo` (`a`) ALGORITHM=INPLACE LOCK=NONE',
      ),
    ).to.eql({sql: 'DROP INDEX `i` ON `Todo`'});
  });

  it('MySQL: MODIFY and DROP have none', () => {
    expect(
      mysqlInverse('ALTER TABLE `Todo` MODIFY `a` BIGINT'),
    ).to.have.property('none');
    expect(mysqlInverse('ALTER TABLE `Todo` DROP `a`')).to.have.property(
      'none',
    );
  });
});
