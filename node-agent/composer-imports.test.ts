import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PACKAGES = ['lab', 'router-sim', 'node-agent', 'common', 'scripts'];
const COMPOSER = 'node-agent/group/';
/**
 * Who may build a member from the composer: the composer itself, the agent's one entry into it (the
 * daemon's groups), and tests with their simulators.
 */
const MAY_COMPOSE = [COMPOSER, 'node-agent/group-handles.ts', 'node-agent/testing/'];

const IMPORT = /(?:from\s+|import\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g;

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sources(path);
    return path.endsWith('.ts') && !path.endsWith('.test.ts') ? [path] : [];
  });
}

/** The files under `COMPOSER` that `file` imports. */
function composerImports(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  return [...text.matchAll(IMPORT)]
    .map(([, spec = '']) => relative(ROOT, resolve(ROOT, dirname(file), spec)))
    .filter((target) => target.startsWith(COMPOSER));
}

describe('layering of node-agent', () => {
  it('keeps the composer (group/) on top: no lower layer or other package imports from it', () => {
    const offenders = PACKAGES.flatMap(sources)
      .filter((file) => !MAY_COMPOSE.some((allowed) => file.startsWith(allowed)))
      .flatMap((file) => composerImports(file).map((target) => `${file} → ${target}`));
    expect(offenders).toEqual([]);
  });
});
