import type {AttachedModel} from '../juggler';
import {closestName} from './misspelt-settings';

/** The type names juggler knows (`ModelBuilder.schemaTypes`), as written. */
const TYPES = [
  'string',
  'number',
  'boolean',
  'date',
  'buffer',
  'binary',
  'object',
  'array',
  'any',
  'geopoint',
  'text',
  'json',
  'DateString',
];

/** A type juggler could not resolve: the placeholder model it made. */
interface Placeholder {
  readonly modelName?: string;
  readonly settings?: {readonly unresolved?: boolean};
}

/**
 * Warnings for properties whose type names neither a type LoopBack knows
 * nor a model (`type: 'strin'`, `'numbr'`): juggler makes a placeholder
 * model of that name, and the connector a column for an untyped value
 * (TEXT) in silence, stock too. A name close to a type or to a model of
 * the datasource is named; for a TypeScript union written as a type name
 * (`type: 'number | undefined'`, which `lb4 relation` writes for the keys
 * of a hasMany, hasManyThrough or hasOne relation), the type it holds.
 */
export function unresolvedTypeWarnings(
  model: string,
  definition: AttachedModel | undefined,
  models: readonly string[],
): string[] {
  if (!definition) return [];
  const warnings: string[] = [];
  for (const [name, value] of Object.entries(definition.properties)) {
    const type = (value as {type?: unknown} | undefined)?.type;
    const unresolved = unresolvedName(type);
    if (unresolved === undefined) continue;
    const member = unionMember(unresolved);
    const meant = member
      ? undefined
      : closestName(unresolved, [...TYPES, ...models]);
    const why = member
      ? ` (a TypeScript union written as a type name, as \`lb4 relation\` writes a ` +
        `hasMany, hasManyThrough or hasOne key: declare type: '${member}')`
      : meant
        ? ` (did you mean ${meant}?)`
        : '';
    warnings.push(
      `model ${model}, property ${name}: type ${unresolved} is no type LoopBack ` +
        `knows and no model it found${why}; ` +
        'the connector makes its column as for an untyped value (TEXT, unless the ' +
        'property names its dataType)',
    );
  }
  return warnings;
}

function unresolvedName(type: unknown): string | undefined {
  if (typeof type !== 'function') return undefined;
  const placeholder = type as Placeholder;
  return placeholder.settings?.unresolved === true
    ? (placeholder.modelName ?? type.name)
    : undefined;
}

/**
 * The one type LoopBack knows of a TypeScript union written as a type name
 * (`'number | undefined'`, `'string | null'`), `null` and `undefined` left
 * out; `undefined` for any other name.
 */
function unionMember(name: string): string | undefined {
  if (!name.includes('|')) return undefined;
  const members = name
    .split('|')
    .map(part => part.trim())
    .filter(part => part !== 'undefined' && part !== 'null');
  if (members.length !== 1) return undefined;
  return TYPES.find(type => type.toLowerCase() === members[0].toLowerCase());
}
