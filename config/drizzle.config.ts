import { defineConfig } from 'drizzle-kit';

/**
 * drizzle-kit settings; paths are relative to the repo root, where `npm run db:generate` runs. `schema` is the
 * index re-exporting the table files of `src/store/schema/`, the module the app and the drift test import, so
 * drizzle-kit sees exactly their tables: a file left out of the index shows up here as a DROP TABLE.
 */
export default defineConfig({
  dialect: 'sqlite',
  schema: './src/store/schema.ts',
  out: './drizzle',
});
