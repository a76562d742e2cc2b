import net from 'node:net';

/**
 * A TCP proxy that can hold back the upstream's answers (`hold()`), so a request stays waiting
 * for as long as a test needs, until `release()` lets the held bytes through.
 */
export class TusHoldingProxy {
  private held = false;
  private readonly waiting: (() => void)[] = [];
  private readonly sockets = new Set<net.Socket>();

  private constructor(
    private readonly server: net.Server,
    readonly port: number,
  ) {}

  static async start(targetUrl: string): Promise<TusHoldingProxy> {
    const target = new URL(targetUrl);
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const proxy = new TusHoldingProxy(server, (server.address() as net.AddressInfo).port);
    server.on('connection', (client) => proxy.accept(client, target.hostname, Number(target.port)));
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  hold(): void {
    this.held = true;
  }

  release(): void {
    this.held = false;
    for (const flush of this.waiting.splice(0)) {
      flush();
    }
  }

  async close(): Promise<void> {
    this.release();
    for (const socket of this.sockets) {
      socket.destroy();
    }
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: net.Socket, host: string, port: number): void {
    const upstream = net.connect(port, host);
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.on('data', (chunk: Buffer) => {
      if (!this.held) {
        client.write(chunk);
        return;
      }
      upstream.pause();
      this.waiting.push(() => {
        client.write(chunk);
        upstream.resume();
      });
    });
    upstream.on('end', () => {
      if (this.held) {
        this.waiting.push(() => client.end());
      } else {
        client.end();
      }
    });
  }
}
