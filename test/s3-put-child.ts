// A child process for the interrupted-put test: puts an endless slow stream into the S3 bucket named by
// AUDITREADY_BLOBS (5 MiB parts) and prints "uploaded part N" as each multipart part lands, until the parent
// kills it.
import { Readable } from 'node:stream';
import { blobLocationFromEnv } from '../src/platform/blobs/blob-config.js';
import { S3BlobStore, s3ClientFor } from '../src/platform/blobs/s3-blob-store.js';

const location = blobLocationFromEnv();
if (location.kind !== 's3') throw new Error('AUDITREADY_BLOBS must name a bucket');
const client = s3ClientFor(location);
client.middlewareStack.add(
  (next, context) => async (args) => {
    const out = await next(args);
    if (context.commandName === 'UploadPartCommand') {
      const part = (args.input as { PartNumber?: number }).PartNumber;
      process.stdout.write(`uploaded part ${part}\n`);
    }
    return out;
  },
  { step: 'initialize' },
);
const store = new S3BlobStore({
  client,
  bucket: location.bucket,
  prefix: location.prefix,
  partSize: 5 * 1024 * 1024,
  queueSize: 1,
});
const chunk = Buffer.alloc(256 * 1024, 0x61);
const input = new Readable({
  read() {
    setTimeout(() => this.push(chunk), 2);
  },
});
await store.put(input);
process.stdout.write('finished (never expected)\n');
