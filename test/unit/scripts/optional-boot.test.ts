import {expect} from '@loopback/testlab';
import {execFileSync} from 'node:child_process';
import path from 'node:path';

// The package's entry point, compiled (this file runs from dist/test/unit/scripts).
const entry = path.resolve(__dirname, '../../../src/index.js');

// Runs `script` in a fresh Node process where `@loopback/boot` cannot be
// resolved, as in an app that has not installed that optional peer dependency.
function runWithoutBoot(script: string): string {
  const hideBoot = `
    const Module = require('node:module');
    const resolve = Module._resolveFilename;
    Module._resolveFilename = function (request, ...rest) {
      if (request === '@loopback/boot') {
        const err = new Error("Cannot find module '@loopback/boot'");
        err.code = 'MODULE_NOT_FOUND';
        throw err;
      }
      return resolve.call(this, request, ...rest);
    };`;
  return execFileSync(process.execPath, ['-e', `${hideBoot}\n${script}`], {
    encoding: 'utf8',
  });
}

describe('@loopback/boot is an optional peer dependency', () => {
  it('loads the package and plans a plain RepositoryMixin(Application) without it', () => {
    const out = runWithoutBoot(`
      const {SchemaMigrationMixin} = require(${JSON.stringify(entry)});
      const {Application} = require('@loopback/core');
      const {RepositoryMixin} = require('@loopback/repository');
      const App = SchemaMigrationMixin(RepositoryMixin(Application));
      new App().planSchemaMigration().then(
        report => console.log(JSON.stringify(report.dataSources)),
        err => { console.error(err); process.exit(1); },
      );`);
    expect(JSON.parse(out)).to.eql([]);
  });

  it('still exports MigrationScriptBooter where @loopback/boot is installed', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const api = require(entry) as {MigrationScriptBooter: unknown};
    expect(api.MigrationScriptBooter).to.be.a.Function();
    expect((api.MigrationScriptBooter as {name: string}).name).to.equal(
      'MigrationScriptBooter',
    );
  });
});
