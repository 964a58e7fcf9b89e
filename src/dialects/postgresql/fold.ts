/** PostgreSQL folds unquoted names to lower case. */
export const foldPg = (name: string): string => name.toLowerCase();
