import path from 'node:path';
import type {GeneratedMigration} from '../generate/generate';

/**
 * The warnings of the plan on the shadow databases, as `migrateSchema()`
 * prints them: a table of the scripts no model maps any more (a dropped
 * model's, which the script leaves in place), or the likely old table of a
 * model whose table name changed (the script creates an empty one).
 */
function plannedWarnings(generated: GeneratedMigration): string[] {
  return generated.report.dataSources.flatMap(ds =>
    ds.warnings.map(
      w =>
        `datasource "${ds.name}", planned on its shadow database (the ` +
        `scripts applied): ${w}`,
    ),
  );
}

/** What `migrate --generate` prints: the file written, or that nothing changed. */
export function generatedLines(
  generated: GeneratedMigration,
  cwd: string = process.cwd(),
): string[] {
  const {file, changes} = generated;
  const warnings = [...generated.warnings, ...plannedWarnings(generated)].map(
    w => `warning: ${w}`,
  );
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
          ? `, ${irreversible.length} without an exact inverse (${which}: irreversible)`
          : ''),
    );
  }
  lines.push(
    'Review it, commit it, then deploy only reviewed scripts: npm run build && npm run migrate -- --schema-source scripts',
  );
  return lines;
}
