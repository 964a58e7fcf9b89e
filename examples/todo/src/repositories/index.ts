export * from './todo.repository';
export * from './todo-list.repository';
