import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Docker from 'dockerode';

/** What every runtime operation needs: the engine, where node run directories live, and the app to mount. */
export interface RuntimeContext {
  docker: Docker;
  /** Holds `<lab>/<node>/control.sock` and the node's other files. */
  runDir: string;
  /** The repository root (compiled `dist/` and `node_modules/`), bind-mounted read-only into base-image nodes. */
  appRoot: string;
  /**
   * Where the app's dependencies are when it is an installed package (`<project>/node_modules`, next to
   * the package itself rather than inside it): mounted at `/node_modules`, where the daemons find them.
   */
  appModules?: string;
}

export function createRuntime(runDir = process.env.MCAST_LAB_RUN_DIR ?? '/run/mcast-lab'): RuntimeContext {
  // API version left unset: the daemon answers at the newest it speaks (1.41 for Debian's 20.10).
  const appRoot = packageRoot(dirname(fileURLToPath(import.meta.url)));
  const parent = dirname(appRoot);
  return {
    docker: new Docker(),
    runDir,
    appRoot,
    appModules: basename(parent) === 'node_modules' ? parent : undefined,
  };
}

/** The nearest folder holding package.json: the same from compiled `dist/lab/runtime` and from sources. */
function packageRoot(dir: string): string {
  if (existsSync(join(dir, 'package.json'))) return dir;
  const parent = dirname(dir);
  if (parent === dir) throw new Error('mcast-lab package root not found');
  return packageRoot(parent);
}
