import type {BenchOptions} from './args';
import {ADDED_PROPERTY, MODELS_CHANGED} from './models';

/** The "how it is measured" section of the report. */
export function methodSection(options: BenchOptions): string {
  return `## How it is measured

- **Schemas.** \`chainedModels(N)\` of the test support: N models, each with
  7 typed properties, an indexed \`code\` column, and (from the second on) a
  foreign key to the model before it, bound in order Model1..N so that stock
  LoopBack, which creates tables in binding order, can run. Both
  implementations get identical model definitions (built anew for every app).
- **The measured call** is \`app.migrateSchema()\` with no options (autoupdate)
  on an app that is already built (its model classes bound, as LoopBack's
  model booter binds them) and whose datasource has connected; only that
  call is timed (\`performance.now()\` around it). It includes what
  \`migrateSchema()\` itself does first: resolving the repositories
  (attaching the models to the datasource), which stock always does and ours
  does unless its fast path answers from the app's unchanged sources.
- **LoopBack's share.** In (a), (b) and every scaling and large (b) point, a
  third process per run builds the same app and times only that first step,
  \`Promise.all(app.findByTag('repository').map(b => app.get(b.key)))\`,
  exactly as LoopBack's \`migrateSchema()\` does it. It is LoopBack's own
  cost (juggler defining a model class per repository), the same wherever
  it is paid; the report shows each median beyond it.
- **One process per measurement.** Every run is a fresh Node.js process
  (\`bench/child.ts\`): the app is built, connected, then migrated once, the
  way \`npm run migrate\` or an app start does it, with a cold JIT. Runs
  cannot disturb each other through caches, leaked handles or heap. A run
  slower than \`--timeout\` (${options.timeoutSeconds} s; \`--scaling-timeout\`, ${options.scalingTimeoutSeconds} s, in the
  scaling run) is asked how many round trips it made so far, killed, and
  ends its series; the report shows its time as a lower bound.
- **Alternation.** For each run number, stock runs, then ours (then
  LoopBack's share, then, for (a), the floors), so slow drifts of the
  shared machine hit all of them.
- **Starting states.** (a): a new, empty database for every run (and for
  every floor run), dropped after it; each run is checked to have created
  all N tables and N−1 foreign keys. (b) and (c): one database per database
  kind and N holding the current schema, made by replaying the statements our
  plan emits for an empty database (so neither implementation pays for
  it). In (b) stock checks a copy of its own (its up-to-date run rewrites
  every MariaDB table with no-op \`ALTER TABLE\`s, which would leave ours
  a schema changed a second before each of its runs), and ours' copy has
  stood 6 s before its first run, as a running server's has (MariaDB's
  table times count only once tables are 5 s old). After every run the \`${ADDED_PROPERTY}\` columns are dropped and a
  fingerprint of every column, index and constraint is compared with the
  starting one; if anything else differs, the database is rebuilt from
  scratch. (c) adds the string property \`${ADDED_PROPERTY}\` to ${MODELS_CHANGED} models spread
  over the chain (Model1, Model(N/10+1), ...), the same models in every run,
  and each run is checked to have added the ${MODELS_CHANGED} columns.
- **Round trips** are the queries that reach the driver during the call:
  the app's own \`pg\` (\`Client.prototype.query\`, which pools use) and
  \`mysql2\` (the connection's \`query\` and \`execute\`, which
  loopback-connector-mysql's pool connections inherit), resolved from the
  connectors' own location and patched in the measuring process only while
  the call runs. A batch of statements sent as one query is one round trip
  (ours sends a PostgreSQL plan that way, in one transaction). *DDL
  statements* counts the statements in what was sent that begin with
  CREATE, ALTER, DROP, RENAME, COMMENT or TRUNCATE, one by one, also inside
  a batch.
- **Memory.** *Peak RSS* is the measuring process' \`maxRSS\`
  (\`process.resourceUsage()\`, tracked by the kernel): the peak of a
  process that loaded LoopBack, built the app and ran the migration; the
  app's own baseline is included and is the same for both. *Heap growth*
  is the highest \`heapUsed\` sampled every 5 ms during the call minus
  \`heapUsed\` right before it, after a forced full GC (\`--expose-gc\`): the
  extra JavaScript memory the migration needed at its peak (samples are
  taken whenever the event loop turns, i.e. between queries). It counts
  garbage not yet collected, and young-generation collections cap it (at
  about 16-18 MB here), so it is a rough figure: equal values below that
  cap say little, growth beyond it is memory that stayed live. Peak RSS is
  the firmer number. Both are medians over the runs. For a run killed at
  the time limit, the peak RSS it had reached is shown as a lower bound
  (\`≥\`), and a ratio against it as an upper bound (\`<\`).
- **Floors** ((a)): the server's own command-line client runs a script on
  a fresh database each time; the time is the wall time of the client
  process: \`psql -X -q -v ON_ERROR_STOP=1 -1 -f\` on PostgreSQL (one
  transaction), \`mariadb --batch -e "source <file>"\` on MariaDB/MySQL
  (statement after statement). Two scripts, each computed once against an
  empty database (each statement followed by \`;\`): *our statements*,
  those of \`(await app.planSchemaMigration()).dataSources[0].statements\`
  (foreign keys written in their \`CREATE TABLE\`), and *the connector's
  statements*, the same plan with every foreign key added by an
  \`ALTER TABLE\` after its table is made, as the connectors write it. The
  first is what creating this schema costs when nothing but our DDL is
  sent; the second shows what writing the keys inline saves.
- **Scaling** runs scenario (b) at each size with ${options.scalingRuns} runs per
  implementation${Number.isFinite(options.stockMaxModels) ? `, stock only up to ${options.stockMaxModels} models (\`--stock-max-models\`)` : ''}; the size equal to
  \`--models\` reuses scenario (b)'s runs.${
    options.large > 0
      ? `
- **Large schema**: scenarios (a) and (b) at ${options.large} models
  (\`--large\`), ${options.scalingRuns} runs each, ours only: stock needs
  minutes there (see the scaling series).`
      : ''
  }`;
}
