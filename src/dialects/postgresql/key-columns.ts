import {InvalidModelError} from '../../errors';
import {foreignKeyEntity, type JugglerConnector} from '../../juggler';

/**
 * Refuse a foreign key of `model` whose `foreignKey` names neither a
 * property nor a column of the model, or whose `entityKey` (a plain name)
 * names no column of the referenced model. The PostgreSQL connector writes
 * `foreignKey` quoted (a property name is mapped to its column) and
 * `entityKey` unquoted, which PostgreSQL folds to lower case: the plan
 * found nothing wrong, and the apply failed with "column ... referenced in
 * foreign key constraint does not exist". Keys to a model not on the
 * datasource are not created at all, and not checked.
 */
export function checkPgKeyColumns(
  connector: JugglerConnector,
  model: string,
): void {
  const models = connector._models ?? {};
  const keys = models[model]?.settings.foreignKeys ?? {};
  for (const [name, fk] of Object.entries(keys)) {
    const entity = foreignKeyEntity(fk);
    if (!entity || !models[entity]) continue;
    const problem =
      missing('foreignKey', fk.foreignKey, model, connector, n => n) ??
      (PLAIN_NAME.test(fk.entityKey ?? '')
        ? missing('entityKey', fk.entityKey, entity, connector, n =>
            n.toLowerCase(),
          )
        : undefined);
    if (problem) {
      throw new InvalidModelError(
        `model ${model}, foreign key "${name}": ${problem}. Name a property ` +
          'of the model (or its column) there.',
        model,
      );
    }
  }
}

/** A name PostgreSQL reads unquoted as one identifier. */
const PLAIN_NAME = /^[A-Za-z_][A-Za-z0-9_$]*$/;

/**
 * Why `name` (as the connector writes it: `asWritten`) is neither a
 * property nor a column of `model`; `undefined` when it is one.
 */
function missing(
  setting: string,
  name: string | undefined,
  model: string,
  connector: JugglerConnector,
  asWritten: (name: string) => string,
): string | undefined {
  if (name === undefined) return undefined;
  const properties = Object.keys(connector._models?.[model]?.properties ?? {});
  const columns = properties.map(p => connector.column?.(model, p) ?? p);
  const written = asWritten(name);
  if (properties.includes(name) || columns.includes(written)) return undefined;
  const near = properties.find(p => p.toLowerCase() === name.toLowerCase());
  return (
    `${setting} "${name}" is not a property or column of model ${model}` +
    (near ? ` (did you mean "${near}"?)` : '')
  );
}
