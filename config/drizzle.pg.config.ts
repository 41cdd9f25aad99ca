import { defineConfig } from 'drizzle-kit';

/**
 * drizzle-kit settings for the PostgreSQL schema (`npm run db:generate:pg`); paths are relative to the repo
 * root. Its migrations live apart from SQLite's, which stay in `drizzle/` where existing databases expect them.
 * `schema` is the index re-exporting the table files of `src/store/pg/schema/`, as for SQLite.
 */
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/store/pg/schema.ts',
  out: './drizzle/pg',
});
