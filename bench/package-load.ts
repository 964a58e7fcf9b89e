import {execFile} from 'node:child_process';
import {join} from 'node:path';
import {promisify} from 'node:util';

/** Fresh processes that load the package, one after the other. */
export const LOAD_RUNS = 15;

/** What loading the package costs a process's start. */
export interface PackageLoad {
  /** Each process's time to load the entry point, ms, in run order. */
  readonly ms: readonly number[];
  /** The package's compiled modules loaded with its entry point. */
  readonly modules: number;
}

/** Load the package in {@link LOAD_RUNS} fresh processes (`bench/load-child`). */
export async function measurePackageLoad(): Promise<PackageLoad> {
  const ms: number[] = [];
  let modules = 0;
  for (let run = 0; run < LOAD_RUNS; run++) {
    const {stdout} = await promisify(execFile)(process.execPath, [
      '--no-deprecation',
      join(__dirname, 'load-child.js'),
    ]);
    const measured = JSON.parse(stdout) as {ms: number; modules: number};
    ms.push(measured.ms);
    modules = measured.modules;
  }
  return {ms, modules};
}
