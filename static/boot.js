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
if (new URLSearchParams(location.search).has('embed')) shell?.classList.add('boot-embed');
try {
  const { default: init } = await import(tag.dataset.js);
  const wasm = await init({ module_or_path: tag.dataset.wasm });
  shell?.remove();
  // The same event Trunk's own loader fires once the app is running.
  dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm } }));
} catch (error) {
  const status = document.getElementById('boot-status');
  if (status) {
    status.textContent = `The playground could not start in this browser: ${error?.message ?? error}`;
  }
  throw error;
}
