import {
  Application,
  BindingScope,
  createBindingFromClass,
} from '@loopback/core';
import {BootMixin} from '@loopback/boot';
import {RepositoryMixin} from '@loopback/repository';
import {expect} from '@loopback/testlab';
import {
  migrationScript,
  SchemaMigrationMixin,
  type MigrationScript,
} from '../../../src';
import {MIGRATION_SCRIPT_TAG} from '../../../src/scripts/keys';

class BootingApp extends SchemaMigrationMixin(
  BootMixin(RepositoryMixin(Application)),
) {}
class PlainApp extends SchemaMigrationMixin(RepositoryMixin(Application)) {}

describe('registering migration scripts', () => {
  it('adds the migrations booter to BootMixin apps only', () => {
    const booting = new BootingApp();
    expect(booting.migrationScriptBooterBinding?.key).to.equal(
      'booters.MigrationScriptBooter',
    );
    expect(booting.isBound('booters.MigrationScriptBooter')).to.be.true();
    expect(new PlainApp().migrationScriptBooterBinding).to.be.undefined();
  });

  it('binds a script as a tagged singleton in the migrationScripts namespace', () => {
    const app = new PlainApp();
    class Seed implements MigrationScript {
      version = '1.0.0';
      async up() {}
    }
    const binding = app.migrationScript(Seed);
    expect(binding.key).to.equal('migrationScripts.Seed');
    expect(binding.tagNames).to.containEql(MIGRATION_SCRIPT_TAG);
    expect(binding.scope).to.equal(BindingScope.SINGLETON);
    class Other implements MigrationScript {
      version = '2.0.0';
      async up() {}
    }
    expect(app.migrationScript(Other, 'other-name').key).to.equal(
      'migrationScripts.other-name',
    );
    // One class under a second name is a second script with its version.
    expect(() => app.migrationScript(Seed, 'seed-again')).to.throw(
      /Migration script Seed has version "1\.0\.0", which Seed \(binding "migrationScripts\.Seed"\) has too/,
    );
  });

  it('refuses a class name longer than the ledger keeps', () => {
    const app = new PlainApp();
    const Long = class implements MigrationScript {
      version = '1.0.0';
      async up() {}
    };
    Object.defineProperty(Long, 'name', {value: `Seed${'x'.repeat(252)}`});
    // MySQL would run it, fail to record it, and run it again on every start.
    expect(() => app.migrationScript(Long)).to.throw(
      /Migration script Seedx+ has a class name of 256 characters; the ledger keeps 255: give it a shorter name/,
    );
    Object.defineProperty(Long, 'name', {value: `Seed${'x'.repeat(251)}`});
    expect(app.migrationScript(Long).key).to.match(
      /^migrationScripts\.Seedx+$/,
    );
  });

  it('@migrationScript() tags the class for any binding made of it', () => {
    @migrationScript({tags: {team: 'data'}})
    class Decorated implements MigrationScript {
      version = '1.0.0';
      async up() {}
    }
    const binding = createBindingFromClass(Decorated);
    expect(binding.tagMap).to.containDeep({
      [MIGRATION_SCRIPT_TAG]: MIGRATION_SCRIPT_TAG,
      team: 'data',
    });
  });

  it('checks a class whose constructor needs injection when it is loaded', () => {
    const app = new PlainApp();
    class Injected implements MigrationScript {
      version = '1.0.0';
      constructor(dep: {name: string}) {
        if (!dep) throw new Error('needs injection');
      }
      async up() {}
    }
    // Cannot be read at registration, so not refused then.
    expect(app.migrationScript(Injected).key).to.equal(
      'migrationScripts.Injected',
    );
    class NoUp {
      constructor(dep: {name: string}) {
        if (!dep) throw new Error('needs injection');
      }
    }
    expect(() =>
      app.migrationScript(
        NoUp as unknown as Parameters<PlainApp['migrationScript']>[0],
      ),
    ).to.throw(/Migration script NoUp has no up\(\) method/);
  });
});
