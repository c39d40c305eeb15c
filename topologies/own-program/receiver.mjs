// A user's own multicast receiver, as a test might run one in a lab node: joins $GROUP and prints one
// line per datagram. Mounted from this directory by own-program.yaml.
//
//   GROUP=239.7.7.7 node receiver.mjs PORT
import dgram from 'node:dgram';

const group = process.env.GROUP;
const port = Number(process.argv[2]);
if (!group || !port) {
  console.error(
    `usage: GROUP=239.x.y.z node receiver.mjs PORT (got group ${group}, port ${process.argv[2]})`,
  );
  process.exit(2);
}

const socket = dgram.createSocket({ type: 'udp4', reuseAddr: true });
socket.on('message', (datagram, from) => console.log(`from ${from.address} ${datagram.length} bytes`));
// Joining sends the IGMP report that brings the group's traffic to this subnet.
socket.bind(port, () => {
  socket.addMembership(group);
  console.log(`joined ${group}:${port}`);
});
