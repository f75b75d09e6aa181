// A browser test shaped as a learner's journey, photographed at its end.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { artifactsDir, screenshot } from './harness.mjs';
import { openPlayground } from './playground.mjs';

/**
 * One journey, as a test of the file that calls this: `body` gets `open(options)` to open the
 * playground (each call a page; a new browser context unless `context` is passed) and returns
 * the page to photograph as target/e2e/<shot>.png (no photograph when `shot` is null). On
 * failure the last page opened is photographed as <shot>-failure.png. Every page must end
 * without console errors or uncaught exceptions. `env` is what servePlayground() returned.
 */
export function journeyTest(env, title, shot, body, { timeout = 60_000 } = {}) {
  test(title, { timeout }, async () => {
    const opened = [];
    const open = async (options) => {
      const o = await openPlayground(env.browser, env.server.url, options);
      opened.push(o);
      return o;
    };
    const failureShot = `${shot ?? 'journey'}-failure`;
    await rm(join(artifactsDir, `${failureShot}.png`), { force: true });
    let failure = null;
    try {
      const page = await body(open);
      if (shot) console.log(`screenshot: ${await screenshot(page, shot)}`);
    } catch (error) {
      failure = error;
      const last = opened.at(-1)?.page;
      if (last && !last.isClosed()) {
        const path = await screenshot(last, failureShot).catch(() => null);
        if (path) console.log(`failure screenshot: ${path}`);
      }
    }
    const problems = opened.flatMap((o) => o.problems);
    for (const context of new Set(opened.map((o) => o.context))) await context.close();
    if (failure) {
      if (problems.length) failure.message += `\nThe page also reported:\n  ${problems.join('\n  ')}`;
      throw failure;
    }
    assert.deepEqual(problems, [], 'console errors or uncaught exceptions');
  });
}
