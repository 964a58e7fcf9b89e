import type {ModelSpec} from '../../test/support/app-builder';
import type {DatabaseKind} from '../../test/support/databases';

/** The model versions: 1 is what the loaded database holds, 2 what the migration brings. */
export type ModelVersion = 1 | 2;

/** The tables of the models as each database names them. */
export function tableNames(kind: DatabaseKind): {
  customer: string;
  order: string;
} {
  return kind === 'postgresql'
    ? {customer: 'customer', order: 'order'}
    : {customer: 'Customer', order: 'Order'};
}

/**
 * `Customer` and `Order` of an online shop. Version 2 adds to `Order`, as a
 * new release of the app would: an index on `amount`, a unique index on
 * `code`, a foreign key `customerId` → `Customer.id` and a NOT NULL column
 * `priority` with a default. Fresh objects on every call (connectors change
 * model settings in place).
 *
 * On PostgreSQL the foreign key names the column as PostgreSQL stores it
 * (`customerid`), the spelling stock LoopBack needs there (loopback-next
 * #8685, see the main benchmark's findings); both implementations accept it.
 */
export function shopModels(
  kind: DatabaseKind,
  version: ModelVersion,
): ModelSpec[] {
  const v2 = version === 2;
  const customer: ModelSpec = {
    name: 'Customer',
    properties: {
      id: {type: 'number', id: true, generated: true},
      name: {type: 'string', required: true},
    },
  };
  const order: ModelSpec = {
    name: 'Order',
    properties: {
      id: {type: 'number', id: true, generated: true},
      customerId: {type: 'number', required: true},
      amount: {type: 'number', required: true},
      code: {
        type: 'string',
        required: true,
        postgresql: {dataType: 'varchar', dataLength: 40},
        mysql: {dataType: 'varchar', dataLength: 40},
      },
      ...(v2
        ? {
            priority: {
              type: 'number',
              required: true,
              default: 1,
              mysql: {default: 1},
            },
          }
        : {}),
    },
    settings: v2
      ? {
          indexes: {
            order_amount_idx: {keys: {amount: 1}},
            order_code_key: {keys: {code: 1}, options: {unique: true}},
          },
          foreignKeys: {
            fk_order_customer: {
              name: 'fk_order_customer',
              entity: 'Customer',
              entityKey: 'id',
              foreignKey: kind === 'postgresql' ? 'customerid' : 'customerId',
            },
          },
        }
      : {},
  };
  return [customer, order];
}
