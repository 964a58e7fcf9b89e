/**
 * Remove secrets from text printed by the command line: the credentials of
 * connection URLs (`postgres://user:secret@host` → `postgres://***@host`)
 * and `password=...` settings (`password: 'x'` and JSON's `"password":"x"`
 * too). Also applied to everything this package's `debug` loggers print.
 */
export function redact(text: string): string {
  return (
    text
      // Up to the authority's last `@`, as URL parsers read it: a password
      // may hold an unescaped `@` (`postgres://app:p@ss@db/x`).
      .replace(/([a-z][a-z0-9+.-]*:\/\/)[^\s/?#"]*@/gi, '$1***@')
      // A quoted value whole, escaped quotes in it included.
      .replace(
        /(password["']?\s*[=:]\s*)("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[^\s,;}]+)/gi,
        '$1***',
      )
  );
}
