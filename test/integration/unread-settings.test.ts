import {expect} from '@loopback/testlab';
import type {ModelSpec} from '../support/app-builder';
import {columns, indexes} from '../support/catalog';
import {migrationsOn} from '../support/migrations-on';
import {describeEachDatabase, describeOnDatabase} from '../support/databases';

// Declarations the connectors never read: the table silently differs from
// the model, and stock LoopBack says nothing. Each gets a warning, in the
// run that creates the table and in every up-to-date run after it.
describeEachDatabase('declarations the connector does not read', (db, kind) => {
  const run = migrationsOn(db);
  const migrate = async (models: ModelSpec[]) =>
    (await run(models)).dataSources[0];

  const note = (nullable: string): ModelSpec => ({
    name: 'Note',
    properties: {
      id: {type: 'number', id: true, generated: true},
      // As lb4 discover writes a NOT NULL column, without `required`.
      title: {type: 'string', [kind]: {nullable}},
      body: {type: 'string', [kind]: {nullable}, required: true},
    },
    settings: {mysql: {table: 'note'}},
  });

  it(`warns that ${kind}.nullable is not read, where the column is made NULL`, async () => {
    const flag = kind === 'postgresql' ? 'NO' : 'N';
    const created = await migrate([note(flag)]);
    expect(created.status).to.equal('migrated');
    const byName = new Map(
      (await columns(db(), 'note')).map(c => [c.column, c.nullable]),
    );
    // The connector reads `required`, never `<connector>.nullable`.
    expect(byName.get('title')).to.be.true();
    expect(byName.get('body')).to.be.false();
    const warned = created.warnings.filter(w => /nullable/.test(w));
    expect(warned).to.have.length(1);
    expect(warned[0]).to.match(
      new RegExp(
        `model Note, property title: ${kind}\\.nullable "${flag}" is not read by the connector, ` +
          'which makes the column NULL; .*required: true',
      ),
    );

    const again = await migrate([note(flag)]);
    expect(again.status).to.equal('up-to-date');
    expect(again.warnings).to.containEql(warned[0]);
  });

  it('says nothing of a nullable flag the connector reads as the column is', async () => {
    const created = await migrate([note('Y')]);
    expect(created.warnings.filter(w => /nullable/.test(w))).to.eql([]);
  });

  // A number's own precision and scale: loopback-connector-mysql reads them
  // only beside a property dataType it sizes (`decimal`), PostgreSQL's
  // never: the column is an integer, silently rounding (MySQL) or refusing
  // (PostgreSQL) every price with cents.
  it("warns that a number property's own precision and scale are not read, where the column is an integer", async () => {
    const fee: ModelSpec = {
      name: 'Fee',
      properties: {
        id: {type: 'number', id: true, generated: true},
        price: {type: 'number', precision: 12, scale: 2},
      },
      settings: {mysql: {table: 'fee'}},
    };
    const created = await migrate([fee]);
    const price = (await columns(db(), 'fee')).find(c => c.column === 'price');
    expect(price?.type).to.match(/^int/);
    const warned = created.warnings.filter(w => /property price/.test(w));
    expect(warned).to.eql([
      kind === 'postgresql'
        ? 'model Fee, property price: precision, scale are not read by the connector, which ' +
          'writes the column INTEGER: a value with a fraction is refused at insert ("invalid ' +
          "input syntax for type integer\"); declare postgresql: {dataType: 'numeric', " +
          'dataPrecision: 12, dataScale: 2} instead'
        : 'model Fee, property price: precision, scale are not read by the connector, which ' +
          'writes the column as INT: every value written to it is rounded to a whole number, ' +
          'with no error; declare mysql: {dataType, dataPrecision, dataScale} instead',
    ]);
    const again = await migrate([fee]);
    expect(again.status).to.equal('up-to-date');
    expect(again.warnings).to.containEql(warned[0]);
  });

  it('says nothing of a number size the connector reads', async () => {
    const created = await migrate([
      {
        name: 'Fee',
        properties: {
          id: {type: 'number', id: true, generated: true},
          price: {
            type: 'number',
            ...(kind === 'mysql'
              ? {dataType: 'decimal', precision: 12, scale: 2}
              : {
                  postgresql: {
                    dataType: 'numeric',
                    dataPrecision: 12,
                    dataScale: 2,
                  },
                }),
          },
        },
        settings: {mysql: {table: 'fee'}},
      },
    ]);
    expect(created.warnings.filter(w => /property price/.test(w))).to.eql([]);
  });

  it('warns of a property unique: true, which makes no index, naming index: {unique: true}', async () => {
    const tag = (declared: object): ModelSpec => ({
      name: 'Tag',
      properties: {
        id: {type: 'number', id: true, generated: true},
        code: {type: 'string', ...declared},
      },
      settings: {mysql: {table: 'tag'}},
    });
    const created = await migrate([tag({unique: true})]);
    expect(created.status).to.equal('migrated');
    expect((await indexes(db())).filter(i => i.columns === 'code')).to.eql([]);
    expect(created.warnings.filter(w => /unique/.test(w))).to.eql([
      'model Tag, property code: unique: true is not read by the connector, ' +
        'which makes no unique index (nor any index) for it; declare ' +
        'index: {unique: true} to make one',
    ]);
    const declared = await migrate([tag({index: {unique: true}})]);
    expect(declared.warnings.filter(w => /unique/.test(w))).to.eql([]);
  });

  it('warns of a property index name, which neither connector reads', async () => {
    const created = await migrate([
      {
        name: 'Label',
        properties: {
          id: {type: 'number', id: true, generated: true},
          code: {type: 'string', index: {name: 'by_code'}},
        },
        settings: {mysql: {table: 'label'}},
      },
    ]);
    expect(
      (await indexes(db())).filter(i => i.columns === 'code').map(i => i.name),
    ).to.eql([kind === 'postgresql' ? 'label_code_idx' : 'code']);
    expect(created.warnings.filter(w => /index\.name/.test(w))).to.eql([
      'model Label, property code: index.name "by_code" is not read by the connector, ' +
        'which names the index itself (postgresql: <table>_<column>_idx, mysql: the ' +
        'property); to name it, declare it in settings.indexes: ' +
        '{by_code: {keys: {code: 1}}} instead',
    ]);
  });
});

