/** What `circlebot help` prints. */
export const USAGE = `Usage: circlebot [command]

  circlebot                    start the bot (also: circlebot start)
  circlebot backup <file> [--force]
                               copy the SQLite database while the bot runs; --force replaces <file>
  circlebot restore <file>     replace the SQLite database with a backup (the bot must be stopped)
  circlebot export <circle> --format csv|json [--out <file>] [--force]
                               a circle's members (csv) or everything it holds (json); stdout without --out
  circlebot import points <file.csv> --circle <circle> [--skip-bad]
                               points from another bot: columns platform user id, points (on SQLite, stop the bot first)
  circlebot doctor             check settings, database, tokens, rights in every circle, the public URL
  circlebot migrate-to-postgres [--from <sqlite file>] [--to <postgres url>] [--replace]
                               copy the SQLite database into PostgreSQL (default: db.file to DATABASE_URL),
                               then check every table's rows; --replace empties a target holding circlebot rows
  circlebot help               this text

<circle> is a circle's id or its chat: telegram:-100123, discord:<server id>.
Settings come from config/circlebot.yaml (or CIRCLEBOT_CONFIG) and the environment, as for the bot.
With DATABASE_URL set, export, import and doctor work on PostgreSQL; back it up with pg_dump / pg_restore.
`;
