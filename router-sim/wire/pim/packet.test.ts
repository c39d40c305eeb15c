import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../common/sim/random.js';
import { encodeIpv4 } from '../ipv4/header.js';
import { randomAddress } from '../testing/generate.js';
import { randomPimMessage } from '../testing/pim-generate.js';
import { encodePim } from './header.js';
import { ALL_PIM_ROUTERS, type Hello, PIM_PROTOCOL, type Register, type RegisterStop } from './message.js';
import { decodePimPacket, encodePimPacket } from './packet.js';
import { nullRegisterHeader } from './register.js';

const hex = (s: string) => Buffer.from(s.replace(/\s/g, ''), 'hex');
const isError = (v: unknown) => typeof v === 'object' && v !== null && 'error' in v;

const HELLO: Hello = { type: 'hello', options: { holdtime: 105 } };

describe('PIM in IPv4', () => {
  it('sends with TTL 1, TOS 0xc0, protocol 103, DF and no options', () => {
    const packet = encodePimPacket(HELLO, { src: '10.77.0.2', dst: ALL_PIM_ROUTERS });
    // IP: 45 c0, length 001e, id 0, DF, TTL 01, proto 67. Header words sum 171a1, folded 71a2,
    // checksum 8e5d. PIM: 2000 + 0001 + 0002 + 0069 = 206c, checksum df93.
    expect(packet).toEqual(hex('45c0001e 00004000 01678e5d 0a4d0002 e000000d 2000df93 00010002 0069'));
    expect(decodePimPacket(packet)).toEqual({
      ip: {
        src: '10.77.0.2',
        dst: '224.0.0.13',
        ttl: 1,
        protocol: PIM_PROTOCOL,
        routerAlert: false,
        headerLength: 20,
        payload: hex('2000df93 00010002 0069'),
        tos: 0xc0,
        identification: 0,
        dontFragment: true,
        moreFragments: false,
        fragmentOffset: 0,
      },
      message: HELLO,
    });
  });

  it('sends Register and Register-Stop, unicast between DR and RP, with TTL 64', () => {
    const stop: RegisterStop = { type: 'register-stop', group: '239.1.1.1', source: '10.0.0.9' };
    const packet = encodePimPacket(stop, { src: '10.0.9.1', dst: '10.0.0.1' });
    // IP: 45 c0, length 0026, id 0, DF, TTL 40, proto 67. Header words sum e34f, checksum 1cb0. PIM as
    // in the Register-Stop known answer.
    expect(packet).toEqual(
      hex('45c00026 00004000 40671cb0 0a000901 0a000001 2200e1d3 01000020 ef010101 01000a000009'),
    );
    expect(decodePimPacket(packet)).toMatchObject({ ip: { ttl: 64 }, message: stop });
    const register: Register = {
      type: 'register',
      border: false,
      nullRegister: true,
      packet: nullRegisterHeader('10.0.0.9', '239.1.1.1'),
    };
    const encoded = encodePimPacket(register, { src: '10.0.0.1', dst: '10.0.9.1' });
    expect(encoded.length).toBe(48);
    expect(decodePimPacket(encoded)).toMatchObject({
      ip: { ttl: 64, tos: 0xc0, dontFragment: true },
      message: register,
    });
    // A data packet too long to encapsulate in one IPv4 packet.
    const huge = Buffer.alloc(0xffff - 20 - 8 + 1, 0x45);
    expect(() =>
      encodePimPacket({ ...register, packet: huge }, { src: '10.0.0.1', dst: '10.0.9.1' }),
    ).toThrow(RangeError);
  });

  it('returns TTL and addresses without judging them', () => {
    const packet = encodeIpv4({
      src: '10.0.0.1',
      dst: '10.0.0.2',
      ttl: 64,
      protocol: PIM_PROTOCOL,
      routerAlert: true,
      payload: encodePim(HELLO),
    });
    expect(decodePimPacket(packet)).toMatchObject({ ip: { ttl: 64, routerAlert: true }, message: HELLO });
  });

  it('refuses other protocols, fragments, and bad IP or PIM', () => {
    const ip = {
      src: '10.0.0.1',
      dst: ALL_PIM_ROUTERS,
      ttl: 1,
      routerAlert: false,
      payload: encodePim(HELLO),
    };
    expect(decodePimPacket(encodeIpv4({ ...ip, protocol: 2 }))).toEqual({
      error: 'IPv4 protocol 2 is not PIM',
    });
    expect(decodePimPacket(encodeIpv4({ ...ip, protocol: 103, moreFragments: true }))).toEqual({
      error: 'fragmented PIM packet',
    });
    expect(isError(decodePimPacket(encodeIpv4({ ...ip, protocol: 103, fragmentOffset: 1 })))).toBe(true);
    const good = encodePimPacket(HELLO, { src: '10.0.0.1', dst: ALL_PIM_ROUTERS });
    expect(isError(decodePimPacket(good.subarray(0, good.length - 1)))).toBe(true);
    const badPim = Buffer.from(good);
    badPim[good.length - 1] = 0;
    expect(decodePimPacket(badPim)).toEqual({ error: 'PIM checksum mismatch' });
  });

  it('round-trips thousands of random packets', () => {
    const random = seededRandom(1337);
    for (let i = 0; i < 3000; i++) {
      const message = randomPimMessage(random);
      const addresses = { src: randomAddress(random), dst: randomAddress(random) };
      const packet = encodePimPacket(message, addresses);
      const decoded = decodePimPacket(packet);
      if ('error' in decoded) throw new Error(decoded.error);
      const { src, dst, ttl, tos, protocol, routerAlert, dontFragment, payload } = decoded.ip;
      expect({ src, dst, ttl, tos, protocol, routerAlert, dontFragment }).toEqual({
        ...addresses,
        ttl: message.type === 'register' || message.type === 'register-stop' ? 64 : 1,
        tos: 0xc0,
        protocol: PIM_PROTOCOL,
        routerAlert: false,
        dontFragment: true,
      });
      expect(payload.equals(encodePim(message))).toBe(true);
      expect(decoded.message).toEqual(message);
    }
  });
});
