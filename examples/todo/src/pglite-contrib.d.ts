// The root tsconfig resolves modules the Node 10 way, which does not read a
// package's "exports" map: this names the one PGlite subpath the example
// imports. (Not needed with "moduleResolution": "node16" or "bundler".)
declare module '@electric-sql/pglite/contrib/uuid_ossp' {
  import type {Extension} from '@electric-sql/pglite';
  /** PostgreSQL's uuid-ossp contrib extension, built for PGlite. */
  export const uuid_ossp: Extension;
}
