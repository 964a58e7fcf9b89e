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
 * the datasource is named.
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
    const meant = closestName(unresolved, [...TYPES, ...models]);
    warnings.push(
      `model ${model}, property ${name}: type ${unresolved} is no type LoopBack ` +
        `knows and no model it found${meant ? ` (did you mean ${meant}?)` : ''}; ` +
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
