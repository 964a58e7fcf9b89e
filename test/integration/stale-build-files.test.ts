import {juggler} from '@loopback/repository';
import {expect} from '@loopback/testlab';
import {mkdirSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {migrateSchemaWithReport, type SchemaMigrationReport} from '../../src';
import {closeApp} from '../support/app-builder';
import {modelFile, repositoryFile} from '../support/compiled-app-files';
import {dropAllTables, tables} from '../support/catalog';
import {describeEachDatabase} from '../support/databases';
import {
  BootedApp,
  sourceMap,
  writeProject,
  type WrittenProject,
} from '../support/migration-files';

describeEachDatabase(
  'compiled models and repositories whose source was deleted',
  db => {
    let project: WrittenProject;

    /** The compiled files of model `name`, mapped to sources under src/. */
    function compiled(name: string, file: string): Record<string, string> {
      return {
        [`models/${file}.model.js`]: modelFile(name),
        [`models/${file}.model.js.map`]: sourceMap(
          `../../src/models/${file}.model.ts`,
        ),
        [`repositories/${file}.repository.js`]: repositoryFile(
          name,
          `../models/${file}.model`,
        ),
        [`repositories/${file}.repository.js.map`]: sourceMap(
          `../../src/repositories/${file}.repository.ts`,
        ),
      };
    }

    function writeSource(file: string): void {
      const full = path.join(project.root, 'src', file);
      mkdirSync(path.dirname(full), {recursive: true});
      writeFileSync(full, '// compiled to dist\n');
    }

    async function migrate(dryRun = false): Promise<SchemaMigrationReport> {
      const app = new BootedApp(project.dist);
      app.dataSource(
        new juggler.DataSource({name: 'db', ...db().dataSourceConfig}),
      );
      try {
        await app.boot();
        return await migrateSchemaWithReport(app, {dryRun});
      } finally {
        await closeApp(app);
      }
    }

    beforeEach(async () => {
      await dropAllTables(db());
      project = writeProject();
      // Product is in the sources; Legacy was deleted from them, and its
      // compiled model and repository are still in dist.
      writeSource('models/product.model.ts');
      writeSource('repositories/product.repository.ts');
      project.write({
        ...compiled('Product', 'product'),
        ...compiled('Legacy', 'legacy'),
      });
    });
    afterEach(() => project.remove());

    it('warns for each stale file, naming it and its missing source, and the fix', async () => {
      const dryRun = await migrate(true);
      const stale = dryRun.warnings.filter(w => /no longer exists/.test(w));
      expect(stale).to.have.length(2);
      expect(stale[0]).to.match(
        /^\S*dist\/models\/legacy\.model\.js was compiled from \S*src\/models\/legacy\.model\.ts, which no longer exists: a stale copy left in the build output .* so this run plans what it declares .*`npm run rebuild`/,
      );
      expect(stale[1]).to.match(
        /^\S*dist\/repositories\/legacy\.repository\.js was compiled from \S*src\/repositories\/legacy\.repository\.ts, which no longer exists/,
      );
      expect(dryRun.warnings.join('\n')).to.not.match(/product/);

      // The stale repository is part of the run, as the warning says.
      const run = await migrate();
      expect(
        run.warnings.filter(w => /no longer exists/.test(w)),
      ).to.have.length(2);
      expect(await tables(db())).to.containDeep(['legacy', 'product']);
    });

    it('warns also when the source of every model was deleted', async () => {
      rmSync(path.join(project.root, 'src/models/product.model.ts'));
      rmSync(path.join(project.root, 'src/repositories/product.repository.ts'));
      const report = await migrate(true);
      const stale = report.warnings.filter(w => /no longer exists/.test(w));
      expect(stale.map(w => w.split(' ')[0].replace(/^.*dist\//, ''))).to.eql([
        'models/legacy.model.js',
        'models/product.model.js',
        'repositories/legacy.repository.js',
        'repositories/product.repository.js',
      ]);
    });

    it('warns for the files of a model subfolder whose source folder was deleted as a whole', async () => {
      // src/models/archive/ was deleted; the model booter (nested) still
      // loads dist/models/archive/*.model.js.
      project.write({
        'models/archive/old-order.model.js': modelFile('OldOrder'),
        'models/archive/old-order.model.js.map': sourceMap(
          '../../../src/models/archive/old-order.model.ts',
        ),
      });
      const report = await migrate(true);
      const stale = report.warnings.filter(w => /no longer exists/.test(w));
      expect(stale.map(w => w.split(' ')[0].replace(/^.*dist\//, ''))).to.eql([
        'models/legacy.model.js',
        'models/archive/old-order.model.js',
        'repositories/legacy.repository.js',
      ]);
      expect(stale[1]).to.match(
        /was compiled from \S*src\/models\/archive\/old-order\.model\.ts, which no longer exists/,
      );

      // Not for an image that ships only the build output.
      rmSync(path.join(project.root, 'src'), {recursive: true});
      const onlyDist = await migrate(true);
      expect(onlyDist.warnings.join('\n')).to.not.match(/no longer exists/);
    });

    it('says nothing once the build is clean, nor for a build without its sources', async () => {
      project.write(compiled('Product', 'product'));
      rmSync(path.join(project.dist, 'models/legacy.model.js'));
      rmSync(path.join(project.dist, 'repositories/legacy.repository.js'));
      const clean = await migrate(true);
      expect(clean.warnings.join('\n')).to.not.match(/no longer exists/);

      // An image that ships only the build output has no sources to compare.
      project.write({
        ...compiled('Product', 'product'),
        ...compiled('Legacy', 'legacy'),
      });
      rmSync(path.join(project.root, 'src'), {recursive: true});
      const onlyDist = await migrate(true);
      expect(onlyDist.warnings.join('\n')).to.not.match(/no longer exists/);
    });
  },
);
