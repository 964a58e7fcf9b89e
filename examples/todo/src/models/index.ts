export * from './todo.model';
export * from './todo-list.model';
