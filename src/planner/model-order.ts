import type {AttachedModel} from '../juggler';

/** A foreign key of a model, as declared in `settings.foreignKeys`. */
export interface DeclaredForeignKey {
  readonly model: string;
  readonly name: string;
  readonly target: string;
}

/** The foreign keys a model declares, with their target model names. */
export function declaredForeignKeys(
  model: string,
  definition: AttachedModel | undefined,
): DeclaredForeignKey[] {
  const keys = definition?.settings.foreignKeys ?? {};
  return Object.entries(keys).flatMap(([name, fk]) => {
    const entity = typeof fk.entity === 'object' ? fk.entity?.name : fk.entity;
    return entity ? [{model, name: fk.name ?? name, target: entity}] : [];
  });
}

/**
 * Order models so that every model comes after the models its foreign keys
 * point at (Kahn's algorithm, stable: ties keep the given order). Models in a
 * cycle keep their given order after the rest; that is safe because foreign
 * keys are added only after every table exists.
 */
export function orderByForeignKeys(
  models: readonly string[],
  definitions: Readonly<Record<string, AttachedModel>>,
): string[] {
  const selected = new Set(models);
  const dependsOn = new Map<string, Set<string>>();
  for (const model of models) {
    const targets = declaredForeignKeys(model, definitions[model])
      .map(fk => fk.target)
      .filter(target => target !== model && selected.has(target));
    dependsOn.set(model, new Set(targets));
  }
  const ordered: string[] = [];
  const placed = new Set<string>();
  let progress = true;
  while (progress) {
    progress = false;
    for (const model of models) {
      if (placed.has(model)) continue;
      const ready = [...dependsOn.get(model)!].every(dep => placed.has(dep));
      if (ready) {
        ordered.push(model);
        placed.add(model);
        progress = true;
        break;
      }
    }
  }
  return [...ordered, ...models.filter(model => !placed.has(model))];
}
