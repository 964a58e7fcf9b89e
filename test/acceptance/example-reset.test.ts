import {expect} from '@loopback/testlab';
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {lockDataDir} from '../../examples/todo/src/data-dir-lock';
import {DEFAULT_EMBEDDED_DATA_DIR} from '../../examples/todo/src/database';

/** The repository root (this file runs from dist/test/acceptance). */
const ROOT = path.resolve(__dirname, '../../..');

describe('npm run example:reset', () => {
  it('refuses to delete the data a running example uses, naming it', function () {
    let release: () => void;
    try {
      // Stands for `npm run example:start` serving: this process holds it.
      release = lockDataDir(DEFAULT_EMBEDDED_DATA_DIR);
    } catch (err) {
      // A real one is running: leave its data alone.
      console.log(`    (skipped: ${(err as Error).message})`);
      this.skip();
    }
    try {
      const run = spawnSync('npm', ['run', '--silent', 'example:reset'], {
        cwd: ROOT,
        encoding: 'utf8',
      });
      expect(run.status).to.equal(1);
      expect(run.stderr).to.match(
        new RegExp(
          `is in use by process ${process.pid}: stop that process first`,
        ),
      );
      expect(fs.existsSync(`${DEFAULT_EMBEDDED_DATA_DIR}.lock`)).to.be.true();
    } finally {
      release();
    }
  });
});
