// Starts the WebAssembly app. Trunk writes the hashed names of the
// wasm-bindgen module and the .wasm file into this script's data attributes
// (see pattern_script in Trunk.toml); keeping the loader in a file instead of
// inline lets the Content-Security-Policy forbid inline scripts.
const tag = document.querySelector('script[data-js][data-wasm]');
const { default: init } = await import(tag.dataset.js);
const wasm = await init({ module_or_path: tag.dataset.wasm });
// The same event Trunk's own loader fires once the app is running.
dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm } }));
