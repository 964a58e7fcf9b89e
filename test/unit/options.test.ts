import {expect} from '@loopback/testlab';
import {
  InvalidMigrationOptionsError,
  SchemaMigrationError,
} from '../../src/errors';
import {
  editDistance,
  resolveMigrationOptions,
  unknownKeysWarning,
} from '../../src/options';
import type {SchemaMigrationOptions} from '../../src/types';

/** Call `resolveMigrationOptions` with a value the type system would reject. */
function resolveUntyped(options: unknown) {
  return resolveMigrationOptions(options as SchemaMigrationOptions);
}

/** The error `fn` throws; fails the test when it throws nothing. */
function errorOf(fn: () => unknown): InvalidMigrationOptionsError {
  try {
    fn();
  } catch (err) {
    expect(err).to.be.instanceOf(InvalidMigrationOptionsError);
    return err as InvalidMigrationOptionsError;
  }
  throw new Error('expected an InvalidMigrationOptionsError, nothing thrown');
}

function deepFreeze<T extends object>(value: T): T {
  for (const inner of Object.values(value)) {
    if (typeof inner === 'object' && inner !== null) deepFreeze(inner);
  }
  return Object.freeze(value);
}

describe('resolveMigrationOptions', () => {
  describe('defaults', () => {
    it('runs autoupdate on every model and datasource when given no options', () => {
      expect(resolveMigrationOptions()).to.eql({
        operation: 'autoupdate',
        models: undefined,
        dataSources: undefined,
        dryRun: false,
        acceptDataLoss: false,
        lockTimeoutMs: undefined,
        scriptTimeoutMs: undefined,
        terminateOrphanedMigrations: false,
        scripts: true,
        acceptChecksumChanges: false,
        online: true,
        onProgress: undefined,
        fullCheck: false,
        statementLockTimeoutMs: 500,
        schemaSource: 'models',
        schemaDrift: 'error',
        unknownKeys: [],
      });
    });

    it('changes existing tables online unless online: false, and refuses a non-boolean', () => {
      expect(resolveMigrationOptions({online: false}).online).to.be.false();
      expect(resolveMigrationOptions({online: true}).online).to.be.true();
      expect(() => resolveUntyped({online: 'no'})).to.throw(
        /online must be true or false, got "no"/,
      );
      expect(() => resolveUntyped({onProgress: 'stderr'})).to.throw(
        /onProgress must be a function, got "stderr"/,
      );
      expect(() => resolveUntyped({onlin: false})).to.throw(
        /did you mean "online"\?/,
      );
    });

    it('treats an empty options object like no options', () => {
      expect(resolveMigrationOptions({})).to.eql(resolveMigrationOptions());
    });

    it('leaves models and dataSources undefined, meaning "all"', () => {
      const resolved = resolveMigrationOptions({dryRun: true});
      expect(resolved.models).to.be.undefined();
      expect(resolved.dataSources).to.be.undefined();
    });

    it('keeps dryRun and acceptDataLoss when they are given', () => {
      const resolved = resolveMigrationOptions({
        dryRun: true,
        acceptDataLoss: true,
      });
      expect(resolved.dryRun).to.be.true();
      expect(resolved.acceptDataLoss).to.be.true();
    });
  });

  describe('operation', () => {
    it("runs autoupdate for existingSchema: 'alter'", () => {
      expect(
        resolveMigrationOptions({existingSchema: 'alter'}).operation,
      ).to.equal('autoupdate');
    });

    it("runs automigrate for existingSchema: 'drop'", () => {
      expect(
        resolveMigrationOptions({existingSchema: 'drop'}).operation,
      ).to.equal('automigrate');
    });

    it('runs automigrate for rebuild: true', () => {
      expect(resolveMigrationOptions({rebuild: true}).operation).to.equal(
        'automigrate',
      );
    });

    it('runs autoupdate for rebuild: false', () => {
      expect(resolveMigrationOptions({rebuild: false}).operation).to.equal(
        'autoupdate',
      );
    });

    it("accepts rebuild: true together with existingSchema: 'drop'", () => {
      expect(
        resolveMigrationOptions({rebuild: true, existingSchema: 'drop'})
          .operation,
      ).to.equal('automigrate');
    });

    it('accepts acceptDataLoss beside a rebuild (it changes nothing there)', () => {
      for (const options of [
        {existingSchema: 'drop' as const, acceptDataLoss: true},
        {rebuild: true, acceptDataLoss: true},
      ]) {
        expect(resolveMigrationOptions(options)).to.containDeep({
          operation: 'automigrate',
          acceptDataLoss: true,
        });
      }
    });

    it("lets existingSchema: 'drop' win over rebuild: false", () => {
      expect(
        resolveMigrationOptions({rebuild: false, existingSchema: 'drop'})
          .operation,
      ).to.equal('automigrate');
    });
  });

  describe('contradictory options', () => {
    it("rejects rebuild: true with existingSchema: 'alter'", () => {
      const err = errorOf(() =>
        resolveMigrationOptions({rebuild: true, existingSchema: 'alter'}),
      );
      expect(err.code).to.equal('MIGRATION_INVALID_OPTIONS');
      expect(err.message).to.match(/rebuild: true contradicts/);
      expect(err.message).to.match(/existingSchema: 'alter'/);
    });

    it('throws an error that is also a SchemaMigrationError', () => {
      const err = errorOf(() =>
        resolveMigrationOptions({rebuild: true, existingSchema: 'alter'}),
      );
      expect(err).to.be.instanceOf(SchemaMigrationError);
      expect(err.name).to.equal('InvalidMigrationOptionsError');
    });
  });

  describe('ill-typed options', () => {
    it('rejects an existingSchema other than alter or drop', () => {
      const err = errorOf(() => resolveUntyped({existingSchema: 'nope'}));
      expect(err.code).to.equal('MIGRATION_INVALID_OPTIONS');
      expect(err.message).to.match(
        /existingSchema must be 'alter' or 'drop', got "nope"/,
      );
    });

    it('rejects existingSchema: null', () => {
      expect(() => resolveUntyped({existingSchema: null})).to.throw(
        /existingSchema must be 'alter' or 'drop', got null/,
      );
    });

    it('rejects a rebuild that is not a boolean', () => {
      const err = errorOf(() => resolveUntyped({rebuild: 'yes'}));
      expect(err.code).to.equal('MIGRATION_INVALID_OPTIONS');
      expect(err.message).to.match(/rebuild must be true or false, got "yes"/);
    });

    it('rejects a dryRun that is not a boolean', () => {
      expect(() => resolveUntyped({dryRun: 1})).to.throw(
        /dryRun must be true or false, got number 1/,
      );
    });

    it('rejects an online that is not a boolean', () => {
      expect(() => resolveUntyped({online: 'no'})).to.throw(
        /online must be true or false, got "no"/,
      );
    });

    it('rejects a statementLockTimeoutMs that is not a number of milliseconds', () => {
      expect(() => resolveUntyped({statementLockTimeoutMs: -5})).to.throw(
        /statementLockTimeoutMs must be a number of milliseconds \(0 or more\), got -5/,
      );
      expect(
        resolveMigrationOptions({statementLockTimeoutMs: 0, online: false}),
      ).to.containDeep({statementLockTimeoutMs: 0, online: false});
    });

    it('shows a duration given as a string quoted, not as the number it spells', () => {
      expect(() => resolveUntyped({statementLockTimeoutMs: '500'})).to.throw(
        /statementLockTimeoutMs must be a number of milliseconds \(0 or more\), got "500"/,
      );
      expect(() => resolveUntyped({scriptTimeoutMs: '60000'})).to.throw(
        /scriptTimeoutMs must be a number of milliseconds \(1 or more\), got "60000"/,
      );
    });

    it('rejects a duration longer than a timer can wait (it would fire at once)', () => {
      for (const name of [
        'lockTimeoutMs',
        'statementLockTimeoutMs',
        'scriptTimeoutMs',
      ]) {
        expect(() => resolveUntyped({[name]: 2 ** 31})).to.throw(
          new RegExp(`${name} must be at most 2147483647 ms`),
        );
        expect(resolveUntyped({[name]: 2 ** 31 - 1})).to.containDeep({
          [name]: 2 ** 31 - 1,
        });
      }
    });

    it('rejects an acceptDataLoss that is not a boolean', () => {
      expect(() => resolveUntyped({acceptDataLoss: 'true'})).to.throw(
        /acceptDataLoss must be true or false, got "true"/,
      );
    });

    it('reads fullCheck and rejects one that is not a boolean', () => {
      expect(resolveMigrationOptions({fullCheck: true}).fullCheck).to.be.true();
      expect(() => resolveUntyped({fullCheck: 'yes'})).to.throw(
        /fullCheck must be true or false, got "yes"/,
      );
    });

    it('rejects models given as a single string instead of an array', () => {
      const err = errorOf(() => resolveUntyped({models: 'Todo'}));
      expect(err.code).to.equal('MIGRATION_INVALID_OPTIONS');
      expect(err.message).to.match(
        /models must be an array of non-empty names, got "Todo"/,
      );
    });

    it('rejects models holding an empty name', () => {
      expect(() => resolveUntyped({models: ['']})).to.throw(
        /models must be an array of non-empty names, got \[""\]/,
      );
    });

    it('rejects models holding something other than a string', () => {
      expect(() => resolveUntyped({models: ['Todo', 42]})).to.throw(
        /models must be an array of non-empty names/,
      );
    });

    it('rejects a list holding a BigInt or itself with its own error, not a TypeError', () => {
      const circular: unknown[] = ['Todo'];
      circular.push(circular);
      for (const [options, shown] of [
        [{models: ['Todo', 1n]}, /models .* got \["Todo","1n"\]/],
        [{models: circular}, /models .* got \["Todo","\[Circular\]"\]/],
        [{existingSchema: [1n]}, /existingSchema .* got \["1n"\]/],
        [
          {schemaSource: [circular]},
          /schemaSource .* got \[\["Todo","\[Circular\]"\]\]/,
        ],
      ] as const) {
        const err = errorOf(() => resolveUntyped(options));
        expect(err.code).to.equal('MIGRATION_INVALID_OPTIONS');
        expect(err.message).to.match(shown);
      }
    });

    it('rejects a sparse models array (its holes are not names)', () => {
      // eslint-disable-next-line no-sparse-arrays
      expect(() => resolveUntyped({models: [, 'Todo']})).to.throw(
        /models must be an array of non-empty names/,
      );
      expect(() => resolveUntyped({dataSources: new Array(2)})).to.throw(
        /dataSources must be an array of non-empty names/,
      );
    });

    it('accepts a lockTimeoutMs of 0 or more and rejects anything else', () => {
      expect(
        resolveMigrationOptions({lockTimeoutMs: 0}).lockTimeoutMs,
      ).to.equal(0);
      expect(
        resolveMigrationOptions({lockTimeoutMs: 1500}).lockTimeoutMs,
      ).to.equal(1500);
      for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY, '100']) {
        expect(() => resolveUntyped({lockTimeoutMs: bad})).to.throw(
          /lockTimeoutMs must be a number of milliseconds \(0 or more\)/,
        );
      }
    });

    it('accepts a scriptTimeoutMs of 1 or more and rejects anything else', () => {
      expect(
        resolveMigrationOptions({scriptTimeoutMs: 1000}).scriptTimeoutMs,
      ).to.equal(1000);
      for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, '100']) {
        expect(() => resolveUntyped({scriptTimeoutMs: bad})).to.throw(
          /scriptTimeoutMs must be a number of milliseconds \(1 or more\)/,
        );
      }
    });

    it('rejects dataSources that is not an array of names', () => {
      expect(() => resolveUntyped({dataSources: 'db'})).to.throw(
        /dataSources must be an array of non-empty names, got "db"/,
      );
    });

    it('rejects options that are not an object', () => {
      expect(() => resolveUntyped(null)).to.throw(
        /options must be an object, got null/,
      );
      expect(() => resolveUntyped('drop')).to.throw(
        /options must be an object, got "drop"/,
      );
    });

    it('prefixes every message with "Invalid migration options"', () => {
      expect(errorOf(() => resolveUntyped({rebuild: 'yes'})).message).to.match(
        /^Invalid migration options: /,
      );
    });
  });

  describe('unknown options', () => {
    it('passes an unknown option through and names it in a warning', () => {
      const options = {seed: true, dropExistingSchema: true};
      const resolved = resolveUntyped(options);
      expect(resolved.unknownKeys).to.eql(['seed', 'dropExistingSchema']);
      expect(unknownKeysWarning(resolved.unknownKeys)).to.equal(
        'options "seed", "dropExistingSchema" are not read by ' +
          'loopback-schema-migration (passed through, as LoopBack passes ' +
          'them to an overriding migrateSchema())',
      );
      expect(resolveMigrationOptions({}).unknownKeys).to.eql([]);
      expect(unknownKeysWarning([])).to.be.undefined();
    });

    it('rejects a key within two edits of an option, and lists the known ones', () => {
      const err = errorOf(() => resolveUntyped({acceptDataloss: true}));
      expect(err.code).to.equal('MIGRATION_INVALID_OPTIONS');
      expect(err.message).to.match(
        /unknown option "acceptDataloss"; did you mean "acceptDataLoss"\? Known options: existingSchema, rebuild, models, dataSources, dryRun, acceptDataLoss, lockTimeoutMs, scriptTimeoutMs, terminateOrphanedMigrations, scripts, acceptChecksumChanges, online, onProgress, fullCheck, statementLockTimeoutMs, schemaSource, schemaDrift\./,
      );
      expect(() => resolveUntyped({modles: ['Todo']})).to.throw(
        /did you mean "models"\?/,
      );
      expect(() => resolveUntyped({rebuil: true})).to.throw(
        /did you mean "rebuild"\?/,
      );
      expect(() => resolveUntyped({dryRn: true})).to.throw(
        /did you mean "dryRun"\?/,
      );
      // Three edits away: a key of the app's own, passed through.
      expect(resolveUntyped({dry: true}).unknownKeys).to.eql(['dry']);
    });

    it('suggests the option that differs only in case', () => {
      expect(() => resolveUntyped({dryrun: true})).to.throw(
        /unknown option "dryrun"; did you mean "dryRun"\?/,
      );
      expect(() => resolveUntyped({ExistingSchema: 'drop'})).to.throw(
        /did you mean "existingSchema"\?/,
      );
      expect(() => resolveUntyped({DATASOURCES: ['db']})).to.throw(
        /did you mean "dataSources"\?/,
      );
    });

    it('rejects an unknown option even when its value is undefined', () => {
      expect(() => resolveUntyped({acceptdataloss: undefined})).to.throw(
        /unknown option "acceptdataloss"; did you mean "acceptDataLoss"\?/,
      );
    });
  });

  describe('editDistance', () => {
    it('counts insertions, deletions and substitutions', () => {
      expect(editDistance('dryrun', 'dryrun')).to.equal(0);
      expect(editDistance('dryrun', 'dryru')).to.equal(1);
      expect(editDistance('dryrun', 'xdryrun')).to.equal(1);
      expect(editDistance('kitten', 'sitting')).to.equal(3);
      expect(editDistance('', 'seed')).to.equal(4);
    });
  });

  describe('model and datasource lists', () => {
    it('removes duplicate model names, keeping the first occurrence order', () => {
      expect(
        resolveMigrationOptions({models: ['Todo', 'TodoList', 'Todo']}).models,
      ).to.eql(['Todo', 'TodoList']);
    });

    it('removes duplicate datasource names', () => {
      expect(
        resolveMigrationOptions({dataSources: ['db', 'db', 'audit']})
          .dataSources,
      ).to.eql(['db', 'audit']);
    });

    it('keeps an empty models list (migrate nothing) distinct from "all"', () => {
      expect(resolveMigrationOptions({models: []}).models).to.eql([]);
    });

    it('returns a copy of the lists, not the caller’s arrays', () => {
      const models = ['Todo'];
      const resolved = resolveMigrationOptions({models});
      expect(resolved.models).to.eql(['Todo']);
      expect(resolved.models).not.to.equal(models);
    });
  });

  describe('immutability', () => {
    it('never changes the caller’s options object', () => {
      const options = deepFreeze({
        existingSchema: 'drop' as const,
        models: ['Todo', 'TodoList', 'Todo'],
        dataSources: ['db', 'db'],
        dryRun: true,
      });
      const before = JSON.parse(JSON.stringify(options));

      const resolved = resolveMigrationOptions(options);

      expect(resolved).to.eql({
        operation: 'automigrate',
        models: ['Todo', 'TodoList'],
        dataSources: ['db'],
        dryRun: true,
        acceptDataLoss: false,
        lockTimeoutMs: undefined,
        scriptTimeoutMs: undefined,
        terminateOrphanedMigrations: false,
        scripts: true,
        acceptChecksumChanges: false,
        online: true,
        onProgress: undefined,
        fullCheck: false,
        statementLockTimeoutMs: 500,
        schemaSource: 'models',
        schemaDrift: 'error',
        unknownKeys: [],
      });
      expect(options).to.eql(before);
      expect(Object.keys(options)).to.eql(Object.keys(before));
    });

    it('never changes frozen options even when rejecting them', () => {
      const options = deepFreeze({rebuild: true, existingSchema: 'alter'});
      const before = JSON.parse(JSON.stringify(options));
      expect(() =>
        resolveMigrationOptions(options as SchemaMigrationOptions),
      ).to.throw(InvalidMigrationOptionsError);
      expect(options).to.eql(before);
    });
  });
});

describe('resolveMigrationOptions: schemaSource and schemaDrift', () => {
  it("takes schemaSource: 'scripts' and schemaDrift: 'warn'", () => {
    const resolved = resolveMigrationOptions({
      schemaSource: 'scripts',
      schemaDrift: 'warn',
    });
    expect([resolved.schemaSource, resolved.schemaDrift]).to.eql([
      'scripts',
      'warn',
    ]);
  });

  it('refuses other values, naming the allowed ones', () => {
    expect(() =>
      resolveMigrationOptions({schemaSource: 'files' as 'scripts'}),
    ).to.throw(/schemaSource must be 'models' or 'scripts', got "files"/);
    expect(() =>
      resolveMigrationOptions({schemaDrift: 'ignore' as 'warn'}),
    ).to.throw(/schemaDrift must be 'error' or 'warn', got "ignore"/);
  });

  it("refuses a rebuild under schemaSource: 'scripts'", () => {
    expect(() =>
      resolveMigrationOptions({schemaSource: 'scripts', rebuild: true}),
    ).to.throw(InvalidMigrationOptionsError);
  });
});
