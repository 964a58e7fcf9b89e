import type {AttachedModel} from '../juggler';
import {closestName} from './misspelt-settings';
import {foreignKeysElsewhere} from './model-order';

/**
 * Warnings for the foreign keys `models` declare to models not attached to
 * the datasource: the plan makes none of them (a database cannot enforce a
 * key across datasources); a target close to an attached model's name is
 * likely a typo, and named.
 */
export function foreignKeyWarnings(
  dataSource: string,
  models: readonly string[],
  definitions: Readonly<Record<string, AttachedModel>>,
  statements: readonly string[],
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
      const typo = meant(fk.target);
      return (
        `model ${model} declares foreign key "${fk.name}" to model ${fk.target}${typo}, ` +
        `which is not attached to datasource "${dataSource}": the constraint is not created` +
        (dropped(fk.name)
          ? ', and the one of that name in the table is dropped'
          : '') +
        ' (a database cannot enforce a foreign key across datasources' +
        (typo ? ')' : `${sameDatabaseHint(dataSource)})`)
      );
    }),
  );
}

/**
 * How to have a key to a model that another datasource of the app, on the
 * same database, has: `@loopback/authentication-jwt`'s `User` is on its
 * `jwtdb`, which its README binds to the app's own datasource class (a
 * second juggler datasource on the same database).
 */
function sameDatabaseHint(dataSource: string): string {
  return (
    '; where that model is on another datasource of this database, as ' +
    "@loopback/authentication-jwt's User on jwtdb, bind that datasource as an alias of " +
    `this one (this.bind('datasources.jwtdb').toAlias('datasources.${dataSource}')) ` +
    'and both models are on one datasource'
  );
}
