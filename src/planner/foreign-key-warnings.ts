import type {AttachedModel} from '../juggler';
import {closestName} from './misspelt-settings';
import {foreignKeysElsewhere} from './model-order';

/** Another datasource of the app a model is attached to. */
export interface ForeignHome {
  /** Its name, as bound: `jwtdb` for `datasources.jwtdb`. */
  readonly dataSource: string;
  /** Its binding key. */
  readonly bindingKey: string;
  /** Whether it names the same database as the datasource planned. */
  readonly sameDatabase: boolean;
}

/**
 * Warnings for the foreign keys `models` declare to models not attached to
 * the datasource: the plan makes none of them (a database cannot enforce a
 * key across datasources). Where the target is on another datasource of
 * the app (`homeOf`), the warning names it, and where that one names the
 * same database (`@loopback/authentication-jwt`'s `User` on its `jwtdb`,
 * bound to the app's datasource class) how to have the key; a target close
 * to an attached model's name is likely a typo, and named.
 */
export function foreignKeyWarnings(
  dataSource: {readonly name: string; readonly bindingKey: string},
  models: readonly string[],
  definitions: Readonly<Record<string, AttachedModel>>,
  statements: readonly string[],
  homeOf: (model: string) => ForeignHome | undefined,
): string[] {
  // Whether the plan drops a constraint of that name (the connector drops
  // one on a column the model has as a property, and leaves others).
  const dropped = (name: string) =>
    statements.some(
      sql =>
        /\bDROP\s+(?:CONSTRAINT|FOREIGN\s+KEY)\b/i.test(sql) &&
        sql.includes(name),
    );
  // A target one letter from a model of the datasource is likely a typo.
  const attached = Object.keys(definitions);
  const meant = (target: string) => {
    const close = closestName(target, attached);
    return close ? ` (did you mean ${close}?)` : '';
  };
  return models.flatMap(model =>
    foreignKeysElsewhere(model, definitions).map(fk => {
      const home = homeOf(fk.target);
      return (
        `model ${model} declares foreign key "${fk.name}" to model ${fk.target}` +
        (home ? '' : meant(fk.target)) +
        `, which is not attached to datasource "${dataSource.name}"` +
        (home ? ` but to "${home.dataSource}"` : '') +
        ': the constraint is not created' +
        (dropped(fk.name)
          ? ', and the one of that name in the table is dropped'
          : '') +
        (home?.sameDatabase
          ? `. "${home.dataSource}" names the same database: to have the key, put both ` +
            `models on one datasource, binding "${home.dataSource}" as an alias of this one ` +
            `(this.bind('${home.bindingKey}').toAlias('${dataSource.bindingKey}'), ` +
            `as for @loopback/authentication-jwt's jwtdb)`
          : ' (a database cannot enforce a foreign key across datasources)')
      );
    }),
  );
}
