// A multicast chat, as a user might write one: everyone listens on one group; `say` sends a line to all.
//
//   node chat.mjs listen NICK [GROUP] [PORT]     prints "FROM: TEXT" for every line heard
//   node chat.mjs say NICK TEXT [GROUP] [PORT]   sends one line and exits
import dgram from 'node:dgram';

const [mode, nick, ...rest] = process.argv.slice(2);
const text = mode === 'say' ? rest.shift() : undefined;
const [group = '239.7.7.7', port = '7777'] = rest;
const socket = dgram.createSocket({ type: 'udp4', reuseAddr: true });

if (mode === 'listen') {
  socket.on('message', (datagram) => {
    const { from, line } = JSON.parse(datagram.toString());
    if (from !== nick) console.log(`${from}: ${line}`);
  });
  // Joining sends the IGMP report that brings the group's traffic to this subnet.
  socket.bind(Number(port), () => {
    socket.addMembership(group);
    console.log(`${nick} listening on ${group}:${port}`);
  });
} else if (mode === 'say' && nick && text) {
  socket.bind(() => {
    socket.setMulticastTTL(8); // the default of 1 would never leave the sender's subnet
    socket.send(JSON.stringify({ from: nick, line: text }), Number(port), group, () => socket.close());
  });
} else {
  console.error('usage: chat.mjs listen NICK [GROUP] [PORT] | chat.mjs say NICK TEXT [GROUP] [PORT]');
  process.exit(2);
}
