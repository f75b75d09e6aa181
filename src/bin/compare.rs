//! The web entry point of `compare.html`: compare mode (`?compare=…`). It mounts
//! [`mip::ui::ComparePage`] alone, so its module holds none of the other pages' components (see
//! `src/main.rs`). Natively it compiles to nothing.

#[cfg(target_arch = "wasm32")]
fn main() {
    mip::ui::panic::install();
    yew::Renderer::<mip::ui::ComparePage>::new().render();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {}
