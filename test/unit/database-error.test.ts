import {expect} from '@loopback/testlab';
import {
  databaseErrorFields,
  describeDatabaseFields,
} from '../../src/database-error';

function pgError(): Error {
  return Object.assign(new Error('could not create unique index "u"'), {
    severity: 'ERROR',
    code: '23505',
    detail: 'Key (x)=(1) is duplicated.',
    hint: undefined,
    constraint: 'u',
    schema: 'public',
    table: 't',
  });
}

describe('databaseErrorFields', () => {
  it('reads PostgreSQL’s fields, also from a cause of a cause', () => {
    const wrapped = new Error('outer', {
      cause: new Error('middle', {cause: pgError()}),
    });
    expect(databaseErrorFields(wrapped)).to.eql({
      code: '23505',
      detail: 'Key (x)=(1) is duplicated.',
      constraint: 'u',
      schema: 'public',
      table: 't',
    });
  });

  it('reads MySQL’s errno, code and message', () => {
    const error = Object.assign(new Error("Duplicate entry '1'"), {
      errno: 1062,
      code: 'ER_DUP_ENTRY',
      sqlState: '23000',
      sqlMessage: "Duplicate entry '1' for key 'u'",
    });
    expect(describeDatabaseFields(databaseErrorFields(error))).to.equal(
      '\n  errno: 1062 (ER_DUP_ENTRY)',
    );
    expect(databaseErrorFields(error)?.sqlMessage).to.equal(
      "Duplicate entry '1' for key 'u'",
    );
  });

  it("leaves out mysql2's name of a number MySQL and MariaDB give different errors", () => {
    const fields = (errno: number, code: string) =>
      describeDatabaseFields(
        databaseErrorFields(
          Object.assign(new Error('x'), {errno, code, sqlMessage: 'x'}),
        ),
      );
    expect(fields(4161, 'ER_INSTALL_COMPONENT_SET_UNUSED_VALUE')).to.equal(
      '\n  errno: 4161',
    );
    expect(fields(1901, 'ER_X')).to.equal('\n  errno: 1901');
    expect(fields(3819, 'ER_CHECK_CONSTRAINT_VIOLATED')).to.equal(
      '\n  errno: 3819 (ER_CHECK_CONSTRAINT_VIOLATED)',
    );
  });

  it('finds nothing in errors that did not come from a database', () => {
    expect(databaseErrorFields(new Error('plain'))).to.be.undefined();
    expect(databaseErrorFields('text')).to.be.undefined();
    expect(
      databaseErrorFields(Object.assign(new Error('x'), {code: 'ENOENT'})),
    ).to.be.undefined();
    expect(describeDatabaseFields(undefined)).to.equal('');
  });

  it('describes PostgreSQL’s fields one per line', () => {
    expect(describeDatabaseFields(databaseErrorFields(pgError()))).to.equal(
      '\n  detail: Key (x)=(1) is duplicated.' +
        '\n  constraint: u' +
        '\n  table: public.t' +
        '\n  code: 23505',
    );
  });
});
