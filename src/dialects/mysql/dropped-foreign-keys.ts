import {quote} from './quote';

/**
 * A `DROP FOREIGN KEY` clause as the connector writes it: the name as the
 * catalog has it, pasted bare, up to the end of the clause (the connector
 * joins an `ALTER TABLE`'s clauses with `,\n` and writes these last).
 */
const BARE_DROP = /\bDROP FOREIGN KEY (?!`)(.+?)(?=,\n|\s*$)/g;

/**
 * Quote the names of the foreign keys the connector drops. It pastes them
 * bare: a name holding a space or a double quote, or a reserved word
 * (`fk owner`, `select`), made the statement a syntax error, and a key it
 * drops to add again unchanged (a settings key other than its name) was
 * never found the same, so the next run re-added a key that already
 * existed and was refused, run after run.
 */
export function quotesDroppedForeignKeys(captured: string): string {
  return captured.replace(
    BARE_DROP,
    (_, name: string) => `DROP FOREIGN KEY ${quote(name)}`,
  );
}
