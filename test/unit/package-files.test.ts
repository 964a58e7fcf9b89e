import {expect} from '@loopback/testlab';
import {execFileSync} from 'node:child_process';
import {readFileSync} from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');

/** The files `npm pack` puts in the tarball, as paths from the package root. */
function packedFiles(): Set<string> {
  const output = execFileSync(
    'npm',
    ['pack', '--dry-run', '--json', '--ignore-scripts'],
    {cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']},
  );
  const [pack] = JSON.parse(output) as {files: {path: string}[]}[];
  return new Set(pack.files.map(f => f.path));
}

describe('the packed package', () => {
  it('holds the sources its source maps name: stacks through them show files that exist', () => {
    const files = packedFiles();
    const maps = [...files].filter(f => f.endsWith('.js.map'));
    expect(maps.length).to.be.above(0);
    const missing = maps.flatMap(map => {
      const {sources} = JSON.parse(
        readFileSync(path.join(ROOT, map), 'utf8'),
      ) as {sources: string[]};
      return sources
        .map(source => path.posix.join(path.posix.dirname(map), source))
        .filter(source => !files.has(source));
    });
    expect(missing).to.eql([]);
  });
});
