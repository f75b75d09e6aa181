//! The web entry point of `present.html`: the presenter (`?present=…`) and its speaker-notes window
//! (`?notes`). It mounts [`mip::ui::PresentPage`] alone, so its module holds none of the other
//! pages' components (see `src/main.rs`). Natively it compiles to nothing.

#[cfg(target_arch = "wasm32")]
fn main() {
    mip::ui::panic::install();
    yew::Renderer::<mip::ui::PresentPage>::new().render();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {}
