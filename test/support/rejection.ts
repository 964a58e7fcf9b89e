import {expect} from '@loopback/testlab';
import {DataLossError} from '../../src';

/** The error a promise rejects with; fails the test when it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof Error) return err;
    throw new Error(`rejected with a non-error: ${String(err)}`);
  }
  throw new Error('expected a rejection, but the promise resolved');
}

/** The `DataLossError` a run rejects with; fails the test on any other outcome. */
export async function dataLossRefusal(
  run: Promise<unknown>,
): Promise<DataLossError> {
  const error = await rejection(run);
  expect(error).to.be.instanceOf(DataLossError);
  return error as DataLossError;
}
