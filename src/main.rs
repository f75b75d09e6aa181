//! Web entry point: installs the panic hook and mounts the page chooser ([`mip::ui::Root`]) in
//! the page body: the playground's Yew app, or the embed widget for an `?embed` address.
//!
//! Trunk builds this binary for `wasm32-unknown-unknown` (see `index.html`). Natively it
//! compiles to nothing, so `cargo build`, `cargo clippy --all-targets` and `cargo test` work on
//! the host without a wasm toolchain; the command-line tool is `src/bin/mip.rs`.

#[cfg(target_arch = "wasm32")]
fn main() {
    mip::ui::panic::install();
    yew::Renderer::<mip::ui::Root>::new().render();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {}
