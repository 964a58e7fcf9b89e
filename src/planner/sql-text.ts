import {QUALIFIED} from './statement-target';

/** Where a statement goes in a plan: phases run in this order. */
export const PHASES = [
  'prelude',
  'drop-constraints',
  'drop-indexes',
  'drop-tables',
  'create-tables',
  'alter',
  'add-foreign-keys',
] as const;

export type StatementPhase = (typeof PHASES)[number];

const ALTER_TABLE = `^ALTER\\s+TABLE\\s+${QUALIFIED}\\s+`;

const PHASE_PATTERNS: ReadonlyArray<[StatementPhase, RegExp]> = [
  ['prelude', /^CREATE\s+(EXTENSION|SCHEMA)\b/i],
  ['drop-tables', /^DROP\s+TABLE\b/i],
  // PostgreSQL drops an index by a statement of its own; dropping a column
  // drops its indexes too, so index drops go first.
  ['drop-indexes', /^DROP\s+INDEX\b/i],
  ['create-tables', /^CREATE\s+TABLE\b/i],
  // Both SQL connectors emit foreign key changes as statements of their own.
  // MySQL appends DROP FOREIGN KEY clauses after any column changes of the
  // same ALTER, so a statement that starts with one drops only constraints.
  [
    'drop-constraints',
    new RegExp(`${ALTER_TABLE}DROP\\s+(CONSTRAINT|FOREIGN\\s+KEY)\\b`, 'i'),
  ],
  [
    'add-foreign-keys',
    new RegExp(
      `${ALTER_TABLE}ADD\\s+CONSTRAINT\\b[\\s\\S]*\\bFOREIGN\\s+KEY\\b`,
      'i',
    ),
  ],
];

/** The phase of a connector-generated DDL statement. */
export function phaseOf(sql: string): StatementPhase {
  for (const [phase, pattern] of PHASE_PATTERNS) {
    if (pattern.test(sql)) return phase;
  }
  return 'alter';
}

/**
 * Why a statement can destroy stored data, judged from its text alone, or
 * `undefined` when it cannot.
 */
export function destructiveReason(sql: string): string | undefined {
  if (/^DROP\s+TABLE\b/i.test(sql)) {
    return 'drops the table and every row in it';
  }
  if (/\bDROP\s+COLUMN\b/i.test(sql)) {
    return 'drops a column and the values stored in it';
  }
  if (
    /\bALTER\s+COLUMN\s+(?:"[^"]*"|\S+)\s+TYPE\b|\bCHANGE\s+COLUMN\b/i.test(sql)
  ) {
    return 'changes a column definition, which may not keep every stored value';
  }
  return undefined;
}

/** A statement on one line, for messages: runs of white space as one space. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** `text` matched literally inside a RegExp (its special characters escaped). */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
