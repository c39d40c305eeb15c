import { setTimeout as sleep } from 'node:timers/promises';
import { createRuntime } from '../docker/context.js';
import { destroyLabs } from '../docker/destroy.js';
import { orphaned } from './guard.js';

/**
 * `node reaper.js <lab>` (started by guard.ts): destroys the lab once the process that owns it is gone —
 * a test run stopped by Ctrl-C, killed or crashed never got to destroy it itself. A lab destroyed the
 * normal way has no owner left either: destroying it again is harmless, and the reaper ends.
 */
const lab = process.argv[2];
if (!lab) throw new Error('usage: reaper.js <lab>');
while (!(await orphaned(lab))) await sleep(250);
await destroyLabs(createRuntime(), { lab });
