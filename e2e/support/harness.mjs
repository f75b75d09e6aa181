// Shared set-up for the browser tests in ../tests: a static server for the
// built site and a headless Chromium from the system (Debian's package), so
// nothing is ever downloaded at test time.

import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { createServer } from 'node:http';
import { readFile, stat, mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);

/** The repository root, two levels above this file. */
export const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/** Where `trunk build` writes the site. */
export const distDir = process.env.DIST_DIR ? resolve(process.env.DIST_DIR) : join(repoRoot, 'dist');

/** Where tests leave screenshots and reports. */
export const artifactsDir = join(repoRoot, 'target', 'e2e');

/** The browser, overridable for machines that keep it elsewhere. */
export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

// Flags measured to work headless as root in a container without network.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  // Must be application/wasm, or WebAssembly.instantiateStreaming refuses it.
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Serves `root` on a free port of 127.0.0.1 until `close()` is called.
 * Paths without a file (and `/`) get index.html, like a static host would. Every
 * path asked for is kept in `requests`, in order. Responses are `no-store` unless
 * `cacheControl` says otherwise (a real host lets the browser keep them, e.g.
 * GitHub Pages' `max-age=600`).
 */
export async function serveStatic(root = distDir, { cacheControl = 'no-store' } = {}) {
  await stat(join(root, 'index.html')).catch(() => {
    throw new Error(`${root}/index.html is missing: run \`make build\` before the browser tests`);
  });
  const requests = [];
  const server = createServer(async (req, res) => {
    try {
      const path = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
      requests.push(path);
      let file = normalize(join(root, path));
      if (file !== root && !file.startsWith(root + sep)) {
        res.writeHead(403).end();
        return;
      }
      const info = await stat(file).catch(() => null);
      if (!info || info.isDirectory()) file = join(root, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, {
        'content-type': MIME[extname(file)] || 'application/octet-stream',
        'cache-control': cacheControl,
      });
      res.end(body);
    } catch (error) {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
    }
  });
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', ok);
  });
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    close: () => new Promise((ok) => server.close(ok)),
  };
}

/**
 * Serves dist/ and starts Chromium before a test file's tests, and stops both after them.
 * Returns an object whose `server` and `browser` are set once the tests run.
 */
export function servePlayground() {
  const env = { server: null, browser: null };
  before(async () => {
    env.server = await serveStatic();
    env.browser = await launchBrowser();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
  return env;
}

/** Starts the system Chromium through playwright-core. */
export function launchBrowser() {
  return chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS });
}

/**
 * Opens a page that records everything a test should fail on: console
 * errors, uncaught exceptions, failed requests and Content-Security-Policy
 * violations (the last through the DOM event, which also reports policy
 * breaches that never reach the console). The page gets a new browser
 * context (fresh storage) unless `context` is given, to share its storage.
 */
export async function openPage(browser, { context = null } = {}) {
  context ??= await browser.newContext();
  const page = await context.newPage();
  const problems = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught exception: ${error.message}`));
  page.on('requestfailed', (request) => {
    const why = request.failure()?.errorText;
    // Leaving a page cancels the lesson files its Lessons panel was still fetching: the panel
    // goes with the page, so nothing is lost.
    if (why === 'net::ERR_ABORTED' && new URL(request.url()).pathname.includes('/lessons/')) return;
    problems.push(`request failed: ${request.url()} (${why})`);
  });
  // Init scripts run through the DevTools protocol, so the page's own CSP
  // does not block them.
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      window.__cspViolations.push(`${event.effectiveDirective} blocked ${event.blockedURI || 'inline code'}`);
    });
  });
  return { page, context, problems };
}

/** The CSP violations the page has reported so far. */
export function cspViolations(page) {
  return page.evaluate(() => window.__cspViolations ?? []);
}

/**
 * Runs axe-core on the whole document and returns its violations. The script
 * is evaluated through the DevTools protocol rather than added as a <script>
 * tag, because the page's CSP rightly refuses inline scripts.
 */
export async function runAxe(page) {
  const source = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(source);
  return page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map(({ id, impact, help, nodes }) => ({
      id,
      impact,
      help,
      targets: nodes.map((node) => node.target.join(' ')),
      // What to fix, per element: its opening tag and axe's summary.
      details: nodes.map((node) => `${node.html.slice(0, 160)}\n      ${node.failureSummary.replace(/\n\s*/g, ' ')}`),
    }));
  });
}

/**
 * Fails on serious or critical axe violations on the page, naming each with its elements, and
 * prints every violation found (minor ones included) for whoever reads the log.
 */
export async function expectNoSeriousViolations(page, where) {
  const violations = await runAxe(page);
  for (const v of violations) {
    console.log(`axe (${where}) ${v.impact}: ${v.id}: ${v.help}\n    ${v.details.join('\n    ')}`);
  }
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(
    serious.map((v) => `${v.id} (${v.impact}): ${v.targets.join(', ')}`),
    [],
    `serious or critical accessibility violations in ${where}`,
  );
}

/** Saves a full-page screenshot as target/e2e/NAME.png and returns its path. */
export async function screenshot(page, name) {
  await mkdir(artifactsDir, { recursive: true });
  const path = join(artifactsDir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
