import type {CliIo} from '../../src';

/** Streams for an in-process `runMigrationCli`, keeping what it printed. */
export interface CapturedIo extends CliIo {
  /** What went to stdout. */
  out(): string;
  /** What went to stderr. */
  err(): string;
}

/** Capture stdout and stderr, without colours and not on a terminal. */
export function captureIo(): CapturedIo {
  let out = '';
  let err = '';
  return {
    stdout: {write: (text: string) => (out += text)},
    stderr: {write: (text: string) => (err += text)},
    env: {NO_COLOR: '1'},
    out: () => out,
    err: () => err,
  };
}
