import type {AttachedModel} from '../../juggler';
import {upperCasedMembers} from './member-case';
import {mysqlUnreadLength} from './unread-lengths';
import {mysqlUnreadSizes} from './unread-sizes';

const CHARSET_KEYS = ['charset', 'collation'] as const;

/**
 * Character sets and collations declared where loopback-connector-mysql
 * never reads them: it writes a column's from the property's own `charset`
 * and `collation`, not from its `mysql` object, and writes no table
 * character set or collation at all (`settings.mysql.charset` /
 * `collation`): the table and its columns get the database's defaults, and
 * every run finds them up to date. Also number sizes it never reads (see
 * `mysqlUnreadSizes`), string lengths without a type (see `mysqlUnreadLength`), and ENUM or SET members it upper-cases (see
 * `upperCasedMembers`).
 */
export function mysqlUnreadSettings(
  model: string,
  definition: AttachedModel | undefined,
): string[] {
  const warnings: string[] = [];
  const table = definition?.settings.mysql as
    Record<string, unknown> | undefined;
  for (const key of CHARSET_KEYS) {
    if (table?.[key] === undefined) continue;
    warnings.push(
      `model ${model}: settings.mysql.${key} is not read by the connector, which writes ` +
        "no table character set or collation (the table gets the database's default); " +
        `declare ${key} on each string property instead, or set the database's default`,
    );
  }
  for (const [property, value] of Object.entries(
    definition?.properties ?? {},
  )) {
    const prop = (value ?? {}) as Record<string, unknown>;
    warnings.push(...mysqlUnreadSizes(model, property, prop));
    warnings.push(...mysqlUnreadLength(model, property, prop));
    const own = prop.mysql as Record<string, unknown> | undefined;
    for (const key of CHARSET_KEYS) {
      if (own?.[key] === undefined || prop[key] !== undefined) continue;
      warnings.push(
        `model ${model}, property ${property}: mysql.${key} is not read by the connector, ` +
          `which reads the property's own ${key}; declare ${key}: ${JSON.stringify(own[key])} ` +
          'beside mysql',
      );
    }
    warnings.push(...unreadUnsigned(model, property, prop, own));
    warnings.push(...unreadCharset(model, property, prop, own));
    warnings.push(...upperCasedMembers(model, property, own));
  }
  return warnings;
}

/**
 * A property's `unsigned: true`, which the connector reads only when it
 * chooses the column type itself: with a `mysql.dataType` (`lb4 discover`
 * writes `'int'` for an `INT UNSIGNED` column) the column is made signed.
 * `mysql.unsigned` is never read.
 */
function unreadUnsigned(
  model: string,
  property: string,
  prop: Record<string, unknown>,
  own: Record<string, unknown> | undefined,
): string[] {
  const declared = own?.unsigned === true || prop.unsigned === true;
  const dataType = own?.dataType;
  const at = `model ${model}, property ${property}`;
  if (!declared) return [];
  if (typeof dataType === 'string') {
    if (/unsigned/i.test(dataType)) return [];
    return [
      `${at}: unsigned is not read by the connector when mysql.dataType is set: the column is ` +
        `made signed ${dataType.toUpperCase()}; declare mysql.dataType ` +
        `'${dataType.toLowerCase()} unsigned' instead (without dataPrecision or dataLength, which ` +
        'the connector would write after UNSIGNED)',
    ];
  }
  if (prop.unsigned === true) return [];
  return [
    `${at}: mysql.unsigned is not read by the connector, which reads the property's own ` +
      'unsigned: the column is made signed; declare unsigned: true beside mysql',
  ];
}

/**
 * A property's own `charset` / `collation`, which the connector writes
 * only when it chooses the column type itself: with a `mysql.dataType`
 * (every property `lb4 discover` writes) it writes the type as declared,
 * without them, and every run finds the column up to date.
 */
function unreadCharset(
  model: string,
  property: string,
  prop: Record<string, unknown>,
  own: Record<string, unknown> | undefined,
): string[] {
  const dataType = own?.dataType;
  const declared = CHARSET_KEYS.filter(key => prop[key] !== undefined);
  if (typeof dataType !== 'string' || declared.length === 0) return [];
  const length = own?.dataLength ?? prop.length;
  const type =
    /\(/.test(dataType) || typeof length !== 'number'
      ? dataType.toLowerCase()
      : `${dataType.toLowerCase()}(${length})`;
  const clauses = [
    prop.charset !== undefined && `character set ${String(prop.charset)}`,
    prop.collation !== undefined && `collate ${String(prop.collation)}`,
  ].filter(Boolean);
  return [
    `model ${model}, property ${property}: ${declared.join(' and ')} ` +
      `${declared.length > 1 ? 'are' : 'is'} not read by the connector when mysql.dataType is set: ` +
      "the column keeps the character set and collation it has (a new one: the table's); " +
      `declare them in mysql.dataType instead: dataType: '${type} ${clauses.join(' ')}' ` +
      '(without dataLength or length, which the connector would write after it)',
  ];
}
