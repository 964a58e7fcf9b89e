/**
 * Send what `console.log`, `console.info` and `console.debug` print to
 * stderr until the returned function is called. With `--json` stdout holds
 * the JSON alone, while the app's own code and its connectors print there
 * (a booter's `console.log`; loopback-connector-postgresql before 8.0 logs
 * `>>> WARNING: auto-generation is not supported ...` as it plans a
 * table): what they print stays visible, on stderr.
 */
export function consoleToStderr(): () => void {
  const {log, info, debug} = console;
  const toStderr = (...args: unknown[]) => console.error(...args);
  console.log = toStderr;
  console.info = toStderr;
  console.debug = toStderr;
  return () => {
    console.log = log;
    console.info = info;
    console.debug = debug;
  };
}
