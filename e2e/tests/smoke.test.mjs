// Smoke test of the built site: it loads under its own Content-Security-Policy,
// the app mounts, nothing is logged as an error, and axe-core finds no serious
// accessibility problem.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cspViolations, openPage, runAxe, screenshot, servePlayground } from '../support/harness.mjs';

const env = servePlayground();

test('the playground loads cleanly and is accessible', { timeout: 60_000 }, async () => {
  const { page, context, problems } = await openPage(env.browser);
  try {
    await page.goto(env.server.url);

    // index.html shows the heading while the module loads; the toolbar is rendered by the wasm
    // app, so seeing it (and the loading shell gone) means the loader, wasm-bindgen and Yew all ran.
    const toolbar = page.getByRole('group', { name: 'Script actions', exact: true });
    try {
      await toolbar.waitFor({ state: 'visible', timeout: 30_000 });
      await page.locator('#boot-shell').waitFor({ state: 'detached', timeout: 30_000 });
    } catch (error) {
      // Say why the app did not start, not just that it timed out.
      const csp = await cspViolations(page);
      const why = [...csp.map((v) => `CSP: ${v}`), ...problems];
      const first = error.message.split('\n')[0];
      throw new Error([`the app did not start: ${first}`, ...why].join('\n'));
    }
    const heading = page.getByRole('heading', { level: 1, name: 'Managed Identity Playground' });
    assert.equal(await heading.count(), 1, 'one page heading once the app runs');
    assert.equal(await page.locator('main').count(), 1, 'the app renders exactly one <main>');
    assert.equal(await page.title(), 'Managed Identity Playground');

    // Let late requests (and their failures) settle before judging the console.
    await page.waitForLoadState('networkidle');

    assert.deepEqual(await cspViolations(page), [], 'Content-Security-Policy violations');
    assert.deepEqual(problems, [], 'console errors, exceptions or failed requests');

    const violations = await runAxe(page);
    const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    assert.deepEqual(serious, [], 'serious or critical accessibility violations');
    for (const v of violations) {
      console.log(`axe (${v.impact}): ${v.id}: ${v.help} [${v.targets.join(', ')}]`);
    }

    const shot = await screenshot(page, 'smoke');
    console.log(`screenshot: ${shot}`);
  } finally {
    await context.close();
  }
});
