import { Redis, type Command, type RedisOptions } from 'ioredis';
import type { Counter } from 'prom-client';

/** ioredis client that counts every command it sends, by name and outcome. */
export class InstrumentedRedis extends Redis {
  constructor(
    url: string,
    options: RedisOptions,
    private readonly operations: Counter<'command' | 'result'>,
  ) {
    super(url, options);
  }

  override sendCommand(command: Command, stream?: Parameters<Redis['sendCommand']>[1]): unknown {
    const name = command.name;
    command.promise.then(
      () => this.operations.inc({ command: name, result: 'ok' }),
      () => this.operations.inc({ command: name, result: 'error' }),
    );
    return super.sendCommand(command, stream);
  }
}
