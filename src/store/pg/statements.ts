import type pg from 'pg';

/** Most statements one connection keeps prepared; further texts are parsed each time, as unnamed ones are. */
const MOST = 500;

type Query = (config: unknown, values?: unknown, callback?: unknown) => unknown;

function hasValues(config: object, values: unknown): boolean {
  const own = (config as { values?: unknown }).values;
  return (Array.isArray(values) && values.length > 0) || (Array.isArray(own) && own.length > 0);
}

/**
 * Makes each parameterised query on `client` a named prepared statement, one name per distinct text, so
 * PostgreSQL parses and plans it once per connection and later runs only bind and execute (node-postgres
 * sends the Parse once per connection and name). The store's texts come from a fixed set of call sites;
 * past `MOST` distinct texts on one connection, the rest run unnamed. A query without parameters is left
 * alone: it may hold several statements (`release savepoint w; savepoint w`), which only an unnamed simple
 * query may.
 */
export function prepareStatements(client: pg.ClientBase): void {
  const names = new Map<string, string>();
  const target = client as unknown as { query: Query };
  const query = target.query;
  target.query = function (this: unknown, config: unknown, values?: unknown, callback?: unknown) {
    let named = config;
    if (typeof config === 'string' && hasValues({}, values)) named = { text: config };
    if (named !== null && typeof named === 'object' && hasValues(named, values)) {
      const { text, name } = named as { text?: unknown; name?: unknown };
      if (typeof text === 'string' && name === undefined) {
        let given = names.get(text);
        if (given === undefined && names.size < MOST) {
          given = `circlebot_${names.size + 1}`;
          names.set(text, given);
        }
        if (given !== undefined) config = { ...named, name: given };
      }
    }
    return query.call(this, config, values, callback);
  };
}
