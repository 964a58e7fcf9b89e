export * from './todo-list.controller';
export * from './todo-list-todo.controller';
