import { defineConfig } from 'drizzle-kit';

/** drizzle-kit settings; paths are relative to the repo root, where `npm run db:generate` runs. */
export default defineConfig({
  dialect: 'sqlite',
  schema: './src/store/schema.ts',
  out: './drizzle',
});
