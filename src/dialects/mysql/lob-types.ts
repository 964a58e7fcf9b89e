/**
 * Whether a column type (as written, `DATA_TYPE` or `COLUMN_TYPE`) is a
 * TEXT or BLOB (JSON is MariaDB's LONGTEXT): the server keys one only by a
 * prefix of it. An ENUM or SET holding the value `'text'` is none.
 */
export function isLob(type: string | undefined): boolean {
  return (
    type !== undefined &&
    /^\s*(?:tiny|medium|long)?(?:text|blob)\b|^\s*json\b/i.test(type)
  );
}