describeOnDatabase(
  'mysql',
  'character sets the connector does not read',
  db => {
    const migrate = migrationsOn(db);

    /** `<column> <type>` of each column of `table` but its id, in order. */
    async function columnTypes(table: string): Promise<string[]> {
      const types = await db().query<{name: string; type: string}>(
        `SELECT COLUMN_NAME AS name, COLUMN_TYPE AS type FROM information_schema.COLUMNS
          WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND COLUMN_NAME <> 'id'
          ORDER BY ORDINAL_POSITION`,
        [table],
      );
      return types.map(t => `${t.name} ${t.type}`);
    }

    it('warns of a table charset and of a property mysql.collation, and says where to declare them', async () => {
      const report = await migrate([
        {
          name: 'Word',
          properties: {
            id: {type: 'number', id: true, generated: true},
            latin: {type: 'string', mysql: {collation: 'latin1_bin'}},
            read: {
              type: 'string',
              charset: 'latin1',
              mysql: {charset: 'latin1'},
            },
          },
          settings: {mysql: {table: 'word', charset: 'latin1'}},
        },
      ]);
      const [result] = report.dataSources;
      expect(result.status).to.equal('migrated');
      const [row] = await db().query<{latin: string; read: string}>(
        `SELECT
         (SELECT COLLATION_NAME FROM information_schema.COLUMNS
           WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'word' AND COLUMN_NAME = 'latin') AS latin,
         (SELECT CHARACTER_SET_NAME FROM information_schema.COLUMNS
           WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'word' AND COLUMN_NAME = 'read') AS \`read\``,
      );
      // What the warnings say: mysql.collation was not applied, charset was.
      expect(row.latin).to.not.equal('latin1_bin');
      expect(row.read).to.equal('latin1');
      expect(
        result.warnings.filter(w => /character set|collation/.test(w)),
      ).to.eql([
        'model Word: settings.mysql.charset is not read by the connector, which writes no table ' +
          "character set or collation (the table gets the database's default); declare charset " +
          "on each string property instead, or set the database's default",
        'model Word, property latin: mysql.collation is not read by the connector, which reads ' +
          'the property\'s own collation; declare collation: "latin1_bin" beside mysql',
      ]);
    });

    it('warns of an unsigned the connector does not read, where the column is made signed', async () => {
      const counter: ModelSpec[] = [
        {
          name: 'Counter',
          properties: {
            id: {type: 'number', id: true, generated: true},
            typed: {type: 'number', unsigned: true, mysql: {dataType: 'int'}},
            own: {type: 'number', mysql: {unsigned: true}},
            read: {type: 'number', unsigned: true},
            stated: {
              type: 'number',
              unsigned: true,
              mysql: {dataType: 'bigint unsigned'},
            },
          },
          settings: {mysql: {table: 'counter'}},
        },
      ];
      const [result] = (await migrate(counter)).dataSources;
      expect(result.status).to.equal('migrated');
      // What the warnings say: the two unread ones are signed.
      expect(await columnTypes('counter')).to.eql([
        'typed int(11)',
        'own int(11)',
        'read int(10) unsigned',
        'stated bigint(20) unsigned',
      ]);
      expect(result.warnings.filter(w => /unsigned/.test(w))).to.eql([
        'model Counter, property typed: unsigned is not read by the connector when ' +
          'mysql.dataType is set: the column is made signed INT; declare mysql.dataType ' +
          "'int unsigned' instead (without dataPrecision or dataLength, which the connector " +
          'would write after UNSIGNED)',
        "model Counter, property own: mysql.unsigned is not read by the connector, which reads the property's " +
          'own unsigned: the column is made signed; declare unsigned: true beside mysql',
      ]);
      // The declared 'bigint unsigned' is the column: up to date again.
      const [again] = (await migrate(counter)).dataSources;
      expect(again.status).to.equal('up-to-date');
    });

    // loopback-connector-mysql reads mysql.dataLength, dataPrecision and
    // dataScale beside mysql.dataType only: without it a string is
    // VARCHAR(512) and a number INT, and every run reported them up to date.
    it('warns of a mysql.dataLength or dataPrecision without mysql.dataType, where the column keeps the default size', async () => {
      const line = (typed: boolean): ModelSpec[] => [
        {
          name: 'Line',
          properties: {
            id: {type: 'number', id: true, generated: true},
            street: {
              type: 'string',
              mysql: {...(typed ? {dataType: 'varchar'} : {}), dataLength: 20},
            },
            amount: {
              type: 'number',
              mysql: {
                ...(typed ? {dataType: 'decimal'} : {}),
                dataPrecision: 10,
                dataScale: 2,
              },
            },
            code: {type: 'string', mysql: {dataLength: 512}},
          },
          settings: {mysql: {table: 'line'}},
        },
      ];
      const [result] = (await migrate(line(false))).dataSources;
      expect(result.status).to.equal('migrated');
      // What the warnings say: neither size was applied.
      expect(await columnTypes('line')).to.eql([
        'street varchar(512)',
        'amount int(11)',
        'code varchar(512)',
      ]);
      expect(result.warnings.filter(w => /model Line/.test(w))).to.eql([
        'model Line, property street: mysql.dataLength is not read by the connector without ' +
          "mysql.dataType: it writes the column VARCHAR(512); declare mysql: {dataType: 'varchar', " +
          'dataLength: 20} instead',
        'model Line, property amount: mysql.dataPrecision, mysql.dataScale are not read by the ' +
          'connector, which writes the column as INT: every value written to it is rounded to a ' +
          'whole number, with no error; declare mysql: {dataType, dataPrecision, dataScale} instead',
      ]);
      // Declared as the warnings say, the sizes are applied, in silence.
      const [typed] = (await migrate(line(true))).dataSources;
      expect(typed.status).to.equal('migrated');
      expect(await columnTypes('line')).to.eql([
        'street varchar(20)',
        'amount decimal(10,2)',
        'code varchar(512)',
      ]);
      expect(typed.warnings.filter(w => /model Line/.test(w))).to.eql([]);
    });

    // A property's own charset is written only where the connector chooses
    // the type itself: beside a mysql.dataType (every model lb4 discover
    // writes) it was never applied, and every run reported it up to date.
    it('warns of a charset beside mysql.dataType, where the column keeps its own', async () => {
      const contact: ModelSpec[] = [
        {
          name: 'Contact',
          properties: {
            id: {type: 'number', id: true, generated: true},
            email: {
              type: 'string',
              charset: 'latin1',
              collation: 'latin1_bin',
              mysql: {dataType: 'varchar', dataLength: 190},
            },
          },
          settings: {mysql: {table: 'contact'}},
        },
      ];
      const [result] = (await migrate(contact)).dataSources;
      expect(result.status).to.equal('migrated');
      const [column] = await db().query<{collation: string}>(
        `SELECT COLLATION_NAME AS collation FROM information_schema.COLUMNS
          WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'contact' AND COLUMN_NAME = 'email'`,
      );
      // What the warning says: the column has the table's collation.
      expect(column.collation).to.not.equal('latin1_bin');
      expect(
        result.warnings.filter(w => /character set|collation/.test(w)),
      ).to.eql([
        'model Contact, property email: charset and collation are not read by the connector ' +
          'when mysql.dataType is set: the column keeps the character set and collation it has ' +
          "(a new one: the table's); declare them in mysql.dataType instead: " +
          "dataType: 'varchar(190) character set latin1 collate latin1_bin' (without dataLength " +
          'or length, which the connector would write after it)',
      ]);
    });

    // The connector upper-cases mysql.dataType, members and all: the
    // column's members change case, and so do the values read back.
    it('warns of ENUM members written in mysql.dataType, which the connector upper-cases', async () => {
      const task: ModelSpec[] = [
        {
          name: 'Task',
          properties: {
            id: {type: 'number', id: true, generated: true},
            state: {type: 'string', mysql: {dataType: "enum('draft','sent')"}},
            kept: {
              type: 'string',
              jsonSchema: {enum: ['draft', 'sent']},
              mysql: {dataType: 'enum'},
            },
          },
          settings: {mysql: {table: 'task'}},
        },
      ];
      const [result] = (await migrate(task)).dataSources;
      expect(result.status).to.equal('migrated');
      // What the warning says: the inline members are upper case.
      expect(await columnTypes('task')).to.eql([
        "state enum('DRAFT','SENT')",
        "kept enum('draft','sent')",
      ]);
      expect(result.warnings.filter(w => /upper-cased/.test(w))).to.eql([
        "model Task, property state: mysql.dataType \"enum('draft','sent')\" is upper-cased by " +
          "the connector: the column is made ENUM('DRAFT','SENT'), and a stored value reads back " +
          "in upper case; declare mysql.dataType 'enum' and the members in jsonSchema: " +
          '{enum: [...]}, which the connector writes as given',
      ]);
    });
  },
);

