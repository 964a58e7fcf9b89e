import {expect} from '@loopback/testlab';
import type {Dialect} from '../../../src/dialects/contract';
import type {JugglerConnector} from '../../../src/juggler';
import type {GuardTarget} from '../../../src/planner/guard-target';
import {plainForm, type OnlineInput} from '../../../src/runner/online-forms';
import {onlinePlan} from '../../../src/runner/online-plan';
import type {PlannedStatement} from '../../../src/types';

const connector = {} as JugglerConnector;
const STATE_TABLE = ['schema_migration_state'] as const;
const PHASES = {stateTable: STATE_TABLE, offline: false};

/** A dialect that builds `INDEX` statements later and records what it was asked. */
function dialect(
  seen: OnlineInput[],
  unfinished: PlannedStatement[] = [],
): Dialect {
  return {
    tableOf: (_c: JugglerConnector, model: string) => ({
      schema: 's',
      name: model,
    }),
    async onlineForms(_c: JugglerConnector, input: OnlineInput) {
      seen.push(input);
      return {
        forms: input.statements.map(({statement, online}) =>
          online && statement.sql.startsWith('INDEX')
            ? {
                transaction: [],
                after: [{...statement, phase: 'no-transaction' as const}],
              }
            : plainForm(statement),
        ),
        unfinished,
      };
    },
  } as unknown as Dialect;
}

function statement(sql: string, model?: string): PlannedStatement {
  return {sql, destructive: false, ...(model && {model})};
}

const guard = (index: number): GuardTarget =>
  ({statement: index, sql: 'guarded'}) as unknown as GuardTarget;

describe('online plan', () => {
  const plan = {
    statements: [
      statement('INDEX old', 'Old'),
      statement('ALTER guarded', 'Old'),
      statement('CREATE new', 'New'),
      statement('INDEX new', 'New'),
      statement('ALTER plain', 'Old'),
    ],
    guards: [guard(1)],
  };

  it('runs the transaction first, then the online statements, with the guards moved along', async () => {
    const seen: OnlineInput[] = [];
    const phased = await onlinePlan(
      dialect(seen),
      connector,
      ['Old', 'New'],
      [{schema: 's', name: 'Old'}],
      plan,
      PHASES,
    );
    expect(phased.statements.map(s => `${s.phase}: ${s.sql}`)).to.eql([
      'transaction: ALTER guarded',
      'transaction: CREATE new',
      'transaction: INDEX new',
      'transaction: ALTER plain',
      'no-transaction: INDEX old',
    ]);
    // The guard follows its statement, and names the text that runs.
    expect(phased.guards.map(g => [g.statement, g.sql])).to.eql([
      [0, 'ALTER guarded'],
    ]);
    // Only statements on tables that existed (a guarded one too) may go online.
    expect(seen[0].statements.map(c => c.online)).to.eql([
      true,
      true,
      false,
      false,
      true,
    ]);
    expect(seen[0].tables).to.eql([
      {table: {schema: 's', name: 'Old'}, model: 'Old', foreignKeys: []},
    ]);
    expect(seen[0].stateTable).to.eql(STATE_TABLE);
    expect(seen[0].offline).to.be.false();
  });

  it('keeps every statement plain offline, and runs the unfinished work after them', async () => {
    const seen: OnlineInput[] = [];
    const leftOver = {...statement('CHECK'), phase: 'no-transaction' as const};
    const phased = await onlinePlan(
      dialect(seen, [leftOver]),
      connector,
      ['Old', 'New'],
      [{schema: 's', name: 'Old'}],
      plan,
      {...PHASES, offline: true},
    );
    expect(seen[0].offline).to.be.true();
    expect(seen[0].statements.map(c => c.online)).to.eql([
      false,
      false,
      false,
      false,
      false,
    ]);
    expect(phased.statements.map(s => `${s.phase}: ${s.sql}`)).to.eql([
      'transaction: INDEX old',
      'transaction: ALTER guarded',
      'transaction: CREATE new',
      'transaction: INDEX new',
      'transaction: ALTER plain',
      'no-transaction: CHECK',
    ]);
  });

  it('runs unfinished work first after the transaction', async () => {
    const leftOver = {
      ...statement('FINISH'),
      phase: 'own-transaction' as const,
    };
    const phased = await onlinePlan(
      dialect([], [leftOver]),
      connector,
      ['Old'],
      [{schema: 's', name: 'Old'}],
      {
        statements: [],
        guards: [],
      },
      PHASES,
    );
    expect(phased.statements).to.eql([leftOver]);
  });

  it('leaves a plan with nothing to run online, or a refused one, as it is', async () => {
    const seen: OnlineInput[] = [];
    const none = await onlinePlan(
      dialect(seen),
      connector,
      ['New'],
      [],
      plan,
      PHASES,
    );
    expect(none).to.equal(plan);
    const refused = {
      statements: [{...statement('INDEX old', 'Old'), willFail: 'duplicates'}],
      guards: [],
    };
    const kept = await onlinePlan(
      dialect(seen),
      connector,
      ['Old'],
      [{schema: 's', name: 'Old'}],
      refused,
      PHASES,
    );
    expect(kept).to.equal(refused);
    expect(seen).to.have.length(1);
  });
});
