import {foreignKeyEntity, type AttachedModel} from '../juggler';

/** A foreign key of a model, as declared in `settings.foreignKeys`. */
export interface DeclaredForeignKey {
  readonly model: string;
  /** Its key in `settings.foreignKeys`. */
  readonly key: string;
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
    const entity = foreignKeyEntity(fk);
    return entity
      ? [{model, key: name, name: fk.name ?? name, target: entity}]
      : [];
  });
}

/**
 * The foreign keys a model declares to models not attached beside it (a
 * model moved to another datasource): no database enforces those.
 */
export function foreignKeysElsewhere(
  model: string,
  definitions: Readonly<Record<string, AttachedModel>>,
): DeclaredForeignKey[] {
  return declaredForeignKeys(model, definitions[model]).filter(
    fk => !(fk.target in definitions),
  );
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
  const position = new Map(models.map((model, at) => [model, at]));
  // Kahn's algorithm, taking the first ready model in the given order each
  // time (a heap of positions): linear-logarithmic, not quadratic.
  const waitingFor = models.map(() => 0);
  const dependants = models.map((): number[] => []);
  models.forEach((model, at) => {
    const targets = new Set(
      declaredForeignKeys(model, definitions[model])
        .map(fk => position.get(fk.target))
        .filter((target): target is number => target !== undefined),
    );
    targets.delete(at);
    waitingFor[at] = targets.size;
    for (const target of targets) dependants[target].push(at);
  });
  const ready = new MinHeap(
    models.flatMap((_, at) => (waitingFor[at] === 0 ? [at] : [])),
  );
  const ordered: string[] = [];
  const placed = new Set<number>();
  for (let at = ready.pop(); at !== undefined; at = ready.pop()) {
    ordered.push(models[at]);
    placed.add(at);
    for (const dependant of dependants[at]) {
      if (--waitingFor[dependant] === 0) ready.push(dependant);
    }
  }
  return [...ordered, ...models.filter((_, at) => !placed.has(at))];
}

/** The smallest number first. */
class MinHeap {
  private readonly items: number[] = [];

  constructor(initial: readonly number[]) {
    for (const item of initial) this.push(item);
  }

  push(item: number): void {
    const items = this.items;
    items.push(item);
    for (let i = items.length - 1; i > 0;) {
      const parent = (i - 1) >> 1;
      if (items[parent] <= items[i]) break;
      [items[parent], items[i]] = [items[i], items[parent]];
      i = parent;
    }
  }

  pop(): number | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last !== undefined) {
      items[0] = last;
      for (let i = 0; ;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let min = i;
        if (l < items.length && items[l] < items[min]) min = l;
        if (r < items.length && items[r] < items[min]) min = r;
        if (min === i) break;
        [items[min], items[i]] = [items[i], items[min]];
        i = min;
      }
    }
    return top;
  }
}
