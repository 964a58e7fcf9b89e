import {expect} from '@loopback/testlab';
import type {MigrationScript} from '../../../src';
import {rehearsedStatements} from '../../../src/scripts/revert-rehearsal';

/** What the scripts' `log.push()` recorded: a down() that was called. */
const called: string[] = [];

/** A script whose class has this source (as the running JavaScript has it). */
function scriptOf(body: string): MigrationScript {
  const cls = new Function(
    'log',
    `return class { version = '1'; up() {} ${body} };`,
  ) as (log: string[]) => new () => MigrationScript;
  return new (cls(called))();
}

describe('rehearsedStatements()', () => {
  beforeEach(() => (called.length = 0));

  it("records the SQL of a down() made only of await ctx.execute('...') statements", async () => {
    const script = scriptOf(
      `async down(ctx) {
        await ctx.execute('ALTER TABLE \`t\` DROP FOREIGN KEY \`fk\`');
        await ctx.execute(
          "it's \\"quoted\\"\\nALTER TABLE t DROP COLUMN c",
        );
        await ctx.execute ( 'DROP TABLE p' , ) ;
      }`,
    );
    expect(await rehearsedStatements(script, 'db')).to.eql([
      'ALTER TABLE `t` DROP FOREIGN KEY `fk`',
      'it\'s "quoted"\nALTER TABLE t DROP COLUMN c',
      'DROP TABLE p',
    ]);
  });

  it('records a parameter of any name', async () => {
    const script = scriptOf(
      "async down($c) { await $c.execute('DROP TABLE p'); }",
    );
    expect(await rehearsedStatements(script, 'db')).to.eql(['DROP TABLE p']);
  });

  for (const [what, body] of [
    [
      'other code',
      "async down(ctx) { log.push('ran'); await ctx.execute('DROP TABLE p'); }",
    ],
    [
      'SQL built at run time',
      'async down(ctx) { await ctx.execute(`DROP TABLE ${log.push("ran")}`); }',
    ],
    [
      'parameters',
      "async down(ctx) { await ctx.execute('DELETE FROM p WHERE id = ?', log.push('ran')); }",
    ],
    [
      'a comment',
      "async down(ctx) { /* x */ await ctx.execute('DROP TABLE p'); }",
    ],
    [
      'another context member',
      "async down(ctx) { await ctx.dataSource.execute('DROP TABLE p'); }",
    ],
    [
      'a statement without a semicolon',
      "async down(ctx) { await ctx.execute('DROP TABLE p') }",
    ],
    [
      'a function that is not async',
      "down(ctx) { log.push('ran'); return ctx.execute('DROP TABLE p'); }",
    ],
    [
      'an arrow function',
      "down = async ctx => { log.push('ran'); await ctx.execute('DROP TABLE p'); };",
    ],
    ['no parameter', 'async down() {}'],
  ]) {
    it(`does not call a down() with ${what}`, async () => {
      expect(await rehearsedStatements(scriptOf(body), 'db')).to.be.undefined();
      expect(called).to.eql([]);
    });
  }
});
