import {expect} from '@loopback/testlab';
import {refuseTransactionEnd} from '../../../src/scripts/transaction-end';

describe('refuseTransactionEnd()', () => {
  it('refuses every statement that ends the transaction, wherever it stands', () => {
    for (const sql of [
      'COMMIT',
      'commit work',
      'COMMIT AND CHAIN',
      'END',
      'ABORT',
      'ROLLBACK',
      'ROLLBACK WORK',
      "PREPARE TRANSACTION 'x'",
      'UPDATE t SET a = 1; /* done */ COMMIT;',
    ]) {
      expect(() => refuseTransactionEnd(sql)).to.throw(
        /ctx\.execute\(\) refuses/,
      );
    }
  });

  it('lets through statements that stay in it, and words in strings or comments', () => {
    for (const sql of [
      'ROLLBACK TO SAVEPOINT s',
      'rollback to s',
      'ROLLBACK TRANSACTION TO SAVEPOINT s',
      'SAVEPOINT s; RELEASE SAVEPOINT s',
      "INSERT INTO log (text) VALUES ('; COMMIT')",
      '-- COMMIT\nUPDATE t SET a = 1',
      'UPDATE t SET ending = 1',
      'SELECT 1 AS commit_count',
      // SQL-standard routine bodies (PostgreSQL 14+): their END is theirs.
      'CREATE FUNCTION f() RETURNS int LANGUAGE SQL BEGIN ATOMIC SELECT 1; END',
      'CREATE PROCEDURE p() LANGUAGE SQL BEGIN ATOMIC INSERT INTO t VALUES (1); INSERT INTO t VALUES (2); END; SELECT 1',
      'CREATE PROCEDURE p() LANGUAGE SQL BEGIN ATOMIC END',
    ]) {
      expect(() => refuseTransactionEnd(sql)).not.to.throw();
    }
  });
});
