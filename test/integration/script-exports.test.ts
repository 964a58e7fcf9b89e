import {juggler} from '@loopback/repository';
import {expect} from '@loopback/testlab';
import path from 'node:path';
import {migrateSchemaWithReport} from '../../src';
import {closeApp} from '../support/app-builder';
import {dropAllTables} from '../support/catalog';
import {describeEachDatabase} from '../support/databases';
import {
  BootedApp,
  scriptLog,
  writeProject,
  type WrittenProject,
} from '../support/migration-files';
import {ledgerVersions} from '../support/scripts';

const LIBRARY = JSON.stringify(path.resolve(__dirname, '../../src'));

/**
 * A compiled `*.migration.js` file: a script class decorated with this
 * package's `@migrationScript()`, exported by `exportLine`.
 */
function fileExporting(
  className: string,
  version: string,
  exportLine: string,
): string {
  return `'use strict';
class ${className} {
  constructor() { this.version = ${JSON.stringify(version)}; }
  async up() { (globalThis.migrationScriptLog ??= []).push(${JSON.stringify(className)}); }
}
require(${LIBRARY}).migrationScript()(${className});
${exportLine}
`;
}

describeEachDatabase('migration script files, however they export', db => {
  let project: WrittenProject;
  beforeEach(async () => {
    await dropAllTables(db());
    project = writeProject();
    scriptLog().length = 0;
  });
  afterEach(() => project.remove());

  it('runs a decorated class exported by name, as default, or as the module itself', async () => {
    project.write({
      'migrations/named.migration.js': fileExporting(
        'Named',
        '1.0.0',
        'exports.Named = Named;',
      ),
      'migrations/default.migration.js': fileExporting(
        'Default',
        '1.1.0',
        "Object.defineProperty(exports, '__esModule', {value: true});\nexports.default = Default;",
      ),
      // TypeScript's `export = Whole`.
      'migrations/whole.migration.js': fileExporting(
        'Whole',
        '1.2.0',
        'module.exports = Whole;',
      ),
    });
    const app = new BootedApp(project.dist);
    app.dataSource(
      new juggler.DataSource({name: 'db', ...db().dataSourceConfig}),
    );
    try {
      await app.boot();
      const report = await migrateSchemaWithReport(app);
      expect(report.scripts.map(s => [s.version, s.name, s.status])).to.eql([
        ['1.0.0', 'Named', 'applied'],
        ['1.1.0', 'Default', 'applied'],
        ['1.2.0', 'Whole', 'applied'],
      ]);
      expect(scriptLog()).to.eql(['Named', 'Default', 'Whole']);
      expect(await ledgerVersions(db())).to.eql(['1.0.0', '1.1.0', '1.2.0']);
    } finally {
      await closeApp(app);
    }
  });
});
