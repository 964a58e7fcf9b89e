import {escapeRegExp} from '../planner/sql-text';
import type {MigrationContext, MigrationScript} from './types';

/** A JavaScript string literal, single- or double-quoted. */
const STRING_LITERAL = String.raw`(?:'(?:[^'\\\r\n]|\\[\s\S])*'|"(?:[^"\\\r\n]|\\[\s\S])*")`;

/** `async down(ctx) { ... }`: the parameter's name and the body. */
const DOWN_METHOD =
  /^async\s+down\s*\(\s*([A-Za-z_$][\w$]*)\s*\)\s*\{([\s\S]*)\}$/;

/**
 * The statements a script's `down()` sends with `ctx.execute()`, recorded
 * without running anything, when its code shows it does nothing else: an
 * `async down(ctx)` method whose body is only `await ctx.execute('...');`
 * statements of fixed SQL (string literals), as generated scripts are
 * (compiled to ES2017 or later). Such a `down()` is called with a context
 * that records each statement; any other `down()` is not called
 * (`undefined`): its other effects must not run twice.
 */
export async function rehearsedStatements(
  script: MigrationScript,
  dataSourceName: string,
): Promise<string[] | undefined> {
  const {down} = script;
  if (typeof down !== 'function' || !onlyFixedStatements(down)) {
    return undefined;
  }
  const recorded: string[] = [];
  // Its shape reads nothing else of the context: were it to, it would fail.
  const ctx: MigrationContext = {
    get app(): never {
      return unusable();
    },
    get dataSource(): never {
      return unusable();
    },
    dataSourceName,
    direction: 'down',
    execute: async <T>(sql: string) => {
      recorded.push(sql);
      return undefined as T;
    },
  };
  await down.call(script, ctx);
  return recorded;
}

function unusable(): never {
  throw new Error('a rehearsal of down() records its ctx.execute() calls only');
}

/**
 * Whether a `down` function's source is `async down(ctx) {` followed only
 * by `await ctx.execute(<string literal>);` statements.
 */
function onlyFixedStatements(down: (...args: never[]) => unknown): boolean {
  const source = Function.prototype.toString.call(down).trim();
  const method = DOWN_METHOD.exec(source);
  if (!method) return false;
  const ctx = escapeRegExp(method[1]);
  const statement =
    String.raw`\s*await\s+${ctx}\s*\.\s*execute\s*\(\s*` +
    String.raw`${STRING_LITERAL}\s*(?:,\s*)?\)\s*;`;
  return new RegExp(`^(?:${statement})*\\s*$`).test(method[2]);
}
