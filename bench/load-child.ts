/**
 * One measurement of loading the package, in a fresh Node.js process:
 * `@loopback/repository` first (an app has loaded it before it imports
 * this package), then the package's entry point, timed alone. Prints
 * `{ms, modules}` as JSON: the time, and how many of the package's compiled
 * modules Node's module cache then holds.
 */
import '@loopback/repository';
import path from 'node:path';

async function main(): Promise<void> {
  const started = performance.now();
  await import('../src');
  const ms = performance.now() - started;
  const sources = path.resolve(__dirname, '../src') + path.sep;
  const modules = Object.keys(require.cache).filter(file =>
    file.startsWith(sources),
  ).length;
  process.stdout.write(JSON.stringify({ms, modules}) + '\n');
}

void main();
