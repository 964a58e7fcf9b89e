import {belongsTo, Entity, model, property} from '@loopback/repository';
import {TodoList, TodoListWithRelations} from './todo-list.model';

/**
 * A todo of a list. The foreign key is declared exactly as LoopBack's
 * "Running on relational databases" tutorial does; with the stock
 * `migrateSchema()` this app's first migration fails on PostgreSQL.
 */
@model({
  settings: {
    foreignKeys: {
      fk_todo_todoListId: {
        name: 'fk_todo_todoListId',
        entity: 'TodoList',
        entityKey: 'id',
        foreignKey: 'todoListId',
      },
    },
  },
})
export class Todo extends Entity {
  @property({type: 'number', id: true, generated: true})
  id?: number;

  @property({type: 'string', required: true})
  title!: string;

  @property({type: 'string'})
  desc?: string;

  @property({type: 'boolean'})
  isComplete?: boolean;

  @belongsTo(() => TodoList)
  todoListId!: number;

  constructor(data?: Partial<Todo>) {
    super(data);
  }
}

/** The relations a `Todo` can be read with. */
export interface TodoRelations {
  todoList?: TodoListWithRelations;
}

/** A `Todo` with its relations. */
export type TodoWithRelations = Todo & TodoRelations;
