import {expect} from '@loopback/testlab';
import {postgresqlScriptForm} from '../../../../src/dialects/postgresql/script-form';
import {postgresqlInverse} from '../../../../src/dialects/postgresql/shadow';

describe('postgresqlScriptForm()', () => {
  it('creates a schema only where it is missing, its name as a literal', () => {
    expect(
      postgresqlScriptForm(`CREATE SCHEMA IF NOT EXISTS "O'Hara"`),
    ).to.equal(
      "DO $lsm$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = 'O''Hara') " +
        `THEN CREATE SCHEMA "O'Hara"; END IF; END $lsm$`,
    );
  });

  it('takes a dollar quote the schema name does not hold', () => {
    expect(
      postgresqlScriptForm('CREATE SCHEMA IF NOT EXISTS "a$lsm$b"'),
    ).to.match(/^DO \$lsm1\$ .* \$lsm1\$$/);
  });

  it('keeps every other statement as it is', () => {
    const sql = 'CREATE EXTENSION IF NOT EXISTS "uuid-ossp"';
    expect(postgresqlScriptForm(sql)).to.equal(sql);
  });

  it('is left in place by down(), as the statement it stands for', () => {
    const form = postgresqlScriptForm('CREATE SCHEMA IF NOT EXISTS "sales"');
    expect(postgresqlInverse(form)).to.have.property('kept');
  });
});
