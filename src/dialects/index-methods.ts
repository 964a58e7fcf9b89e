import {InvalidModelError} from '../errors';
import type {JugglerConnector} from '../juggler';

/** The index access methods and kinds a database has, and what to say of others. */
export interface IndexMethods {
  /** The database, in messages ("MySQL and MariaDB"). */
  readonly database: string;
  /**
   * The access methods (`USING ...`) it has, in upper case; `undefined`:
   * not judged (PostgreSQL's extensions add their own: pgvector's `hnsw`).
   */
  readonly types?: readonly string[];
  /** What else a model may mean by a `type` it does not have. */
  readonly typeNote?: string;
  /** The kinds of index (`<kind> INDEX`) it has, in upper case; `''` is a plain one. */
  readonly kinds: readonly string[];
  /** What else a model may mean by a `kind` it does not have. */
  readonly kindNote: string;
  /** Indexes another check judges (and words better): not judged here. */
  readonly judgedElsewhere?: (index: object) => boolean;
}

/**
 * Refuse an index whose `type` (its access method) or `kind` the database
 * does not have, before any change: both connectors write them as they are
 * (`USING gin` on MySQL, `CREATE FULLTEXT INDEX` on PostgreSQL), which the
 * server refuses with a syntax error, on MySQL after the run's earlier
 * statements. A model shared by both databases declares such things
 * naturally. Property indexes (`index: {type}`) and `settings.indexes`
 * alike.
 */
export function checkIndexMethods(
  connector: JugglerConnector,
  model: string,
  methods: IndexMethods,
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
    if (methods.judgedElsewhere?.(index)) continue;
    const {type, kind} = index as {type?: unknown; kind?: unknown};
    const problem =
      (methods.types && unknownValue('type', type, methods.types, methods)) ??
      unknownValue('kind', kind, methods.kinds, methods);
    if (!problem) continue;
    throw new InvalidModelError(`model ${model}, ${where}: ${problem}`, model);
  }
}

/** What is wrong with a `type` or `kind`, if anything. */
function unknownValue(
  setting: 'type' | 'kind',
  value: unknown,
  known: readonly string[],
  methods: IndexMethods,
): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' && known.includes(value.toUpperCase())) {
    return undefined;
  }
  const named = known.filter(Boolean);
  const note = setting === 'type' ? methods.typeNote : methods.kindNote;
  return (
    `${setting} ${JSON.stringify(value)} is none ${methods.database} ${methods.database.includes(' and ') ? 'have' : 'has'}` +
    `${note ? ` (${note})` : ''}; the connector writes it as it is, which the server ` +
    `refuses. Declare ${named.length > 1 ? 'one of ' : ''}${named.map(k => `'${k}'`).join(', ')} ` +
    `(any case), or leave ${setting} out.`
  );
}
