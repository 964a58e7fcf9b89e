import {expect} from '@loopback/testlab';
import {
  addColumnRule,
  changeColumnRule,
  columnDefaultRule,
  dropColumnRule,
  keyClauseRule,
  longUniqueKeyRule,
  parseServerVersion,
  worstRule,
  type MysqlColumnNow,
} from '../../../../src/dialects/mysql/online-ddl';

const MARIADB = parseServerVersion('10.11.19-MariaDB-0+deb12u1');
const MYSQL8 = parseServerVersion('8.0.36');
const MYSQL57 = parseServerVersion('5.7.44-log');
const column = (
  type: string,
  nullable = true,
  indexed = false,
): MysqlColumnNow => ({
  type,
  nullable,
  bytesPerChar: 4,
  indexed,
});

describe('MySQL/MariaDB online DDL rules', () => {
  it('reads the server flavour and version', () => {
    expect(MARIADB).to.eql({mariadb: true, version: [10, 11, 19]});
    expect(MYSQL8).to.eql({mariadb: false, version: [8, 0, 36]});
  });

  it('adds a column instantly on MariaDB 10.3+ and MySQL 8, in place before', () => {
    expect(addColumnRule(MARIADB, 'INT NULL').algorithm).to.equal('INSTANT');
    expect(addColumnRule(MYSQL8, 'INT NULL').algorithm).to.equal('INSTANT');
    expect(addColumnRule(MYSQL57, 'INT NULL')).to.containDeep({
      algorithm: 'INPLACE',
      rebuilds: true,
    });
    expect(
      addColumnRule(MARIADB, 'INT NOT NULL AUTO_INCREMENT').algorithm,
    ).to.equal('COPY');
  });

  it("changes a column's default instantly on MariaDB 10.3+ and MySQL 8, in place before", () => {
    expect(columnDefaultRule(MARIADB)).to.eql({algorithm: 'INSTANT'});
    expect(columnDefaultRule(MYSQL8)).to.eql({algorithm: 'INSTANT'});
    expect(columnDefaultRule(MYSQL57)).to.eql({algorithm: 'INPLACE'});
  });

  it('drops a column instantly unless an index has it', () => {
    expect(dropColumnRule(MARIADB, false).algorithm).to.equal('INSTANT');
    expect(dropColumnRule(MARIADB, true).algorithm).to.equal('INPLACE');
    expect(dropColumnRule(parseServerVersion('8.0.28'), false)).to.containDeep({
      algorithm: 'INPLACE',
      rebuilds: true,
    });
  });

  it('copies the table to make a column AUTO_INCREMENT, on every server', () => {
    const id = {...column('int(10) unsigned', false, true), unique: true};
    const definition = 'INT(10) UNSIGNED NOT NULL AUTO_INCREMENT';
    for (const server of [MARIADB, MYSQL8, MYSQL57]) {
      expect(changeColumnRule(server, id, definition).algorithm).to.equal(
        'COPY',
      );
    }
    expect(
      changeColumnRule(MARIADB, {...id, autoIncrement: true}, definition),
    ).to.eql({algorithm: 'INSTANT'});
  });

  it('widens a VARCHAR instantly on MariaDB, in place on MySQL while its length prefix stays', () => {
    expect(
      changeColumnRule(MARIADB, column('varchar(20)'), 'VARCHAR(60) NULL')
        .algorithm,
    ).to.equal('INSTANT');
    expect(
      changeColumnRule(MARIADB, column('varchar(100)'), 'VARCHAR(300) NULL')
        .algorithm,
    ).to.equal('INSTANT');
    // 4 bytes a character: 200 bytes, then 400 (MariaDB: "Cannot change column type").
    const crossing = changeColumnRule(
      MARIADB,
      column('varchar(50)'),
      'VARCHAR(100) NULL',
    );
    expect(crossing.algorithm).to.equal('COPY');
    expect(crossing.why).to.match(/past 255 bytes copies the table/);
    expect(
      changeColumnRule(
        MARIADB,
        {...column('varchar(50)'), bytesPerChar: 1},
        'VARCHAR(255) NULL',
      ).algorithm,
    ).to.equal('INSTANT');
    expect(
      changeColumnRule(MYSQL8, column('varchar(20)'), 'VARCHAR(60) NULL')
        .algorithm,
    ).to.equal('INPLACE');
    expect(
      changeColumnRule(MYSQL8, column('varchar(20)'), 'VARCHAR(100) NULL')
        .algorithm,
    ).to.equal('COPY');
    expect(
      changeColumnRule(MARIADB, column('varchar(100)'), 'VARCHAR(50) NULL')
        .algorithm,
    ).to.equal('COPY');
  });

  it('rebuilds in place an index a widened VARCHAR may make a prefix index', () => {
    const indexed = (type: string) => column(type, true, true);
    // 400 bytes, then 8000: past the longest index key (3072).
    expect(
      changeColumnRule(MARIADB, indexed('varchar(100)'), 'VARCHAR(2000) NULL'),
    ).to.eql({algorithm: 'INPLACE', scans: true});
    expect(
      changeColumnRule(MARIADB, indexed('varchar(100)'), 'VARCHAR(190) NULL')
        .algorithm,
    ).to.equal('INSTANT');
    // 764 bytes, then 2800: within the longest key, a UNIQUE one too.
    expect(
      changeColumnRule(
        MARIADB,
        {...indexed('varchar(191)'), unique: true},
        'VARCHAR(700) NULL',
      ).algorithm,
    ).to.equal('INSTANT');
    // Already longer than any key: the index is a prefix index already.
    expect(
      changeColumnRule(MARIADB, indexed('varchar(1000)'), 'VARCHAR(1500) NULL')
        .algorithm,
    ).to.equal('INSTANT');
    expect(
      changeColumnRule(MARIADB, column('varchar(100)'), 'VARCHAR(2000) NULL')
        .algorithm,
    ).to.equal('INSTANT');
    // A UNIQUE key that long is a hash in a hidden column: only COPY adds it.
    const unique = changeColumnRule(
      MARIADB,
      {...indexed('varchar(100)'), unique: true},
      'VARCHAR(2000) NULL',
    );
    expect(unique.algorithm).to.equal('COPY');
    expect(unique.why).to.match(/UNIQUE index becomes a hash/);
  });

  it('copies for a UNIQUE index longer than an index key (MariaDB keeps it as a hash)', () => {
    const part = (type: string, prefix?: number) => ({
      column: column(type),
      ...(prefix !== undefined && {prefix}),
    });
    // 4 bytes a character: 4000 bytes; 2000; 400 with its prefix.
    expect(
      longUniqueKeyRule(MARIADB, [part('varchar(1000)')])?.algorithm,
    ).to.equal('COPY');
    expect(
      longUniqueKeyRule(MARIADB, [part('varchar(500)')]),
    ).to.be.undefined();
    expect(
      longUniqueKeyRule(MARIADB, [part('varchar(1000)', 100)]),
    ).to.be.undefined();
    expect(longUniqueKeyRule(MARIADB, [part('text')])?.algorithm).to.equal(
      'COPY',
    );
    expect(
      longUniqueKeyRule(MARIADB, [part('mediumblob')])?.algorithm,
    ).to.equal('COPY');
    // An ENUM is a short key whatever its values' names.
    expect(
      longUniqueKeyRule(MARIADB, [part("enum('text','blob','json')")]),
    ).to.be.undefined();
    expect(
      longUniqueKeyRule(MARIADB, [part('varchar(500)'), part('varchar(500)')])
        ?.algorithm,
    ).to.equal('COPY');
    // MySQL has no such keys: the server refuses the index itself.
    expect(
      longUniqueKeyRule(MYSQL8, [part('varchar(1000)')]),
    ).to.be.undefined();
  });

  it('copies the table for another type, rebuilds in place for NULL ↔ NOT NULL, is instant for a default', () => {
    const copy = changeColumnRule(MARIADB, column('int(11)'), 'BIGINT NULL');
    expect(copy.algorithm).to.equal('COPY');
    expect(copy.why).to.match(/from int\(11\) to BIGINT copies the table/);
    expect(
      changeColumnRule(MARIADB, column('int(11)'), 'INT NOT NULL'),
    ).to.containDeep({
      algorithm: 'INPLACE',
      rebuilds: true,
      scans: true,
    });
    expect(
      changeColumnRule(MARIADB, column('int(11)'), 'INT NULL DEFAULT 5')
        .algorithm,
    ).to.equal('INSTANT');
    expect(changeColumnRule(MARIADB, undefined, 'INT NULL').algorithm).to.equal(
      'COPY',
    );
  });

  it('builds indexes in place, copies for a foreign key or a check', () => {
    expect(keyClauseRule(MARIADB, 'ADD UNIQUE INDEX `i` (`c`)')).to.containDeep(
      {algorithm: 'INPLACE', scans: true},
    );
    expect(keyClauseRule(MARIADB, 'DROP INDEX `i`')?.algorithm).to.equal(
      'INPLACE',
    );
    expect(keyClauseRule(MARIADB, 'DROP FOREIGN KEY fk')?.algorithm).to.equal(
      'INSTANT',
    );
    expect(keyClauseRule(MYSQL8, 'DROP FOREIGN KEY fk')?.algorithm).to.equal(
      'INPLACE',
    );
    expect(
      keyClauseRule(
        MARIADB,
        'ADD  CONSTRAINT `fk` FOREIGN KEY (`a`) REFERENCES `P`(`id`)',
      )?.algorithm,
    ).to.equal('COPY');
    expect(
      keyClauseRule(MARIADB, 'ADD CONSTRAINT c CHECK (a > 0)')?.algorithm,
    ).to.equal('COPY');
  });

  it("takes the worst algorithm of a statement's clauses", () => {
    expect(
      worstRule([{algorithm: 'INSTANT'}, {algorithm: 'INPLACE', scans: true}]),
    ).to.containDeep({
      algorithm: 'INPLACE',
      scans: true,
    });
    expect(
      worstRule([{algorithm: 'COPY', why: 'x'}, {algorithm: 'INSTANT'}]),
    ).to.containDeep({algorithm: 'COPY', why: 'x'});
  });
});
