import { createSocket } from 'node:dgram';

/**
 * The ceiling of group communication on a lab's path: a bare Node.js dgram sender or receiver, run in a
 * node's network namespace (`nsenter -n`). It prints one JSON line when done.
 *
 *   bare.js send GROUP IFACE_ADDRESS SECONDS SIZE   — multicasts SIZE-byte datagrams for SECONDS, 256 in flight
 *   bare.js receive GROUP IFACE_ADDRESS IDLE_MS     — counts datagrams until IDLE_MS pass without one
 */
const PORT = 5399;
const IN_FLIGHT = 256;
const RECEIVE_BUFFER = 4 << 20;
const [mode, group = '', iface = '', a = '0', b = '0'] = process.argv.slice(2);

const done = (result: object) => {
  process.stdout.write(`${JSON.stringify({ ...result, cpu: process.cpuUsage() })}\n`);
  process.exit(0);
};

if (mode === 'send') {
  const seconds = Number(a);
  const payload = Buffer.alloc(Number(b), 0x20);
  const socket = createSocket({ type: 'udp4' });
  socket.bind(0, iface, () => {
    socket.setMulticastInterface(iface);
    socket.setMulticastLoopback(false);
    const startedAt = Date.now();
    const until = startedAt + seconds * 1000;
    let sent = 0;
    let inFlight = 0;
    const pump = () => {
      while (inFlight < IN_FLIGHT && Date.now() < until) {
        inFlight++;
        sent++;
        socket.send(payload, PORT, group, onSent);
      }
      if (inFlight === 0) done({ sent, startedAt, endedAt: Date.now() });
    };
    const onSent = () => {
      inFlight--;
      pump();
    };
    pump();
  });
} else if (mode === 'receive') {
  const idleMs = Number(a);
  const socket = createSocket({ type: 'udp4', reuseAddr: true, recvBufferSize: RECEIVE_BUFFER });
  let received = 0;
  let firstAt = 0;
  let lastAt = 0;
  let idle: NodeJS.Timeout | undefined;
  socket.on('message', () => {
    lastAt = Date.now();
    if (received++ === 0) firstAt = lastAt;
    idle?.refresh();
  });
  socket.bind(PORT, group, () => {
    socket.addMembership(group, iface);
    idle = setTimeout(() => done({ received, firstAt, lastAt }), idleMs);
  });
} else {
  process.stderr.write('usage: bare.js send|receive …\n');
  process.exit(2);
}
