// Embedding the playground in documentation, end to end: a documentation page
// on another origin frames the widget (`embed.html?embed&…`, or an old
// `?embed&…` address of index.html, which goes on there), sizes the frame from the
// widget's height messages and drives it with `mip:step`; the release build
// runs from a sub-path of a static host; the Embed dialog writes a snippet
// that shows the same scenario when pasted into a page.
//
// The playground is served under /docs/playground/ (as on a documentation
// site) and the documentation pages from a second server, so every frame here
// is cross-origin, as it is in real use. Screenshots: target/e2e/embed-host.png,
// target/e2e/embed-dialog.png.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { cspViolations, distDir, launchBrowser, openPage, runAxe, screenshot, serveStatic } from '../support/harness.mjs';
import { consoleOutput, openPlayground, runCommand, STEP_TIMEOUT, waitForApp } from '../support/playground.mjs';

/** Where the playground is mounted on its host. */
const SUB_PATH = '/docs/playground/';

/** A scenario of four statements: an identity that is given read access in the fourth. */
const SCENARIO = [
  'az group create -n docs -l eastus',
  'az storage account create -n docsdata -g docs',
  'az identity create -g docs -n reader-id',
  'az role assignment create --assignee $(az identity show -g docs -n reader-id --query principalId -o tsv) --role "Storage Blob Data Reader" --scope $(az storage account show -g docs -n docsdata --query id -o tsv)',
].join('\n') + '\n';

let app; // the playground, under SUB_PATH
let docs; // the documentation pages, on another origin
let docsDir;
let browser;

/** The scenario as `scenario=` carries it: raw deflate, base64url (view::share's encoding). */
function encodeScript(script) {
  return deflateRawSync(Buffer.from(script, 'utf8'), { level: 9 }).toString('base64url');
}

/**
 * Serves `root` under `mount` only, the way a static host serves one directory of a larger
 * site: nothing is rewritten, a directory gives its index.html, and anything else is a 404.
 */
async function serveUnder(root, mount) {
  const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm' };
  const requests = [];
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    requests.push(path);
    if (!path.startsWith(mount)) return res.writeHead(404).end('not found');
    let file = normalize(join(root, path.slice(mount.length)));
    if (file !== root && !file.startsWith(root + sep)) return res.writeHead(403).end();
    const info = await stat(file).catch(() => null);
    if (info?.isDirectory()) file = join(file, 'index.html');
    const body = await readFile(file).catch(() => null);
    if (!body) return res.writeHead(404).end('not found');
    res.writeHead(200, { 'content-type': types[extname(file)] || 'application/octet-stream', 'cache-control': 'no-store' });
    res.end(body);
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    url: `http://127.0.0.1:${port}${mount}`,
    requests,
    close: () => new Promise((ok) => server.close(ok)),
  };
}

/**
 * A documentation page with `body` (an iframe snippet) and the resize listener the README
 * documents; it also keeps every message from the frame in `window.received`.
 */
async function docsPage(name, body) {
  const html = `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8" /><title>A documentation page</title></head>
  <body>
    <main>
      <h1>System-assigned identities</h1>
      <p>The widget below shows the scenario this page describes.</p>
      ${body}
      <p id="after">Text after the widget.</p>
    </main>
    <script>
      window.received = [];
      addEventListener('message', (event) => {
        const frame = document.querySelector('iframe');
        if (event.source !== frame.contentWindow) return;
        window.received.push({ origin: event.origin, data: event.data });
        const { type, height } = event.data || {};
        if (type === 'mip:height' && Number.isInteger(height) && height > 0) frame.height = String(height);
      });
    </script>
  </body>
</html>`;
  await writeFile(join(docsDir, name), html);
  return `${docs.url}${name}`;
}

/** Opens a documentation page and returns it with its embed's frame, once the widget runs. */
async function openDocsPage(url) {
  const opened = await openPage(browser);
  opened.page.setDefaultTimeout(STEP_TIMEOUT);
  await opened.page.goto(url);
  const frame = opened.page.frameLocator('iframe');
  await frame.getByRole('link', { name: /Open in the playground/ }).waitFor({ timeout: 30_000 });
  return { ...opened, frame };
}

/** The height messages the page received so far. */
function heights(page) {
  return page.evaluate(() => window.received.filter((m) => m.data?.type === 'mip:height'));
}

before(async () => {
  app = await serveUnder(distDir, SUB_PATH);
  docsDir = await mkdtemp(join(tmpdir(), 'mip-docs-'));
  await writeFile(join(docsDir, 'index.html'), '<!doctype html><title>docs</title>');
  docs = await serveStatic(docsDir);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await app?.close();
  await docs?.close();
  if (docsDir) await rm(docsDir, { recursive: true, force: true });
});

