import type {ModelSpec} from './app-builder';

/**
 * `count` models named `Model1`..`ModelN`, each with a few typed properties,
 * an indexed property, and (from the second on) a foreign key to the model
 * before it. Fresh objects on every call: connectors change model settings
 * in place, so specs must never be shared between apps.
 */
export function chainedModels(
  count: number,
  /** `extraProperty: 'indexed'` indexes it (an online index build on existing tables). */
  options: {extraProperty?: boolean | 'indexed'} = {},
): ModelSpec[] {
  return Array.from({length: count}, (_, i) => {
    const n = i + 1;
    const foreignKeys =
      n > 1
        ? {
            [`fk_model${n}_parent`]: {
              name: `fk_model${n}_parent`,
              entity: `Model${n - 1}`,
              entityKey: 'id',
              foreignKey: 'parentId',
            },
          }
        : {};
    return {
      name: `Model${n}`,
      properties: {
        id: {type: 'number', id: true, generated: true},
        name: {type: 'string', required: true},
        score: {type: 'number'},
        active: {type: 'boolean'},
        createdAt: {type: 'date'},
        code: {
          type: 'string',
          index: true,
          postgresql: {dataType: 'varchar', dataLength: 40},
          mysql: {dataType: 'varchar', dataLength: 40},
        },
        parentId: {type: 'number'},
        ...(options.extraProperty
          ? {
              extra: {
                type: 'string',
                ...(options.extraProperty === 'indexed' && {index: true}),
              },
            }
          : {}),
      },
      settings: {foreignKeys},
    };
  });
}
