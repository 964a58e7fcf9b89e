import net from 'node:net';

/** A TCP proxy in front of a database server that breaks one connection on cue. */
export interface CuttingProxy {
  readonly port: number;
  /** Whether a connection was broken. */
  readonly cut: boolean;
  close(): Promise<void>;
}

/**
 * Forward every connection to `target`; on the first connection that sends
 * bytes holding `cue`, forward them to the server, then hold back whatever
 * the server answers and break the client's side: the server runs what it
 * was sent to its end, and the client never learns how it ended (a network
 * or a proxy failing at the worst moment). The server's side is closed once
 * it answered.
 */
export async function cuttingProxy(
  target: {host: string; port: number},
  cue: string,
): Promise<CuttingProxy> {
  let cut = false;
  const sockets = new Set<net.Socket>();
  const server = net.createServer(client => {
    const upstream = net.connect(target.port, target.host);
    sockets.add(client).add(upstream);
    let cutting = false;
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.on('close', () => {
      if (!cutting) upstream.destroy();
    });
    upstream.on('close', () => client.destroy());
    upstream.on('data', data => {
      if (!cutting) {
        client.write(data);
        return;
      }
      client.destroy();
      upstream.end();
    });
    client.on('data', data => {
      upstream.write(data);
      if (!cut && data.toString('latin1').includes(cue)) {
        cut = true;
        cutting = true;
      }
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    get cut() {
      return cut;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>(resolve => server.close(() => resolve()));
    },
  };
}
