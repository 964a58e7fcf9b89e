import {juggler} from '@loopback/repository';
import {expect} from '@loopback/testlab';
import {mkdirSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {inspect} from 'node:util';
import {runMigrationCli} from '../../src';
import {closeApp} from '../support/app-builder';
import {captureIo} from '../support/cli-io';
import {
  compiledWithLineMap,
  compiledWithMap,
  controllerFile,
  indexFile,
  modelFile,
  repositoryFile,
} from '../support/compiled-app-files';
import {dropAllTables} from '../support/catalog';
import {describeEachDatabase} from '../support/databases';
import {
  BootedApp,
  writeProject,
  type WrittenProject,
} from '../support/migration-files';
import {rejection} from '../support/rejection';

/** The stale files' warnings of a failed run, in the order they are found. */
const STALE = [
  /^\S*dist\/models\/legacy\.model\.js was compiled from \S*src\/models\/legacy\.model\.ts, which no longer exists: .*LoopBack's boot still loads it, which may be why this run failed: .*\(`npm run rebuild` in an app made by lb4\)/,
  /^\S*dist\/repositories\/legacy\.repository\.js was compiled from \S*src\/repositories\/legacy\.repository\.ts, which no longer exists: .*which may be why this run failed/,
];

const UNDEFINED_MODEL =
  "Cannot read properties of undefined (reading 'definition')";

describeEachDatabase(
  'an lb4 app failing on the stale build files of a deleted model',
  db => {
    let project: WrittenProject;
    let app: BootedApp | undefined;

    beforeEach(async () => {
      await dropAllTables(db());
      project = writeProject();
      // The sources of Legacy and its repository were deleted, and
      // `npm run build` (not `rebuild`) compiled the rest: models/index.js
      // no longer exports Legacy, which the stale repository imports.
      for (const file of [
        'models/index',
        'models/product.model',
        'repositories/product.repository',
      ]) {
        const source = path.join(project.root, 'src', `${file}.ts`);
        mkdirSync(path.dirname(source), {recursive: true});
        writeFileSync(source, '// compiled to dist\n');
      }
      project.write({
        ...compiledWithMap('models/index', indexFile(['product.model'])),
        ...compiledWithMap('models/product.model', modelFile('Product')),
        ...compiledWithMap(
          'repositories/product.repository',
          repositoryFile('Product', '../models'),
        ),
        ...compiledWithMap('models/legacy.model', modelFile('Legacy')),
        ...compiledWithLineMap(
          'repositories/legacy.repository',
          repositoryFile('Legacy', '../models'),
        ),
      });
    });
    afterEach(async () => {
      if (app) await closeApp(app);
      app = undefined;
      project.remove();
    });

    function newApp(): BootedApp {
      app = new BootedApp(project.dist);
      app.dataSource(
        new juggler.DataSource({name: 'db', ...db().dataSourceConfig}),
      );
      return app;
    }

    async function migrate(argv: string[]) {
      const io = captureIo();
      const code = await runMigrationCli(newApp, argv, io);
      return {code, out: io.out(), err: io.err()};
    }

    it('app.migrateSchema() rejects with the error as thrown, which names the stale files', async () => {
      const booted = newApp();
      await booted.boot();
      const error = await rejection(booted.migrateSchema());
      expect(error).to.be.instanceOf(TypeError);
      const thrown = error as TypeError & {staleBuildFileWarnings?: string[]};
      expect(thrown.message).to.equal(UNDEFINED_MODEL);
      // Source-mapped once a run of the command line in this process
      // turned Node's source maps on.
      expect(thrown.stack).to.match(
        /dist\/repositories\/legacy\.repository\.js|src\/repositories\/legacy\.repository\.ts/,
      );
      expect(thrown.staleBuildFileWarnings).to.have.length(2);
      thrown.staleBuildFileWarnings!.forEach((w, i) =>
        expect(w).to.match(STALE[i]),
      );
      // What the `console.error(err)` of lb4's migrate.ts prints.
      expect(inspect(error)).to.match(
        /staleBuildFileWarnings: \[\s+['"]\S*dist\/models\/legacy\.model\.js was compiled/,
      );
    });

    // QA on an lb4 app: the fast path answered from the app's sources,
    // which the stale repository is part of, as recorded by the run before
    // the sources were deleted: "up to date" (and `--check` exit 0) where a
    // full check, and stock, failed.
    it('is not answered up to date from the run before the sources were deleted', async () => {
      const legacySources = [
        'models/legacy.model',
        'repositories/legacy.repository',
      ];
      const sourceOf = (file: string) =>
        path.join(project.root, 'src', `${file}.ts`);
      // The release before: Legacy's sources there, exported by the index.
      for (const file of legacySources) {
        writeFileSync(sourceOf(file), '// compiled to dist\n');
      }
      project.write(
        compiledWithMap(
          'models/index',
          indexFile(['product.model', 'legacy.model']),
        ),
      );
      // Migrated, then started again: the row learns the app's sources.
      for (let start = 0; start < 2; start++) {
        const before = newApp();
        await before.boot();
        await before.migrateSchema();
        await closeApp(before);
      }
      // Deleted, and built again without cleaning `dist`; a new process.
      for (const file of legacySources) rmSync(sourceOf(file));
      project.write(
        compiledWithMap('models/index', indexFile(['product.model'])),
      );
      for (const loaded of Object.keys(require.cache)) {
        if (loaded.startsWith(project.dist)) delete require.cache[loaded];
      }
      const booted = newApp();
      await booted.boot();
      const error = await rejection(booted.migrateSchema());
      expect(error.message).to.equal(UNDEFINED_MODEL);
    });

    it('the command line prints the stale files after the error, and --json beside it', async () => {
      const run = await migrate([]);
      expect(run.code).to.equal(1);
      const lines = run.err.split('\n');
      expect(lines[0]).to.equal(`Migration failed: ${UNDEFINED_MODEL}`);
      const warnings = lines.filter(l => l.startsWith('warning: '));
      expect(warnings).to.have.length(2);
      warnings.forEach((w, i) =>
        expect(w.replace(/^warning: /, '')).to.match(STALE[i]),
      );
      // The source map names the deleted source: said to be gone.
      expect(lines.find(l => l.startsWith('Thrown at '))).to.match(
        /src\/repositories\/legacy\.repository\.ts:\d+:\d+\)? \(--verbose prints the whole stack\)\. \S+src\/repositories\/legacy\.repository\.ts is not there any more: its stale compiled file in the build output threw\./,
      );

      const json = await migrate(['--json']);
      expect(json.code).to.equal(1);
      const output = JSON.parse(json.out);
      expect(Object.keys(output)).to.eql(['error', 'warnings']);
      expect(output.error).to.containDeep({
        name: 'TypeError',
        message: UNDEFINED_MODEL,
      });
      expect(output.warnings).to.have.length(2);
      (output.warnings as string[]).forEach((w, i) =>
        expect(w).to.match(STALE[i]),
      );
    });

    it('the command line prints them also when the app fails to boot', async () => {
      // Its stale controller describes the deleted model when it loads.
      project.write(
        compiledWithMap(
          'controllers/legacy.controller',
          controllerFile('Legacy'),
        ),
      );
      const run = await migrate([]);
      expect(run.code).to.equal(1);
      expect(run.err).to.match(/^Migration failed: /);
      const warnings = run.err
        .split('\n')
        .filter(l => l.startsWith('warning: '));
      expect(warnings).to.have.length(2);
      warnings.forEach((w, i) =>
        expect(w.replace(/^warning: /, '')).to.match(STALE[i]),
      );
    });
  },
);
