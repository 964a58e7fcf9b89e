/**
 * Remove secrets from text printed by the command line: the credentials of
 * connection URLs (`postgres://user:secret@host` → `postgres://***@host`)
 * and `password=...` settings (`password: 'x'` and JSON's `"password":"x"`
 * too). MySQL's `(using password: YES)` says whether a password was sent,
 * not which: it is kept. Also applied to everything this package's `debug`
 * loggers print.
 */
export function redact(text: string): string {
  return (
    text
      // Up to the authority's last `@`, as URL parsers read it: a password
      // may hold an unescaped `@` (`postgres://app:p@ss@db/x`).
      .replace(/([a-z][a-z0-9+.-]*:\/\/)[^\s/?#"]*@/gi, '$1***@')
      // A quoted value whole, escaped quotes in it included.
      .replace(
        /((?<!using )password["']?\s*[=:]\s*)("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[^\s,;}]+)/gi,
        '$1***',
      )
  );
}

/**
 * `value` as `--json` prints it (indented JSON), every string in it
 * redacted before it is encoded and the string value of every key ending in
 * `password` masked, so that the output stays JSON that parses (redacting
 * the encoded text would cut through its quotes and escapes).
 */
export function redactedJson(value: unknown): string {
  return JSON.stringify(
    value,
    (key, item: unknown) =>
      typeof item !== 'string'
        ? item
        : /password$/i.test(key)
          ? '***'
          : redact(item),
    2,
  );
}
