/**
 * `statement 2`, `statements 1-3`, `statements 1-2, 4`: 0-based positions,
 * in order, as the header's 1-based numbers, runs of them as ranges.
 */
export function statementNumbers(indexes: readonly number[]): string {
  const runs: string[] = [];
  let start = 0;
  for (let i = 1; i <= indexes.length; i++) {
    if (i < indexes.length && indexes[i] === indexes[i - 1] + 1) continue;
    const from = indexes[start] + 1;
    const to = indexes[i - 1] + 1;
    runs.push(from === to ? `${from}` : `${from}-${to}`);
    start = i;
  }
  return `${indexes.length === 1 ? 'statement' : 'statements'} ${runs.join(', ')}`;
}
