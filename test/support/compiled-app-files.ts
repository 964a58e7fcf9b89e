import path from 'node:path';
import {sourceMap} from './migration-files';

const REPOSITORY = JSON.stringify(require.resolve('@loopback/repository'));
const CORE = JSON.stringify(require.resolve('@loopback/core'));
const REST = JSON.stringify(require.resolve('@loopback/rest'));

/** A compiled model file: an entity with a generated id and a name. */
export function modelFile(name: string): string {
  return `'use strict';
const {Entity, model, property} = require(${REPOSITORY});
class ${name} extends Entity {}
property({type: 'number', id: true, generated: true})(${name}.prototype, 'id');
property({type: 'string'})(${name}.prototype, 'name');
model()(${name});
exports.${name} = ${name};
`;
}

/**
 * A compiled repository file of a model on datasource `db`, importing the
 * model from `from` (`'../models'` in an app made by lb4).
 */
export function repositoryFile(name: string, from: string): string {
  return `'use strict';
const {DefaultCrudRepository} = require(${REPOSITORY});
const {inject} = require(${CORE});
const {${name}} = require(${JSON.stringify(from)});
class ${name}Repository extends DefaultCrudRepository {
  constructor(dataSource) { super(${name}, dataSource); }
}
inject('datasources.db')(${name}Repository, undefined, 0);
exports.${name}Repository = ${name}Repository;
`;
}

/**
 * A compiled controller file of a model imported from `'../models'`, as
 * lb4 makes one: its decorators describe the model when the file loads.
 */
export function controllerFile(name: string): string {
  return `'use strict';
const {get, getModelSchemaRef} = require(${REST});
const {${name}} = require('../models');
class ${name}Controller {
  async find() { return []; }
}
get('/${name.toLowerCase()}s', {
  responses: {'200': {content: {'application/json': {schema: getModelSchemaRef(${name})}}}},
})(${name}Controller.prototype, 'find', Object.getOwnPropertyDescriptor(${name}Controller.prototype, 'find'));
exports.${name}Controller = ${name}Controller;
`;
}

/** A compiled `index.js` exporting the named files' exports. */
export function indexFile(files: readonly string[]): string {
  const lines = files.map(
    file => `Object.assign(exports, require(${JSON.stringify(`./${file}`)}));`,
  );
  return `'use strict';\n${lines.join('\n')}\n`;
}

/**
 * A compiled file of `dist` and its source map, naming `src/<file>.ts`
 * (`file` without its `.js`, from `dist`).
 */
export function compiledWithMap(
  file: string,
  text: string,
): Record<string, string> {
  const depth = file.split('/').length;
  const source = path.posix.join('../'.repeat(depth), 'src', `${file}.ts`);
  return {[`${file}.js`]: text, [`${file}.js.map`]: sourceMap(source)};
}

/**
 * {@link compiledWithMap}, with a map Node reads (`setSourceMapsEnabled`):
 * each line of the file is the same line of its source, so a stack names
 * `src/<file>.ts`.
 */
export function compiledWithLineMap(
  file: string,
  text: string,
): Record<string, string> {
  const {[`${file}.js.map`]: map} = compiledWithMap(file, text);
  const lines = text.split('\n').length;
  const mappings = ['AAAA', ...Array<string>(lines - 1).fill('AACA')].join(';');
  const base = path.posix.basename(file);
  return {
    [`${file}.js`]: `${text}//# sourceMappingURL=${base}.js.map\n`,
    [`${file}.js.map`]: JSON.stringify({...JSON.parse(map), mappings}),
  };
}
