import {statesNotNull} from '../../planner/alter-clauses';
import {appendsMembers} from './enum-members';
import {canonicalMysqlType} from './types';
import {isLob} from './lob-types';

/** The server, as far as its online DDL goes. */
export interface MysqlServer {
  readonly mariadb: boolean;
  /** `[major, minor, patch]`. */
  readonly version: readonly [number, number, number];
}

/** `10.11.19-MariaDB-0+deb12u1` → MariaDB 10.11.19; `8.0.36` → MySQL 8.0.36. */
export function parseServerVersion(text: string): MysqlServer {
  const [major = 0, minor = 0, patch = 0] = (
    /^(\d+)\.(\d+)\.(\d+)/.exec(text) ?? []
  )
    .slice(1)
    .map(Number);
  return {mariadb: /mariadb/i.test(text), version: [major, minor, patch]};
}

/** Whether the server is this version or a later one. */
export function atLeast(
  server: MysqlServer,
  major: number,
  minor: number,
  patch = 0,
): boolean {
  const [a, b, c] = server.version;
  return a !== major ? a > major : b !== minor ? b > minor : c >= patch;
}

/** The algorithms of InnoDB's ALTER TABLE, best first. */
export type Algorithm = 'INSTANT' | 'INPLACE' | 'COPY';

/** How the server can make one change of an existing table. */
export interface OnlineRule {
  readonly algorithm: Algorithm;
  /** INPLACE that rebuilds the table (copies rows, reads and writes go on). */
  readonly rebuilds?: boolean;
  /** Reads every row (an index build, a NOT NULL check). */
  readonly scans?: boolean;
  /** For COPY: why, in words. */
  readonly why?: string;
}

/** A column as it is now, for judging a CHANGE/MODIFY COLUMN clause. */
export interface MysqlColumnNow {
  /** `COLUMN_TYPE`, e.g. `varchar(20)`. */
  readonly type: string;
  readonly nullable: boolean;
  /** Bytes per character of its character set (varchar length limits count bytes). */
  readonly bytesPerChar?: number;
  /** `true` when an index includes it. */
  readonly indexed: boolean;
  /** `true` when a UNIQUE index or the primary key includes it. */
  readonly unique?: boolean;
  /** `true` for a `VIRTUAL` generated column, which stores no values. */
  readonly virtual?: boolean;
  /** `true` for an `AUTO_INCREMENT` column. */
  readonly autoIncrement?: boolean;
  /** Its character set and collation (lower case); absent for a column of another type. */
  readonly charset?: string;
  readonly collation?: string;
  /** The default collation of its character set, and the table's collation. */
  readonly charsetDefaultCollation?: string;
  readonly tableCollation?: string;
}

const INSTANT: OnlineRule = {algorithm: 'INSTANT'};
const INPLACE: OnlineRule = {algorithm: 'INPLACE'};
const copy = (why: string): OnlineRule => ({algorithm: 'COPY', why});

/**
 * ADD COLUMN: INSTANT on MariaDB 10.3.2+ (10.4+ anywhere; the connector
 * adds at the end) and MySQL 8.0.12+; an AUTO_INCREMENT column fills every
 * row under a lock (COPY); an inline key builds an index (INPLACE).
 */
export function addColumnRule(
  server: MysqlServer,
  definition: string,
): OnlineRule {
  if (/\bAUTO_INCREMENT\b/i.test(definition)) {
    return copy('adding an AUTO_INCREMENT column fills every row under a lock');
  }
  if (/\b(?:PRIMARY\s+KEY|UNIQUE)\b/i.test(definition)) {
    return {algorithm: 'INPLACE', scans: true};
  }
  const instant = server.mariadb
    ? atLeast(server, 10, 3, 2)
    : atLeast(server, 8, 0, 12);
  return instant
    ? INSTANT
    : {algorithm: 'INPLACE', rebuilds: true, scans: true};
}

/**
 * ALTER COLUMN ... SET DEFAULT / DROP DEFAULT: a catalog change; INSTANT on
 * MariaDB 10.3+ and MySQL 8.0+ (the first with ALGORITHM=INSTANT), in place
 * without a rebuild before.
 */
