import {expect} from '@loopback/testlab';
import {withoutAscendingOfUnorderedIndex} from '../../../../src/dialects/postgresql/unordered-index-keys';

describe('postgresql index keys of unordered access methods', () => {
  it('leaves out the ASC the connector writes for keys {col: 1} of a gin, gist, brin or hash index', () => {
    expect(
      withoutAscendingOfUnorderedIndex(
        'CREATE  INDEX "a_t" ON "public"."a" USING gin ( "tags" ASC, "Odd ""ASC"" name" ASC)',
      ),
    ).to.equal(
      'CREATE  INDEX "a_t" ON "public"."a" USING gin ( "tags", "Odd ""ASC"" name")',
    );
    expect(
      withoutAscendingOfUnorderedIndex(
        'CREATE INDEX "a_p" ON "a" USING brin ( "published" ASC)',
      ),
    ).to.equal('CREATE INDEX "a_p" ON "a" USING brin ( "published")');
  });

  it('keeps btree keys, an operator class and a DESC as they are', () => {
    for (const sql of [
      'CREATE  INDEX "a_t" ON "public"."a" USING btree ( "title" ASC)',
      'CREATE  INDEX "a_t" ON "public"."a" ( "title" ASC)',
      'CREATE  INDEX "a_p" ON "public"."a" USING gin ( "profile" jsonb_path_ops)',
      'CREATE  INDEX "a_p" ON "public"."a" USING gist ( "area" DESC)',
    ]) {
      expect(withoutAscendingOfUnorderedIndex(sql)).to.equal(sql);
    }
  });
});
