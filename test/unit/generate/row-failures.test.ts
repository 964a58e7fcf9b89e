import {expect} from '@loopback/testlab';
import {rowsFailure} from '../../../src/generate/row-failures';

describe('rowsFailure()', () => {
  it('names a new NOT NULL column without a default: PostgreSQL refuses it over rows', () => {
    expect(
      rowsFailure(
        'ALTER TABLE "public"."customer" ADD COLUMN "country" TEXT NOT NULL',
        'postgresql',
      ),
    ).to.match(
      /^where the table holds rows, PostgreSQL refuses new NOT NULL column "country"/,
    );
  });

  it('and MySQL / MariaDB give the rows a zero value', () => {
    expect(
      rowsFailure(
        'ALTER TABLE `Customer` ADD COLUMN `country` VARCHAR(512) NOT NULL',
        'mysql',
      ),
    ).to.match(/MySQL\/MariaDB give them the type's zero value .* "country"/);
  });

  it('says nothing of a column with a default, a generated value, or nullable', () => {
    for (const sql of [
      `ALTER TABLE "t" ADD COLUMN "a" TEXT NOT NULL DEFAULT 'x'`,
      'ALTER TABLE "t" ADD COLUMN "a" SERIAL NOT NULL',
      'ALTER TABLE `t` ADD COLUMN `a` INT NOT NULL AUTO_INCREMENT',
      'ALTER TABLE "t" ADD COLUMN "a" TEXT',
      `ALTER TABLE "t" ADD COLUMN "a" TEXT NULL COMMENT 'NOT NULL later'`,
      'CREATE TABLE "t" ("a" TEXT NOT NULL)',
    ]) {
      expect(rowsFailure(sql, 'postgresql')).to.be.undefined();
    }
  });

  it('names a column made NOT NULL, which rows holding NULL refuse', () => {
    expect(
      rowsFailure(
        'ALTER TABLE "t" ALTER COLUMN "a" SET NOT NULL',
        'postgresql',
      ),
    ).to.equal(
      'where a row holds NULL in column "a", PostgreSQL refuses it: back-fill those rows first',
    );
  });

  it('says nothing of a MySQL MODIFY that restates a column NOT NULL already, as its inverse shows', () => {
    const sql = 'ALTER TABLE `t` MODIFY `a` VARCHAR(100) NOT NULL';
    expect(
      rowsFailure(sql, 'mysql', {
        sql: 'ALTER TABLE `t` MODIFY `a` VARCHAR(50) NOT NULL',
      }),
    ).to.be.undefined();
    expect(
      rowsFailure(sql, 'mysql', {
        sql: 'ALTER TABLE `t` MODIFY `a` VARCHAR(50) NULL',
      }),
    ).to.match(
      /^where a row holds NULL in column "a", MySQL\/MariaDB refuse it/,
    );
  });
});
