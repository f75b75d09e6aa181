// Starts the page's WebAssembly module. Trunk writes the hashed names of the
// wasm-bindgen module and the .wasm file into this script's data attributes
// (see pattern_script in Trunk.toml); keeping the loader in a file instead of
// inline lets the Content-Security-Policy forbid inline scripts.
//
// Every page is its own build and HTML file (index.html, present.html,
// compare.html, embed.html; <html data-page> names it). Addresses from the days
// of one file for all pages keep their meaning: index.html?present=…, ?notes,
// ?compare… and ?embed… are sent on to the file that serves them, with the same
// query, before anything is imported. The first key of the query that names a
// page wins, as in view::page (Page::from_query and Page::file).
//
// Until the app has rendered, the page shows its header and a loading line
// (#boot-shell); they are removed once the app is running, or replaced by the
// reason it could not start.
const FILES = { embed: 'embed.html', compare: 'compare.html', present: 'present.html', notes: 'present.html' };
const page = document.documentElement.dataset.page;
const moved = page === 'playground' ? movedTo(location.search) : null;
if (moved) {
  location.replace(new URL(`${moved}${location.search}${location.hash}`, document.baseURI));
} else {
  await start();
}

/** The file that serves a query asking for another page than the playground, if it does. */
function movedTo(search) {
  for (const [key] of new URLSearchParams(search)) {
    if (key in FILES) return FILES[key];
  }
  return null;
}

async function start() {
  const tag = document.querySelector('script[data-js][data-wasm]');
  const shell = document.getElementById('boot-shell');
  // Whether sw.js served this visit (and so has cached its files as they went by).
  const served = Boolean(navigator.serviceWorker?.controller);
  try {
    const { default: init } = await import(tag.dataset.js);
    const wasm = await init({ module_or_path: tag.dataset.wasm });
    shell?.remove();
    // The same event Trunk's own loader fires once the app is running.
    dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm } }));
    // An embed leaves its host page's origin alone: no service worker from inside an iframe.
    if (page !== 'embed') keepForOffline(served);
  } catch (error) {
    const status = document.getElementById('boot-status');
    if (status) {
      status.textContent = `The playground could not start in this browser: ${error?.message ?? error}`;
    }
    throw error;
  }
}

/**
 * Registers sw.js, which keeps the page working offline once loaded (a trainer's presenter and
 * speaker notes in a room without network), and tells it the files this visit loaded. On a
 * first visit, which the worker did not serve, it copies them from the browser's HTTP cache,
 * where they already are, rather than downloading them again. Best effort: without it the
 * page works as before, online.
 */
async function keepForOffline(served) {
  if (!('serviceWorker' in navigator)) return;
  try {
    await navigator.serviceWorker.register('sw.js');
    const ready = await navigator.serviceWorker.ready;
    const files = performance
      .getEntriesByType('resource')
      .map((entry) => entry.name)
      .filter((url) => new URL(url).origin === location.origin);
    ready.active?.postMessage({ type: 'mip:cache', page: location.href, urls: files, copy: !served });
  } catch {
    // A browser or host that refuses service workers (a file: page, a private window) only
    // loses the offline copy.
  }
}
