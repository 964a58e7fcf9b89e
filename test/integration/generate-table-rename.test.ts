import {expect} from '@loopback/testlab';
import {readFileSync} from 'node:fs';
import type {ModelSpec} from '../support/app-builder';
import {generatedLines} from '../../src/cli/generate-output';
import {describeEachDatabase} from '../support/databases';
import {headerText, shadowProject, TAG} from '../support/generate';

/** `Note`, on its own table or (`table`) on the one its settings name. */
function note(table?: string): ModelSpec {
  return {
    name: 'Note',
    properties: {
      id: {type: 'number', id: true, generated: true},
      title: {type: 'string'},
    },
    settings: table ? {postgresql: {table}, mysql: {table}} : {},
  };
}

describeEachDatabase(
  'generating a script for a model whose table changed, or that was removed',
  db => {
    const {open, generate, build} = shadowProject(db, 'table-rename');

    it('--generate prints the plan of the shadow database: the likely old table of a renamed one, a table no model maps', async () => {
      const first = await generate(
        open([note(), TAG]),
        'create-notes',
        '20261203050000',
      );
      const scripts = build(first.file!);
      // The table of Note renamed by its settings, Tag removed.
      const generated = await generate(
        open([note('memo')], scripts),
        'rename-notes',
        '20261203050100',
      );
      const printed = generatedLines(generated).join('\n');
      expect(printed).to.match(
        /^warning: datasource "db", planned on its shadow database \(the scripts applied\): model Note: the plan creates table "(public"\.")?memo", while table "(public"\.")?note", which no model of this app uses, has every column of the model/im,
      );
      expect(printed).to.match(
        /^warning: datasource "db", planned on its shadow database \(the scripts applied\): 2 tables without a model in this app: "(public"\.")?note", "(public"\.")?tag"; the migration leaves them as they are/im,
      );
    });

    it('the file says it in its header: the table the plan creates, the one that has the rows, what to do', async () => {
      const first = await generate(
        open([note(), TAG]),
        'create-notes',
        '20261203050000',
      );
      const renamed = await generate(
        open([note('memo')], build(first.file!)),
        'rename-notes',
        '20261203050100',
      );
      const text = readFileSync(renamed.file!, 'utf8');
      const header = headerText(text);
      expect(header).to.match(
        /The plan warns \(on the shadow database, the scripts applied; migrate --generate printed them too\):.* - model Note: the plan creates table "(public"\.")?memo", while table "(public"\.")?note", which no model of this app uses, has every column of the model: if it is the model's old table \(its name or table setting changed\), its rows stay there and the app starts on an empty table\. To keep them, rename "(public"\.")?note" to "(public"\.")?memo" in a migration script with runs = 'before-schema' \(the plan then finds it\), or drop it when it is not needed\. /i,
      );
      expect(header).to.match(
        /- 2 tables without a model in this app: "(public"\.")?note", "(public"\.")?tag"; the migration leaves them as they are/i,
      );
      // Wrapped to the width Prettier lays out the code around it in.
      const notes = text.slice(text.indexOf('// The plan warns'));
      for (const line of notes
        .slice(0, notes.indexOf('// down()'))
        .split('\n')) {
        expect(line.length).to.be.belowOrEqual(80);
      }
      build(renamed.file!);
    });
  },
);
