import {Entity, hasMany, model, property} from '@loopback/repository';
import {Todo, TodoWithRelations} from './todo.model';

/** A list of todos. */
@model()
export class TodoList extends Entity {
  @property({type: 'number', id: true, generated: true})
  id?: number;

  @property({type: 'string', required: true})
  title!: string;

  @property({type: 'string'})
  color?: string;

  @hasMany(() => Todo)
  todos!: Todo[];

  constructor(data?: Partial<TodoList>) {
    super(data);
  }
}

/** The relations a `TodoList` can be read with. */
export interface TodoListRelations {
  todos?: TodoWithRelations[];
}

/** A `TodoList` with its relations. */
export type TodoListWithRelations = TodoList & TodoListRelations;
