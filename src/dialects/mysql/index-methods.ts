import {InvalidModelError} from '../../errors';
import type {JugglerConnector} from '../../juggler';

/** The access methods an index takes (`USING ...`), as MySQL and MariaDB name them. */
const TYPES = ['BTREE', 'HASH', 'RTREE'];
/** The kinds of index (`<kind> INDEX`); none is a plain index. */
const KINDS = ['', 'UNIQUE', 'FULLTEXT', 'SPATIAL'];

/**
 * Refuse an index whose `type` (its access method) or `kind` MySQL and
 * MariaDB do not have, before any change: the connector writes both as
 * they are (`USING gin`, `unique_key INDEX`), which the server refuses with
 * a syntax error after the run's earlier statements. A `type` of
 * PostgreSQL's (`gin`, `gist`, `brin`) is natural in a model shared with
 * it. Property indexes (`index: {type}`) and `settings.indexes` alike.
 */
export function checkMysqlIndexMethods(
  connector: JugglerConnector,
  model: string,
): void {
  const definition = connector._models?.[model];
  const declared: [string, unknown][] = [
    ...Object.entries(definition?.properties ?? {}).map(
      ([property, value]): [string, unknown] => [
        `property ${property}, index`,
        (value as {index?: unknown} | undefined)?.index,
      ],
    ),
    ...Object.entries(
      (definition?.settings.indexes ?? {}) as Record<string, unknown>,
    ).map(([name, index]): [string, unknown] => [`index "${name}"`, index]),
  ];
  for (const [where, index] of declared) {
    if (typeof index !== 'object' || index === null) continue;
    const {type, kind} = index as {type?: unknown; kind?: unknown};
    const problem =
      unknownValue('type', type, TYPES, "PostgreSQL's gin, gist or brin") ??
      unknownValue('kind', kind, KINDS, 'an index is plain without one');
    if (!problem) continue;
    throw new InvalidModelError(`model ${model}, ${where}: ${problem}`, model);
  }
}

/** What is wrong with a `type` or `kind`, if anything. */
function unknownValue(
  setting: string,
  value: unknown,
  known: readonly string[],
  note: string,
): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' && known.includes(value.toUpperCase())) {
    return undefined;
  }
  const named = known.filter(Boolean);
  return (
    `${setting} ${JSON.stringify(value)} is none MySQL and MariaDB have (${note}); ` +
    `the connector writes it as it is, which the server refuses mid-run. Declare one of ` +
    `${named.map(k => `'${k}'`).join(', ')} (any case), or leave ${setting} out.`
  );
}
