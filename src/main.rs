//! Web entry point: mounts the playground's Yew app in the browser.
//!
//! Trunk builds this binary for `wasm32-unknown-unknown` (see `index.html`). The
//! app is deliberately minimal for now; the simulation core lives in `mip::sim`
//! and is exercised natively by `cargo test`.

#[cfg(target_arch = "wasm32")]
use yew::prelude::*;

/// The root component: the page heading and a one-line description.
#[cfg(target_arch = "wasm32")]
#[component(App)]
fn app() -> Html {
    html! {
        <main>
            <h1>{ "Managed Identity Playground" }</h1>
            <p>
                { "Learn how Azure managed identities and role assignments grant access by trying them in a simulated tenant." }
            </p>
        </main>
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {
    yew::Renderer::<App>::new().render();
}

// Natively this binary has nothing to do: the command-line tool is `src/bin/mip.rs`.
// It still compiles so that `cargo build`, `cargo clippy --all-targets` and
// `cargo test` work on the host without a wasm toolchain.
#[cfg(not(target_arch = "wasm32"))]
fn main() {}
