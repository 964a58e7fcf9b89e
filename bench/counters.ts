import {createRequire} from 'node:module';

/** What reached the database drivers while counting was on. */
export interface QueryCounts {
  /** Every query handed to the driver: one round trip each. */
  roundTrips: number;
  /**
   * Statements that change the schema (CREATE, ALTER, DROP, ...) in what was
   * sent; a batch of statements in one query counts each of them.
   */
  ddl: number;
  /** The first few schema-changing statements sent (shortened). */
  ddlSamples: string[];
}

/** How many schema-changing statements {@link QueryCounts.ddlSamples} keeps. */
const SAMPLES = 3;

/**
 * A statement that changes the schema, after any leading comments (ours
 * tags what it applies on MySQL/MariaDB with a leading block comment).
 */
const SCHEMA_CHANGE =
  /^\s*(?:\/\*[\s\S]*?\*\/\s*|--[^\n]*\n\s*)*(CREATE|ALTER|DROP|RENAME|COMMENT|TRUNCATE)\b/i;

type Method = (this: unknown, ...args: unknown[]) => unknown;

/**
 * Counts the queries the app's own `pg` and `mysql2` (the copies the
 * LoopBack connectors load) send, between `start()` and `stop()`.
 *
 * Patched: `pg`'s `Client.prototype.query` (pools call it too) and
 * `mysql2`'s connection `query` and `execute` (on the prototype that
 * defines them, which pool connections inherit; the pool's own `query`
 * calls the connection's, so nothing is counted twice).
 */
export class DriverQueryCounter {
  private counting = false;
  private readonly counts: QueryCounts = {
    roundTrips: 0,
    ddl: 0,
    ddlSamples: [],
  };
  private readonly restores: (() => void)[] = [];

  /** Patch the drivers of the connectors that are installed. */
  install(): void {
    const pg = loadFrom('loopback-connector-postgresql', 'pg');
    const pgClient = pg && classPrototype(pg, 'Client');
    if (pgClient) this.patch(pgClient, 'query');
    const mysql = loadFrom('loopback-connector-mysql', 'mysql2');
    const mysqlConnection = mysql && classPrototype(mysql, 'Connection');
    if (mysqlConnection) {
      this.patch(mysqlConnection, 'query');
      this.patch(mysqlConnection, 'execute');
    }
  }

  /** Reset the counts and start counting. */
  start(): void {
    this.counts.roundTrips = 0;
    this.counts.ddl = 0;
    this.counts.ddlSamples = [];
    this.counting = true;
  }

  /** What was counted so far; counting goes on. */
  peek(): QueryCounts {
    return {...this.counts, ddlSamples: [...this.counts.ddlSamples]};
  }

  /** Stop counting and return what was counted. */
  stop(): QueryCounts {
    this.counting = false;
    return this.peek();
  }

  /** Put the drivers back as they were. */
  uninstall(): void {
    for (const restore of this.restores.splice(0).reverse()) restore();
  }

  private patch(prototype: object, name: string): void {
    const owner = ownerOf(prototype, name);
    const original = Reflect.get(owner, name) as Method;
    const record = (first: unknown) => {
      if (!this.counting) return;
      this.counts.roundTrips++;
      const sql = sqlText(first);
      const changes = countSchemaChanges(sql);
      this.counts.ddl += changes;
      if (changes > 0 && this.counts.ddlSamples.length < SAMPLES) {
        this.counts.ddlSamples.push(shorten(sql));
      }
    };
    const counted: Method = function (this: unknown, ...args: unknown[]) {
      record(args[0]);
      return original.apply(this, args);
    };
    Reflect.set(owner, name, counted);
    this.restores.push(() => Reflect.set(owner, name, original));
  }
}

/** `require(name)` as the package `from` would: the app's own copy. */
function loadFrom(from: string, name: string): object | undefined {
  let fromPath: string;
  try {
    fromPath = require.resolve(from);
  } catch {
    return undefined;
  }
  const loaded: unknown = createRequire(fromPath)(name);
  return typeof loaded === 'object' && loaded !== null ? loaded : undefined;
}

function classPrototype(module: object, name: string): object | undefined {
  const cls: unknown = Reflect.get(module, name);
  if (typeof cls !== 'function') return undefined;
  const prototype: unknown = Reflect.get(cls, 'prototype');
  return typeof prototype === 'object' && prototype !== null
    ? prototype
    : undefined;
}

/** The object in the prototype chain that defines `name` itself. */
function ownerOf(prototype: object, name: string): object {
  for (
    let p: object | null = prototype;
    p !== null;
    p = Object.getPrototypeOf(p) as object | null
  ) {
    if (Object.prototype.hasOwnProperty.call(p, name)) return p;
  }
  throw new Error(`no method ${name} to patch`);
}

/** The SQL of a driver call's first argument: a string, `{text}` or `{sql}`. */
function sqlText(arg: unknown): string {
  if (typeof arg === 'string') return arg;
  if (typeof arg !== 'object' || arg === null) return '';
  const text: unknown = Reflect.get(arg, 'text') ?? Reflect.get(arg, 'sql');
  return typeof text === 'string' ? text : '';
}

/**
 * How many statements of a SQL text (one statement or a `;`-separated
 * batch) change the schema. Quoted text ('...', "...", `...`) is skipped
 * when looking for the `;` between statements.
 */
export function countSchemaChanges(sql: string): number {
  let count = 0;
  let start = 0;
  let quote: string | undefined;
  for (let i = 0; i <= sql.length; i++) {
    const ch = sql[i];
    if (quote) {
      if (ch === quote) quote = undefined;
    } else if (ch === "'" || ch === '"' || ch === '`') {
      quote = ch;
    } else if (ch === ';' || i === sql.length) {
      if (SCHEMA_CHANGE.test(sql.slice(start, i))) count++;
      start = i + 1;
    }
  }
  return count;
}

function shorten(sql: string): string {
  const line = sql.replace(/\s+/g, ' ').trim();
  return line.length > 160 ? `${line.slice(0, 157)}...` : line;
}
