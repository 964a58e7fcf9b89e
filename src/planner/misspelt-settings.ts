import type {AttachedModel} from '../juggler';

/** Settings objects of the other connectors, beside `mysql` and `postgresql`. */
const OTHER_CONNECTORS = [
  'cassandra',
  'cloudant',
  'db2',
  'dashdb',
  'memory',
  'mongodb',
  'mssql',
  'oracle',
  'redis',
  'sqlite3',
];

/** Model settings LoopBack, juggler and the SQL connectors read. */
const MODEL_SETTINGS = [
  'acls',
  'allowExtendedOperators',
  'base',
  'description',
  'excludeBaseProperties',
  'foreignKeys',
  'forceId',
  'hidden',
  'hiddenProperties',
  'http',
  'idInjection',
  'indexes',
  'methods',
  'mixins',
  'mysql',
  'name',
  'options',
  'plural',
  'postgresql',
  'properties',
  'protected',
  'relations',
  'remoting',
  'replaceOnPUT',
  'scope',
  'scopes',
  'strict',
  'strictDelete',
  'validateUpsert',
  'validations',
  ...OTHER_CONNECTORS,
];

/** Property settings LoopBack, juggler and the SQL connectors read. */
const PROPERTY_SETTINGS = [
  'columnName',
  'dataType',
  'default',
  'defaultFn',
  'description',
  'generated',
  'hidden',
  'index',
  'itemType',
  'jsonSchema',
  'length',
  'mysql',
  'nullable',
  'postgresql',
  'precision',
  'protected',
  'required',
  'scale',
  'type',
  'unique',
  'updateOnly',
  'useDefaultIdType',
  // Read by LoopBack's OpenAPI and TypeScript tools, not by the schema.
  'format',
  'items',
  'title',
  'tsType',
  ...OTHER_CONNECTORS,
];

/** Settings of a property's `mysql` / `postgresql` object. */
const COLUMN_SETTINGS = [
  'columnName',
  'dbDefault',
  'defaultFn',
  'extension',
  'dataLength',
  'dataPrecision',
  'dataScale',
  'dataType',
  'default',
  'nullable',
  'charset',
  'collation',
];

/** Settings of a model's `mysql` / `postgresql` object. */
const TABLE_SETTINGS = ['table', 'schema', 'engine', 'charset', 'collation'];

/**
 * How many edits away from a known setting a key may be to be named: short
 * words are close to many (`note` and `name`, `store` and `scope`), so a
 * key of 4 letters may only differ in case, one of 5 to 7 by one edit.
 */
function editsAllowed(key: string): number {
  return key.length >= 8 ? 2 : key.length >= 5 ? 1 : 0;
}

/** Keys shorter than this are not judged. */
const SHORTEST = 4;

/**
 * Warnings for a model's settings that are not what LoopBack or the SQL
 * connectors read but close to one that is (`indexs`, `foreignkeys`,
 * `requried`, `postgres`, `postgresql.columName`): such a setting is left
 * out in silence, so the schema lacks what the model means (stock too).
 * Only keys one or two letters (or their case) away from a known one are
 * named: an app's own settings are not judged.
 */
export function misspeltSettingsWarnings(
  model: string,
  definition: AttachedModel | undefined,
): string[] {
  if (!definition) return [];
  const warnings: string[] = [];
  const say = (where: string, key: string, known: string) =>
    warnings.push(
      `model ${model}${where}: ${key} is no setting LoopBack or the connector reads ` +
        `(did you mean ${known}?); it is left out of the schema`,
    );
  const settings = definition.settings as Record<string, unknown>;
  for (const [key, known] of misspelt(settings, MODEL_SETTINGS)) {
    say(', settings', key, known);
  }
  for (const connector of ['mysql', 'postgresql']) {
    const own = objectAt(settings, connector);
    for (const [key, known] of misspelt(own, TABLE_SETTINGS)) {
      say(`, settings.${connector}`, key, known);
    }
  }
  for (const [name, value] of Object.entries(definition.properties)) {
    const property = value as Record<string, unknown> | undefined;
    for (const [key, known] of misspelt(property, PROPERTY_SETTINGS)) {
      say(`, property ${name}`, key, known);
    }
    for (const connector of ['mysql', 'postgresql']) {
      const own = objectAt(property, connector);
      for (const [key, known] of misspelt(own, COLUMN_SETTINGS)) {
        say(`, property ${name}, ${connector}`, key, known);
      }
    }
  }
  return warnings;
}

function objectAt(
  value: Record<string, unknown> | undefined,
  key: string,
): Record<string, unknown> | undefined {
  const found = value?.[key];
  return typeof found === 'object' && found !== null && !Array.isArray(found)
    ? (found as Record<string, unknown>)
    : undefined;
}

/** Each unknown key of `value` close to a known one, with that one. */
function misspelt(
  value: Record<string, unknown> | undefined,
  known: readonly string[],
): [string, string][] {
  if (!value) return [];
  const found: [string, string][] = [];
  for (const key of Object.keys(value)) {
    if (known.includes(key)) continue;
    const close = closestName(key, known);
    if (close) found.push([key, close]);
  }
  return found;
}

/**
 * The name of `known` that `name` likely misspells (one or two letters or
 * their case away, by its length), if one is.
 */
export function closestName(
  name: string,
  known: readonly string[],
): string | undefined {
  if (name.length < SHORTEST) return undefined;
  return known.find(
    k =>
      editDistance(name.toLowerCase(), k.toLowerCase()) <= editsAllowed(name),
  );
}

/** How many edits (insert, delete, replace, swap) two words are apart; 3 for more. */
function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let previous = Array.from({length: b.length + 1}, (_, j) => j);
  let before: number[] = [];
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(
        previous[j] + 1,
        row[j - 1] + 1,
        previous[j - 1] + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, before[j - 2] + 1);
      }
      row.push(best);
    }
    before = previous;
    previous = row;
  }
  return Math.min(previous[b.length], 3);
}
