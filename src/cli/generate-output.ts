import path from 'node:path';
import type {GeneratedMigration} from '../generate/generate';

/** What `migrate --generate` prints: the file written, or that nothing changed. */
export function generatedLines(
  generated: GeneratedMigration,
  cwd: string = process.cwd(),
): string[] {
  const {file, changes} = generated;
  const warnings = generated.warnings.map(w => `warning: ${w}`);
  if (!file) {
    return [
      ...warnings,
      'No model change: the models match the schema the migration scripts make. Nothing was written.',
    ];
  }
  const lines = [...warnings, `Wrote ${path.relative(cwd, file) || file}`];
  for (const c of changes) {
    // 1-based, as the file's header numbers them.
    const irreversible = c.inverses.flatMap((inverse, i) =>
      'none' in inverse ? [i + 1] : [],
    );
    const which = `statement${irreversible.length > 1 ? 's' : ''} ${irreversible.join(', ')}`;
    lines.push(
      `  datasource "${c.dataSource}": ${c.statements.length} statement(s)` +
        (irreversible.length > 0
          ? `, ${irreversible.length} without an exact inverse (${which}: its down() throws)`
          : ''),
    );
  }
  lines.push(
    'Review it, commit it, then: npm run build && npm run migrate (add --schema-source scripts to deploy only reviewed scripts).',
  );
  return lines;
}
