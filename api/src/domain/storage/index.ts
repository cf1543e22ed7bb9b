import type { Config } from '../../config';
import { LocalStorage } from './local';
import type { Storage } from './storage';

export type { Storage } from './storage';

/** Picks the driver named by STORAGE_DRIVER. */
export function createStorage(config: Config): Storage {
  switch (config.storageDriver) {
    case 'local':
      return new LocalStorage(config.storageLocalDir);
    case 's3':
      throw new Error('S3 storage driver not available yet');
  }
}
