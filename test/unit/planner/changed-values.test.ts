import {expect} from '@loopback/testlab';
import {describeChangedValues} from '../../../src/planner/loss/changed-values';

describe('describeChangedValues', () => {
  const numberAfter = {before: false, after: true};

  it('names each row by its key, with the value before and after', () => {
    expect(
      describeChangedValues(
        ['id'],
        [
          {k0: 3, old_value: '007', new_value: 7},
          {k0: 9, old_value: '1.50', new_value: '2'},
        ],
        numberAfter,
      ),
    ).to.equal("id 3: '007' → 7, id 9: '1.50' → 2");
  });

  it('names a row by a key of several columns', () => {
    expect(
      describeChangedValues(
        ['region', 'code'],
        [{k0: 'eu', k1: 4, old_value: '04', new_value: 4}],
        numberAfter,
      ),
    ).to.equal("(region, code) ('eu', 4): '04' → 4");
  });

  it('shows the values only without a key, NULL bare and long values cut', () => {
    const long = '9'.repeat(50);
    expect(
      describeChangedValues(
        [],
        [
          {old_value: 'x'.repeat(50), new_value: null},
          {old_value: long, new_value: long},
        ],
        {before: false, after: true},
      ),
    ).to.equal(
      `'${'x'.repeat(40)}...' → NULL, '${'9'.repeat(40)}...' → ${'9'.repeat(40)}...`,
    );
  });
});
