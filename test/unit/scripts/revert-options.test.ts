import {expect} from '@loopback/testlab';
import {InvalidMigrationOptionsError} from '../../../src/errors';
import {resolveRevertOptions} from '../../../src/scripts/revert-options';
import type {RevertMigrationsOptions} from '../../../src/scripts/types';

/** Call `resolveRevertOptions` with a value the type system would reject. */
function resolveUntyped(options: unknown) {
  return resolveRevertOptions(options as RevertMigrationsOptions);
}

describe('resolveRevertOptions', () => {
  it('shows a string given for a boolean quoted, not as the boolean it spells', () => {
    expect(() => resolveUntyped({acceptDataLoss: 'true'})).to.throw(
      InvalidMigrationOptionsError,
    );
    expect(() => resolveUntyped({acceptDataLoss: 'true'})).to.throw(
      /acceptDataLoss must be true or false, got "true"/,
    );
    expect(() => resolveUntyped({acceptChecksumChanges: 'false'})).to.throw(
      /acceptChecksumChanges must be true or false, got "false"/,
    );
  });

  it('shows a string given for steps or lockTimeoutMs quoted', () => {
    expect(() => resolveUntyped({steps: '1'})).to.throw(
      /steps must be a whole number of scripts, 1 or more \(Infinity reverts all\), got "1"/,
    );
    expect(() => resolveUntyped({lockTimeoutMs: '1000'})).to.throw(
      /lockTimeoutMs must be a number of milliseconds \(0 or more\), got "1000"/,
    );
  });

  it('shows options that are not an object as they are', () => {
    expect(() => resolveUntyped('1')).to.throw(
      /options must be an object, got "1"/,
    );
  });
});
