import {expect} from '@loopback/testlab';
import type {AttachedModel} from '../../../src/juggler';
import {
  foreignKeyWarnings,
  type ForeignHome,
} from '../../../src/planner/foreign-key-warnings';

/** A model definition as juggler keeps it, with foreign keys to `targets`. */
function definition(name: string, targets: string[] = []): AttachedModel {
  const foreignKeys = Object.fromEntries(
    targets.map(target => [
      `fk_${name}_${target}`.toLowerCase(),
      {
        name: `fk_${name}_${target}`.toLowerCase(),
        entity: target,
        entityKey: 'id',
        foreignKey: `${target.toLowerCase()}Id`,
      },
    ]),
  );
  return {
    model: {modelName: name},
    properties: {id: {type: Number, id: true}},
    settings: {foreignKeys},
  };
}

const DB = {name: 'db', bindingKey: 'datasources.db'};
/** No model of another datasource. */
const NOWHERE = () => undefined;

describe('foreignKeyWarnings', () => {
  const definitions = {
    Customer: definition('Customer'),
    Order: definition('Order', ['Custmer', 'Invoice']),
  };

  it('names the attached model a key target likely misspells', () => {
    expect(
      foreignKeyWarnings(DB, ['Customer', 'Order'], definitions, [], NOWHERE),
    ).to.eql([
      'model Order declares foreign key "fk_order_custmer" to model Custmer (did you mean Customer?), ' +
        'which is not attached to datasource "db": the constraint is not created ' +
        '(a database cannot enforce a foreign key across datasources)',
      'model Order declares foreign key "fk_order_invoice" to model Invoice, ' +
        'which is not attached to datasource "db": the constraint is not created ' +
        '(a database cannot enforce a foreign key across datasources)',
    ]);
  });

  it('says the table loses a key of that name only where the plan drops it', () => {
    const [warning] = foreignKeyWarnings(
      DB,
      ['Order'],
      definitions,
      ['ALTER TABLE `Order` DROP FOREIGN KEY `fk_order_custmer`'],
      NOWHERE,
    );
    expect(warning).to.match(
      /the constraint is not created, and the one of that name in the table is dropped/,
    );
  });

  it('names the datasource the target is on, and how to have the key where it names the same database', () => {
    const homes: Record<string, ForeignHome> = {
      Custmer: {
        dataSource: 'jwtdb',
        bindingKey: 'datasources.jwtdb',
        sameDatabase: true,
      },
      Invoice: {
        dataSource: 'billing',
        bindingKey: 'datasources.billing',
        sameDatabase: false,
      },
    };
    expect(
      foreignKeyWarnings(DB, ['Order'], definitions, [], model => homes[model]),
    ).to.eql([
      'model Order declares foreign key "fk_order_custmer" to model Custmer, ' +
        'which is not attached to datasource "db" but to "jwtdb": the constraint is not created. ' +
        '"jwtdb" names the same database: to have the key, put both models on one datasource, ' +
        'binding "jwtdb" as an alias of this one ' +
        "(this.bind('datasources.jwtdb').toAlias('datasources.db'), " +
        "as for @loopback/authentication-jwt's jwtdb)",
      'model Order declares foreign key "fk_order_invoice" to model Invoice, ' +
        'which is not attached to datasource "db" but to "billing": the constraint is not created ' +
        '(a database cannot enforce a foreign key across datasources)',
    ]);
  });
});
