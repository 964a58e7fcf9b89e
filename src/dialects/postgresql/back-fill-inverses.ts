import type {InverseRule} from '../inverse';
import type {InverseStatement} from '../shadow';
import {BACK_FILL_MARK, BACK_FILL_START} from './online-backfill';

/** A back-fill, as `backFillSql()` begins it. */
const BACK_FILL = new RegExp(
  `^${BACK_FILL_START.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`,
);
/** The mark of a pending back-fill, set or cleared (`markSql()`). */
const MARK = new RegExp(
  `^COMMENT\\s+ON\\s+COLUMN\\s+\\S[\\s\\S]*\\s+IS\\s+(?:'${BACK_FILL_MARK}'|NULL)$`,
  'i',
);

/**
 * The statements of a column added with a volatile default, online
 * (`online-backfill.ts`): the back-fill of its rows and the mark that says
 * it is pending. They leave nothing to undo beside the column, which the
 * inverse of its `ADD COLUMN` drops.
 */
export const BACK_FILL_INVERSES: readonly InverseRule<InverseStatement>[] = [
  {
    pattern: BACK_FILL,
    inverse: () => ({
      kept: 'it fills the rows of a new column: the inverse of its ADD COLUMN drops the column',
    }),
  },
  {
    pattern: MARK,
    inverse: () => ({
      kept: 'it marks a new column until its back-fill is done: the inverse of its ADD COLUMN drops the column',
    }),
  },
];
