import {expect} from '@loopback/testlab';
import {withoutDefaultWidth} from '../../../../src/dialects/mysql/types';

describe('mysql dialect', () => {
  describe('withoutDefaultWidth', () => {
    function expectTypes(cases: Array<[string, string]>): void {
      const actual = cases.map(([type]) => [type, withoutDefaultWidth(type)]);
      expect(actual).to.eql(cases);
    }

    it('drops the default display width of a signed integer type', () => {
      expectTypes([
        ['int(11)', 'int'],
        ['bigint(20)', 'bigint'],
        ['smallint(6)', 'smallint'],
        ['mediumint(9)', 'mediumint'],
        ['tinyint(4)', 'tinyint'],
      ]);
    });

    it('drops the default display width of an unsigned integer type', () => {
      expectTypes([
        ['int(10) unsigned', 'int unsigned'],
        ['bigint(20) unsigned', 'bigint unsigned'],
        ['smallint(5) unsigned', 'smallint unsigned'],
        ['mediumint(8) unsigned', 'mediumint unsigned'],
        ['tinyint(3) unsigned', 'tinyint unsigned'],
      ]);
    });

    it('keeps tinyint(1), the width LoopBack uses for booleans', () => {
      expectTypes([['tinyint(1)', 'tinyint(1)']]);
    });

    it('keeps a width the schema declared on purpose', () => {
      expectTypes([
        ['int(5)', 'int(5)'],
        ['bigint(21)', 'bigint(21)'],
        ['int(110)', 'int(110)'],
      ]);
    });

    it('keeps a width that is the default only for the other signedness', () => {
      expectTypes([
        ['int(10)', 'int(10)'],
        ['int(11) unsigned', 'int(11) unsigned'],
      ]);
    });

    it('leaves types other than integers alone', () => {
      expectTypes([
        ['varchar(512)', 'varchar(512)'],
        ['char(11)', 'char(11)'],
        ['decimal(10,2)', 'decimal(10,2)'],
        ['text', 'text'],
        ['int', 'int'],
        ['datetime', 'datetime'],
      ]);
    });

    it('matches upper case and keeps the case it was given', () => {
      expectTypes([
        ['INT(11)', 'INT'],
        ['INT(10) UNSIGNED', 'INT UNSIGNED'],
        ['BigInt(20)', 'BigInt'],
      ]);
    });

    it('keeps what follows the type', () => {
      expectTypes([['int(10) unsigned zerofill', 'int unsigned zerofill']]);
    });
  });
});
