import {expect} from '@loopback/testlab';
import {pgImpliedRelations} from '../../../../src/dialects/postgresql/implied-relations';

describe('pgImpliedRelations', () => {
  it("names the primary key's index and each serial column's sequence", () => {
    expect(
      pgImpliedRelations(
        'CREATE TABLE "public"."tablé" (\n  "prénom" SERIAL,\n  "n" BIGSERIAL,\n  "t" TEXT,\n  PRIMARY KEY("prénom")\n)',
        'tablé',
      ),
    ).to.eql([
      {kind: 'index', name: 'tablé_pkey'},
      {kind: 'sequence', name: 'tablé_prénom_seq'},
      {kind: 'sequence', name: 'tablé_n_seq'},
    ]);
  });

  it('cuts the longer name first, as the server does (read from PostgreSQL 15)', () => {
    const table = 'x'.repeat(62);
    const column = 'c'.repeat(40);
    expect(
      pgImpliedRelations(
        `CREATE TABLE "public"."${table}" (\n  "id" SERIAL,\n  "${column}" SERIAL,\n  PRIMARY KEY("id")\n)`,
        table,
      ).map(r => r.name),
    ).to.eql([
      `${'x'.repeat(58)}_pkey`,
      `${'x'.repeat(56)}_id_seq`,
      `${'x'.repeat(29)}_${'c'.repeat(29)}_seq`,
    ]);
  });
});
