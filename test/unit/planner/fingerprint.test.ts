import {expect} from '@loopback/testlab';
import {postgresqlDialect} from '../../../src/dialects/postgresql';
import type {AttachedModel, JugglerConnector} from '../../../src/juggler';
import {
  canonicalJson,
  fingerprintInput,
  modelFingerprint,
  sha256Of,
  type FingerprintVersions,
} from '../../../src/planner/fingerprint';

const VERSIONS: FingerprintVersions = {
  package: '1.0.0',
  connector: {name: 'loopback-connector-postgresql', version: '8.0.7'},
  loopbackConnector: '7.0.6',
};

/** A connector with one model, `Note`, built anew on every call. */
function connector(
  properties: Record<string, unknown>,
  indexes: Record<string, unknown> = {title_idx: {keys: {title: 1}}},
): JugglerConnector {
  const note: AttachedModel = {
    model: {modelName: 'Note'},
    properties,
    settings: {indexes},
  };
  return {
    name: 'postgresql',
    _models: {Note: note},
    table: model => model.toLowerCase(),
    schema: () => 'public',
    column: (_model, property) => property.toLowerCase(),
  };
}

function fingerprint(
  properties: Record<string, unknown>,
  versions = VERSIONS,
  settings: Record<string, unknown> = {},
): string {
  return sha256Of(
    fingerprintInput({
      connector: connector(properties),
      dialect: postgresqlDialect,
      dataSourceSettings: settings,
      models: ['Note'],
      ownership: [],
      versions,
    }),
  );
}

