import {expect} from '@loopback/testlab';
import {postgresqlInverse} from '../../../../src/dialects/postgresql/shadow';

describe('postgresqlInverse()', () => {
  it('undoes the online SET NOT NULL: DROP NOT NULL, and its check dropped where it is left', () => {
    const table = 'ALTER TABLE "public"."todo"';
    expect(
      postgresqlInverse(
        `${table} DROP CONSTRAINT IF EXISTS "lsm_nn_title", ADD CONSTRAINT "lsm_nn_title" CHECK ("title" IS NOT NULL) NOT VALID`,
      ),
    ).to.eql({sql: `${table} DROP CONSTRAINT IF EXISTS "lsm_nn_title"`});
    expect(
      postgresqlInverse(`${table} VALIDATE CONSTRAINT "lsm_nn_title"`),
    ).to.have.property('kept');
    expect(
      postgresqlInverse(`${table} ALTER COLUMN "title" SET NOT NULL`),
    ).to.eql({sql: `${table} ALTER COLUMN "title" DROP NOT NULL`});
    expect(
      postgresqlInverse(`${table} DROP CONSTRAINT "lsm_nn_title"`),
    ).to.have.property('kept');
  });

  it('still has no inverse for dropping a constraint of the models', () => {
    expect(
      postgresqlInverse(
        'ALTER TABLE "todo" DROP CONSTRAINT "todo_title_check"',
      ),
    ).to.have.property('none');
  });
});
