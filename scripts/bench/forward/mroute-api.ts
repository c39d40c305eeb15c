import { existsSync, readFileSync } from 'node:fs';
import { release } from 'node:os';
import { gunzipSync } from 'node:zlib';

/** Why this kernel has no mroute API, or undefined when it has one. */
export function mrouteMissing(): string | undefined {
  if (existsSync('/proc/net/ip_mr_vif')) return undefined;
  let config = '';
  try {
    config = gunzipSync(readFileSync('/proc/config.gz')).toString();
  } catch {}
  const notSet = config && !/^CONFIG_IP_MROUTE=y/m.test(config) ? ': CONFIG_IP_MROUTE not set' : '';
  return `kernel ${release()} has no multicast routing API (no /proc/net/ip_mr_vif${notSet})`;
}