describe('fingerprint', () => {
  describe('canonicalJson', () => {
    it('sorts the keys of every object, however deep', () => {
      expect(canonicalJson({b: 1, a: {d: [{z: 1, y: 2}], c: 3}})).to.equal(
        '{"a":{"c":3,"d":[{"y":2,"z":1}]},"b":1}',
      );
      expect(canonicalJson({a: 1, b: 2})).to.equal(canonicalJson({b: 2, a: 1}));
    });

    it('sorts objects already in order and out of order alike, inside arrays too', () => {
      expect(
        canonicalJson({b: {x: [String, {d: 1, c: 2}], y: 1}, a: [{a: 1}]}),
      ).to.equal(
        '{"a":[{"a":1}],"b":{"x":["[function String]",{"c":2,"d":1}],"y":1}}',
      );
    });

    it('keeps the order of arrays', () => {
      expect(canonicalJson([2, 1])).to.not.equal(canonicalJson([1, 2]));
    });

    it('writes functions by their name', () => {
      expect(canonicalJson({type: String})).to.equal(
        '{"type":"[function String]"}',
      );
      expect(canonicalJson({type: String})).to.not.equal(
        canonicalJson({type: Number}),
      );
    });

    it('leaves out undefined members and writes dates and patterns as text', () => {
      expect(canonicalJson({a: undefined, b: null})).to.equal('{"b":null}');
      expect(canonicalJson([undefined])).to.equal('[null]');
      expect(canonicalJson({d: new Date(0), r: /x+/i})).to.equal(
        '{"d":"1970-01-01T00:00:00.000Z","r":"/x+/i"}',
      );
    });

    it('writes a value met again inside itself as [circular], and a shared one in full', () => {
      const loop: Record<string, unknown> = {name: 'loop'};
      loop.self = loop;
      expect(canonicalJson(loop)).to.equal(
        '{"name":"loop","self":"[circular]"}',
      );
      const shared = {x: 1};
      expect(canonicalJson({a: shared, b: shared})).to.equal(
        '{"a":{"x":1},"b":{"x":1}}',
      );
    });
  });

  describe('sha256Of', () => {
    it('is a hex SHA-256, equal for equal values whatever their key order', () => {
      expect(sha256Of({a: 1, b: 2})).to.match(/^[0-9a-f]{64}$/);
      expect(sha256Of({a: 1, b: 2})).to.equal(sha256Of({b: 2, a: 1}));
      expect(sha256Of({a: 1})).to.not.equal(sha256Of({a: 2}));
    });
  });

  describe('fingerprintInput', () => {
    const properties = {
      id: {type: Number, id: true},
      title: {type: String, postgresql: {dataType: 'varchar', dataLength: 80}},
    };

    it('is the same for the same models', () => {
      expect(fingerprint(properties)).to.equal(fingerprint({...properties}));
    });

    it("changes with a property's type or settings", () => {
      const base = fingerprint(properties);
      expect(
        fingerprint({
          ...properties,
          title: {...properties.title, type: Number},
        }),
      ).to.not.equal(base);
      expect(
        fingerprint({
          ...properties,
          title: {
            type: String,
            postgresql: {dataType: 'varchar', dataLength: 81},
          },
        }),
      ).to.not.equal(base);
      expect(fingerprint({...properties, extra: {type: String}})).to.not.equal(
        base,
      );
    });

    it('changes with the connector version and with this package version', () => {
      const base = fingerprint(properties);
      expect(
        fingerprint(properties, {
          ...VERSIONS,
          connector: {...VERSIONS.connector, version: '8.0.8'},
        }),
      ).to.not.equal(base);
      expect(
        fingerprint(properties, {...VERSIONS, package: '1.0.1'}),
      ).to.not.equal(base);
    });

    it("changes with the datasource's settings, but not with how to connect", () => {
      const base = fingerprint(properties, VERSIONS, {host: 'a', schema: 's'});
      expect(
        fingerprint(properties, VERSIONS, {
          host: 'b',
          password: 'secret',
          schema: 's',
        }),
      ).to.equal(base);
      expect(
        fingerprint(properties, VERSIONS, {host: 'a', schema: 't'}),
      ).to.not.equal(base);
    });

    it('is the same whether the connector logs or not (its debug setting)', () => {
      const base = fingerprint(properties, VERSIONS, {schema: 's'});
      for (const debug of [false, true]) {
        expect(
          fingerprint(properties, VERSIONS, {schema: 's', debug}),
        ).to.equal(base);
      }
    });

    it("changes with the order of an index's keys, declared with keys or in shorthand", () => {
      const withIndex = (index: unknown) =>
        sha256Of(
          fingerprintInput({
            connector: connector(properties, {ix: index}),
            dialect: postgresqlDialect,
            dataSourceSettings: {},
            models: ['Note'],
            ownership: [],
            versions: VERSIONS,
          }),
        );
      expect(withIndex({keys: {id: 1, title: 1}})).to.not.equal(
        withIndex({keys: {title: 1, id: 1}}),
      );
      expect(withIndex({id: 1, title: 1})).to.not.equal(
        withIndex({title: 1, id: 1}),
      );
    });

    it("changes with the tables the app's other models own", () => {
      const owning = (ownership: string[]) =>
        sha256Of(
          fingerprintInput({
            connector: connector(properties),
            dialect: postgresqlDialect,
            dataSourceSettings: {},
            models: ['Note'],
            ownership,
            versions: VERSIONS,
          }),
        );
      expect(owning(['public.memo', 'public.note'])).to.not.equal(
        owning(['public.note']),
      );
    });

    it('changes with the selection of models', () => {
      const c = connector(properties);
      const of = (models: string[]) =>
        sha256Of(
          fingerprintInput({
            connector: c,
            dialect: postgresqlDialect,
            dataSourceSettings: {},
            models,
            ownership: [],
            versions: VERSIONS,
          }),
        );
      expect(of(['Note'])).to.not.equal(of([]));
    });
  });

  describe('modelFingerprint', () => {
    /** A connector with `count` models, each with its own properties. */
    function manyModels(count: number): JugglerConnector {
      const models: Record<string, AttachedModel> = {};
      for (let i = count; i > 0; i--) {
        models[`M${i}`] = {
          model: {modelName: `M${i}`},
          properties: {id: {type: Number, id: true}, [`p${i}`]: {type: String}},
          settings: {
            strict: i % 2 === 0,
            indexes: {[`i${i}`]: {keys: {id: 1}}},
          },
        };
      }
      return {
        name: 'postgresql',
        _models: models,
        table: model => model.toLowerCase(),
        schema: () => 'public',
        column: (_model, property) => property.toLowerCase(),
      };
    }

    it('is the SHA-256 of fingerprintInput, however many models (and slices)', async () => {
      const c = manyModels(3000);
      const names = Object.keys(c._models ?? {});
      const settings = {schema: 's', host: 'h', extra: {b: 1, a: [2]}};
      for (const selected of [names, names.slice(0, 1), []]) {
        for (const versions of [VERSIONS, {...VERSIONS, package: undefined}]) {
          const source = {
            connector: c,
            dialect: postgresqlDialect,
            dataSourceSettings: settings,
            models: selected,
            ownership: ['public.other', 'schema_migrations'],
            versions,
          };
          expect(await modelFingerprint(source)).to.equal(
            sha256Of(fingerprintInput(source)),
          );
        }
      }
    });
  });
});
