import {expect} from '@loopback/testlab';
import {splitStatements} from '../../../src/dialects/sql-split';

describe('splitStatements', () => {
  for (const dialect of ['postgresql', 'mysql'] as const) {
    describe(`${dialect}: what both dialects share`, () => {
      const split = (text: string) => splitStatements(text, dialect);

      it('splits statements at the semicolons that end them', () => {
        expect(split('CREATE TABLE a (id INT);DROP TABLE b;')).to.eql([
          'CREATE TABLE a (id INT)',
          'DROP TABLE b',
        ]);
      });

      it('returns a single statement without a trailing semicolon as it is', () => {
        expect(split('DROP TABLE b')).to.eql(['DROP TABLE b']);
      });

      it('trims whitespace and newlines around each statement', () => {
        expect(
          split('  CREATE SCHEMA s ;\n\n  CREATE TABLE t (id INT)\n;  '),
        ).to.eql(['CREATE SCHEMA s', 'CREATE TABLE t (id INT)']);
      });

      it('keeps the whitespace inside a statement', () => {
        expect(
          split('ALTER TABLE `Todo` ADD  CONSTRAINT `fk`\n  FOREIGN KEY'),
        ).to.eql(['ALTER TABLE `Todo` ADD  CONSTRAINT `fk`\n  FOREIGN KEY']);
      });

      it('drops empty statements', () => {
        expect(split(';;  ;\n;CREATE TABLE a (id INT);;')).to.eql([
          'CREATE TABLE a (id INT)',
        ]);
      });

      it('returns nothing for empty or blank text', () => {
        expect(split('')).to.eql([]);
        expect(split('  \n\t ')).to.eql([]);
        expect(split(';')).to.eql([]);
      });

      it("does not split at a semicolon inside a '...' string", () => {
        expect(
          split("ALTER TABLE t ADD COLUMN c TEXT DEFAULT 'a;b'; X"),
        ).to.eql(["ALTER TABLE t ADD COLUMN c TEXT DEFAULT 'a;b'", 'X']);
      });

      it('does not split at a semicolon inside a "..." identifier', () => {
        expect(split('CREATE TABLE "we;ird" (id INT);X')).to.eql([
          'CREATE TABLE "we;ird" (id INT)',
          'X',
        ]);
      });

      it('does not split at a semicolon inside a `...` identifier (mysql)', function () {
        if (dialect !== 'mysql') this.skip();
        expect(split('CREATE TABLE `we;ird` (id INT);X')).to.eql([
          'CREATE TABLE `we;ird` (id INT)',
          'X',
        ]);
      });

      it('treats the other quote characters as plain text inside a quote', () => {
        expect(
          split("ALTER TABLE t ADD COLUMN c TEXT DEFAULT 'say \"hi; `x`';Y"),
        ).to.eql([
          "ALTER TABLE t ADD COLUMN c TEXT DEFAULT 'say \"hi; `x`'",
          'Y',
        ]);
        expect(split('CREATE TABLE "it\'s;" (id INT);Y')).to.eql([
          'CREATE TABLE "it\'s;" (id INT)',
          'Y',
        ]);
      });

      it("keeps a doubled '' escape inside a string together", () => {
        expect(split("SELECT 'it''s; fine';SELECT 2")).to.eql([
          "SELECT 'it''s; fine'",
          'SELECT 2',
        ]);
      });

      it('splits what the postgresql connector sends before CREATE TABLE', () => {
        const captured =
          'CREATE EXTENSION IF NOT EXISTS "uuid-ossp";' +
          'CREATE SCHEMA "public";' +
          'CREATE TABLE "public"."todo" (\n  "id" SERIAL,\n  "title" TEXT NOT NULL,\n' +
          '  PRIMARY KEY("id")\n)';
        expect(split(captured)).to.eql([
          'CREATE EXTENSION IF NOT EXISTS "uuid-ossp"',
          'CREATE SCHEMA "public"',
          'CREATE TABLE "public"."todo" (\n  "id" SERIAL,\n  "title" TEXT NOT NULL,\n' +
            '  PRIMARY KEY("id")\n)',
        ]);
      });
    });
  }

  describe('postgresql', () => {
    const split = (text: string) => splitStatements(text, 'postgresql');

    it('does not split inside a dollar quote, with or without a tag', () => {
      expect(
        split('ALTER TABLE t ALTER c SET DEFAULT $$a;b$$;DROP TABLE u'),
      ).to.eql(['ALTER TABLE t ALTER c SET DEFAULT $$a;b$$', 'DROP TABLE u']);
      expect(split("SELECT $x$ ; $$ ; ' ; $x$;SELECT 2")).to.eql([
        "SELECT $x$ ; $$ ; ' ; $x$",
        'SELECT 2',
      ]);
    });

    it('reads $ inside a word or a parameter as no dollar quote', () => {
      expect(split('SELECT a$b$ FROM t;SELECT $1;SELECT 2')).to.eql([
        'SELECT a$b$ FROM t',
        'SELECT $1',
        'SELECT 2',
      ]);
    });

    it('ends a standard string at a quote after a backslash', () => {
      expect(split("SELECT 'a\\';DROP TABLE canary;--'")).to.eql([
        "SELECT 'a\\'",
        'DROP TABLE canary',
      ]);
    });

    it("takes backslash escapes in an E'...' string", () => {
      expect(split("SELECT E'a\\';b';SELECT 2")).to.eql([
        "SELECT E'a\\';b'",
        'SELECT 2',
      ]);
      expect(split("SELECT e'\\\\';SELECT 2")).to.eql([
        "SELECT e'\\\\'",
        'SELECT 2',
      ]);
    });

    it('reads "..." as an identifier with doubled quotes', () => {
      expect(split('CREATE TABLE "a"";b" (id INT);X')).to.eql([
        'CREATE TABLE "a"";b" (id INT)',
        'X',
      ]);
    });

    it('reads a backquote as plain text', () => {
      expect(split('SELECT `a;b`')).to.eql(['SELECT `a', 'b`']);
    });

    it('drops -- comments to the end of the line, and nested /* */ comments', () => {
      expect(split('A -- x; y\nB;/* a /* b; */ c; */C')).to.eql(['A  B', 'C']);
      expect(split('--a;b')).to.eql([]);
    });
  });

  describe('mysql', () => {
    const split = (text: string) => splitStatements(text, 'mysql');

    it('takes backslash escapes in both string quotes', () => {
      expect(split("SELECT 'a\\';b';SELECT 2")).to.eql([
        "SELECT 'a\\';b'",
        'SELECT 2',
      ]);
      expect(split('SELECT "a\\";b";SELECT 2')).to.eql([
        'SELECT "a\\";b"',
        'SELECT 2',
      ]);
    });

    it('reads "..." as a string with doubled quotes', () => {
      expect(split('SELECT "a"";b";X')).to.eql(['SELECT "a"";b"', 'X']);
    });

    it('splits a "..." default that closes its own quote', () => {
      const captured =
        'ALTER TABLE `Def` ADD COLUMN `c` VARCHAR(20) DEFAULT "x"; DROP TABLE canary; -- "';
      expect(split(captured)).to.eql([
        'ALTER TABLE `Def` ADD COLUMN `c` VARCHAR(20) DEFAULT "x"',
        'DROP TABLE canary',
      ]);
    });

    it('reads `...` with doubled backquotes as an identifier', () => {
      expect(split('CREATE TABLE `a``;b` (id INT);X')).to.eql([
        'CREATE TABLE `a``;b` (id INT)',
        'X',
      ]);
    });

    it('reads $ as plain text', () => {
      expect(split('SELECT $$a;b$$')).to.eql(['SELECT $$a', 'b$$']);
    });

    it('drops #, "-- " and /* */ comments; "--x" is no comment', () => {
      expect(split('A # x; y\nB;/* a; */C;-- z;\nD')).to.eql([
        'A  B',
        'C',
        'D',
      ]);
      expect(split('SELECT 1--1;SELECT 2')).to.eql(['SELECT 1--1', 'SELECT 2']);
    });
  });
});
