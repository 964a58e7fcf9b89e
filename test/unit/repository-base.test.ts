import {Application} from '@loopback/core';
import {RepositoryMixin} from '@loopback/repository';
import {expect} from '@loopback/testlab';
import {SchemaMigrationMixin} from '../../src';

/** The classes of an app's prototype chain that define `getRepository()`. */
function repositoryMixinsOf(app: object): number {
  let count = 0;
  for (
    let current = Object.getPrototypeOf(app) as object | null;
    current;
    current = Object.getPrototypeOf(current) as object | null
  ) {
    if (Object.prototype.hasOwnProperty.call(current, 'getRepository')) {
      count++;
    }
  }
  return count;
}

describe('SchemaMigrationMixin and RepositoryMixin', () => {
  it('wrapping RepositoryMixin, applies it no second time', () => {
    class Wrapping extends SchemaMigrationMixin(RepositoryMixin(Application)) {}
    expect(repositoryMixinsOf(new Wrapping())).to.equal(1);
  });

  it('in its place, brings the methods the booters call', () => {
    class InPlace extends SchemaMigrationMixin(Application) {}
    const app = new InPlace();
    expect(repositoryMixinsOf(app)).to.equal(1);
    for (const method of ['repository', 'dataSource', 'model'] as const) {
      expect(app[method]).to.be.a.Function();
    }
  });
});