test('the release build runs from a sub-path of a static host', async () => {
  const { page, problems, context } = await openPlayground(browser, app.url);
  await runCommand(page, 'az group create -n sub -l eastus');
  assert.match(await consoleOutput(page).innerText(), /"name": "sub"/);
  assert.deepEqual(problems, []);
  assert.deepEqual(await cspViolations(page), []);
  // Every file came from under the mount point: nothing asked for /boot.js or /style-….css.
  const outside = app.requests.filter((path) => !path.startsWith(SUB_PATH));
  assert.deepEqual(outside, [], `requests outside ${SUB_PATH}`);
  await context.close();
});

test('a documentation page frames a scenario step, is told its height and steps it', async () => {
  const src = `${app.url}embed.html?embed&scenario=${encodeScript(SCENARIO)}&step=3&view=matrix&controls=steps`;
  const url = await docsPage(
    'scenario.html',
    `<iframe src="${src.replaceAll('&', '&amp;')}" title="Managed Identity Playground: a scenario" width="100%" height="200" loading="lazy"></iframe>`,
  );
  const { page, frame, problems, context } = await openDocsPage(url);

  // The requested step and view: after the identity exists, before its role assignment.
  await frame.getByText('After statement 3 of 4', { exact: true }).waitFor();
  await frame.getByRole('button', { name: /^reader-id.* → docsdata: denied/ }).waitFor();
  assert.equal(await frame.getByRole('region', { name: 'Diagram' }).count(), 0);
  assert.equal(await frame.getByRole('textbox', { name: 'Console command' }).count(), 0, 'controls=steps has no command line');

  // The height message: its documented shape, a plausible number, and the frame sized to it.
  await page.waitForFunction(() => window.received.some((m) => m.data?.type === 'mip:height'));
  const reported = await heights(page);
  for (const { origin, data } of reported) {
    assert.equal(origin, app.origin);
    assert.deepEqual(Object.keys(data).sort(), ['height', 'type']);
    assert.equal(data.type, 'mip:height');
    assert.ok(Number.isInteger(data.height) && data.height > 150 && data.height < 2000, `height ${data.height}`);
  }
  const last = reported.at(-1).data.height;
  await page.waitForFunction((h) => document.querySelector('iframe').clientHeight === h, last);
  const content = await frame.locator('main.embed').evaluate((el) => Math.ceil(el.getBoundingClientRect().height));
  assert.ok(Math.abs(content - last) <= 1, `content ${content}px, reported ${last}px`);
  const messages = await page.evaluate(() => window.received.map((m) => m.data?.type));
  assert.ok(messages.every((type) => type === 'mip:height'), `only height messages: ${messages}`);

  // Malformed commands around a valid one: only the valid one is obeyed.
  await page.evaluate(() => {
    const target = document.querySelector('iframe').contentWindow;
    const malformed = [
      'mip:step 1',
      { type: 'mip:step', step: '1' },
      { type: 'mip:step', step: 1.5 },
      { type: 'mip:step', step: 1, then: 'alert(1)' },
      { type: 'MIP:STEP', step: 1 },
      { type: 'mip:step', step: 99 },
      ['mip:step', 1],
      null,
    ];
    for (const m of malformed) target.postMessage(m, '*');
    target.postMessage({ type: 'mip:step', step: 4 }, '*');
    for (const m of malformed) target.postMessage(m, '*');
  });
  await frame.getByText('After statement 4 of 4', { exact: true }).waitFor();
  await frame.getByRole('button', { name: /^reader-id.* → docsdata: allowed/ }).waitFor();
  const embedFrame = page.frames().find((f) => f.url().includes('embed'));
  await embedFrame.evaluate(() => new Promise((ok) => setTimeout(() => setTimeout(ok))));
  await frame.getByText('After statement 4 of 4', { exact: true }).waitFor();

  // The reader's own controls: Previous goes back a statement.
  await frame.getByRole('button', { name: 'Previous' }).click();
  await frame.getByText('After statement 3 of 4', { exact: true }).waitFor();

  // "Open in the playground" opens the full app at the same place with the state shown.
  const link = frame.getByRole('link', { name: /Open in the playground/ });
  assert.equal(await link.getAttribute('target'), '_blank');
  assert.match(await link.getAttribute('rel'), /noopener/);
  const [popup] = await Promise.all([page.waitForEvent('popup'), link.click()]);
  await waitForApp(popup);
  assert.ok(popup.url().startsWith(`${app.url}#s=`), popup.url());
  await consoleOutput(popup).getByText('az identity create -g docs -n reader-id').waitFor();
  assert.equal(await consoleOutput(popup).getByText('az role assignment create', { exact: false }).count(), 0);

  await screenshot(page, 'embed-host');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the widget alone: accessible, no autosave, no change to the address, themes', async () => {
  const src = `${app.url}embed.html?embed&scenario=${encodeScript(SCENARIO)}&view=diagram&controls=full&theme=dark`;
  const { page, problems, context } = await openPage(browser);
  page.setDefaultTimeout(STEP_TIMEOUT);
  await page.goto(src);
  await page.getByText('After statement 4 of 4', { exact: true }).waitFor({ timeout: 30_000 });
  await page.getByRole('region', { name: 'Diagram' }).getByText('docsdata').filter({ visible: true }).first().waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.className), 'embed-page theme-dark');
  assert.equal(
    await page.evaluate(() => getComputedStyle(document.body).backgroundColor),
    'rgb(20, 23, 27)',
    'theme=dark wins over the light system scheme',
  );

  // controls=full: a statement of the reader's own runs in the widget only.
  const input = page.getByRole('textbox', { name: 'Console command' });
  await input.fill('az storage account create -n readerdata -g docs');
  await input.press('Enter');
  await page.getByRole('region', { name: 'Diagram' }).getByText('readerdata').filter({ visible: true }).first().waitFor();
  await page.getByRole('button', { name: 'Previous' }).click();
  await page.getByText('After statement 3 of 4', { exact: true }).waitFor();
  await screenshot(page, 'embed-widget');
  assert.equal(await page.evaluate(() => localStorage.length), 0, 'the embed saved nothing');
  assert.equal(page.url(), src, 'the address is unchanged');

  const violations = (await runAxe(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(violations, [], JSON.stringify(violations, null, 2));
  assert.deepEqual(await cspViolations(page), []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a lesson step, and a mistake in the address explained', async () => {
  const { page, problems, context } = await openPage(browser);
  page.setDefaultTimeout(STEP_TIMEOUT);
  await page.goto(`${app.url}?embed&lesson=02-system-assigned&step=2&view=console&controls=none&theme=light`);
  await page.getByText(/Step 2 of \d+: /).waitFor({ timeout: 30_000 });
  assert.equal(await page.getByRole('button', { name: 'Next' }).count(), 0, 'controls=none has no steps');
  assert.equal(await page.getByRole('textbox', { name: 'Console command' }).count(), 0);
  await page.getByRole('log', { name: 'Console output' }).getByText('az group create').first().waitFor();

  await page.goto(`${app.url}?embed&lesson=02-system-assigned&view=matrx`);
  await page.getByRole('alert').getByText('view=matrx is not a view; use diagram, matrix or console', { exact: false }).waitFor({ timeout: 30_000 });
  assert.deepEqual(problems, []);
  await context.close();
});

test('the Embed dialog writes a snippet that shows the same scenario', async () => {
  const { page, problems, context } = await openPlayground(browser, app.url);
  for (const statement of SCENARIO.trim().split('\n')) await runCommand(page, statement);
  await page.getByRole('button', { name: 'Embed', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Embed in a web page' });
  await dialog.waitFor();
  await dialog.getByLabel('View').selectOption('matrix');
  await dialog.getByLabel('Controls').selectOption('none');
  const snippet = await dialog.getByLabel('Snippet').inputValue();
  assert.match(snippet, /^<iframe src="http:\/\/127\.0\.0\.1:\d+\/docs\/playground\/embed\.html\?embed&amp;scenario=[\w-]+&amp;view=matrix&amp;controls=none&amp;theme=auto" title="[^"]+" .*loading="lazy".*><\/iframe>$/);
  await screenshot(page, 'embed-dialog');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await dialog.waitFor({ state: 'detached' });
  assert.deepEqual(problems, []);
  await context.close();

  const host = await openDocsPage(await docsPage('snippet.html', snippet));
  await host.frame.getByText('After statement 4 of 4', { exact: true }).waitFor();
  await host.frame.getByRole('button', { name: /^reader-id.* → docsdata: allowed/ }).waitFor();
  assert.equal(await host.frame.getByRole('button', { name: 'Previous' }).count(), 0);
  await host.page.waitForFunction(() => window.received.some((m) => m.data?.type === 'mip:height'));
  assert.deepEqual(host.problems, []);
  await host.context.close();
});
