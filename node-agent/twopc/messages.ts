export type Vote = 'yes' | 'no';
export type Outcome = 'commit' | 'abort';

/** Two-phase commit's messages, carried as payloads of the group's atomic multicast. */
export type TxMessage =
  | { kind: 'prepare'; tx: string; payload: Buffer }
  | { kind: 'vote'; tx: string; vote: Vote }
  | { kind: 'decision'; tx: string; outcome: Outcome };

/** Marks a payload as 2PC's, so application messages in the same group are told apart. */
const MAGIC = Buffer.from('2PC\u0000');

export function encodeTx(message: TxMessage): Buffer {
  const body =
    message.kind === 'prepare'
      ? { kind: message.kind, tx: message.tx, payload: message.payload.toString('base64') }
      : message;
  return Buffer.concat([MAGIC, Buffer.from(JSON.stringify(body))]);
}

/** Undefined for anything that is not a well-formed 2PC message; never throws. */
export function decodeTx(bytes: Buffer): TxMessage | undefined {
  if (bytes.length < MAGIC.length || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(bytes.subarray(MAGIC.length).toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const m = value as Record<string, unknown>;
  if (typeof m.tx !== 'string') return undefined;
  if (m.kind === 'prepare' && typeof m.payload === 'string')
    return { kind: 'prepare', tx: m.tx, payload: Buffer.from(m.payload, 'base64') };
  if (m.kind === 'vote' && (m.vote === 'yes' || m.vote === 'no'))
    return { kind: 'vote', tx: m.tx, vote: m.vote };
  if (m.kind === 'decision' && (m.outcome === 'commit' || m.outcome === 'abort'))
    return { kind: 'decision', tx: m.tx, outcome: m.outcome };
  return undefined;
}
