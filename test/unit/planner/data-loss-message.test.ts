import {expect} from '@loopback/testlab';
import type {DataLoss} from '../../../src/planner/data-loss';
import {dataLossMessage} from '../../../src/planner/data-loss-message';

function loss(kind: DataLoss['kind']): DataLoss {
  return {
    dataSource: 'db',
    model: 'Note',
    table: '`Note`',
    column: 'body',
    kind,
    values: 1,
    description: `a ${kind}`,
    sql: 'ALTER TABLE `Note` ...',
  };
}

/** The advice between the listed losses and the way to proceed. */
function advice(losses: DataLoss[]): string {
  const message = dataLossMessage(losses, 'Nothing was changed.');
  return /\n(To keep [^\n]*?) To proceed and lose that data/.exec(message)![1];
}

describe('dataLossMessage', () => {
  it('says how to keep the data of each kind of loss it lists, once each, in one order', () => {
    expect(advice([loss('change-type')])).to.match(
      /^To keep the values a type change would alter, change the property's type back, or convert \(or fix\) the values first/,
    );
    expect(advice([loss('set-not-null')])).to.match(
      /^To keep the NULLs a NOT NULL would turn into zero values, keep the property optional, or fill those rows first/,
    );
    expect(
      advice([loss('change-type'), loss('drop-column'), loss('change-type')]),
    ).to.match(
      /^To keep the data of a dropped column, keep \(or map\) its property in the model\. To keep the values a type change would alter, [^.]*\.$/,
    );
  });
});