export function columnDefaultRule(server: MysqlServer): OnlineRule {
  const instant = server.mariadb
    ? atLeast(server, 10, 3)
    : atLeast(server, 8, 0);
  return instant ? INSTANT : INPLACE;
}

/** DROP COLUMN: INSTANT on MariaDB 10.4+ and MySQL 8.0.29+ unless indexed; else INPLACE (a rebuild). */
export function dropColumnRule(
  server: MysqlServer,
  indexed: boolean,
): OnlineRule {
  const instant = server.mariadb
    ? atLeast(server, 10, 4)
    : atLeast(server, 8, 0, 29);
  if (instant && !indexed) return INSTANT;
  return server.mariadb && atLeast(server, 10, 4)
    ? INPLACE
    : {algorithm: 'INPLACE', rebuilds: true, scans: true};
}

/**
 * CHANGE/MODIFY COLUMN to `definition`, from the column as it is: the same
 * type (a default, a comment) is INSTANT; NULL ↔ NOT NULL rebuilds in
 * place (checking every row); ENUM or SET members added at the end (the
 * values keeping their size) are INSTANT on MariaDB 10.3.7+ and INPLACE
 * without a rebuild on MySQL; a longer VARCHAR whose length prefix keeps
 * its size (up to 255 bytes, or above) is INSTANT on MariaDB 10.4+ and
 * INPLACE on MySQL; any other type change copies the table, a VARCHAR
 * growing past 255 bytes too (MariaDB refuses it INSTANT but in a table of
 * ROW_FORMAT=REDUNDANT, not the default since 10.2: that one is judged as
 * the others). Another character set or collation is judged too (see
 * `charsetChangeRule`): the worse of the two. Making a column
 * `AUTO_INCREMENT` copies the table.
 */
export function changeColumnRule(
  server: MysqlServer,
  now: MysqlColumnNow | undefined,
  definition: string,
): OnlineRule {
  if (!now) return copy('the column was not found in the catalog');
  // MySQL and MariaDB refuse INSTANT and INPLACE for it ("Cannot change
  // column type").
  if (!now.autoIncrement && /\bAUTO_INCREMENT\b/i.test(definition)) {
    return copy('it makes the column AUTO_INCREMENT');
  }
  const byType = typeChangeRule(server, now, definition);
  const byCharset = charsetChangeRule(server, now, definition);
  return byCharset ? worstRule([byType, byCharset]) : byType;
}

