// A user's own multicast receiver, as a test might run one in a lab node: joins $GROUP on the node's
// eth0 and prints one line per datagram. Mounted from this directory by own-program.yaml.
//
//   GROUP=239.7.7.7 node receiver.mjs PORT
import dgram from 'node:dgram';
import { networkInterfaces } from 'node:os';

const group = process.env.GROUP;
const port = Number(process.argv[2]);
// The lab gives hosts no default route: the join names its interface, or the kernel finds none.
const local = networkInterfaces().eth0?.find((a) => a.family === 'IPv4')?.address;
if (!group || !port || !local) {
  console.error(
    `usage: GROUP=239.x.y.z node receiver.mjs PORT (group ${group}, port ${port}, eth0 ${local})`,
  );
  process.exit(2);
}

const socket = dgram.createSocket({ type: 'udp4', reuseAddr: true });
socket.on('message', (datagram, from) => console.log(`from ${from.address} ${datagram.length} bytes`));
socket.bind(port, () => {
  socket.addMembership(group, local);
  console.log(`joined ${group}:${port} on ${local}`);
});
