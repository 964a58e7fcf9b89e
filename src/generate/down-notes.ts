import {commentLines} from './comment-lines';
import {withoutInverse, type ScriptPart} from './parts';
import {statementNumbers} from './statement-numbers';

/**
 * The header's lines on what each script's `down()` does, one true thing
 * per statement: the statements it undoes (last first), each statement it
 * leaves in place and why (a `CREATE EXTENSION IF NOT EXISTS`, a
 * `VALIDATE CONSTRAINT` whose `ADD CONSTRAINT`'s inverse drops the
 * constraint), or that there is none (the script is `irreversible`), naming
 * the statements without an exact inverse. `whose(part)` names a part's
 * `down()` (`down()`, or `down() of version ...+online` in a file of
 * several scripts).
 */
export function downNotes(
  parts: readonly ScriptPart[],
  whose: (part: ScriptPart) => string,
): string[] {
  const anyMissing = parts.flatMap(withoutInverse);
  return parts.flatMap(part => {
    const missing = withoutInverse(part);
    if (missing.length === 0 && anyMissing.length > 0) {
      const several = anyMissing.length > 1;
      return commentLines(
        `No ${whose(part)} either, so that a revert of this file changes nothing: ` +
          `${several ? 'statements' : 'statement'} ` +
          `${anyMissing.map(m => m.index + 1).join(', ')} of another of its scripts ` +
          `${several ? 'have' : 'has'} no exact inverse.`,
      );
    }
    if (missing.length === 1) {
      const [{index, reason}] = missing;
      return commentLines(
        `No ${whose(part)}: statement ${index + 1} has no exact inverse (${reason}).`,
      );
    }
    if (missing.length > 1) {
      return [
        `// No ${whose(part)}: ${missing.length} statements have no exact inverse:`,
        ...missing.flatMap(({index, reason}, i) =>
          commentLines(
            `statement ${index + 1}: ${reason}${i < missing.length - 1 ? ';' : '.'}`,
            '//   ',
            '//     ',
          ),
        ),
      ];
    }
    return undoneAndKept(part, whose(part), parts.length > 1);
  });
}

/** A `down()` that runs: the statements it undoes, then those it leaves. */
function undoneAndKept(
  part: ScriptPart,
  whose: string,
  several: boolean,
): string[] {
  const undone: number[] = [];
  const kept: {index: number; reason: string}[] = [];
  part.inverses.forEach((inverse, i) => {
    const index = part.first + i;
    if ('sql' in inverse) undone.push(index);
    if ('kept' in inverse) kept.push({index, reason: inverse.kept});
  });
  const all = undone.length === part.statements.length;
  return [
    ...(undone.length === 0
      ? []
      : commentLines(
          `${whose} undoes ${all && !several ? 'every statement' : statementNumbers(undone)}, last first.`,
        )),
    ...kept.flatMap(({index, reason}) =>
      commentLines(
        `${whose} leaves statement ${index + 1} in place: ${reason}.`,
      ),
    ),
  ];
}
