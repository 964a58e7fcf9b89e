const ADD_FOREIGN_KEY =
  /^ADD\s+(CONSTRAINT\s[\s\S]*\bFOREIGN\s+KEY\b[\s\S]*)$/i;
const CREATE_TABLE_END = /\)\s*$/;

/**
 * `create` (a connector's `CREATE TABLE ... (...)` with nothing after its
 * closing parenthesis) with the foreign keys of `adds` (each a connector's
 * `ADD CONSTRAINT ... FOREIGN KEY ...` clause of an `ALTER TABLE`) written
 * word for word as table constraints after its other elements:
 * `CONSTRAINT <name> FOREIGN KEY (...) REFERENCES ...`. `undefined` when a
 * statement or clause is of another shape.
 */
export function withForeignKeysInline(
  create: string,
  adds: readonly string[],
): string | undefined {
  const body = create.trimEnd();
  if (!/^CREATE\s+TABLE\b/i.test(body) || !CREATE_TABLE_END.test(body)) {
    return undefined;
  }
  const constraints: string[] = [];
  for (const add of adds) {
    const constraint = ADD_FOREIGN_KEY.exec(add.trim());
    if (!constraint) return undefined;
    constraints.push(constraint[1].trim());
  }
  if (constraints.length === 0) return create;
  const head = body.slice(0, body.lastIndexOf(')')).trimEnd();
  return `${head},\n  ${constraints.join(',\n  ')}\n)`;
}
