import {expect} from '@loopback/testlab';
import type {AttachedModel} from '../../../src/juggler';
import {foreignKeyWarnings} from '../../../src/planner/foreign-key-warnings';

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

describe('foreignKeyWarnings', () => {
  const definitions = {
    Customer: definition('Customer'),
    Order: definition('Order', ['Custmer', 'Invoice']),
  };

  it('names the attached model a key target likely misspells', () => {
    expect(
      foreignKeyWarnings('db', ['Customer', 'Order'], definitions, []),
    ).to.eql([
      'model Order declares foreign key "fk_order_custmer" to model Custmer (did you mean Customer?), ' +
        'which is not attached to datasource "db": the constraint is not created ' +
        '(a database cannot enforce a foreign key across datasources)',
      'model Order declares foreign key "fk_order_invoice" to model Invoice, ' +
        'which is not attached to datasource "db": the constraint is not created ' +
        '(a database cannot enforce a foreign key across datasources; where that model ' +
        "is on another datasource of this database, as @loopback/authentication-jwt's " +
        'User on jwtdb, bind that datasource as an alias of this one ' +
        "(this.bind('datasources.jwtdb').toAlias('datasources.db')) and both models " +
        'are on one datasource)',
    ]);
  });

  it('says the table loses a key of that name only where the plan drops it', () => {
    const [warning] = foreignKeyWarnings('db', ['Order'], definitions, [
      'ALTER TABLE `Order` DROP FOREIGN KEY `fk_order_custmer`',
    ]);
    expect(warning).to.match(
      /the constraint is not created, and the one of that name in the table is dropped/,
    );
  });
});