// loopback-connector-postgresql passes an array value as it is for
// `dataType: 'varchar[]'` only; for any other array type it writes JSON
// text, which PostgreSQL refuses: the column is made, and every write of
// the property fails.
describeOnDatabase(
  'postgresql',
  'array columns the connector cannot write',
  db => {
    const migrate = migrationsOn(db);
    const tagged = (dataType: string): ModelSpec => ({
      name: 'Tagged',
      properties: {
        id: {type: 'number', id: true, generated: true},
        tags: {type: ['string'], postgresql: {dataType}},
      },
    });
    const arrayWarnings = (warnings: string[]) =>
      warnings.filter(w => /as JSON text/.test(w));

    it("warns of an array property on a dataType other than 'varchar[]', whose writes fail", async () => {
      const report = await migrate([tagged('text[]')]);
      expect(arrayWarnings(report.dataSources[0].warnings)).to.eql([
        "model Tagged, property tags: the connector writes an array to a column of postgresql.dataType 'text[]' " +
          'as JSON text, which PostgreSQL refuses ("malformed array literal"): every create or update ' +
          "that sets the property fails. It writes arrays as arrays only for dataType 'varchar[]' " +
          '(in lower case): declare that (numbers are read back as numbers)',
      ]);
      await expect(
        db().query('INSERT INTO tagged (tags) VALUES ($1)', [
          JSON.stringify(['a']),
        ]),
      ).to.be.rejectedWith(/malformed array literal/);
    });

    it("says nothing of 'varchar[]', which it writes as an array", async () => {
      const report = await migrate([tagged('varchar[]')]);
      expect(arrayWarnings(report.dataSources[0].warnings)).to.eql([]);
    });
  },
);

