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
    const irreversible = c.inverses.filter(i => 'none' in i).length;
    lines.push(
      `  datasource "${c.dataSource}": ${c.statements.length} statement(s)` +
        (irreversible > 0
          ? `, ${irreversible} without an exact inverse (its down() throws)`
          : ''),
    );
  }
  lines.push(
    'Review it, commit it, then: npm run build && npm run migrate (add --schema-source scripts to deploy only reviewed scripts).',
  );
  return lines;
}
