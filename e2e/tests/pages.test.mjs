// One build per page: index.html (the playground), present.html (the presenter and its notes
// window), compare.html and embed.html each load their own module. Recorded on the server:
// each page's first visit fetches its own wasm and no other page's, and every file once, even
// though the service worker keeps a copy for offline use. An address from the days of one file
// for all pages (`index.html?present=…`, `?notes`, `?compare…`, `?embed…`) lands on the page that
// serves it, with its query, without fetching the playground's module; a link to another page is
// a navigation that Back undoes.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, openPage, serveStatic } from '../support/harness.mjs';
import { STEP_TIMEOUT } from '../support/playground.mjs';

/** Each page, an address that opens it, its module's name, and whether it keeps itself offline. */
const PAGES = [
  { file: 'index.html', address: '', module: 'playground', offline: true },
  { file: 'present.html', address: 'present.html?present=03-user-assigned&slide=2', module: 'present', offline: true },
  { file: 'compare.html', address: 'compare.html?compare=01-a-vm-and-its-storage&step=2', module: 'compare', offline: true },
  // The widget lives in other sites' iframes and registers no service worker there.
  { file: 'embed.html', address: 'embed.html?embed&lesson=02-system-assigned&step=2', module: 'embed', offline: false },
];

/** Old addresses of index.html and where they go now. */
const MOVED = [
  ['?present=03-user-assigned&slide=4', 'present.html?present=03-user-assigned&slide=4'],
  ['index.html?notes', 'present.html?notes'],
  ['?compare=01-a-vm-and-its-storage&step=3', 'compare.html?compare=01-a-vm-and-its-storage&step=3'],
  ['?embed&lesson=02-system-assigned&step=2&view=matrix', 'embed.html?embed&lesson=02-system-assigned&step=2&view=matrix'],
];

/** A page's wasm-bindgen module and wasm (`present-<hash>.js`, `present-<hash>_bg.wasm`). */
const moduleFiles = (paths) => paths.filter((path) => /\/[a-z]+-[0-9a-f]{8,16}(_bg\.wasm|\.js)$/.test(path));
const moduleOf = (path) => path.match(/\/([a-z]+)-[0-9a-f]{8,16}/)[1];

let browser;

before(async () => {
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
});

/** Opens `address` on a fresh server (cacheable responses, as a static host sends) and context. */
async function firstVisit(address) {
  const server = await serveStatic(undefined, { cacheControl: 'max-age=600' });
  const opened = await openPage(browser);
  opened.page.setDefaultTimeout(STEP_TIMEOUT);
  await opened.page.goto(`${server.url}${address}`);
  await opened.page.locator('#boot-shell').waitFor({ state: 'detached', timeout: 30_000 });
  return { ...opened, server };
}

for (const { file, address, module, offline } of PAGES) {
  test(`${file}: a first visit fetches its own module, and each file once`, { timeout: 60_000 }, async () => {
    const { page, context, problems, server } = await firstVisit(address);
    try {
      if (offline) {
        // The service worker has kept the page and its module for offline use.
        await page.waitForFunction(
          async ([name, module]) => {
            await navigator.serviceWorker.ready;
            const keys = (await (await caches.open('mip-playground')).keys()).map((r) => r.url);
            const page = new URL(name === 'index.html' ? './' : name, location.href).href;
            return keys.includes(page) && keys.some((url) => url.includes(`/${module}-`) && url.endsWith('_bg.wasm'));
          },
          [file, module],
          { timeout: 30_000 },
        );
      }
      const modules = moduleFiles(server.requests);
      assert.deepEqual(
        modules.map(moduleOf),
        [module, module],
        `${file} fetches its own module and wasm, and no other page's: ${modules.join(', ')}`,
      );
      const twice = server.requests.filter((path, i) => server.requests.indexOf(path) !== i);
      assert.deepEqual(twice, [], `no file is fetched twice (requests: ${server.requests.join(', ')})`);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
      await server.close();
    }
  });
}

test('an address of the single page lands on the page that serves it, without the playground', { timeout: 90_000 }, async () => {
  for (const [old, now] of MOVED) {
    const { page, context, problems, server } = await firstVisit(old);
    try {
      assert.equal(page.url(), `${server.url}${now}`, `${old} goes to ${now}`);
      if (now.startsWith('present.html?present')) {
        await page.locator('.presenter-position').filter({ hasText: 'Slide 4 of 9' }).waitFor();
      }
      if (now.startsWith('present.html?notes')) {
        await page.getByRole('heading', { name: 'Speaker notes' }).waitFor();
      }
      const modules = moduleFiles(server.requests).map(moduleOf);
      assert.ok(!modules.includes('playground'), `${old} does not fetch the playground's module: ${modules}`);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
      await server.close();
    }
  }
});

test('the playground links to compare mode and the presenter as pages, and Back returns', { timeout: 60_000 }, async () => {
  const { page, context, problems, server } = await firstVisit('');
  try {
    const toolbar = page.getByRole('group', { name: 'Script actions', exact: true });
    const nav = page.getByRole('navigation', { name: 'Other pages' });
    await toolbar.waitFor();
    await nav.getByRole('link', { name: 'Present', exact: true }).click();
    await page.getByRole('heading', { name: 'Present a lesson' }).waitFor();
    assert.equal(page.url(), `${server.url}present.html?present`);
    await page.goBack();
    await toolbar.waitFor();
    await nav.getByRole('link', { name: 'Compare', exact: true }).click();
    await page.getByRole('region', { name: 'Differences', exact: true }).waitFor();
    assert.equal(page.url(), `${server.url}compare.html?compare`);
    await page.goBack();
    await toolbar.waitFor();
    assert.equal(page.url(), server.url);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    await server.close();
  }
});
