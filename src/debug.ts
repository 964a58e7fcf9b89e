/**
 * The `debug` loggers of this package (namespace `loopback:schema-migration`
 * and below). Everything they print goes through `redact()` first, so that
 * enabling them never prints a secret: connection URLs lose their
 * credentials and `password` settings their value, whatever a driver's
 * error or a script's message holds.
 */
import debugFactory, {type Debugger} from 'debug';
import {formatWithOptions, type InspectOptions} from 'node:util';
import {redact} from './cli/redact';
import {DEBUG_NAMESPACE} from './keys';

/** A logger for `loopback:schema-migration[:<topic>]`. */
export function debugLogger(topic?: string): Debugger {
  const logger = debugFactory(
    topic ? `${DEBUG_NAMESPACE}:${topic}` : DEBUG_NAMESPACE,
  );
  // Formatted here (as debug's Node.js log would: `%s` of an error is its
  // message) so that the whole line is redacted. `debug.log` is read at
  // each call, so that an app (or a test) may redirect it later.
  logger.log = (...args: unknown[]) => {
    const {inspectOpts} = debugFactory as {inspectOpts?: InspectOptions};
    const line = redact(formatWithOptions(inspectOpts ?? {}, ...args));
    (debugFactory.log as (line: string) => void)(line);
  };
  return logger;
}
