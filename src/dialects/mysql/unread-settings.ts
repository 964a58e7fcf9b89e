import type {AttachedModel} from '../../juggler';
import {mysqlUnreadSizes} from './unread-sizes';

const CHARSET_KEYS = ['charset', 'collation'] as const;

/**
 * Character sets and collations declared where loopback-connector-mysql
 * never reads them: it writes a column's from the property's own `charset`
 * and `collation`, not from its `mysql` object, and writes no table
 * character set or collation at all (`settings.mysql.charset` /
 * `collation`): the table and its columns get the database's defaults, and
 * every run finds them up to date. Also number sizes it never reads (see
 * `mysqlUnreadSizes`).
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
    const own = prop.mysql as Record<string, unknown> | undefined;
    for (const key of CHARSET_KEYS) {
      if (own?.[key] === undefined || prop[key] !== undefined) continue;
      warnings.push(
        `model ${model}, property ${property}: mysql.${key} is not read by the connector, ` +
          `which reads the property's own ${key}; declare ${key}: ${JSON.stringify(own[key])} ` +
          'beside mysql',
      );
    }
  }
  return warnings;
}
