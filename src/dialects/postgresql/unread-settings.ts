import type {AttachedModel} from '../../juggler';
import {pgArrayWriteWarnings} from './array-writes';
import {pgUnreadSizes} from './unread-sizes';

/**
 * `Dialect.unreadSettings` of PostgreSQL: for each property, the sizes the
 * connector never reads (see {@link pgUnreadSizes}) and the array types it
 * cannot write to (see {@link pgArrayWriteWarnings}).
 */
export function pgUnreadSettings(
  model: string,
  definition: AttachedModel | undefined,
): string[] {
  return Object.entries(definition?.properties ?? {}).flatMap(
    ([property, value]) => {
      const prop = (value ?? {}) as Record<string, unknown>;
      return [
        ...pgUnreadSizes(model, property, prop),
        ...pgArrayWriteWarnings(model, property, prop),
      ];
    },
  );
}
