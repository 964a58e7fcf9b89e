import {expect} from '@loopback/testlab';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {inspect} from 'node:util';
import {
  noteStaleBuildFiles,
  staleBuildFileWarningsOfFailure,
} from '../../../src/discovery/stale-build-failure';
import {staleBuildFiles} from '../../../src/discovery/stale-build-files';

describe('the stale build files of a failed run', () => {
  let root: string;
  /** An app whose dist/models/legacy.model.js lost its source. */
  let app: {projectRoot: string};

  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'lsm-stale-'));
    mkdirSync(path.join(root, 'src/models'), {recursive: true});
    mkdirSync(path.join(root, 'dist/models'), {recursive: true});
    const compiled = path.join(root, 'dist/models/legacy.model.js');
    writeFileSync(compiled, "'use strict';\n");
    writeFileSync(
      `${compiled}.map`,
      JSON.stringify({sources: ['../../src/models/legacy.model.ts']}),
    );
    app = {projectRoot: path.join(root, 'dist')};
  });
  afterEach(() => rmSync(root, {recursive: true, force: true}));

  it('are found in the build output when the run did not look', async () => {
    const warnings = await staleBuildFileWarningsOfFailure(new Error(), app);
    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.match(
      /dist\/models\/legacy\.model\.js was compiled from .*which may be why this run failed/,
    );
  });

  it('are those the run put on its error, without looking again', async () => {
    const error = new TypeError('boom');
    await noteStaleBuildFiles(error, staleBuildFiles(app));
    // Gone since: only a second look would miss it.
    rmSync(path.join(root, 'dist/models'), {recursive: true});
    expect(await staleBuildFileWarningsOfFailure(error, app)).to.have.length(1);
    expect(inspect(error)).to.match(/staleBuildFileWarnings/);

    const none = new TypeError('boom');
    await noteStaleBuildFiles(none, Promise.resolve([]));
    expect(await staleBuildFileWarningsOfFailure(none, app)).to.eql([]);
    // console.error(err) prints no empty list.
    expect(inspect(none)).to.not.match(/staleBuildFileWarnings/);
  });

  it('are left to the report of a failure that carries one', async () => {
    const error = Object.assign(new Error('refused'), {report: {warnings: []}});
    await noteStaleBuildFiles(error, staleBuildFiles(app));
    expect(error).to.not.have.property('staleBuildFileWarnings');
    expect(await staleBuildFileWarningsOfFailure(error, app)).to.eql([]);
  });
});
