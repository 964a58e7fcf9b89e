import {expect} from '@loopback/testlab';
import {spawn, type ChildProcessByStdio} from 'node:child_process';
import {once} from 'node:events';
import path from 'node:path';
import type {Readable} from 'node:stream';
import {tables} from '../support/catalog';
import {createTestDatabase, type TestDatabase} from '../support/databases';
import {EXAMPLE_DIR, envWithoutDatabase, pgVariables} from '../support/example';

type Server = ChildProcessByStdio<null, Readable, Readable>;

/** Start `node dist/examples/todo/src/index.js` and wait for its URL. */
async function startServer(
  env: Record<string, string>,
): Promise<{server: Server; url: string; output: () => string}> {
  const server = spawn(
    process.execPath,
    ['--no-deprecation', path.join(EXAMPLE_DIR, 'index.js')],
    {env: {...env, PORT: '0'}, stdio: ['ignore', 'pipe', 'pipe']},
  );
  let output = '';
  server.stderr.on('data', chunk => (output += chunk));
  const url = await new Promise<string>((resolve, reject) => {
    server.stdout.on('data', chunk => {
      output += chunk;
      const match = /Server is running at (http:\S+)\/todo-lists/.exec(output);
      if (match) resolve(match[1]);
    });
    server.on('close', code =>
      reject(
        new Error(
          `the example exited (${code}) before it listened:\n${output}`,
        ),
      ),
    );
  });
  return {server, url, output: () => output};
}

async function request(
  method: 'GET' | 'POST',
  url: string,
  body?: object,
): Promise<{status: number; json: unknown}> {
  const response = await fetch(url, {
    method,
    headers: body ? {'content-type': 'application/json'} : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  return {status: response.status, json: await response.json()};
}

describe('the todo example: main() in dist/examples/todo/src/index.js', () => {
  let db: TestDatabase | undefined;
  let server: Server | undefined;
  before(async function () {
    db = await createTestDatabase('postgresql');
    if (!db) this.skip();
  });
  afterEach(async () => {
    if (server && server.exitCode === null && server.signalCode === null) {
      server.kill('SIGKILL');
      await once(server, 'close');
    }
    server = undefined;
  });
  after(async () => {
    await db?.drop();
  });

  it('migrates the schema before it starts, then serves lists and their todos', async () => {
    const started = await startServer({
      ...envWithoutDatabase(),
      ...pgVariables(db!),
    });
    server = started.server;
    // The example's generated initial script makes the tables, before the
    // schema sync, which then finds them as the models say.
    expect(started.output()).to.match(
      /Schema of db: up-to-date, 0 statement\(s\)\nScript \d{14} \(InitialMigration\): applied\nScript 1\.0\.0 \(InboxListMigration\): applied\n/,
    );
    expect(await tables(db!)).to.eql([
      'schema_migration_scripts',
      'todo',
      'todolist',
    ]);

    const list = await request('POST', `${started.url}/todo-lists`, {
      title: 'groceries',
    });
    // id 1 is the Inbox list that the example's migration script seeds.
    expect(list).to.eql({status: 200, json: {id: 2, title: 'groceries'}});
    const todo = await request('POST', `${started.url}/todo-lists/2/todos`, {
      title: 'milk',
    });
    expect(todo.status).to.equal(200);
    expect(todo.json).to.containDeep({title: 'milk', todoListId: 2});
    // The foreign key holds: no todo in a list that does not exist.
    const orphan = await request('POST', `${started.url}/todo-lists/99/todos`, {
      title: 'nowhere',
    });
    expect(orphan.status).to.equal(500);
    const lists = await request(
      'GET',
      `${started.url}/todo-lists?filter=${encodeURIComponent(JSON.stringify({include: ['todos']}))}`,
    );
    expect(lists.json).to.containDeep([
      {title: 'Inbox'},
      {title: 'groceries', todos: [{title: 'milk'}]},
    ]);
  });

  it('finds the schema up to date when it starts again, and stops on SIGTERM', async () => {
    const started = await startServer({
      ...envWithoutDatabase(),
      ...pgVariables(db!),
    });
    server = started.server;
    expect(started.output()).to.match(/Schema of db: up-to-date, 0 statement/);
    const closed = once(server, 'close');
    server.kill('SIGTERM');
    const [code, signal] = await closed;
    expect({code, signal}).to.eql({code: null, signal: 'SIGTERM'});
  });
});
