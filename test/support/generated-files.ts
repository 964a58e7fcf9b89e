import {ESLint} from 'eslint';
import {readFileSync} from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** The module a generated file in a test imports the library from (the built `src`). */
export const LIBRARY_MODULE = path.resolve(__dirname, '../../src');

/** The repository root, for the ESLint configuration. */
const ROOT = path.resolve(__dirname, '../../..');

/**
 * The declaration files (`.d.ts`) every compile reads, parsed once per
 * process: they do not change while the tests run (the library is built
 * before), and parsing them is most of a compile's cost.
 */
const declarations = new Map<string, ts.SourceFile | undefined>();

/**
 * Compile a generated `.migration.ts` under strict TypeScript as an lb4 app
 * compiles (`strict`, decorators, CommonJS) into `outDir`; resolves to the
 * compiler's diagnostics, as text (empty when it compiles cleanly).
 */
export function compileGenerated(file: string, outDir: string): string[] {
  const options: ts.CompilerOptions = {
    strict: true,
    noImplicitOverride: true,
    noUnusedLocals: true,
    noUnusedParameters: true,
    experimentalDecorators: true,
    emitDecoratorMetadata: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    esModuleInterop: true,
    skipLibCheck: true,
    outDir,
    rootDir: path.dirname(file),
  };
  const host = ts.createCompilerHost(options);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (name, language, ...rest) => {
    if (!name.endsWith('.d.ts')) return read(name, language, ...rest);
    if (!declarations.has(name)) {
      declarations.set(name, read(name, language, ...rest));
    }
    return declarations.get(name);
  };
  const program = ts.createProgram([file], options, host);
  const emitted = program.emit();
  return [...ts.getPreEmitDiagnostics(program), ...emitted.diagnostics].map(d =>
    ts.flattenDiagnosticMessageText(d.messageText, '\n'),
  );
}

/** ESLint's messages for a generated file, with this repository's TypeScript config. */
export async function lintGenerated(file: string): Promise<string[]> {
  const eslint = new ESLint({cwd: ROOT});
  const [result] = await eslint.lintText(readFileSync(file, 'utf8'), {
    filePath: path.join(ROOT, 'src/migrations', path.basename(file)),
  });
  return result.messages.map(m => `${m.line}:${m.column} ${m.message}`);
}

/** The text with the generated version and time replaced by placeholders. */
export function normaliseGenerated(text: string, version: string): string {
  return text
    .split(version)
    .join('<VERSION>')
    .replace(/ at \d{4}-\d\d-\d\dT[\d:.]+Z\./, ' at <TIME>.');
}
