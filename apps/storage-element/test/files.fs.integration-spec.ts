import { open } from 'node:fs/promises';
import { pathsFor } from '@artstore/attr-wal';
import { describeFileApi } from './file-api.suite';

describeFileApi({
  name: 'fs',
  env: () => ({ SE_BACKEND: 'fs' }),
  // Flips one byte in the middle of the data file; attr.json (the expected sha256) is untouched.
  corruptData: async (dataDir, fileId) => {
    const file = await open(pathsFor(dataDir, fileId).data, 'r+');
    try {
      const { size } = await file.stat();
      const position = Math.floor(size / 2);
      const byte = Buffer.alloc(1);
      await file.read(byte, 0, 1, position);
      byte[0] = (byte[0] ?? 0) ^ 0xff;
      await file.write(byte, 0, 1, position);
      await file.sync();
    } finally {
      await file.close();
    }
  },
});
