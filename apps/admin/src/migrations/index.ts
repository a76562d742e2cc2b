/** The admin database's migrations, applied in this order at start. Features append theirs. */
export const adminMigrations: Function[] = [];
