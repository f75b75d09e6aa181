// Starts the WebAssembly app. Trunk writes the hashed names of the
// wasm-bindgen module and the .wasm file into this script's data attributes
// (see pattern_script in Trunk.toml); keeping the loader in a file instead of
// inline lets the Content-Security-Policy forbid inline scripts.
//
// Until the app has rendered, index.html shows the page's header and a
// loading line (#boot-shell); they are removed once the app is running, or
// replaced by the reason it could not start.
const tag = document.querySelector('script[data-js][data-wasm]');
const shell = document.getElementById('boot-shell');
// An embed (`?embed…` in a documentation page's iframe) shows only the loading line.
const embedded = new URLSearchParams(location.search).has('embed');
// Whether sw.js served this visit (and so has cached its files as they went by).
const served = Boolean(navigator.serviceWorker?.controller);
if (embedded) shell?.classList.add('boot-embed');
try {
  const { default: init } = await import(tag.dataset.js);
  const wasm = await init({ module_or_path: tag.dataset.wasm });
  shell?.remove();
  // The same event Trunk's own loader fires once the app is running.
  dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm } }));
  // An embed leaves its host page's origin alone: no service worker from inside an iframe.
  if (!embedded) keepForOffline();
} catch (error) {
  const status = document.getElementById('boot-status');
  if (status) {
    status.textContent = `The playground could not start in this browser: ${error?.message ?? error}`;
  }
  throw error;
}

/**
 * Registers sw.js, which keeps the app working offline once loaded (a trainer's presenter and
 * speaker notes in a room without network), and hands it the files this first visit loaded,
 * which it did not see go by. Best effort: without it the app works as before, online.
 */
async function keepForOffline() {
  if (!('serviceWorker' in navigator)) return;
  try {
    await navigator.serviceWorker.register('sw.js');
    const ready = await navigator.serviceWorker.ready;
    const page = new URL(location.href);
    page.search = '';
    page.hash = '';
    const files = performance
      .getEntriesByType('resource')
      .map((entry) => entry.name)
      .filter((url) => new URL(url).origin === location.origin);
    ready.active?.postMessage({ type: 'mip:cache', urls: [page.href, ...files], fetch: !served });
  } catch {
    // A browser or host that refuses service workers (a file: page, a private window) only
    // loses the offline copy.
  }
}
