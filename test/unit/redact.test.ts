import {expect} from '@loopback/testlab';
import {redact, redactedJson} from '../../src/cli/redact';

describe('redact', () => {
  it('removes the credentials of connection URLs', () => {
    expect(
      redact('at postgres://app:s3cret@db:5432/x and mysql://u:p@h/y'),
    ).to.equal('at postgres://***@db:5432/x and mysql://***@h/y');
  });

  it('removes password values in settings, inspected objects and JSON', () => {
    expect(redact('password=s3cret host=db')).to.equal('password=*** host=db');
    expect(redact("{ password: 's3cret', user: 'app' }")).to.equal(
      "{ password: ***, user: 'app' }",
    );
    expect(redact('{"user":"app","password":"s3cret"}')).to.equal(
      '{"user":"app","password":***}',
    );
  });

  it('removes a password holding an @ (the URL parser takes the last one) or an escaped quote whole', () => {
    expect(
      redact('at postgres://app:p@ss@db:5432/x, mysql://u:a:b@c@h/y'),
    ).to.equal('at postgres://***@db:5432/x, mysql://***@h/y');
    expect(redact('{"password":"a\\"b@c","user":"app"}')).to.equal(
      '{"password":***,"user":"app"}',
    );
    expect(redact("{ password: 'it\\'s', user: 'app' }")).to.equal(
      "{ password: ***, user: 'app' }",
    );
  });

  it('leaves other text alone', () => {
    expect(redact('column "password_hash" of note')).to.equal(
      'column "password_hash" of note',
    );
  });
});

describe('redactedJson', () => {
  it('prints JSON that parses, secrets masked, whatever the strings hold', () => {
    const printed = redactedJson({
      message: 'login refused (password=s3cret") at mysql://u:p@h/y',
      config: {password: 'a"b', dbPassword: 'c', user: 'app'},
    });
    expect(printed).to.not.match(/s3cret|a\\"b|u:p@/);
    expect(JSON.parse(printed)).to.eql({
      message: 'login refused (password=*** at mysql://***@h/y',
      config: {password: '***', dbPassword: '***', user: 'app'},
    });
  });
});

describe("redact and MySQL's (using password: YES)", () => {
  it('keeps it: it says whether a password was sent, not which', () => {
    expect(
      redact("Access denied for user 'app'@'h' (using password: YES)"),
    ).to.equal("Access denied for user 'app'@'h' (using password: YES)");
  });
});
