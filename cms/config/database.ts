import fs from 'node:fs';
import path from 'node:path';
import { lmsConfig } from '../src/lms-config';

export default () => {
  const { database } = lmsConfig();
  if (database.client === 'postgres') {
    return {
      connection: {
        client: 'postgres',
        connection: {
          connectionString: database.url,
          ssl: database.ssl ? { rejectUnauthorized: true } : false,
        },
        pool: { min: 0, max: database.poolMax },
        acquireConnectionTimeout: 60000,
      },
    };
  }
  fs.mkdirSync(path.dirname(database.filename), { recursive: true });
  return {
    connection: {
      client: 'sqlite',
      connection: { filename: database.filename },
      useNullAsDefault: true,
    },
  };
};
