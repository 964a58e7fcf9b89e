import {expect} from '@loopback/testlab';
import {InvalidMigrationOptionsError} from '../../../src';
import {ledgerTableParts} from '../../../src/scripts/ledger';

describe('ledgerTableParts() of the name bound to MIGRATION_LEDGER_TABLE', () => {
  it('splits a table name and a schema-qualified one', () => {
    expect(ledgerTableParts('app_migrations')).to.eql(['app_migrations']);
    expect(ledgerTableParts('ops.app_migrations')).to.eql([
      'ops',
      'app_migrations',
    ]);
  });

  it('takes parts of 63 characters, the most both databases keep', () => {
    const longest = 'm'.repeat(63);
    expect(ledgerTableParts(`${longest}.${longest}`)).to.eql([
      longest,
      longest,
    ]);
  });

  it('refuses a part PostgreSQL would cut or MySQL refuse, saying which and why', () => {
    const table = 'migrations_'.repeat(6); // 66 characters
    for (const name of [table, `ops.${table}`, `${table}.migrations`]) {
      expect(() => ledgerTableParts(name))
        .to.throw(InvalidMigrationOptionsError)
        .and.throw(
          new RegExp(
            `"${table}" has 66 characters, but PostgreSQL keeps only 63 .* ` +
              'name of 63 characters or fewer',
          ),
        );
    }
  });

  it('refuses characters other than letters, digits, _ and $', () => {
    for (const name of ['app-migrations', 'a.b.c', '1st', 'app migrations']) {
      expect(() => ledgerTableParts(name)).to.throw(
        /use letters, digits and _/,
      );
    }
  });
});
