/** Structured logs on stderr (one JSON object per line), read with `docker logs`. */
export interface Logger {
  info(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export function createLogger(component: string): Logger {
  const write = (level: string, msg: string, fields?: Record<string, unknown>) =>
    process.stderr.write(
      `${JSON.stringify({ t: new Date().toISOString(), level, component, msg, ...fields })}\n`,
    );
  return {
    info: (msg, fields) => write('info', msg, fields),
    error: (msg, fields) => write('error', msg, fields),
  };
}
