import {expect} from '@loopback/testlab';
import {EventEmitter} from 'node:events';
import {
  ConnectionWatch,
  endsMysqlSession,
  endsPgSession,
} from '../../../src/dialects/connection-watch';

describe('ConnectionWatch', () => {
  it("hears the connection's 'error' event while held: no crash, the running operation rejects with it", async () => {
    const connection = new EventEmitter();
    const watch = new ConnectionWatch(connection);
    const never = new Promise<never>(() => undefined);
    const running = watch.guard(() => never);
    const ended = new Error(
      'terminating connection due to idle-in-transaction timeout',
    );
    // Unheard, emit('error') would throw here.
    connection.emit('error', ended);
    await expect(running).to.be.rejectedWith(ended);
    expect(watch.lost).to.equal(ended);
    await expect(watch.guard(async () => 'late')).to.be.rejectedWith(ended);
  });

  it('keeps the first cause', () => {
    const connection = new EventEmitter();
    const watch = new ConnectionWatch(connection);
    const first = new Error('first');
    watch.markLost(first);
    connection.emit('error', new Error('Connection terminated unexpectedly'));
    expect(watch.lost).to.equal(first);
  });

  it('stops listening to a healthy connection, and keeps listening to a failed one', () => {
    const healthy = new EventEmitter();
    new ConnectionWatch(healthy).stop();
    expect(healthy.listenerCount('error')).to.equal(0);

    const failed = new EventEmitter();
    const watch = new ConnectionWatch(failed);
    failed.emit('error', new Error('gone'));
    watch.stop();
    expect(failed.listenerCount('error')).to.equal(1);
    // A late report of its end is still heard.
    failed.emit('error', new Error('Connection terminated unexpectedly'));
  });

  it('resolves what the operation resolves while the connection lives', async () => {
    const watch = new ConnectionWatch(new EventEmitter());
    expect(await watch.guard(async () => 42)).to.equal(42);
    expect(watch.lost).to.be.undefined();
  });
});

describe('errors that end a session', () => {
  it('PostgreSQL: FATAL and PANIC, and errors that did not come from the server', () => {
    expect(endsPgSession({severity: 'FATAL', code: '57P01'})).to.be.true();
    expect(endsPgSession({severity: 'PANIC', code: 'XX000'})).to.be.true();
    expect(
      endsPgSession(new Error('Connection terminated unexpectedly')),
    ).to.be.true();
    expect(endsPgSession({severity: 'ERROR', code: '42P07'})).to.be.false();
  });

  it('MySQL: fatal errors and the server ending the session', () => {
    expect(
      endsMysqlSession({fatal: true, code: 'PROTOCOL_CONNECTION_LOST'}),
    ).to.be.true();
    expect(
      endsMysqlSession({errno: 1927, sqlMessage: 'Connection was killed'}),
    ).to.be.true();
    expect(
      endsMysqlSession({errno: 1062, sqlMessage: 'Duplicate entry'}),
    ).to.be.false();
  });
});
