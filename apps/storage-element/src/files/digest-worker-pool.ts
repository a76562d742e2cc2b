import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

export interface FileDigest {
  sha256: string;
  bytes: number;
}

// Plain CommonJS run with `eval`, so the bundle needs no separate worker file.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { createReadStream } = require('node:fs');
parentPort.on('message', ({ id, path }) => {
  const hash = createHash('sha256');
  let bytes = 0;
  createReadStream(path, { highWaterMark: 1024 * 1024 })
    .on('data', (chunk) => { hash.update(chunk); bytes += chunk.length; })
    .on('end', () => parentPort.postMessage({ id, sha256: hash.digest('hex'), bytes }))
    .on('error', (error) => parentPort.postMessage({ id, error: String(error.code || error.message) }));
});
`;

type WorkerAnswer = { id: number; sha256: string; bytes: number } | { id: number; error: string };

interface PooledWorker {
  worker: Worker;
  pending: Map<number, { resolve: (digest: FileDigest) => void; reject: (error: Error) => void }>;
}

/**
 * Hashes local files on worker threads, so a download's integrity check runs on another core
 * while the main thread streams the same bytes to the client.
 */
@Injectable()
export class DigestWorkerPool implements OnModuleDestroy {
  private readonly workers: PooledWorker[] = [];
  private nextId = 0;

  digestOf(path: string): Promise<FileDigest> {
    const target = this.leastBusy();
    const id = (this.nextId += 1);
    return new Promise<FileDigest>((resolve, reject) => {
      target.pending.set(id, { resolve, reject });
      target.worker.postMessage({ id, path });
    });
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.workers.map((pooled) => pooled.worker.terminate()));
    this.workers.length = 0;
  }

  private leastBusy(): PooledWorker {
    const size = Math.max(1, Math.min(2, availableParallelism() - 1));
    const idle = this.workers.find((pooled) => pooled.pending.size === 0);
    if (idle) {
      return idle;
    }
    if (this.workers.length < size) {
      return this.spawn();
    }
    return this.workers.reduce((best, pooled) => (pooled.pending.size < best.pending.size ? pooled : best));
  }

  private spawn(): PooledWorker {
    const pooled: PooledWorker = { worker: new Worker(WORKER_SOURCE, { eval: true }), pending: new Map() };
    pooled.worker.unref();
    pooled.worker.on('message', (answer: WorkerAnswer) => {
      const waiting = pooled.pending.get(answer.id);
      pooled.pending.delete(answer.id);
      if ('error' in answer) {
        waiting?.reject(new Error(`could not hash the file: ${answer.error}`));
      } else {
        waiting?.resolve({ sha256: answer.sha256, bytes: answer.bytes });
      }
    });
    pooled.worker.on('error', (error) => this.retire(pooled, error));
    pooled.worker.on('exit', () => this.retire(pooled, new Error('digest worker exited')));
    this.workers.push(pooled);
    return pooled;
  }

  private retire(pooled: PooledWorker, error: Error): void {
    const index = this.workers.indexOf(pooled);
    if (index >= 0) {
      this.workers.splice(index, 1);
    }
    for (const waiting of pooled.pending.values()) {
      waiting.reject(error);
    }
    pooled.pending.clear();
  }
}
