import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { COMPOSE_IMAGES } from '../docker/images.js';
import { REPO } from '../testing/cli.js';

interface ComposeService {
  image: string;
  build: { context: string; dockerfile: string; args: { APP: string } };
}

describe('docker-compose.yml', () => {
  const compose = parse(readFileSync(join(REPO, 'docker-compose.yml'), 'utf8')) as {
    services: Record<string, ComposeService>;
  };

  it('builds the two images the lab looks for', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['node-agent', 'router-sim']);
    expect(compose.services['router-sim']?.image).toBe(COMPOSE_IMAGES.router);
    expect(compose.services['node-agent']?.image).toBe(COMPOSE_IMAGES.host);
  });

  it.each(['router-sim', 'node-agent'])('%s points at an existing Dockerfile and entry point', (name) => {
    const service = compose.services[name] as ComposeService;
    const dockerfile = join(REPO, service.build.context, service.build.dockerfile);
    expect(existsSync(dockerfile)).toBe(true);
    expect(readFileSync(dockerfile, 'utf8')).toMatch(/^FROM node:20-bookworm-slim/m);
    expect(service.build.args.APP).toBe(name);
    expect(existsSync(join(REPO, name, 'main.ts'))).toBe(true);
  });
});
