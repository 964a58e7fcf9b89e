/**
 * What a rebuild of a memory datasource kept in a file (`file` setting)
 * leaves in that file: juggler's memory `automigrate` empties the models'
 * collections in this process and writes nothing, so the file keeps its
 * rows until the datasource is next written in a process that rebuilt it
 * (the command line ends before any). Stock LoopBack does the same, in
 * silence. Empty for any other datasource or operation.
 */
export function memoryFileNote(
  connectorName: string,
  settings: Readonly<Record<string, unknown>> | undefined,
  operation: string,
): string {
  const file = settings?.file;
  if (connectorName !== 'memory' || operation !== 'automigrate') return '';
  if (typeof file !== 'string' || file === '') return '';
  return (
    `: it empties the models' collections in this process only, so its file ` +
    `${file} keeps their rows until this process next writes to the datasource ` +
    '(as with stock); to empty the file now, delete it'
  );
}
