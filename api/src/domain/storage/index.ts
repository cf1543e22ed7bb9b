import type { Config } from '../../config';
import { LocalStorage } from './local';
import { S3Storage } from './s3';
import type { Storage } from './storage';

export type { ByteRange, Storage } from './storage';
export { ObjectNotFoundError } from './storage';

/** Picks the driver named by STORAGE_DRIVER. Nothing connects here. */
export function createStorage(config: Config): Storage {
  switch (config.storageDriver) {
    case 'local':
      return new LocalStorage(config.storageLocalDir);
    case 's3':
      return new S3Storage({
        bucket: config.s3Bucket!,
        region: config.s3Region,
        endpoint: config.s3Endpoint,
        accessKeyId: config.s3AccessKeyId,
        secretAccessKey: config.s3SecretAccessKey,
        forcePathStyle: config.s3ForcePathStyle,
      });
  }
}
