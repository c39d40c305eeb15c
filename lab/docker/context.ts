import { existsSync, lstatSync, realpathSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Docker from 'dockerode';

/** What every Docker operation needs: the engine, where node run directories live, and the app to mount. */
export interface RuntimeContext {
  docker: Docker;
  /** Holds `<lab>/<node>/control.sock` and the node's other files. */
  runDir: string;
  /** The repository root (compiled `dist/` and `node_modules/`), bind-mounted read-only into base-image nodes. */
  appRoot: string;
  /**
   * Where the app's dependencies are when the mounted app does not hold them: an installed package's
   * (`<project>/node_modules`, next to the package rather than inside it), or a checkout whose
   * node_modules is a link to elsewhere. Mounted at `/node_modules`, where the daemons find them.
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
    appModules: basename(parent) === 'node_modules' ? parent : linkedModules(appRoot),
  };
}

/** The folder a checkout's node_modules links to, which a mount of the checkout alone would not reach. */
function linkedModules(appRoot: string): string | undefined {
  const modules = join(appRoot, 'node_modules');
  return existsSync(modules) && lstatSync(modules).isSymbolicLink() ? realpathSync(modules) : undefined;
}

/** The nearest folder holding package.json: the same from compiled `dist/lab/docker` and from sources. */
function packageRoot(dir: string): string {
  if (existsSync(join(dir, 'package.json'))) return dir;
  const parent = dirname(dir);
  if (parent === dir) throw new Error('mcast-lab package root not found');
  return packageRoot(parent);
}
