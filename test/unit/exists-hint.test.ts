import {expect} from '@loopback/testlab';
import {alreadyExistsHint} from '../../src/exists-hint';

/** An error as mysql2 gives it. */
function mysqlError(errno: number, code: string): Error {
  return Object.assign(new Error(code), {errno, code, sqlMessage: code});
}

describe('alreadyExistsHint()', () => {
  it("names what to do for MySQL's table, column and index that exist", () => {
    for (const [errno, code] of [
      [1050, 'ER_TABLE_EXISTS_ERROR'],
      [1060, 'ER_DUP_FIELDNAME'],
      [1061, 'ER_DUP_KEYNAME'],
    ] as const) {
      expect(alreadyExistsHint(mysqlError(errno, code))).to.match(
        /^\nThe database has what this statement makes\./,
      );
    }
  });

  it("names it for PostgreSQL's, also as the cause of another error", () => {
    const pg = Object.assign(new Error('exists'), {
      severity: 'ERROR',
      code: '42701',
    });
    expect(alreadyExistsHint(new Error('apply failed', {cause: pg}))).to.match(
      /Run the migration again: it plans from the database as it is/,
    );
  });

  it('says nothing for other errors', () => {
    expect(alreadyExistsHint(mysqlError(1062, 'ER_DUP_ENTRY'))).to.equal('');
    expect(
      alreadyExistsHint(
        Object.assign(new Error('x'), {severity: 'ERROR', code: '23505'}),
      ),
    ).to.equal('');
    expect(alreadyExistsHint(new Error('plain'))).to.equal('');
  });
});
