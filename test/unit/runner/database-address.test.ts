import {expect} from '@loopback/testlab';
import {databaseAddress} from '../../../src/runner/database-address';

describe('databaseAddress', () => {
  it('writes one database named in different ways as one address', () => {
    const pg = databaseAddress('postgresql', {
      host: '127.0.0.1',
      port: 5432,
      database: 'shop',
    });
    expect(pg).to.be.a.String();
    for (const settings of [
      {host: 'localhost', database: 'shop'},
      {host: 'LOCALHOST', port: '5432', database: 'shop'},
      {host: '::1', port: 5432, database: 'shop', user: 'app'},
      {database: 'shop'},
      // The PostgreSQL connector adds `host: 'localhost'` beside a url.
      {url: 'postgres://app:secret@127.0.0.1/shop', host: 'localhost'},
      {url: 'postgres://[::1]:5432/shop'},
    ]) {
      expect(databaseAddress('postgresql', settings)).to.equal(pg);
    }
  });

  it('tells databases, servers, ports, sockets and connectors apart', () => {
    const base = {host: 'localhost', port: 3306, database: 'shop'};
    const addresses = [
      databaseAddress('mysql', base),
      databaseAddress('mysql', {...base, database: 'jwt'}),
      databaseAddress('mysql', {...base, host: 'db.internal'}),
      databaseAddress('mysql', {...base, port: 3307}),
      databaseAddress('mysql', {...base, socketPath: '/run/mysqld.sock'}),
      databaseAddress('postgresql', base),
      databaseAddress('mysql', {url: 'mysql://db.internal/shop'}),
    ];
    expect(new Set(addresses).size).to.equal(addresses.length - 1);
    expect(addresses[6]).to.equal(addresses[2]);
  });

  it('gives none for settings that name no server', () => {
    expect(databaseAddress('memory', {name: 'cache'})).to.be.undefined();
  });

  it('keeps a url it cannot parse as it is', () => {
    expect(databaseAddress('postgresql', {url: 'not a url'})).to.not.equal(
      databaseAddress('postgresql', {url: 'other text'}),
    );
  });
});
