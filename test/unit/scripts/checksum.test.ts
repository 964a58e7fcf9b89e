import {expect} from '@loopback/testlab';
import {type MigrationContext} from '../../../src';
import {scriptChecksum} from '../../../src/scripts/checksum';

describe('scriptChecksum()', () => {
  class Original {
    async up(ctx: MigrationContext) {
      await ctx.execute('UPDATE t SET a = 1');
    }
    async down(ctx: MigrationContext) {
      await ctx.execute('UPDATE t SET a = 0');
    }
  }

  it('is the SHA-256 of the up and down source, in hex', () => {
    expect(scriptChecksum(new Original())).to.match(/^[0-9a-f]{64}$/);
    expect(scriptChecksum(new Original())).to.equal(
      scriptChecksum(new Original()),
    );
  });

  it('ignores white space changes', () => {
    const reindented = {
      up: new Function(
        'return async function up(ctx) {\n\n      await ctx.execute("x");\n}',
      )(),
    };
    const compact = {
      up: new Function(
        'return async function up(ctx) { await ctx.execute("x"); }',
      )(),
    };
    expect(scriptChecksum(reindented)).to.equal(scriptChecksum(compact));
  });

  it('changes with the code of up or down', () => {
    class EditedUp extends Original {
      override async up(ctx: MigrationContext) {
        await ctx.execute('UPDATE t SET a = 2');
      }
    }
    class NoDown {
      up = Original.prototype.up;
    }
    const original = scriptChecksum(new Original());
    expect(scriptChecksum(new EditedUp())).to.not.equal(original);
    expect(scriptChecksum(new NoDown())).to.not.equal(original);
  });
});
