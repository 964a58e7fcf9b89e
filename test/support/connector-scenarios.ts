import type {PropertyDefinition} from '@loopback/repository';
import type {ModelSpec} from './app-builder';
import type {DatabaseKind} from './databases';

type Properties = Record<string, PropertyDefinition>;

/**
 * A model history from a connector's own migration suite: the models of
 * each step (fresh objects on every call: connectors change settings in
 * place), the rows written after a step, and the steps our data-loss guard
 * refuses at first (they destroy values stock drops without a word).
 */
export interface Scenario {
  readonly title: string;
  /** The database it is run on; both when absent. */
  readonly only?: DatabaseKind;
  readonly steps: readonly ((kind: DatabaseKind) => ModelSpec[])[];
  /** SQL run on both databases first. */
  readonly prepare?: string;
  readonly rows?: Readonly<Record<number, Record<string, object[]>>>;
  readonly refusedSteps?: Readonly<
    Partial<Record<DatabaseKind, readonly number[]>>
  >;
}

const NO_ID = {idInjection: false};
const string = (length: number, more: PropertyDefinition = {type: 'string'}) =>
  ({...more, type: 'string', length}) as PropertyDefinition;

/** A model in `schema` (PostgreSQL) with `table` as its table name. */
function inSchema(
  schema: string,
  table: string,
  settings: object = {},
): ModelSpec['settings'] {
  return {...NO_ID, postgresql: {schema, table}, ...settings};
}

function customer(name: string, table: string, schema?: string): ModelSpec {
  return {
    name,
    properties: {
      id: string(20, {type: 'string', id: 1}),
      name: string(40),
      email: string(40, {type: 'string', required: true}),
      age: {type: 'number'},
    },
    settings: {
      ...NO_ID,
      postgresql: {schema: schema ?? 'public', table},
      mysql: {table},
    },
  };
}

function discount(precision: number, scale: number): PropertyDefinition {
  return {
    type: 'number',
    dataType: 'decimal',
    precision,
    scale,
    mysql: {
      columnName: 'customer_discount',
      dataType: 'decimal',
      dataPrecision: precision,
      dataScale: scale,
    },
  };
}

const orderId = (): Properties => ({
  id: string(20, {type: 'string', id: 1}),
});

