import type {Implementation} from './protocol';

/** A way of migrating that the benchmark compares. */
export interface Variant {
  /** Its name on the command line (`--variants`). */
  readonly name: VariantName;
  /** Its column title in the report. */
  readonly title: string;
  readonly implementation: Implementation;
  /** Passed to `migrateSchema()` unchanged. */
  readonly options: Record<string, unknown>;
}

export type VariantName = 'stock' | 'ours' | 'ours-offline';

/**
 * Stock LoopBack's `migrateSchema()` (juggler's autoupdate), ours with
 * default options (online forms where the package has them; plus those of
 * `--options`), and ours with `online: false` (one plain transaction: the
 * "plain form" of the targets).
 */
export const VARIANTS: readonly Variant[] = [
  {name: 'stock', title: 'stock', implementation: 'stock', options: {}},
  {name: 'ours', title: 'ours', implementation: 'ours', options: {}},
  {
    name: 'ours-offline',
    title: 'ours, `online: false`',
    implementation: 'ours',
    options: {online: false},
  },
];

/** The two situations the migration runs in. */
export type OnlineScenario = 'load' | 'long-transaction';
export const ONLINE_SCENARIOS: readonly OnlineScenario[] = [
  'load',
  'long-transaction',
];
