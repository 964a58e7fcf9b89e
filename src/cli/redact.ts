/**
 * Remove secrets from text printed by the command line: the credentials of
 * connection URLs (`postgres://user:secret@host` → `postgres://***@host`)
 * and `password=...` settings (`password: 'x'` and JSON's `"password":"x"`
 * too). Also applied to everything this package's `debug` loggers print.
 */
export function redact(text: string): string {
  return text
    .replace(/([a-z][a-z0-9+.-]*:\/\/)[^\s/@]+@/gi, '$1***@')
    .replace(/(password["']?\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s,;}]+)/gi, '$1***');
}
