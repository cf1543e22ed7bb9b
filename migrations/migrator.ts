import path from 'node:path';
import { Sequelize, QueryInterface } from 'sequelize';
import { Umzug, SequelizeStorage } from 'umzug';

export type Migration = { up: (ctx: { context: QueryInterface }) => Promise<void>; down: (ctx: { context: QueryInterface }) => Promise<void> };

/** The schema changes only through the numbered files beside this one; each has `up` and `down`. */
export function createMigrator(sequelize: Sequelize, logger: Pick<Console, 'info'> | undefined = undefined) {
  return new Umzug({
    migrations: {
      // `.ts` from the sources (tsx), `.js` from the compiled build (dist/, the production image).
      glob: ['[0-9]*.{ts,js}', { cwd: path.resolve(__dirname), ignore: ['*.d.ts'] }],
      resolve: ({ name, path: file, context }) => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const m: Migration = require(file!);
        return { name, up: () => m.up({ context }), down: () => m.down({ context }) };
      },
    },
    context: sequelize.getQueryInterface(),
    storage: new SequelizeStorage({ sequelize, tableName: 'schema_migrations' }),
    logger: logger ? { info: (m) => logger.info(m), warn: (m) => logger.info(m), error: (m) => logger.info(m), debug: () => {} } : undefined,
  });
}

export async function migrate(sequelize: Sequelize, direction: 'up' | 'down' = 'up', logger?: Pick<Console, 'info'>): Promise<string[]> {
  const umzug = createMigrator(sequelize, logger);
  const done = direction === 'up' ? await umzug.up() : await umzug.down({ to: 0 });
  return done.map((m) => m.name);
}
