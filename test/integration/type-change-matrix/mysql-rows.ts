import type {
  ColumnType,
  MatrixRow,
  Outcome,
} from '../../support/type-change-matrix';

const t = (dataType: string, size?: number | [number, number]): ColumnType =>
  size === undefined
    ? {dataType}
    : typeof size === 'number'
      ? /char|int/.test(dataType)
        ? {dataType, dataLength: size}
        : {dataType, dataPrecision: size}
      : {dataType, dataPrecision: size[0], dataScale: size[1]};

/** Refused in strict mode; converted with changed values otherwise. */
const strictFails: {strict: Outcome; loose: Outcome} = {
  strict: 'fails',
  loose: 'loses',
};

/** Type changes on MariaDB, each with the values it is tried on. */
export const MYSQL_ROWS: readonly MatrixRow[] = [
  // numbers
  {
    from: t('int'),
    to: t('decimal', [10, 2]),
    values: [3, -7, 0],
    expect: 'keeps',
  },
  {
    from: t('decimal', [10, 2]),
    to: t('decimal', [12, 4]),
    values: ['3.00', '12.5', '-0.01'],
    expect: 'keeps',
  },
  {
    from: t('decimal', [10, 4]),
    to: t('decimal', [10, 2]),
    values: ['3.1416', '2.5'],
    expect: 'loses',
  },
  {
    // Rounded past DECIMAL(10,2)'s range: copied back, it is clamped to
    // the value it was.
    from: t('decimal', [10, 2]),
    to: t('decimal', [10, 1]),
    values: ['99999999.99', '12.30'],
    expect: 'loses',
  },
  {
    from: t('decimal', [10, 2]),
    to: t('decimal', [5, 2]),
    values: ['12345.67', '1.5'],
    expect: strictFails,
  },
  {from: t('int'), to: t('bigint'), values: [2147483647, -5], expect: 'keeps'},
  {
    from: t('bigint'),
    to: t('int'),
    values: ['9007199254740993', 1],
    expect: strictFails,
  },
  {from: t('bigint'), to: t('int'), values: [1, -2147483648], expect: 'keeps'},
  {from: t('smallint'), to: t('int'), values: [32767, -1], expect: 'keeps'},
  {from: t('int'), to: t('smallint'), values: [40000, 1], expect: strictFails},
  {from: t('int'), to: t('tinyint'), values: [300, 1], expect: strictFails},
  {
    from: t('bigint'),
    to: t('double'),
    values: ['9007199254740993', 42],
    expect: 'loses',
  },
  {from: t('int'), to: t('float'), values: [16777217, 5], expect: 'loses'},
  {from: t('int'), to: t('float'), values: [16777216, 5], expect: 'keeps'},
  {
    from: t('double'),
    to: t('float'),
    values: ['1.23456789012345', '0.5'],
    expect: 'loses',
  },
  {from: t('float'), to: t('double'), values: ['0.1', '1.5'], expect: 'keeps'},
  {
    from: t('decimal', [20, 2]),
    to: t('double'),
    values: ['123456789012345678.91', '12.34'],
    expect: 'loses',
  },
  {
    from: t('double'),
    to: t('float'),
    values: ['0.1'],
    expect: 'loses',
  },
  {
    from: t('decimal', [10, 2]),
    to: t('double'),
    values: ['0.10', '-12.34'],
    expect: 'keeps',
  },
  {
    from: t('decimal', [10, 2]),
    to: t('int'),
    values: ['3.50', '4.00'],
    expect: 'loses',
  },
  {
    from: t('double'),
    to: t('decimal', [10, 2]),
    values: ['3.14159', '0.5'],
    expect: 'loses',
  },
  {from: t('int'), to: t('varchar', 20), values: [3, -42], expect: 'keeps'},
  {
    from: t('varchar', 20),
    to: t('int'),
    values: ['02134', '007', ' 42', '5'],
    expect: 'loses',
  },
  {
    from: t('varchar', 20),
    to: t('int'),
    values: ['+47 555 1234', '5'],
    expect: strictFails,
  },
  {
    // ALTER TABLE truncates (strict mode: refuses) where INSERT rounds.
    from: t('varchar', 20),
    to: t('int'),
    values: ['12.5', '5'],
    expect: strictFails,
  },
  {
    from: t('varchar', 20),
    to: t('decimal', [10, 2]),
    values: ['00012.50', '1e2', '7.25'],
    expect: 'loses',
  },
  {
    from: t('varchar', 20),
    to: t('decimal', [10, 2]),
    values: ['abc', '7.25'],
    expect: strictFails,
  },
  // text
  {
    from: t('varchar', 20),
    to: t('varchar', 10),
    values: ['abcdefghijkl', 'short'],
    expect: strictFails,
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
    expect: strictFails,
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
  {
    from: t('char', 10),
    to: t('char', 3),
    values: ['abcdef', 'ab'],
    expect: strictFails,
  },
  // boolean (TINYINT(1))
  {from: t('tinyint', 1), to: t('int'), values: [1, 0], expect: 'keeps'},
  {from: t('int'), to: t('tinyint', 1), values: [2, 1, 0], expect: 'keeps'},
  {from: t('int'), to: t('tinyint', 1), values: [300, 1], expect: strictFails},
  {from: t('tinyint', 1), to: t('varchar', 5), values: [1, 0], expect: 'keeps'},
  {
    from: t('varchar', 5),
    to: t('tinyint', 1),
    values: ['1', '0'],
    expect: 'keeps',
  },
  {
    from: t('varchar', 5),
    to: t('tinyint', 1),
    values: ['yes', '1'],
    expect: strictFails,
  },
  // date and time
  {
    from: t('datetime'),
    to: t('date'),
    values: ['2024-03-01 10:00:00', '2024-03-02 00:00:00'],
    expect: 'loses',
  },
  {
    from: t('date'),
    to: t('datetime'),
    values: ['2024-03-01', '1999-12-31'],
    expect: 'keeps',
  },
  {
    from: t('datetime', 6),
    to: t('datetime'),
    values: ['2024-01-01 10:00:00.5', '2024-01-01 10:00:01'],
    expect: 'loses',
  },
  {
    from: t('datetime'),
    to: t('timestamp'),
    values: ['2024-03-01 10:00:00'],
    expect: 'keeps',
  },
  {
    from: t('timestamp'),
    to: t('datetime'),
    values: ['2024-03-01 10:00:00'],
    expect: 'keeps',
  },
  {
    from: t('varchar', 20),
    to: t('date'),
    values: ['2024-03-01', 'March 1'],
    expect: strictFails,
  },
  {
    from: t('varchar', 20),
    to: t('datetime'),
    values: ['2024-03-01', '2024-03-01 10:00:00'],
    expect: 'loses',
  },
  {
    from: t('time'),
    to: t('varchar', 20),
    values: ['10:30:00', '23:59:59'],
    expect: 'keeps',
  },
  {
    from: t('date'),
    to: t('varchar', 20),
    values: ['2024-03-01'],
    expect: 'keeps',
  },
  // JSON
  {
    from: t('text'),
    to: t('json'),
    values: ['{"a":1}', '[1, 2]'],
    expect: 'keeps',
  },
  {from: t('text'), to: t('json'), values: ['{oops', '{}'], expect: 'fails'},
  {from: t('json'), to: t('text'), values: ['{"a":1}'], expect: 'keeps'},
];
