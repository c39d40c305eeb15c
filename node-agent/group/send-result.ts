/** What a plain group member's `send` says: sent, blocked by back-pressure (and until when), or refused. */
export type SendResult =
  | { status: 'sent'; msgId: string; seq: number }
  | {
      status: 'blocked';
      /**
       * window: ACK mode's unacknowledged messages; buffer: NACK mode's unstable ones; order: own messages
       * not yet delivered in order; flush: a flush is under way.
       */
      reason: 'window' | 'buffer' | 'order' | 'flush';
      /** Resolves when sending may succeed again (then call send again). */
      ready: Promise<void>;
    }
  | { status: 'rejected'; reason: 'not-joined' | 'stopped' };

export type Sent = Extract<SendResult, { status: 'sent' }>;
