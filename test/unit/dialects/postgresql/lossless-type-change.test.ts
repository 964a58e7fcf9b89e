import {expect} from '@loopback/testlab';
import {pgLosslessTypeChange} from '../../../../src/dialects/postgresql/type-rewrites';

describe('pgLosslessTypeChange', () => {
  const lossless: Array<[string, string]> = [
    ['character varying(20)', 'VARCHAR(40)'],
    ['character varying(20)', 'TEXT'],
    ['integer', 'BIGINT'],
    ['smallint', 'INTEGER'],
    ['integer', 'NUMERIC'],
    ['integer', 'DOUBLE PRECISION'],
    ['real', 'DOUBLE PRECISION'],
    ['numeric(10,2)', 'NUMERIC(12,2)'],
    ['timestamp(3) without time zone', 'TIMESTAMP(6) WITHOUT TIME ZONE'],
  ];
  for (const [from, to] of lossless) {
    it(`takes ${from} to ${to} as losing nothing`, () => {
      expect(pgLosslessTypeChange(from, to)).to.be.true();
    });
  }

  const judged: Array<[string, string]> = [
    ['character varying(40)', 'VARCHAR(20)'],
    ['text', 'VARCHAR(20)'],
    ['bigint', 'INTEGER'],
    ['bigint', 'DOUBLE PRECISION'],
    ['integer', 'REAL'],
    ['integer', 'NUMERIC(5,0)'],
    ['numeric(10,2)', 'NUMERIC(12,3)'],
    ['double precision', 'REAL'],
    ['timestamp without time zone', 'TIMESTAMP WITH TIME ZONE'],
    ['character(5)', 'VARCHAR(10)'],
  ];
  for (const [from, to] of judged) {
    it(`leaves ${from} to ${to} to the check of the stored values`, () => {
      expect(pgLosslessTypeChange(from, to)).to.be.false();
    });
  }
});
