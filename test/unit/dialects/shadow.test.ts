import {expect} from '@loopback/testlab';
import {mysqlShadowDatabases} from '../../../src/dialects/mysql/shadow';
import {postgresqlShadowDatabases} from '../../../src/dialects/postgresql/shadow';
import {shadowDatabaseName} from '../../../src/dialects/shadow';

describe('shadow database settings', () => {
  it('swaps the database, in a connection URL too, and keeps the rest', () => {
    expect(
      postgresqlShadowDatabases.settings(
        {
          connector: 'postgresql',
          url: 'postgres://u:p@db.example:5433/app?sslmode=require',
          database: 'app',
          db: 'app',
          max: 3,
        },
        'lsm_shadow_1',
      ),
    ).to.eql({
      connector: 'postgresql',
      url: 'postgres://u:p@db.example:5433/lsm_shadow_1?sslmode=require',
      database: 'lsm_shadow_1',
      max: 3,
    });
    expect(
      mysqlShadowDatabases.settings(
        {connector: 'mysql', host: 'h', database: 'app'},
        'lsm_shadow_2',
      ),
    ).to.eql({connector: 'mysql', host: 'h', database: 'lsm_shadow_2'});
  });

  it('names shadow databases lsm_shadow_<12 hex digits>, each another', () => {
    const a = shadowDatabaseName();
    expect(a).to.match(/^lsm_shadow_[0-9a-f]{12}$/);
    expect(shadowDatabaseName()).to.not.equal(a);
  });
});
