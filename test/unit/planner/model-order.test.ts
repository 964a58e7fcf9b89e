import {expect} from '@loopback/testlab';
import type {AttachedModel, ForeignKeySetting} from '../../../src/juggler';
import {
  declaredForeignKeys,
  orderByForeignKeys,
} from '../../../src/planner/model-order';

/** A model as a connector keeps it, with the given foreign key settings. */
function model(
  modelName: string,
  foreignKeys?: Record<string, ForeignKeySetting>,
): AttachedModel {
  return {
    model: {modelName},
    properties: {},
    settings: foreignKeys ? {foreignKeys} : {},
  };
}

/** A foreign key from `<key>` to `entity`.id. */
function fk(entity: ForeignKeySetting['entity'], key = 'parentId') {
  return {name: undefined, entity, entityKey: 'id', foreignKey: key};
}

/** Definitions where each model points at the models listed for it. */
function definitionsOf(
  graph: Record<string, string[]>,
): Record<string, AttachedModel> {
  return Object.fromEntries(
    Object.entries(graph).map(([name, targets]) => [
      name,
      model(
        name,
        Object.fromEntries(
          targets.map(target => [`fk_${name}_${target}`, fk(target)]),
        ),
      ),
    ]),
  );
}

describe('model-order', () => {
  describe('declaredForeignKeys', () => {
    it('lists each foreign key with its model, name and target model', () => {
      const todo = model('Todo', {
        fk_todo_todoListId: {
          name: 'fk_todo_todoListId',
          entity: 'TodoList',
          entityKey: 'id',
          foreignKey: 'todoListId',
        },
        fk_todo_ownerId: {
          name: 'fk_todo_ownerId',
          entity: 'User',
          entityKey: 'id',
          foreignKey: 'ownerId',
        },
      });
      expect(declaredForeignKeys('Todo', todo)).to.eql([
        {
          model: 'Todo',
          key: 'fk_todo_todoListId',
          name: 'fk_todo_todoListId',
          target: 'TodoList',
        },
        {
          model: 'Todo',
          key: 'fk_todo_ownerId',
          name: 'fk_todo_ownerId',
          target: 'User',
        },
      ]);
    });

    it('names a foreign key after its settings key when it has no name', () => {
      const todo = model('Todo', {todoListFk: fk('TodoList')});
      expect(declaredForeignKeys('Todo', todo)).to.eql([
        {
          model: 'Todo',
          key: 'todoListFk',
          name: 'todoListFk',
          target: 'TodoList',
        },
      ]);
    });

    it('prefers the declared name over the settings key', () => {
      const todo = model('Todo', {
        todoListFk: {...fk('TodoList'), name: 'fk_todo_list'},
      });
      expect(declaredForeignKeys('Todo', todo)[0].name).to.equal(
        'fk_todo_list',
      );
    });

    it('accepts an entity given as an object with a name', () => {
      const todo = model('Todo', {fk_todo_list: fk({name: 'TodoList'})});
      expect(declaredForeignKeys('Todo', todo)).to.eql([
        {
          model: 'Todo',
          key: 'fk_todo_list',
          name: 'fk_todo_list',
          target: 'TodoList',
        },
      ]);
    });

    it('skips a foreign key that names no entity', () => {
      const todo = model('Todo', {
        broken: fk(undefined),
        empty: fk(''),
        ok: fk('TodoList'),
      });
      expect(declaredForeignKeys('Todo', todo)).to.eql([
        {model: 'Todo', key: 'ok', name: 'ok', target: 'TodoList'},
      ]);
    });

    it('returns nothing for a model without foreign keys', () => {
      expect(declaredForeignKeys('Todo', model('Todo'))).to.eql([]);
      expect(declaredForeignKeys('Todo', model('Todo', {}))).to.eql([]);
    });

    it('returns nothing for an unknown model', () => {
      expect(declaredForeignKeys('Todo', undefined)).to.eql([]);
    });
  });

  describe('orderByForeignKeys', () => {
    it('orders a model after the model its foreign key points at', () => {
      const definitions = definitionsOf({Todo: ['TodoList'], TodoList: []});
      expect(orderByForeignKeys(['Todo', 'TodoList'], definitions)).to.eql([
        'TodoList',
        'Todo',
      ]);
    });

    it('keeps a child that already follows its parent where it is', () => {
      const definitions = definitionsOf({Todo: ['TodoList'], TodoList: []});
      expect(orderByForeignKeys(['TodoList', 'Todo'], definitions)).to.eql([
        'TodoList',
        'Todo',
      ]);
    });

    it('keeps the given order of models that do not depend on each other', () => {
      const definitions = definitionsOf({A: [], B: [], C: [], D: []});
      expect(orderByForeignKeys(['C', 'A', 'D', 'B'], definitions)).to.eql([
        'C',
        'A',
        'D',
        'B',
      ]);
    });

    it('moves only the models that must move', () => {
      const definitions = definitionsOf({
        Todo: ['TodoList'],
        Note: [],
        TodoList: [],
        Tag: [],
      });
      expect(
        orderByForeignKeys(['Todo', 'Note', 'TodoList', 'Tag'], definitions),
      ).to.eql(['Note', 'TodoList', 'Todo', 'Tag']);
    });

    it('orders a chain of foreign keys from its end', () => {
      // A -> B -> C: C must exist before B, B before A.
      const definitions = definitionsOf({A: ['B'], B: ['C'], C: []});
      expect(orderByForeignKeys(['A', 'B', 'C'], definitions)).to.eql([
        'C',
        'B',
        'A',
      ]);
      expect(orderByForeignKeys(['B', 'A', 'C'], definitions)).to.eql([
        'C',
        'B',
        'A',
      ]);
    });

    it('orders a model after every model it points at', () => {
      const definitions = definitionsOf({
        Todo: ['TodoList', 'User'],
        TodoList: [],
        User: [],
      });
      expect(
        orderByForeignKeys(['Todo', 'User', 'TodoList'], definitions),
      ).to.eql(['User', 'TodoList', 'Todo']);
    });

    it('ignores a foreign key from a model to itself', () => {
      const definitions = definitionsOf({Category: ['Category'], Item: []});
      expect(orderByForeignKeys(['Category', 'Item'], definitions)).to.eql([
        'Category',
        'Item',
      ]);
    });

    it('orders a self-referencing model after the other models it points at', () => {
      const definitions = definitionsOf({
        Category: ['Category', 'Shop'],
        Shop: [],
      });
      expect(orderByForeignKeys(['Category', 'Shop'], definitions)).to.eql([
        'Shop',
        'Category',
      ]);
    });

    it('keeps both models of a two-model cycle, in the given order', () => {
      const definitions = definitionsOf({A: ['B'], B: ['A']});
      expect(orderByForeignKeys(['A', 'B'], definitions)).to.eql(['A', 'B']);
      expect(orderByForeignKeys(['B', 'A'], definitions)).to.eql(['B', 'A']);
    });

    it('places models in a cycle after the models that can be ordered', () => {
      const definitions = definitionsOf({A: ['B'], B: ['A'], C: [], D: ['C']});
      expect(orderByForeignKeys(['A', 'D', 'B', 'C'], definitions)).to.eql([
        'C',
        'D',
        'A',
        'B',
      ]);
    });

    it('ignores a foreign key to a model that is not being migrated', () => {
      const definitions = definitionsOf({Todo: ['TodoList'], TodoList: []});
      expect(orderByForeignKeys(['Todo'], definitions)).to.eql(['Todo']);
    });

    it('ignores a foreign key to a model that has no definition', () => {
      const definitions = definitionsOf({Todo: ['Ghost'], Note: []});
      expect(orderByForeignKeys(['Todo', 'Note'], definitions)).to.eql([
        'Todo',
        'Note',
      ]);
    });

    it('orders models whose definition is missing as independent models', () => {
      const definitions = definitionsOf({Todo: ['TodoList']});
      expect(orderByForeignKeys(['Todo', 'TodoList'], definitions)).to.eql([
        'TodoList',
        'Todo',
      ]);
    });

    it('follows a foreign key whose entity is given as an object', () => {
      const definitions = {
        Todo: model('Todo', {fk_todo_list: fk({name: 'TodoList'})}),
        TodoList: model('TodoList'),
      };
      expect(orderByForeignKeys(['Todo', 'TodoList'], definitions)).to.eql([
        'TodoList',
        'Todo',
      ]);
    });

    it('returns every given model exactly once', () => {
      const definitions = definitionsOf({
        A: ['B', 'E'],
        B: ['C'],
        C: ['B'],
        D: [],
        E: ['D'],
      });
      const given = ['A', 'B', 'C', 'D', 'E'];
      const ordered = orderByForeignKeys(given, definitions);
      expect([...ordered].sort()).to.eql([...given].sort());
    });

    it('returns an empty list for no models', () => {
      expect(orderByForeignKeys([], definitionsOf({A: []}))).to.eql([]);
    });

    it('does not change the given list', () => {
      const given = Object.freeze(['Todo', 'TodoList']);
      const definitions = definitionsOf({Todo: ['TodoList'], TodoList: []});
      expect(orderByForeignKeys(given, definitions)).to.eql([
        'TodoList',
        'Todo',
      ]);
      expect(given).to.eql(['Todo', 'TodoList']);
    });
  });
});