/** A character set or collation name of a column definition (`utf8mb4_bin`). */
const CHARSET_CLAUSE = /\b(?:CHARACTER\s+SET|CHARSET)\s+['"`]?(\w+)/i;
const COLLATE_CLAUSE = /\bCOLLATE\s+['"`]?(\w+)/i;

/** utf8mb3 under its other names. */
export function charsetName(name: string): string {
  const lower = name.toLowerCase();
  return lower === 'utf8' ? 'utf8mb3' : lower;
}

/**
 * A CHANGE/MODIFY COLUMN of a character column that gives it another
 * character set or collation (named in the definition, or the table's when
 * it names neither): the same type with another collation of the same
 * character set is INSTANT on MariaDB 10.4+, INPLACE when an index
 * includes the column (its index is rebuilt); utf8mb3 to utf8mb4 is INSTANT
 * on MariaDB 10.4+ while the length prefix keeps its size, as for a longer
 * VARCHAR; any other character set converts every value, and copies the
 * table (MySQL: any such change, judged as a copy). `undefined` when the
 * column keeps both, or is no character column.
 */
function charsetChangeRule(
  server: MysqlServer,
  now: MysqlColumnNow,
  definition: string,
): OnlineRule | undefined {
  if (!now.charset || !now.collation) return undefined;
  const named = CHARSET_CLAUSE.exec(definition)?.[1];
  const collation = COLLATE_CLAUSE.exec(definition)?.[1]?.toLowerCase();
  const fromTable = named === undefined && collation === undefined;
  const wantedCollation = fromTable
    ? now.tableCollation
    : (collation ??
      (charsetName(named!) === now.charset
        ? now.charsetDefaultCollation
        : undefined));
  const wantedCharset = charsetName(
    named ?? wantedCollation?.split('_')[0] ?? now.charset,
  );
  if (wantedCharset === now.charset) {
    if (wantedCollation === undefined || wantedCollation === now.collation) {
      return undefined;
    }
    if (!server.mariadb || !atLeast(server, 10, 4)) {
      return copy(
        `changing the column's collation from ${now.collation} to ${wantedCollation} copies the table`,
      );
    }
    return now.indexed ? {algorithm: 'INPLACE', scans: true} : INSTANT;
  }
  const chars = /^(?:var)?char\((\d+)\)$/.exec(
    canonicalMysqlType(typeOf(definition)),
  );
  const prefixKept =
    !chars || Number(chars[1]) * 3 > 255 || Number(chars[1]) * 4 <= 255;
  if (
    server.mariadb &&
    atLeast(server, 10, 4) &&
    now.charset === 'utf8mb3' &&
    wantedCharset === 'utf8mb4' &&
    prefixKept
  ) {
    return INSTANT;
  }
  return copy(
    `changing the column's character set from ${now.charset} to ${wantedCharset} converts every value and copies the table`,
  );
}

/** {@link changeColumnRule} as far as the column's type and nullability go. */
function typeChangeRule(
  server: MysqlServer,
  now: MysqlColumnNow,
  definition: string,
): OnlineRule {
  const type = canonicalMysqlType(typeOf(definition));
  const old = canonicalMysqlType(now.type);
  const nullable = !statesNotNull(definition);
  const nullChange = nullable !== now.nullable;
  if (type === old) {
    return nullChange
      ? {algorithm: 'INPLACE', rebuilds: true, scans: true}
      : INSTANT;
  }
  if (!nullChange && appendsMembers(old, type)) {
    return server.mariadb && atLeast(server, 10, 3, 7) ? INSTANT : INPLACE;
  }
  const from = /^varchar\((\d+)\)$/.exec(old);
  const to = /^varchar\((\d+)\)$/.exec(type);
  if (from && to && Number(to[1]) >= Number(from[1])) {
    const perChar = now.bytesPerChar ?? 4;
    const prefixKept =
      Number(from[1]) * perChar > 255 || Number(to[1]) * perChar <= 255;
    const shortened = indexShortened(now, Number(from[1]), Number(to[1]));
    if (prefixKept && shortened && now.unique) {
      return copy(
        `widening the column from ${now.type} to ${typeOf(definition)} past the longest index key copies the table: ` +
          'its UNIQUE index becomes a hash of the values, kept in a hidden column',
      );
    }
    if (prefixKept) {
      const widened = shortened
        ? {algorithm: 'INPLACE' as const, scans: true}
        : server.mariadb && atLeast(server, 10, 4)
          ? INSTANT
          : INPLACE;
      return nullChange
        ? {algorithm: 'INPLACE', rebuilds: true, scans: true}
        : widened;
    }
    return copy(
      `widening the column from ${now.type} to ${typeOf(definition)} past 255 bytes copies the table (its length prefix grows)`,
    );
  }
  return copy(
    `changing the column type from ${now.type} to ${typeOf(definition)} copies the table`,
  );
}

/**
 * The longest index key of InnoDB's default row format (DYNAMIC, and
 * COMPRESSED), in bytes. A table of COMPACT or REDUNDANT rows takes 767; its
 * keys between the two are not judged by it (the server then refuses the
 * change, and nothing is changed).
 */
const LONGEST_KEY_BYTES = 3072;

/**
 * Whether widening an indexed VARCHAR from `from` to `to` characters makes
 * its key longer than the longest index key (unless it was already): the
 * server makes the index a prefix index (a UNIQUE one a hash of the values)
 * and rebuilds it, refusing ALGORITHM=INSTANT ("Reason: ADD INDEX").
 */
function indexShortened(
  now: MysqlColumnNow,
  from: number,
  to: number,
): boolean {
  const perChar = now.bytesPerChar ?? 4;
  return (
    now.indexed &&
    to * perChar > LONGEST_KEY_BYTES &&
    from * perChar <= LONGEST_KEY_BYTES
  );
}

/** One key part of an index: the column as it is, and its prefix length. */
export interface KeyPart {
  readonly column: MysqlColumnNow;
  /** `col(10)`: the characters of it the key holds. */
  readonly prefix?: number;
}

/**
 * ADD UNIQUE whose key is longer than the longest index key (a long
 * VARCHAR, a TEXT or BLOB column): MariaDB 10.4+ keeps it as a hash of the
 * values in a hidden column, which only COPY adds ("INPLACE ADD or DROP of
 * virtual columns cannot be combined"). `undefined` for other keys.
 */
export function longUniqueKeyRule(
  server: MysqlServer,
  parts: readonly KeyPart[],
): OnlineRule | undefined {
  if (!server.mariadb || !atLeast(server, 10, 4)) return undefined;
  const bytes = parts.reduce((sum, part) => sum + keyBytes(part), 0);
  if (bytes <= LONGEST_KEY_BYTES) return undefined;
  return copy(
    'a UNIQUE index longer than an index key is a hash of the values in a hidden column, which only a copy adds',
  );
}

/** The bytes a key part takes (a fixed-size type: 8 at most). */
function keyBytes({column, prefix}: KeyPart): number {
  const type = canonicalMysqlType(column.type);
  const sized = /^(var)?(char|binary)\((\d+)\)/.exec(type);
  if (sized) {
    const perChar = sized[2] === 'binary' ? 1 : (column.bytesPerChar ?? 4);
    return (prefix ?? Number(sized[3])) * perChar;
  }
  if (isLob(type)) {
    return prefix === undefined
      ? Number.POSITIVE_INFINITY
      : prefix * (column.bytesPerChar ?? 4);
  }
  return 8;
}

/** Where the type ends in a column definition. */
const TYPE_END =
  /\s+(?:NOT\s+NULL|NULL|DEFAULT|AUTO_INCREMENT|COMMENT|PRIMARY|UNIQUE|REFERENCES|CHECK|COLLATE|CHARACTER\s+SET|GENERATED|ON\s+UPDATE)\b/i;

function typeOf(definition: string): string {
  const text = definition.trim();
  const end = TYPE_END.exec(text);
  return end ? text.slice(0, end.index) : text;
}

/** ADD INDEX / DROP INDEX / DROP FOREIGN KEY / ADD FOREIGN KEY / CHECK / RENAME. */
export function keyClauseRule(
  server: MysqlServer,
  clause: string,
): OnlineRule | undefined {
  if (/^ADD\s+(?:UNIQUE\s+)?(?:INDEX|KEY)\b/i.test(clause)) {
    return {algorithm: 'INPLACE', scans: true};
  }
  if (/^ADD\s+(?:FULLTEXT|SPATIAL)\b/i.test(clause)) {
    return copy('a FULLTEXT or SPATIAL index blocks writes while it is built');
  }
  if (/^DROP\s+(?:INDEX|KEY)\b/i.test(clause)) return INPLACE;
  if (/^DROP\s+FOREIGN\s+KEY\b/i.test(clause)) {
    return server.mariadb ? INSTANT : INPLACE;
  }
  if (/^ADD\s+(?:CONSTRAINT\s+\S+\s+)?FOREIGN\s+KEY\b/i.test(clause)) {
    return copy(
      'adding a foreign key copies the table unless foreign_key_checks is off, which would skip checking the rows',
    );
  }
  if (/^ADD\s+(?:CONSTRAINT\s+\S+\s+)?CHECK\b/i.test(clause)) {
    return copy('adding a CHECK constraint copies the table');
  }
  if (/^RENAME\b/i.test(clause)) return INSTANT;
  return undefined;
}

/** The algorithm a statement of several clauses gets: the worst of its clauses'. */
export function worstRule(rules: readonly OnlineRule[]): OnlineRule {
  const order: Algorithm[] = ['INSTANT', 'INPLACE', 'COPY'];
  const algorithm = rules.reduce<Algorithm>(
    (worst, r) =>
      order.indexOf(r.algorithm) > order.indexOf(worst) ? r.algorithm : worst,
    'INSTANT',
  );
  return {
    algorithm,
    rebuilds: rules.some(r => r.rebuilds),
    scans: rules.some(r => r.scans),
    why: rules.find(r => r.why)?.why,
  };
}
