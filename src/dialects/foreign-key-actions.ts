import {InvalidModelError} from '../errors';
import type {JugglerConnector} from '../juggler';

/** What a foreign key does on a delete or an update, as SQL names it. */
const ACTIONS = ['RESTRICT', 'CASCADE', 'SET NULL', 'SET DEFAULT', 'NO ACTION'];

/**
 * Refuse a foreign key of `settings.foreignKeys` whose `onDelete` or
 * `onUpdate` is not one of the actions the database takes (any case).
 * The PostgreSQL connector makes anything else `NO ACTION`, in silence
 * (`'set_null'`, `'DELETE'`: the key never does what the model says); the
 * MySQL connector writes it as it is, which the server refuses after the
 * run's earlier statements, and throws on one that is not a string.
 * `unsupported` are the actions the database parses but refuses (InnoDB's
 * `SET DEFAULT`), with why; `anySpacing`: the connector writes the action
 * as it is, so the database reads its words however they are spaced
 * (`'set  null'`), where PostgreSQL's compares the text.
 */
export function checkForeignKeyActions(
  connector: JugglerConnector,
  model: string,
  {
    unsupported = {},
    anySpacing = false,
  }: {
    readonly unsupported?: Readonly<Record<string, string>>;
    readonly anySpacing?: boolean;
  } = {},
): void {
  const foreignKeys = connector._models?.[model]?.settings.foreignKeys ?? {};
  for (const [key, fk] of Object.entries(foreignKeys)) {
    for (const setting of ['onDelete', 'onUpdate'] as const) {
      const action: unknown = fk[setting];
      if (action === undefined || action === null || action === '') continue;
      const words =
        typeof action === 'string'
          ? anySpacing
            ? action.trim().replace(/\s+/g, ' ').toUpperCase()
            : action.toUpperCase()
          : undefined;
      const known = words !== undefined && ACTIONS.includes(words);
      const refused = known ? unsupported[words] : undefined;
      if (known && !refused) continue;
      const allowed = ACTIONS.filter(a => !unsupported[a]);
      throw new InvalidModelError(
        `model ${model}: foreign key "${key}" of settings.foreignKeys has ` +
          `${setting}: ${JSON.stringify(action)}, ` +
          (refused ?? 'which is no action the database takes') +
          `. Declare one of ${allowed.map(a => `'${a}'`).join(', ')} ` +
          `(any case), or leave ${setting} out.`,
        model,
      );
    }
  }
}
