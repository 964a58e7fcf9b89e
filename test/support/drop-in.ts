import {expect} from '@loopback/testlab';
import {MigratingApp, StockApp} from './app-builder';

/** An app built with LoopBack's `RepositoryMixin` alone, or with ours on it. */
export type DropInApp = StockApp | MigratingApp;

/**
 * One drop-in case: what a test does with a new app and observes of it, and
 * what LoopBack's own mixin gives.
 */
export interface DropInCase {
  readonly title: string;
  /** Calls on a new app; resolves to plain data that says what they did. */
  readonly observe: (app: DropInApp) => unknown;
  /** What the app with `RepositoryMixin` alone observes. */
  readonly stock: unknown;
}

/**
 * One test per case: the case runs on a new `RepositoryMixin` app, which
 * must observe `stock`, and on a new app with `SchemaMigrationMixin` on it,
 * which must observe the same.
 */
export function itObservesWhatStockDoes(cases: readonly DropInCase[]): void {
  for (const {title, observe, stock} of cases) {
    it(title, async () => {
      expect(await observe(new StockApp())).to.eql(stock);
      expect(await observe(new MigratingApp())).to.eql(stock);
    });
  }
}
