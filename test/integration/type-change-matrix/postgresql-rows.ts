import type {ColumnType, MatrixRow} from '../../support/type-change-matrix';

const t = (dataType: string, size?: number | [number, number]): ColumnType =>
  size === undefined
    ? {dataType}
    : typeof size === 'number'
      ? /char/.test(dataType)
        ? {dataType, dataLength: size}
        : {dataType, dataPrecision: size}
      : {dataType, dataPrecision: size[0], dataScale: size[1]};

/** Type changes on PostgreSQL, each with the values it is tried on. */
export const POSTGRESQL_ROWS: readonly MatrixRow[] = [
  // numbers
  {
    from: t('integer'),
    to: t('numeric', [10, 2]),
    values: [3, -7, 0, 12345678],
    expect: 'keeps',
  },
  {
    from: t('numeric', [10, 2]),
    to: t('numeric', [12, 4]),
    values: ['3.00', '12.5', '-0.01'],
    expect: 'keeps',
  },
  {
    from: t('numeric', [10, 4]),
    to: t('numeric', [10, 2]),
    values: ['3.1416', '2.5'],
    expect: 'loses',
  },
  {
    from: t('numeric', [10, 2]),
    to: t('numeric', [5, 2]),
    values: ['1.5', '12345.67'],
    expect: 'fails',
  },
  // A value rounded up past the old precision (99999999.99 is 100000000.0
  // in numeric(10,1), 1000 in integer) is one value lost, not every value
  // unchecked; one past the new precision makes the change fail.
  {
    from: t('numeric', [10, 2]),
    to: t('numeric', [10, 1]),
    values: ['1.50', '99999999.99'],
    expect: 'loses',
  },
  {
    from: t('numeric', [5, 2]),
    to: t('integer'),
    values: ['999.99', '4.00'],
    expect: 'loses',
  },
  {
    from: t('numeric', [10, 2]),
    to: t('numeric', [9, 1]),
    values: ['1.50', '99999999.99'],
    expect: 'fails',
  },
  {
    from: t('integer'),
    to: t('bigint'),
    values: [2147483647, -5],
    expect: 'keeps',
  },
  {
    from: t('bigint'),
    to: t('integer'),
    values: ['9007199254740993', 1],
    expect: 'fails',
  },
  {
    from: t('bigint'),
    to: t('integer'),
    values: [1, -2147483648],
    expect: 'keeps',
  },
  {from: t('smallint'), to: t('integer'), values: [32767, -1], expect: 'keeps'},
  {from: t('integer'), to: t('smallint'), values: [40000, 1], expect: 'fails'},
  {
    from: t('bigint'),
    to: t('double precision'),
    values: ['9007199254740993', 42],
    expect: 'loses',
  },
  {from: t('integer'), to: t('real'), values: [16777217, 5], expect: 'loses'},
  {from: t('integer'), to: t('real'), values: [16777216, 5], expect: 'keeps'},
  {
    from: t('double precision'),
    to: t('real'),
    values: ['1.23456789012345', '0.5'],
    expect: 'loses',
  },
  {
    from: t('real'),
    to: t('double precision'),
    values: ['0.1', '1.5'],
    expect: 'keeps',
  },
  {
    from: t('numeric', [20, 2]),
    to: t('double precision'),
    values: ['123456789012345678.91', '12.34'],
    expect: 'loses',
  },
  {
    from: t('double precision'),
    to: t('real'),
    values: ['0.1'],
    expect: 'loses',
  },
  {
    from: t('numeric', [10, 2]),
    to: t('double precision'),
    values: ['0.10', '-12.34'],
    expect: 'keeps',
  },
  {
    from: t('numeric', [10, 2]),
    to: t('integer'),
    values: ['3.50', '4.00'],
    expect: 'loses',
  },
  {
    from: t('double precision'),
    to: t('numeric', [10, 2]),
    values: ['3.14159', '0.5'],
    expect: 'loses',
  },
  {from: t('integer'), to: t('text'), values: [3, -42], expect: 'keeps'},
  {
    from: t('text'),
    to: t('integer'),
    values: ['02134', '007', ' 42', '5'],
    expect: 'loses',
  },
  {
    from: t('text'),
    to: t('integer'),
    values: ['+47 555 1234', '5'],
    expect: 'fails',
  },
  {
    from: t('text'),
    to: t('numeric', [10, 2]),
    values: ['00012.50', '1e2', '7.25'],
    expect: 'loses',
  },
  // A value converted longer than the old varchar(n) ('12345.00') is judged
  // whole: a cast back to varchar(5) would cut it to the '12345' stored.
  {
    from: t('varchar', 5),
    to: t('numeric', [10, 2]),
    values: ['12345', '1.50'],
    expect: 'loses',
  },
  {
    from: t('varchar', 512),
    to: t('numeric', [10, 2]),
    values: ['12', '1.50'],
    expect: 'loses',
  },
  {
    from: t('varchar', 5),
    to: t('numeric', [10, 2]),
    values: ['12.50', '-3.75'],
    expect: 'keeps',
  },
  {
    from: t('varchar', 10),
    to: t('timestamp'),
    values: ['2024-03-01'],
    expect: 'loses',
  },
  // bit strings: a value converted longer than the old varbit(n)
  // ('1010' in bit(8) is '10100000') is judged whole: a cast back to
  // varbit(4) would cut it to the '1010' stored.
  {
    from: t('varbit', 4),
    to: t('bit', 8),
    values: ['1010', '1'],
    expect: 'loses',
  },
  {
    from: t('varbit', 4),
    to: t('bit', 4),
    values: ['1010', '0110'],
    expect: 'keeps',
  },
  // text
  {
    from: t('varchar', 20),
    to: t('varchar', 10),
    values: ['abcdefghijkl', 'short'],
    expect: 'loses',
  },
  {
    from: t('varchar', 10),
    to: t('varchar', 20),
    values: ['abc ', 'x'],
    expect: 'keeps',
  },
  {
    from: t('varchar', 20),
    to: t('text'),
    values: ['abc ', 'x'],
    expect: 'keeps',
  },
  {
    from: t('text'),
    to: t('varchar', 5),
    values: ['abcdefgh', 'ab'],
    expect: 'loses',
  },
  {
    from: t('varchar', 10),
    to: t('char', 5),
    values: ['ab ', 'abc'],
    expect: 'loses',
  },
  {
    from: t('char', 5),
    to: t('varchar', 10),
    values: ['ab', 'abcde'],
    expect: 'keeps',
  },
  {from: t('char', 5), to: t('text'), values: ['ab', 'abcde'], expect: 'keeps'},
  {from: t('text'), to: t('char', 10), values: ['abc', 'x'], expect: 'keeps'},
  // A Buffer property stored as text (the connector's default) moved to
  // bytea keeps each value's bytes: the text form of the bytea ('\x6869')
  // is no test of it. A backslash is read as an escape, and changes them.
  {from: t('text'), to: t('bytea'), values: ['hi', 'héllo'], expect: 'keeps'},
  {from: t('text'), to: t('bytea'), values: ['hi', 'a\\\\b'], expect: 'loses'},
  {
    from: t('char', 10),
    to: t('char', 3),
    values: ['abcdef', 'ab'],
    expect: 'loses',
  },
  // boolean
  {
    from: t('boolean'),
    to: t('text'),
    values: ['true', 'false'],
    expect: 'keeps',
  },
  {
    from: t('text'),
    to: t('boolean'),
    values: ['yes', 'true', 'f'],
    expect: 'loses',
  },
  {
    from: t('text'),
    to: t('boolean'),
    values: ['maybe', 'true'],
    expect: 'fails',
  },
  {
    from: t('boolean'),
    to: t('integer'),
    values: ['true', 'false'],
    expect: 'keeps',
  },
  {from: t('integer'), to: t('boolean'), values: [2, 1, 0], expect: 'loses'},
  {from: t('boolean'), to: t('smallint'), values: ['true'], expect: 'fails'},
  // date and time
  {
    from: t('timestamptz'),
    to: t('timestamp'),
    values: ['2024-03-01 10:00:00+00', '2023-11-05 12:30:00.123456+00'],
    expect: 'keeps',
  },
  {
    from: t('timestamp'),
    to: t('timestamptz'),
    values: ['2024-03-01 10:00:00', '2023-11-05 12:30:00.123456'],
    expect: 'keeps',
  },
  {
    from: t('timestamp'),
    to: t('date'),
    values: ['2024-03-01 10:00', '2024-03-02 00:00'],
    expect: 'loses',
  },
  {
    from: t('date'),
    to: t('timestamp'),
    values: ['2024-03-01', '1999-12-31'],
    expect: 'keeps',
  },
  {
    from: t('timestamptz'),
    to: t('date'),
    values: ['2024-03-01 10:00:00+00'],
    expect: 'loses',
  },
  {
    from: t('timestamp'),
    to: t('timestamp', 0),
    values: ['2024-01-01 10:00:00.5', '2024-01-01 10:00:01'],
    expect: 'loses',
  },
  {
    from: t('time'),
    to: t('text'),
    values: ['10:30:00', '23:59:59.5'],
    expect: 'keeps',
  },
  {
    from: t('text'),
    to: t('date'),
    values: ['2024-03-01', 'March 1 2024'],
    expect: 'loses',
  },
  {
    from: t('text'),
    to: t('date'),
    values: ['2024-13-45', '2024-03-01'],
    expect: 'fails',
  },
  {
    from: t('text'),
    to: t('timestamptz'),
    values: ['not a date'],
    expect: 'fails',
  },
  // JSON
  {
    from: t('json'),
    to: t('jsonb'),
    values: ['{"b": 1,  "a": 2}', '[1, 2]'],
    expect: 'keeps',
  },
  {
    from: t('jsonb'),
    to: t('json'),
    values: ['{"b": 1, "a": 2}', 'null'],
    expect: 'keeps',
  },
  {
    from: t('text'),
    to: t('jsonb'),
    values: ['{"a":1}', '[1,2]'],
    expect: 'keeps',
  },
  {from: t('text'), to: t('json'), values: ['{oops', '{}'], expect: 'fails'},
  {
    from: t('jsonb'),
    to: t('text'),
    values: ['{"a": 1}', '"s"'],
    expect: 'keeps',
  },
  {from: t('json'), to: t('text'), values: ['{"a":1}'], expect: 'keeps'},
];
