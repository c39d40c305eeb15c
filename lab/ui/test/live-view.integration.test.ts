import { mkdir } from 'node:fs/promises';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime } from '../../docker/context.js';
import { pollUntil, useLab } from '../../testing/lab-fixture.js';
import { serveUi, type UiServer } from '../server.js';

const GROUP = '239.30.0.1';
/** Debian's Chromium, installed by `scripts/setup --browser`; nothing is downloaded. */
const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOT_DIR = 'dist/test-results';

// line3: h1 (lan1) → r1 → link12 → r2 → link23 → r3 → h3 (lan3), PIM dense mode.
describe('mcast-lab ui, watched in a real browser (Chromium headless)', () => {
  const lab = useLab('topologies/line3.yaml', 'ui');
  let ui: UiServer;
  let browser: Browser;
  let page: Page;
  /** The data rate the page shows for a network, as its table lists it. */
  const shownRate = async (network: string) =>
    Number(
      await page.locator(`#networks tr[data-network="${network}"] td.rate`).textContent({ timeout: 5_000 }),
    );

  beforeAll(async () => {
    ui = await serveUi(createRuntime(), lab.name);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.goto(ui.url);
  });
  afterAll(async () => {
    await browser?.close();
    await ui?.close();
  });

  it('draws the topology and lists every network', async () => {
    await page.locator('#topology svg').waitFor();
    for (const network of ['lan1', 'lan2', 'lan3', 'link12', 'link23'])
      expect(await page.locator(`#topology rect[data-network="${network}"]`).count(), network).toBe(1);
    await page.locator('#networks tr[data-network="link23"]').waitFor();
  });

  it('shows link23 carrying a stream to a member behind r3, then nothing once the member left and r3 pruned', async () => {
    await lab.agent('h3', 'join', { group: GROUP });
    const sending = lab.agent('h1', 'send', { group: GROUP, count: 600, rate: 50 }, 60_000);
    const flowing = await pollUntil(
      () => shownRate('link23'),
      (pps) => pps > 20,
      {
        what: 'link23 shown carrying the stream',
        timeoutMs: 15_000,
      },
    );
    expect(flowing).toBeGreaterThan(20);
    expect(await page.locator(`#groups tr[data-group="${GROUP}"]`).textContent()).toContain('link23');
    // Traced on the drawing: the path from lan1 to lan3 carries the data, lan3 has the member.
    await page.locator(`#groups tr[data-group="${GROUP}"]`).click();
    const traced = await pollUntil(
      () =>
        Promise.all(
          ['lan1', 'link12', 'link23', 'lan3', 'lan2'].map((network) =>
            page.locator(`#topology rect[data-network="${network}"]`).getAttribute('data-trace'),
          ),
        ),
      ([lan1, link12, link23, lan3]) => !!lan1 && !!link12 && !!link23 && lan3 === 'carries members',
      { what: 'the group traced on the drawing', timeoutMs: 10_000 },
    );
    expect(traced).toEqual(['carries', 'carries', 'carries', 'carries members', null]);
    // r3's IGMP querier saw lan3 gain a member; the routers programmed the group's entries.
    const timeline = await pollUntil(
      async () => (await page.locator('#events').textContent()) ?? '',
      (text) => text.includes(`r3 igmp eth0 ${GROUP}: --members-->`) && text.includes('mroute'),
      { what: 'the join and the entries in the timeline', timeoutMs: 10_000 },
    );
    expect(timeline).toContain(`,${GROUP}): `);

    await page.locator('#topology text[data-node="r2"]').click();
    const entries = await pollUntil(
      () => page.locator('#node').getAttribute('data-entries'),
      (text) => (text ?? '').includes(`,${GROUP})`),
      { what: "r2's panel listing the (S,G) entry", timeoutMs: 10_000 },
    );
    expect(entries).toContain(`(${lab.address('h1')},${GROUP})`);

    await lab.agent('h3', 'leave', { group: GROUP });
    await pollUntil(
      () => shownRate('link23'),
      (pps) => pps === 0,
      {
        what: 'link23 shown idle after the prune',
        timeoutMs: 15_000,
      },
    );
    await mkdir(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: `${SCREENSHOT_DIR}/live-view.png`, fullPage: true });
    await sending;
  });
});
