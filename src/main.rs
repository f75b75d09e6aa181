//! Web entry point: installs the panic hook and mounts the playground's Yew app
//! ([`mip::ui::App`]) in the page body.
//!
//! Trunk builds this binary for `wasm32-unknown-unknown` (see `index.html`). Natively it
//! compiles to nothing, so `cargo build`, `cargo clippy --all-targets` and `cargo test` work on
//! the host without a wasm toolchain; the command-line tool is `src/bin/mip.rs`.

#[cfg(target_arch = "wasm32")]
fn main() {
    mip::ui::panic::install();
    yew::Renderer::<mip::ui::App>::new().render();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {}
