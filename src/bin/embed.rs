//! The web entry point of `embed.html`: the widget a documentation page frames (`?embed&…`). It
//! mounts [`mip::ui::EmbedPage`] alone, so its module holds none of the other pages' components
//! (see `src/main.rs`). Natively it compiles to nothing.

#[cfg(target_arch = "wasm32")]
fn main() {
    mip::ui::panic::install();
    yew::Renderer::<mip::ui::EmbedPage>::new().render();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {}
