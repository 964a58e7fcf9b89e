import {expect} from '@loopback/testlab';
import {LockOrder} from '../../../src/runner/lock-order';

/** Whether `promise` has settled after the pending callbacks ran. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(() => (done = true));
  await new Promise(resolve => setImmediate(resolve));
  return done;
}

describe('LockOrder', () => {
  it('lets a lane take its lock once every lane before it took its own', async () => {
    const order = new LockOrder(['pg', 'my', 'pg2']);
    expect(await settled(order.turnOf('pg').wait())).to.be.true();
    const my = order.turnOf('my').wait();
    const pg2 = order.turnOf('pg2').wait();
    expect(await settled(my)).to.be.false();
    order.turnOf('pg').pass();
    expect(await settled(my)).to.be.true();
    expect(await settled(pg2)).to.be.false();
    order.turnOf('my').pass();
    expect(await settled(pg2)).to.be.true();
  });

  it('passes a lane when its last datasource is prepared without a lock', async () => {
    const order = new LockOrder(['pg', 'pg', 'my']);
    const my = order.turnOf('my').wait();
    order.finished('pg');
    expect(await settled(my)).to.be.false();
    order.finished('pg');
    expect(await settled(my)).to.be.true();
  });
});
