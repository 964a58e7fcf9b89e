import {expect} from '@loopback/testlab';
import {
  kebabCase,
  resolveGenerateOptions,
  utcVersion,
} from '../../../src/generate/options';

describe('resolveGenerateOptions()', () => {
  const now = new Date('2026-11-30T22:55:00.123Z');

  it('defaults: src/migrations, a UTC timestamp version, kebab-case name', () => {
    expect(resolveGenerateOptions('AddTodoPriority', {}, now)).to.eql({
      name: 'add-todo-priority',
      directory: 'src/migrations',
      version: '20261130225500',
      dataSources: undefined,
      models: undefined,
      initial: false,
      importFrom: 'loopback-schema-migration',
      dryRun: false,
    });
    expect(utcVersion(now)).to.equal('20261130225500');
    expect(kebabCase('add todo_priority v2')).to.equal('add-todo-priority-v2');
  });

  it('refuses names that are no file name part, and unknown options', () => {
    for (const bad of ['../evil', '1st', '', 'a/b', 'drop;table']) {
      expect(() => resolveGenerateOptions(bad, {}, now)).to.throw(
        /the migration name must start with a letter/,
      );
    }
    expect(() =>
      resolveGenerateOptions('x', {dir: 'a'} as object, now),
    ).to.throw(/unknown option "dir"/);
    expect(() => resolveGenerateOptions('x', {version: '1/2'}, now)).to.throw(
      /version must hold only/,
    );
  });
});