// loopback-connector-postgresql sizes a column from postgresql.dataPrecision
// and dataScale only: postgresql.precision and scale (as the MySQL
// connector's README writes mysql.precision) leave it unsized.
describeOnDatabase(
  'postgresql',
  'sizes in the postgresql object the connector does not read',
  db => {
    const migrate = migrationsOn(db);
    const fee = (postgresql: Record<string, unknown>): ModelSpec => ({
      name: 'Fee',
      properties: {
        id: {type: 'number', id: true, generated: true},
        price: {type: 'number', postgresql},
      },
    });
    const priceWarnings = (warnings: string[]) =>
      warnings.filter(w => /property price/.test(w));

    it('warns of postgresql.precision and scale, where the column is made unsized', async () => {
      const report = await migrate([
        fee({dataType: 'numeric', precision: 10, scale: 2}),
      ]);
      const price = (await columns(db(), 'fee')).find(
        c => c.column === 'price',
      );
      expect(price?.type).to.equal('numeric');
      expect(priceWarnings(report.dataSources[0].warnings)).to.eql([
        'model Fee, property price: postgresql.precision, postgresql.scale are not read by the ' +
          'connector, which writes the column NUMERIC unsized: values are stored as given, not ' +
          "rounded or limited to the size declared; declare postgresql: {dataType: 'numeric', " +
          'dataPrecision: 10, dataScale: 2} instead',
      ]);
    });

    it('says nothing of dataPrecision and dataScale, which it reads', async () => {
      const report = await migrate([
        fee({dataType: 'numeric', dataPrecision: 10, dataScale: 2}),
      ]);
      expect(priceWarnings(report.dataSources[0].warnings)).to.eql([]);
    });
  },
);