export const CONNECTOR_SCENARIOS: readonly Scenario[] = [
  {
    // postgresql.autoupdate "should update properties"
    title: 'property types changed: number to string, string to date',
    steps: [
      (): ModelSpec[] => [
        {
          name: 'SimpleEmployee',
          properties: {
            id: {type: 'number', id: true, generated: true},
            name: {type: 'string'},
            age: {type: 'number'},
            dateJoined: {type: 'string'},
          },
        },
      ],
      (): ModelSpec[] => [
        {
          name: 'SimpleEmployee',
          properties: {
            id: {type: 'number', id: true, generated: true},
            name: {type: 'string'},
            age: {type: 'string'},
            dateJoined: {type: 'date'},
          },
        },
      ],
    ],
    rows: {
      0: {
        SimpleEmployee: [
          {name: 'a', age: 30, dateJoined: '2020-01-02 03:04:05'},
        ],
      },
      1: {SimpleEmployee: [{name: 'b', age: '30', dateJoined: new Date(0)}]},
    },
    // The text '2020-01-02 03:04:05' comes back from a timestamptz as
    // '2020-01-02 03:04:05+00': a value changed, as README says.
    refusedSteps: {postgresql: [1]},
  },
  {
    // postgresql.autoupdate "same table name but different schema"
    title: 'a column added to one of two tables of one name in two schemas',
    only: 'postgresql',
    steps: [false, true].map(withCode => () => {
      const properties = (): Properties => ({
        id: {type: 'number', id: true, generated: true},
        name: {type: 'string'},
        age: {type: 'number'},
      });
      return [
        {
          name: 'Employee',
          properties: {
            ...properties(),
            ...(withCode ? {code: {type: 'string'}} : {}),
          },
          settings: {postgresql: {schema: 'schema1', table: 'employee'}},
        },
        {
          name: 'Employee1',
          properties: properties(),
          settings: {postgresql: {schema: 'schema2', table: 'employee'}},
        },
      ];
    }),
    rows: {0: {Employee: [{name: 'a', age: 1}], Employee1: [{name: 'b'}]}},
  },
  {
    // postgresql.autoupdate "should auto migrate/update tables"
    title:
      'columns dropped, widened, made optional and indexed (hash index kept)',
    only: 'postgresql',
    steps: [
      (): ModelSpec[] => [
        {
          name: 'CustomerTest',
          properties: {
            id: string(20, {type: 'string', id: 1}),
            name: string(40),
            email: string(40, {
              type: 'string',
              required: true,
              index: {unique: false, type: 'hash'},
            }),
            age: {type: 'number'},
          },
          settings: inSchema('public', 'customer_test'),
        },
      ],
      (): ModelSpec[] => [
        {
          name: 'CustomerTest',
          properties: {
            id: string(20, {type: 'string', id: 1, index: {unique: true}}),
            email: string(60, {
              type: 'string',
              index: true,
              postgresql: {
                columnName: 'email',
                dataType: 'varchar',
                dataLength: 60,
                nullable: 'YES',
              },
            }),
            firstName: string(40, {type: 'string', index: true}),
            lastName: string(40),
          },
          settings: inSchema('public', 'customer_test'),
        },
      ],
    ],
    rows: {0: {CustomerTest: [{id: 'c1', name: 'n', email: 'e@x', age: 3}]}},
    refusedSteps: {postgresql: [1]},
  },
  {
    // postgresql.autoupdate "valid sql for setting column nullability",
    // mysql.autoupdate "nullable property of first_name"
    title: 'an optional column made required',
    steps: [false, true].map(required => (): ModelSpec[] => [
      {
        name: 'NamePersonTest',
        properties: {
          id: string(20, {type: 'string', id: 1}),
          firstName: string(40, {
            type: 'string',
            required,
            mysql: {
              columnName: 'first_name',
              dataType: 'varchar',
              dataLength: 40,
            },
            postgresql: {columnName: 'first_name'},
          }),
          lastName: string(40),
        },
        settings: {
          ...NO_ID,
          postgresql: {table: 'name_person_test'},
          mysql: {table: 'col_rename_test'},
        },
      },
    ]),
    rows: {0: {NamePersonTest: [{id: 'p1', firstName: 'x'}]}},
  },
  {
    // postgresql.autoupdate "should create, update, and delete foreign keys"
    title: 'a foreign key moved to another table, then dropped, in a schema',
    only: 'postgresql',
    steps: [
      () => [customer('CustomerTest2', 'customer_test2', 'myapp_test')],
      ...[1, 2, 3].map(version => (): ModelSpec[] => [
        customer('CustomerTest2', 'customer_test2', 'myapp_test'),
        {
          name: 'Product',
          properties: {
            id: string(20, {type: 'string', id: 1}),
            name: string(40),
          },
          settings: inSchema('myapp_test', 'product_test'),
        },
        {
          name: 'OrderTest',
          properties: {
            ...orderId(),
            ...(version === 3 ? {subid: {type: 'number', id: 1}} : {}),
            customerId: string(20, {
              type: 'string',
              postgresql: {columnName: 'customerId'},
            }),
            description: string(40),
            ...(version > 1
              ? {
                  productId: string(20, {
                    type: 'string',
                    postgresql: {columnName: 'productId'},
                  }),
                }
              : {}),
          },
          settings: inSchema('myapp_test', 'order_test', {
            foreignKeys:
              version === 1
                ? {
                    fk_ordertest_customerId: {
                      name: 'fk_ordertest_customerId',
                      entity: 'CustomerTest2',
                      entityKey: 'id',
                      foreignKey: 'customerId',
                    },
                  }
                : version === 2
                  ? {
                      fk_ordertest_productId: {
                        name: 'fk_ordertest_productId',
                        entity: 'Product',
                        entityKey: 'id',
                        foreignKey: 'productId',
                        onDelete: 'CASCADE',
                        onUpdate: 'SET NULL',
                      },
                    }
                  : {},
          }),
        },
      ]),
    ],
    rows: {
      0: {CustomerTest2: [{id: 'c1', email: 'e@x'}]},
      1: {Product: [{id: 'p1'}], OrderTest: [{id: 'o1', customerId: 'c1'}]},
    },
  },
  {
    // postgresql.autoupdate "indexes on table in schema"
    title: 'an index of a table in a schema removed',
    only: 'postgresql',
    steps: [true, false].map(index => (): ModelSpec[] => [
      {
        name: 'ATable',
        properties: {
          id: {type: 'number', id: true, generated: true},
          something: {type: 'string', index},
        },
        settings: {postgresql: {schema: 'aschema'}},
      },
    ]),
    rows: {0: {ATable: [{something: 'x'}]}},
  },
  {
    // mysql.autoupdate "should auto migrate/update tables"
    title:
      'decimal widened, columns renamed by columnName, indexes replaced, a required unique column added',
    only: 'mysql',
    steps: [1, 2].map(version => (): ModelSpec[] => [
      {
        name: 'CustomerTest',
        properties:
          version === 1
            ? {
                id: string(20, {type: 'string', id: 1}),
                name: string(40),
                email: string(40, {type: 'string', required: true}),
                age: {type: 'number'},
                discount: discount(10, 2),
              }
            : {
                id: string(20, {type: 'string', id: 1}),
                email: string(60, {
                  type: 'string',
                  mysql: {
                    columnName: 'email',
                    dataType: 'varchar',
                    dataLength: 60,
                    nullable: 'YES',
                  },
                }),
                firstName: string(40),
                lastName: string(40),
                discount: discount(12, 5),
                address: string(10, {
                  type: 'string',
                  mysql: {
                    columnName: 'customer_address',
                    dataType: 'varchar',
                    length: 10,
                  },
                }),
                code: string(12, {
                  type: 'string',
                  required: true,
                  index: {unique: true},
                  mysql: {
                    columnName: 'customer_code',
                    dataType: 'varchar',
                    length: 12,
                  },
                }),
              },
        settings: {
          ...NO_ID,
          mysql: {table: 'customer_test'},
          indexes:
            version === 1
              ? {name_index: {keys: {name: 1}, options: {unique: true}}}
              : {
                  updated_name_index: {
                    keys: {firstName: 1, lastName: -1},
                    options: {unique: true},
                  },
                },
        },
      },
    ]),
    rows: {
      0: {
        CustomerTest: [
          {id: 'c1', name: 'n', email: 'e@x', age: 3, discount: 1.25},
        ],
      },
    },
    refusedSteps: {mysql: [1]},
  },
  {
    // mysql.autoupdate "foreign keys in tables" and "with onUpdate and onDelete"
    title:
      'a foreign key moved to another table with its column renamed, then dropped',
    only: 'mysql',
    steps: [1, 2, 3, 4].map(version => (): ModelSpec[] => [
      customer('CustomerTest2', 'customer_test2'),
      customer('CustomerTest3', 'customer_test3'),
      {
        name: 'OrderTest',
        properties: {
          ...orderId(),
          customerId: string(20, {
            type: 'string',
            ...(version > 1 && version < 4
              ? {mysql: {columnName: 'customer_id'}}
              : {}),
          }),
          description: string(40),
        },
        settings: {
          ...NO_ID,
          mysql: {table: 'order_test'},
          foreignKeys:
            version === 3
              ? {}
              : {
                  fk_ordertest_customerId: {
                    name: 'fk_ordertest_customerId',
                    entity: version === 1 ? 'CustomerTest3' : 'CustomerTest2',
                    entityKey: 'id',
                    foreignKey: 'customerId',
                    ...(version === 4
                      ? {onUpdate: 'no action', onDelete: 'cascade'}
                      : {}),
                  },
                },
        },
      },
    ]),
    rows: {
      0: {
        CustomerTest2: [{id: 'c2', email: 'e@x'}],
        CustomerTest3: [{id: 'c3', email: 'e@x'}],
        OrderTest: [{id: 'o1', customerId: 'c3'}],
      },
      1: {OrderTest: [{id: 'o2', customerId: 'c2'}]},
    },
    refusedSteps: {mysql: [1, 3]},
  },
  {
    // mysql.autoupdate "escape index names", postgresql.migration indexes
    title: 'indexes named after reserved words and declared in every form',
    steps: [
      (kind): ModelSpec[] => [
        {
          name: 'Message',
          properties: {
            id: {type: 'number', id: true, generated: false},
            conversation: {type: 'string'},
            from: {type: 'number'},
            sent: {type: 'date'},
          },
          settings: {
            ...NO_ID,
            indexes: {id_index: {keys: {id: 1}}, from_index: {keys: {from: 1}}},
          },
        },
        {
          name: 'UserDataWithIndexes',
          properties: {
            id: {type: 'number', id: true, generated: true},
            email: string(100, {type: 'string', null: false, index: true}),
            name: string(100),
            bio: string(200),
            birthDate: {type: 'date'},
            pendingPeriod: {type: 'number'},
            createdByAdmin: {type: 'boolean'},
            deleted: {type: 'boolean', required: true, default: false},
          },
          settings: {
            indexes:
              kind === 'postgresql'
                ? {
                    udwi_index1: {
                      keys: ['email DESC', 'createdByAdmin'],
                      options: {unique: true},
                    },
                    udwi_index2: {keys: 'email', type: 'hash'},
                    udwi_index3: 'bio, email, name DESC',
                    udwi_index4: {keys: {birthDate: -1, bio: 1}},
                    udwi_index5: {
                      keys: {name: -1, email: 0},
                      options: {unique: true},
                    },
                  }
                : {index0: {columns: 'email, createdByAdmin'}},
          },
        },
      ],
    ],
    rows: {
      0: {
        Message: [{id: 1, from: 2}],
        UserDataWithIndexes: [{email: 'a@b', name: 'n'}],
      },
    },
  },
  {
    // mysql migration "should autoupdate"
    title:
      'a column made nullable, retyped char(50), and a bigint unsigned added',
    only: 'mysql',
    steps: [1, 2].map(version => (): ModelSpec[] => [
      {
        name: 'UserData',
        properties: {
          id: {type: 'number', id: true, generated: true},
          email:
            version === 1
              ? {type: 'string', null: false, index: true}
              : {type: 'string'},
          name:
            version === 1
              ? {type: 'string'}
              : {type: 'string', dataType: 'char', limit: 50},
          bio: {type: 'string', dataType: 'text'},
          birthDate: {type: 'date'},
          pendingPeriod: {type: 'number'},
          createdByAdmin: {type: 'boolean'},
          ...(version === 2
            ? {
                newProperty: {
                  type: 'number',
                  unsigned: true,
                  dataType: 'bigInt',
                },
              }
            : {}),
        },
        settings: {indexes: {index0: {columns: 'email, createdByAdmin'}}},
      },
      {
        name: 'StringData',
        properties: {
          idString: {type: 'string', id: true},
          smallString: {
            type: 'string',
            null: false,
            index: true,
            dataType: 'char',
            limit: 127,
          },
          mediumString: {
            type: 'string',
            null: false,
            dataType: 'varchar',
            limit: 255,
          },
          tinyText: {type: 'string', dataType: 'tinyText'},
          giantJSON: {type: 'object', dataType: 'longText'},
          text: {type: 'string', dataType: 'varchar', limit: 1024},
        },
      },
      {
        name: 'NumberData',
        properties: {
          id: {type: 'number', id: true, generated: true},
          number: {
            type: 'number',
            null: false,
            index: true,
            unsigned: true,
            dataType: 'decimal',
            precision: 10,
            scale: 3,
          },
          tinyInt: {type: 'number', dataType: 'tinyInt', display: 2},
          mediumInt: {
            type: 'number',
            dataType: 'mediumInt',
            unsigned: true,
            required: true,
          },
          floater: {
            type: 'number',
            dataType: 'double',
            precision: 14,
            scale: 6,
          },
        },
      },
      {
        name: 'DefaultData',
        properties: {
          id: {type: 'number', id: true, generated: true},
          dateTime: {
            type: 'date',
            dataType: 'datetime',
            mysql: {default: 'now'},
          },
          timestamp: {
            type: 'date',
            dataType: 'timestamp',
            mysql: {default: 'CURRENT_TIMESTAMP'},
          },
          isAdmin: {type: 'boolean', mysql: {default: '0'}},
          number: {
            type: 'number',
            null: false,
            index: true,
            unsigned: true,
            dataType: 'int',
            mysql: {default: 256},
          },
          data: {
            type: 'object',
            dataType: 'longText',
            mysql: {default: 'Not Supported'},
          },
          text: {
            type: 'string',
            dataType: 'varchar',
            limit: 1024,
            mysql: {default: 'Not Supported'},
          },
          status: {
            type: 'string',
            dataType: 'varchar',
            mysql: {default: 'pending'},
          },
        },
      },
      {
        name: 'DateData',
        properties: {
          id: {type: 'number', id: true, generated: true},
          dateTime: {type: 'date', dataType: 'datetime'},
          timestamp: {type: 'date', dataType: 'timestamp'},
        },
      },
    ]),
    rows: {
      0: {
        UserData: [{email: 'test@example.com', name: 'n'}],
        StringData: [
          {
            idString: 's1',
            smallString: 'a',
            mediumString: 'b',
            giantJSON: {a: 1},
          },
        ],
        NumberData: [{number: 1.5, mediumInt: 3}],
        DefaultData: [{}],
        DateData: [{dateTime: new Date(0), timestamp: new Date(1000)}],
      },
    },
  },
  {
    // postgresql.migration uuid ids, dbdefaults, autocreateschema, mapping
    title:
      'uuid ids, database defaults, a schema made on demand, a composite key by columnName',
    only: 'postgresql',
    // As the connector's suite's database has it: stock creates it in the
    // statement of its CREATE SCHEMA "public", which fails (it exists) and
    // takes the extension with it ("function uuid_generate_v4() does not
    // exist"); ours creates it on its own.
    prepare: 'CREATE EXTENSION IF NOT EXISTS "uuid-ossp"',
    steps: [false, true].map(withMore => (): ModelSpec[] => [
      {
        name: 'OrderData',
        properties: {
          ordercode: {
            type: 'string',
            id: true,
            required: true,
            generated: true,
            useDefaultIdType: false,
            postgresql: {
              dataType: 'uuid',
              defaultFn: 'uuid_generate_v1()',
              extension: 'uuid-ossp',
            },
          },
          ordername: {type: 'string'},
        },
      },
      {
        name: 'PostWithDbDefaultValue',
        properties: {
          id: {type: 'number', id: true, generated: true},
          created: {type: 'date', postgresql: {dbDefault: 'now()'}},
          defaultInt: {type: 'number', postgresql: {dbDefault: '5'}},
          oneMore: {type: 'number'},
          ...(withMore
            ? {another: {type: 'number', postgresql: {dbDefault: '7'}}}
            : {}),
        },
      },
      {
        name: 'PostInCustomSchema',
        properties: {
          id: {type: 'number', id: true, generated: true},
          created: {type: 'date'},
        },
        settings: {postgresql: {schema: 'myapp_test'}},
      },
      {
        name: 'TestInventory',
        properties: {
          productId: string(20, {
            type: 'string',
            required: true,
            id: 1,
            postgresql: {
              columnName: 'product_id',
              dataType: 'VARCHAR',
              nullable: 'NO',
            },
          }),
          locationId: string(20, {
            type: 'string',
            required: true,
            id: 2,
            postgresql: {
              columnName: 'location_id',
              dataType: 'VARCHAR',
              nullable: 'NO',
            },
          }),
          available: {
            type: 'number',
            postgresql: {
              columnName: 'available',
              dataType: 'INTEGER',
              nullable: 'YES',
            },
          },
          total: {
            type: 'number',
            postgresql: {
              columnName: 'total',
              dataType: 'INTEGER',
              nullable: 'YES',
            },
          },
        },
        settings: inSchema('public', 'inventorytest'),
      },
    ]),
    rows: {
      0: {
        PostWithDbDefaultValue: [{oneMore: 1, created: new Date(0)}],
        PostInCustomSchema: [{created: new Date(0)}],
        TestInventory: [
          {productId: 'p001', locationId: 'l001', available: 10, total: 50},
        ],
      },
    },
  },
  {
    // postgresql.test "Explicit datatype", arrays, json, serial properties
    title:
      'explicit data types, arrays, json and a serial property, then widened',
    only: 'postgresql',
    steps: [1, 2].map(version => (): ModelSpec[] => [
      {
        name: 'PostWithBoolean',
        properties: {
          // A string there, which the connector cannot generate: see
          // postgresql-generated-ids.test.ts.
          idCol: {
            type: 'number',
            name: 'id',
            id: true,
            required: false,
            generated: true,
          },
          title: string(version === 1 ? 255 : 300, {
            type: 'string',
            index: true,
          }),
          content: {type: 'string'},
          loc: {type: 'geopoint'},
          created: {type: 'date'},
          approved: {type: 'boolean'},
          tags: {type: 'array', itemType: 'string'},
          categories: {
            type: 'array',
            itemType: 'string',
            postgresql: {dataType: version === 1 ? 'varchar[]' : 'text[]'},
          },
        },
      },
      {
        name: 'Expense',
        properties: {
          id: {
            type: 'number',
            id: true,
            required: true,
            postgresql: {dataType: 'NUMERIC', dataPrecision: 3},
          },
          description: {type: 'string'},
          amount: {
            type: 'number',
            required: true,
            postgresql: {
              dataType: 'DECIMAL',
              dataPrecision: version === 1 ? 10 : 12,
              dataScale: version === 1 ? 2 : 4,
            },
          },
        },
      },
      {
        name: 'PostWithDate',
        properties: {
          id: {type: 'number', id: true, generated: true},
          title: string(255, {type: 'string', index: true}),
          created: {
            type: 'string',
            postgresql: {dataType: 'timestamp with time zone'},
          },
        },
      },
      {
        name: 'Customer',
        properties: {
          id: {type: 'number', id: true, generated: true},
          address: {
            type: 'object',
            postgresql: {dataType: version === 1 ? 'json' : 'jsonb'},
          },
        },
      },
      {
        name: 'SerialInventory',
        properties: {
          productId: {type: 'string', required: true, id: true},
          productCode: {type: 'number', generated: true},
        },
        settings: inSchema('public', 'inventorytest'),
      },
    ]),
    rows: {
      0: {
        PostWithBoolean: [
          {
            title: 't',
            tags: ['a', 'b'],
            categories: ['c'],
            approved: true,
            loc: {lat: 1, lng: 2},
          },
        ],
        Expense: [{id: 1, amount: 12.34}],
        PostWithDate: [{title: 't', created: '2020-01-02T03:04:05.000Z'}],
        Customer: [{address: {city: 'x'}}],
        SerialInventory: [{productId: 'p001'}],
      },
    },
  },
  {
    // mysql datatypes, datetime and booleantype suites
    title:
      'explicit data types, blobs, geopoints, date strings and booleans, then widened',
    only: 'mysql',
    steps: [1, 2].map(version => (): ModelSpec[] => [
      {
        name: 'Account',
        properties: {
          id: {type: 'number', id: true, generated: true},
          type: {type: 'string'},
          amount: {
            type: 'number',
            mysql: {
              dataType: 'DECIMAL',
              dataPrecision: version === 1 ? 10 : 12,
              dataScale: 2,
            },
          },
          lastTransaction: {type: 'string', mysql: {dataType: 'DATE'}},
        },
      },
      {
        name: 'BlobModel',
        properties: {
          id: {type: 'number', id: true, generated: true},
          bin: {type: 'buffer', dataType: 'blob', null: false},
          name: {type: 'string'},
        },
      },
      {
        name: 'City',
        properties: {
          id: {type: 'number', id: true, generated: true},
          name: {type: 'string'},
          loc: {type: 'geopoint'},
        },
      },
      {
        name: 'Person',
        properties: {
          id: {type: 'number', id: true, generated: true},
          name: {type: 'string'},
          gender: {type: 'string'},
          married: {type: 'boolean'},
          dob: {type: 'date', mysql: {dataType: 'DATE'}},
          createdAt: {type: 'date'},
          lastLogon: {type: 'date', precision: 3},
        },
        settings: {forceId: true, strict: true},
      },
      ...['TINYINT(1)', 'CHAR(1)', 'BIT(1)'].map((dataType, i) => ({
        name: `BooleanModel${i}`,
        properties: {
          id: {type: 'number', id: true, generated: true},
          order: {type: 'number'},
          pass: {type: 'boolean', mysql: {dataType}},
        },
      })),
    ]),
    rows: {
      0: {
        Account: [
          {
            type: 'Student - Basic',
            amount: 1000,
            lastTransaction: '2017-04-01',
          },
        ],
        BlobModel: [{bin: Buffer.from('This is a test'), name: 'bob'}],
        City: [{name: 'North York', loc: {lat: 43.761539, lng: -79.411079}}],
        Person: [
          {
            name: 'p',
            married: true,
            dob: new Date(0),
            createdAt: new Date(0),
            lastLogon: new Date(1),
          },
        ],
        BooleanModel0: [{order: 0, pass: true}],
        BooleanModel1: [{order: 0, pass: true}],
        BooleanModel2: [{order: 0, pass: false}],
      },
    },
  },
];
