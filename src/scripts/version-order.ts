/**
 * The order of migration script versions: semver-aware where both versions
 * are semver, lexicographic otherwise, and total (a sort is stable and the
 * same on every machine).
 */

/** The parts of a semver 2.0.0 version. */
interface Semver {
  readonly core: readonly [string, string, string];
  /** Dot-separated pre-release identifiers; empty for a release. */
  readonly prerelease: readonly string[];
}

// https://semver.org/#is-there-a-suggested-regular-expression-regex-to-check-a-semver-string
const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

/** Whether a version is a semver 2.0.0 version (`1.2.3`, `2.0.0-rc.1`). */
export function isSemver(version: string): boolean {
  return SEMVER.test(version);
}

function parseSemver(version: string): Semver | undefined {
  const match = SEMVER.exec(version);
  if (!match) return undefined;
  return {
    core: [match[1], match[2], match[3]],
    prerelease: match[4] ? match[4].split('.') : [],
  };
}

/**
 * Compare two script versions, for `Array.prototype.sort`:
 *
 * - two semver versions compare by semver precedence (`1.9.0` < `1.10.0`,
 *   `2.0.0-rc.1` < `2.0.0`), then, for equal precedence (build metadata),
 *   as strings;
 * - a semver version comes before any other string;
 * - two other strings compare lexicographically (by UTF-16 code units, as
 *   `<` does): `001-init` < `002-seed`, `20240101` < `20240215`.
 */
export function compareVersions(a: string, b: string): number {
  const sa = parseSemver(a);
  const sb = parseSemver(b);
  if (sa && sb) return compareSemver(sa, sb) || compareStrings(a, b);
  if (sa) return -1;
  if (sb) return 1;
  return compareStrings(a, b);
}

function compareSemver(a: Semver, b: Semver): number {
  for (let i = 0; i < 3; i++) {
    const order = compareNumeric(a.core[i], b.core[i]);
    if (order !== 0) return order;
  }
  // A pre-release comes before its release.
  const aRelease = a.prerelease.length === 0;
  const bRelease = b.prerelease.length === 0;
  if (aRelease || bRelease)
    return aRelease === bRelease ? 0 : aRelease ? 1 : -1;
  const length = Math.max(a.prerelease.length, b.prerelease.length);
  for (let i = 0; i < length; i++) {
    const x = a.prerelease[i];
    const y = b.prerelease[i];
    // A shorter set of identifiers comes first when all before are equal.
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const order = comparePrereleaseIdentifier(x, y);
    if (order !== 0) return order;
  }
  return 0;
}

/** Numeric identifiers compare as numbers and come before alphanumeric ones. */
function comparePrereleaseIdentifier(x: string, y: string): number {
  const xNumeric = /^\d+$/.test(x);
  const yNumeric = /^\d+$/.test(y);
  if (xNumeric && yNumeric) return compareNumeric(x, y);
  if (xNumeric) return -1;
  if (yNumeric) return 1;
  return compareStrings(x, y);
}

/** Compare digit strings without leading zeros as numbers of any size. */
function compareNumeric(x: string, y: string): number {
  return x.length !== y.length ? x.length - y.length : compareStrings(x, y);
}

function compareStrings(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}
