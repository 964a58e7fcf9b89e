import {repository} from '@loopback/repository';
import {get, getModelSchemaRef, param, post, requestBody} from '@loopback/rest';
import {Todo} from '../models';
import {TodoListRepository} from '../repositories';

/** `/todo-lists/{id}/todos`: the todos of one list. */
export class TodoListTodoController {
  constructor(
    @repository(TodoListRepository)
    protected todoListRepository: TodoListRepository,
  ) {}

  @post('/todo-lists/{id}/todos', {
    responses: {
      '200': {
        description: 'The new Todo',
        content: {'application/json': {schema: getModelSchemaRef(Todo)}},
      },
    },
  })
  async create(
    @param.path.number('id') id: number,
    @requestBody({
      content: {
        'application/json': {
          schema: getModelSchemaRef(Todo, {
            title: 'NewTodoInTodoList',
            exclude: ['id', 'todoListId'],
          }),
        },
      },
    })
    todo: Omit<Todo, 'id' | 'todoListId'>,
  ): Promise<Todo> {
    return this.todoListRepository.todos(id).create(todo);
  }

  @get('/todo-lists/{id}/todos', {
    responses: {
      '200': {
        description: 'The Todos of the TodoList',
        content: {
          'application/json': {
            schema: {type: 'array', items: getModelSchemaRef(Todo)},
          },
        },
      },
    },
  })
  async find(@param.path.number('id') id: number): Promise<Todo[]> {
    return this.todoListRepository.todos(id).find();
  }
}
