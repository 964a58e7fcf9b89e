/**
 * Whether a script is version `file` or one of its parts: the scripts a
 * generated file holds beside its first (`<file>+02`, `<file>+online`;
 * build metadata, sorted right after it), and the classes of a file
 * generated for several datasources (`<file>-<datasource>`, with their own
 * `+` parts). A baseline to the file's version records them with it; a
 * revert to it keeps them applied.
 */
export function partOfFile(
  {
    version,
    dataSource,
  }: {readonly version: string; readonly dataSource: string},
  file: string,
): boolean {
  return [file, `${file}-${dataSource}`].some(
    first => version === first || version.startsWith(`${first}+`),
  );
}
