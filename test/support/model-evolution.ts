import type {PropertyDefinition} from '@loopback/repository';
import type {ModelSpec} from './app-builder';
import type {DatabaseKind} from './databases';

/**
 * Models that change step by step as a team changes them over weeks, drawn
 * from a seeded generator: the same seed gives the same models and changes
 * on every run. Index keys follow their properties (a removed or renamed
 * property takes its indexes with it), as a careful user writes them.
 */
/** A model as the generator changes it. */
interface Evolving {
  name: string;
  properties: Record<string, PropertyDefinition>;
  settings: {
    indexes?: Record<string, {keys: Record<string, number>; options?: object}>;
    foreignKeys?: Record<string, object>;
  };
}

export class ModelEvolution {
  private readonly models: Evolving[] = [];
  private state: number;
  private made = 0;

  constructor(
    seed: number,
    private readonly kind: DatabaseKind,
  ) {
    this.state = seed * 7919 || 1;
    const count = 1 + this.below(3);
    for (let i = 0; i < count; i++) this.models.push(this.model());
    if (this.chance(0.6)) this.addForeignKey();
  }

  /** A deep copy of the models, for an app (connectors change settings). */
  snapshot(): ModelSpec[] {
    return JSON.parse(JSON.stringify(this.models)) as ModelSpec[];
  }

  /** Go back to models taken by {@link snapshot} (a change that was refused). */
  restore(models: readonly ModelSpec[]): void {
    const copy = JSON.parse(JSON.stringify(models)) as Evolving[];
    this.models.splice(0, this.models.length, ...copy);
  }

  /** Change one model as a team would; returns what was done. */
  change(): string {
    const model = this.pick(this.models);
    const names = Object.keys(model.properties).filter(
      n => n !== 'id' && !n.startsWith('ref'),
    );
    const op = this.pick([
      'add',
      'add',
      'remove',
      'retype',
      'required',
      'index',
      'length',
      'model',
      'foreign-key',
      'unique',
      'default',
    ]);
    if (op === 'add' || names.length === 0) {
      model.properties[`p${this.made++}`] = this.property();
      return `add a property to ${model.name}`;
    }
    const name = this.pick(names);
    const p = model.properties[name] as PropertyDefinition &
      Record<string, unknown>;
    switch (op) {
      case 'remove':
        delete model.properties[name];
        this.dropIndexesOf(model, name);
        break;
      case 'retype':
        model.properties[name] = this.property(
          p.type === 'string' ? 'number' : undefined,
        );
        this.dropIndexesOf(model, name);
        break;
      case 'required':
        p.required = !p.required;
        break;
      case 'index':
        p.index = !p.index;
        break;
      case 'length':
        if (p.type === 'string') p.length = this.pick([5, 30, 300, 2000]);
        break;
      case 'model':
        this.models.push(this.model());
        break;
      case 'foreign-key':
        this.addForeignKey();
        break;
      case 'unique':
        if (p.type === 'string' || p.type === 'number') {
          model.settings.indexes = {
            ...model.settings.indexes,
            [`ux_${model.name}_${name}`]: {
              keys: {[name]: 1},
              options: {unique: true},
            },
          };
        }
        break;
      case 'default':
        if (p.type === 'string') p.default = this.pick(['a', 'zz']);
        if (p.type === 'number') p.default = this.pick([3, 7]);
        if (p.type === 'boolean') p.default = this.chance(0.5);
        break;
    }
    return `${op} ${model.name}.${name}`;
  }

  /** A row's values for a model, some left out, some odd. */
  row(spec: ModelSpec): Record<string, unknown> {
    const row: Record<string, unknown> = {};
    for (const [name, p] of Object.entries(spec.properties)) {
      if (name === 'id' || name.startsWith('ref')) continue;
      if (!p.required && this.chance(0.3)) continue;
      row[name] = this.value(p as PropertyDefinition);
    }
    return row;
  }

  private value(p: PropertyDefinition): unknown {
    const settings = p[this.kind] as {dataType?: string} | undefined;
    switch (p.type) {
      case 'string':
        return this.pick(['12', '7', '12', 'abc', 'x'.repeat(40)]).slice(
          0,
          (p.length as number | undefined) ?? 1000,
        );
      case 'number':
        return /real|double|float|numeric|decimal/.test(
          settings?.dataType ?? '',
        )
          ? this.pick([1.5, -3, 123.25])
          : this.pick([7, 0, -1, 300, 70000]);
      case 'boolean':
        return true;
      case 'date':
        return new Date('2024-01-02T03:04:05Z');
      default:
        return {a: 1};
    }
  }

  private model(): Evolving {
    const properties: Record<string, PropertyDefinition> = {
      id: {type: 'number', id: true, generated: true},
    };
    const count = 1 + this.below(4);
    for (let i = 0; i < count; i++) {
      properties[`p${this.made++}`] = this.property();
    }
    return {name: `M${this.made++}`, properties, settings: {}};
  }

  private property(as?: string): PropertyDefinition {
    const type =
      as ?? this.pick(['string', 'string', 'number', 'boolean', 'date']);
    const p: PropertyDefinition & Record<string, unknown> = {type};
    if (type === 'string' && this.chance(0.4)) {
      p.length = this.pick([10, 40, 255, 1000]);
      if (this.chance(0.3)) p.index = true;
    }
    if (type === 'number' && this.chance(0.4)) {
      const numeric = this.pick(['int', 'bigint', 'decimal', 'double']);
      p[this.kind] =
        numeric === 'decimal'
          ? {dataType: 'decimal', dataPrecision: 12, dataScale: 2}
          : {
              dataType:
                this.kind === 'postgresql' && numeric === 'double'
                  ? 'double precision'
                  : numeric === 'int' && this.kind === 'postgresql'
                    ? 'integer'
                    : numeric,
            };
    }
    if (type !== 'date' && this.chance(0.3)) {
      p.default =
        type === 'string' ? 'x' : type === 'number' ? 42 : this.chance(0.5);
    }
    if (this.chance(0.25)) p.required = true;
    if (this.chance(0.15)) p.index = true;
    return p;
  }

  private addForeignKey(): void {
    if (this.models.length < 2) return;
    const from = this.pick(this.models);
    const to = this.pick(this.models.filter(m => m !== from));
    const property = `ref${to.name}Id`;
    if (from.properties[property]) return;
    from.properties[property] = {type: 'number'};
    const name = `fk_${from.name}_${to.name}`;
    from.settings.foreignKeys = {
      ...from.settings.foreignKeys,
      [name]: {name, entity: to.name, entityKey: 'id', foreignKey: property},
    };
  }

  private dropIndexesOf(model: Evolving, property: string): void {
    const indexes = model.settings.indexes ?? {};
    for (const [name, index] of Object.entries(indexes)) {
      if (property in index.keys) delete indexes[name];
    }
  }

  /** xorshift32: small, and the same numbers on every machine. */
  private next(): number {
    let s = this.state;
    s ^= s << 13;
    s >>>= 0;
    s ^= s >> 17;
    s ^= s << 5;
    s >>>= 0;
    this.state = s;
    return s / 4294967296;
  }

  private below(n: number): number {
    return Math.floor(this.next() * n);
  }

  private chance(p: number): boolean {
    return this.next() < p;
  }

  private pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)];
  }
}
