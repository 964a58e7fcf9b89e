import {ApplicationConfig} from '@loopback/core';
import {migrateSchemaWithReport} from '../../../src';
import {TodoListApplication} from './application';

export * from './application';

/**
 * The `main()` that `lb4 app` generates, plus one line: the schema is
 * migrated before the server starts (safe with several replicas: the
 * migration takes a lock, and refuses to destroy stored data).
 */
export async function main(
  options: ApplicationConfig = {},
): Promise<TodoListApplication> {
  const app = new TodoListApplication(options);
  await app.boot();
  // `await app.migrateSchema()` is all an app needs; this one also prints
  // what was done.
  const report = await migrateSchemaWithReport(app);
  for (const ds of report.dataSources) {
    console.log(
      `Schema of ${ds.name}: ${ds.status}, ${ds.statements.length} statement(s)`,
    );
  }
  for (const script of report.scripts) {
    console.log(`Script ${script.version} (${script.name}): ${script.status}`);
  }
  await app.start();
  console.log(`Server is running at ${app.restServer.url}/todo-lists`);
  return app;
}

if (require.main === module) {
  const config: ApplicationConfig = {
    rest: {
      port: +(process.env.PORT ?? 3000),
      host: process.env.HOST ?? '127.0.0.1',
      gracePeriodForClose: 5000,
      openApiSpec: {setServersFromRequest: true},
    },
    shutdown: {signals: ['SIGTERM', 'SIGINT']},
  };
  main(config).catch(err => {
    console.error('Cannot start the application.', err);
    process.exit(1);
  });
}
