import {expect} from '@loopback/testlab';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {lockDataDir} from '../../../examples/todo/src/data-dir-lock';
import {resetEmbeddedData} from '../../../examples/todo/src/reset';

describe('lockDataDir (the todo example)', () => {
  let dir: string;
  let dataDir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lsm-lock-'));
    dataDir = path.join(dir, 'postgres');
  });
  afterEach(() => fs.rmSync(dir, {recursive: true, force: true}));

  it('writes <dataDir>.lock with its pid, and release removes it', () => {
    const release = lockDataDir(dataDir);
    expect(fs.readFileSync(`${dataDir}.lock`, 'utf8')).to.equal(
      String(process.pid),
    );
    release();
    expect(fs.existsSync(`${dataDir}.lock`)).to.be.false();
  });

  it('refuses a directory a running process holds, naming it', () => {
    const release = lockDataDir(dataDir);
    try {
      expect(() => lockDataDir(dataDir)).to.throw(
        new RegExp(`in use by process ${process.pid}: stop that process first`),
      );
    } finally {
      release();
    }
  });

  it('takes over the lock of a process that is gone', () => {
    // pid_max on Linux is at most 2^22: this pid cannot be running.
    fs.writeFileSync(`${dataDir}.lock`, String(2 ** 22 + 1));
    const release = lockDataDir(dataDir);
    expect(fs.readFileSync(`${dataDir}.lock`, 'utf8')).to.equal(
      String(process.pid),
    );
    release();
  });
});

describe('resetEmbeddedData (npm run example:reset)', () => {
  let dir: string;
  let dataDir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lsm-reset-'));
    dataDir = path.join(dir, '.data', 'postgres');
    fs.mkdirSync(dataDir, {recursive: true});
  });
  afterEach(() => fs.rmSync(dir, {recursive: true, force: true}));

  it('deletes the folder of the data directory when no process uses it', () => {
    resetEmbeddedData(dataDir);
    expect(fs.existsSync(path.join(dir, '.data'))).to.be.false();
  });

  it('deletes nothing while a running process holds the directory', () => {
    const release = lockDataDir(dataDir);
    try {
      expect(() => resetEmbeddedData(dataDir)).to.throw(/in use by process/);
      expect(fs.existsSync(dataDir)).to.be.true();
    } finally {
      release();
    }
  });
});
