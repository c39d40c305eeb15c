"""A plain UDP multicast receiver: joins a group and prints one line per datagram it receives.

    python3 receiver.py GROUP PORT
"""
import socket
import struct
import sys

group, port = sys.argv[1], int(sys.argv[2])
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM, socket.IPPROTO_UDP)
sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
sock.bind(("", port))
# Joining sends the IGMP report that makes the routers forward the group here.
sock.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, struct.pack("4s4s", socket.inet_aton(group), socket.inet_aton("0.0.0.0")))
print(f"listening on {group}:{port}", flush=True)
while True:
    data, (sender, _) = sock.recvfrom(65535)
    print(f"from {sender}: {len(data)} bytes", flush=True)
