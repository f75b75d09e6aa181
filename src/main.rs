//! The playground's web entry point (`index.html`): installs the panic hook and mounts the
//! playground ([`mip::ui::PlaygroundPage`]). The other pages are their own binaries in
//! `src/bin/` (`present`, `compare`, `embed`), each built by Trunk from its own HTML file, so
//! each page's module holds only its own components.
//!
//! Trunk builds this binary for `wasm32-unknown-unknown`. Natively it compiles to nothing, so
//! `cargo build`, `cargo clippy --all-targets` and `cargo test` work on the host without a wasm
//! toolchain; the command-line tool is `src/bin/mip.rs`.

#[cfg(target_arch = "wasm32")]
fn main() {
    mip::ui::panic::install();
    yew::Renderer::<mip::ui::PlaygroundPage>::new().render();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {}
