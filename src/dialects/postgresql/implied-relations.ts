import {MAX_IDENTIFIER_BYTES} from './name-length';
import {clippedToBytes} from './stored-names';

/** A relation a `CREATE TABLE` makes besides its table, named by the server. */
export interface ImpliedRelation {
  readonly kind: 'index' | 'sequence';
  readonly name: string;
}

const PRIMARY_KEY = /\bPRIMARY\s+KEY\b/i;
const SERIAL_COLUMN = /^\s*"((?:[^"]|"")+)"\s+(?:SMALL|BIG)?SERIAL\b/gim;

/**
 * The relations PostgreSQL names itself when it creates `table` with this
 * statement: the primary key's index (`<table>_pkey`) and each serial
 * column's sequence (`<table>_<column>_seq`), cut as the server cuts them.
 * Another relation of the schema can no longer take those names.
 */
export function pgImpliedRelations(
  sql: string,
  table: string,
): ImpliedRelation[] {
  const sequences = [...sql.matchAll(SERIAL_COLUMN)].map(m => ({
    kind: 'sequence' as const,
    name: objectName(table, m[1].split('""').join('"'), 'seq'),
  }));
  return PRIMARY_KEY.test(sql)
    ? [{kind: 'index', name: objectName(table, '', 'pkey')}, ...sequences]
    : sequences;
}

/**
 * PostgreSQL's `makeObjectName`: `name1_name2_label`, the longer of the two
 * names cut, a byte at a time, until the whole fits in 63 bytes.
 */
function objectName(name1: string, name2: string, label: string): string {
  const overhead = (name2 ? 1 : 0) + label.length + 1;
  const available = MAX_IDENTIFIER_BYTES - overhead;
  let bytes1 = Buffer.byteLength(name1);
  let bytes2 = Buffer.byteLength(name2);
  while (bytes1 + bytes2 > available) {
    if (bytes1 > bytes2) bytes1--;
    else bytes2--;
  }
  const cut1 = clippedToBytes(name1, bytes1);
  return name2
    ? `${cut1}_${clippedToBytes(name2, bytes2)}_${label}`
    : `${cut1}_${label}`;
}
