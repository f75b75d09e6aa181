//! The diagram's viewport: how far the drawing is zoomed and which part of it is in view, as
//! arithmetic the diagram component only applies.
//!
//! The drawing scrolls inside its panel: the SVG is drawn at `scale` times the layout's size and
//! the panel scrolls over it, so the browser still brings a focused card into view and the scroll
//! bars, arrow keys and touch scrolling keep working. Zooming changes the scale and the scroll
//! offset together, so that the point under the pointer (or the focused card, or the middle of
//! the view) stays where it is.
//!
//! Invariants (tested below): the scale always lies within [`MIN_SCALE`]..=[`MAX_SCALE`]; the
//! scroll offset never leaves `0..=scaled size − view size`; zooming around a point keeps the
//! drawing's point under it fixed unless the offset had to be clamped; the default scale fits
//! the drawing's width but never goes below [`LEGIBLE_SCALE`] nor above 100 %.

use super::diagram::{self, Layout, Options};
use crate::sim::world::World;

/// The smallest and largest zoom.
pub const MIN_SCALE: f64 = 0.25;
pub const MAX_SCALE: f64 = 2.0;

/// The smallest scale the default view uses: card names (13 px at 100 %) stay about 10 px high.
/// Wider drawings scroll sideways instead of shrinking further.
pub const LEGIBLE_SCALE: f64 = 0.75;

/// The scale the number of card columns is chosen for: the layout gets as many columns as fit
/// the view at this scale, so the default view is close to 100 % and grows downwards.
pub const COLUMN_SCALE: f64 = 0.85;

/// The most card columns the diagram uses, however wide the view.
pub const MAX_COLUMNS: usize = 6;

/// The zoom levels the buttons and the + and − keys step through.
pub const STEPS: [f64; 12] = [
    0.25, 0.33, 0.5, 0.67, 0.75, 0.8, 0.9, 1.0, 1.1, 1.25, 1.5, 2.0,
];

/// How far apart the current scale and the next step must be: from 91 %, the next step down
/// is 80 %, not 90 %.
const STEP_GAP: f64 = 1.05;

/// How much one pixel of wheel travel zooms (Ctrl or ⌘ with the wheel, or a pinch).
const WHEEL_RATE: f64 = 0.002;

/// A width and height.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Size {
    pub w: f64,
    pub h: f64,
}

/// A point in the view, in CSS pixels from its top-left corner.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ViewPoint {
    pub x: f64,
    pub y: f64,
}

/// The zoom and scroll offset of the drawing in its view.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Viewport {
    /// The visible area, in CSS pixels.
    pub view: Size,
    /// The drawing at 100 %, in SVG user units.
    pub content: Size,
    /// CSS pixels per SVG unit.
    pub scale: f64,
    /// How far the view is scrolled, in CSS pixels of the zoomed drawing.
    pub scroll: ViewPoint,
}

impl Viewport {
    /// A viewport at `scale` (or the default, fitting the width, when `None`), scrolled to
    /// `scroll` as far as the drawing allows.
    pub fn new(view: Size, content: Size, scale: Option<f64>, scroll: ViewPoint) -> Viewport {
        Viewport {
            view,
            content,
            scale: clamp_scale(scale.unwrap_or_else(|| fit_width(view, content))),
            scroll,
        }
        .clamped()
    }

    /// The size of the zoomed drawing, in whole CSS pixels (the SVG's width and height).
    pub fn scaled(&self) -> (i32, i32) {
        (
            (self.content.w * self.scale).ceil() as i32,
            (self.content.h * self.scale).ceil() as i32,
        )
    }

    /// The furthest the view can scroll in each direction.
    pub fn max_scroll(&self) -> ViewPoint {
        let (w, h) = self.scaled();
        ViewPoint {
            x: (f64::from(w) - self.view.w).max(0.0),
            y: (f64::from(h) - self.view.h).max(0.0),
        }
    }

    /// The same viewport with its scroll offset inside the drawing.
    pub fn clamped(self) -> Viewport {
        let max = self.max_scroll();
        Viewport {
            scroll: ViewPoint {
                x: self.scroll.x.clamp(0.0, max.x),
                y: self.scroll.y.clamp(0.0, max.y),
            },
            ..self
        }
    }

    /// Zooms to `scale` (clamped), keeping the drawing's point under `anchor` where it is.
    pub fn zoom_to(self, scale: f64, anchor: ViewPoint) -> Viewport {
        let scale = clamp_scale(scale);
        // The drawing's point under the anchor, in SVG units.
        let x = (self.scroll.x + anchor.x) / self.scale;
        let y = (self.scroll.y + anchor.y) / self.scale;
        Viewport {
            scale,
            scroll: ViewPoint {
                x: x * scale - anchor.x,
                y: y * scale - anchor.y,
            },
            ..self
        }
        .clamped()
    }

    /// The next zoom step up, around `anchor`.
    pub fn zoom_in(self, anchor: ViewPoint) -> Viewport {
        let next = STEPS
            .iter()
            .copied()
            .find(|s| *s >= self.scale * STEP_GAP)
            .unwrap_or(MAX_SCALE);
        self.zoom_to(next, anchor)
    }

    /// The next zoom step down, around `anchor`.
    pub fn zoom_out(self, anchor: ViewPoint) -> Viewport {
        let next = STEPS
            .iter()
            .rev()
            .copied()
            .find(|s| *s <= self.scale / STEP_GAP)
            .unwrap_or(MIN_SCALE);
        self.zoom_to(next, anchor)
    }

    /// Zooms for `delta_y` pixels of wheel travel around the pointer: up (negative) zooms in.
    pub fn wheel(self, delta_y: f64, anchor: ViewPoint) -> Viewport {
        let factor = (-delta_y * WHEEL_RATE).exp();
        self.zoom_to(self.scale * factor, anchor)
    }

    /// Drags the drawing by `dx`, `dy` CSS pixels: it follows the pointer, so the view scrolls
    /// the other way.
    pub fn pan(self, dx: f64, dy: f64) -> Viewport {
        Viewport {
            scroll: ViewPoint {
                x: self.scroll.x - dx,
                y: self.scroll.y - dy,
            },
            ..self
        }
        .clamped()
    }

    /// The zoom as people read it: "100 %".
    pub fn percent(&self) -> String {
        format!("{} %", (self.scale * 100.0).round() as i32)
    }

    /// The view's middle: where the buttons and keys zoom around.
    pub fn middle(&self) -> ViewPoint {
        ViewPoint {
            x: self.view.w / 2.0,
            y: self.view.h / 2.0,
        }
    }
}

/// The default scale: the drawing's whole width in view, but never below [`LEGIBLE_SCALE`]
/// (wider drawings scroll) nor above 100 % (small ones are not blown up).
pub fn fit_width(view: Size, content: Size) -> f64 {
    if view.w <= 0.0 || content.w <= 0.0 {
        return 1.0;
    }
    (view.w / content.w).clamp(LEGIBLE_SCALE, 1.0)
}

/// How large the drawing is drawn by default.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Sizing {
    /// A learner's own screen: as many columns as fit near 100 %, the width in view, never
    /// blown up ([`fit_width`]).
    #[default]
    Desk,
    /// A projector in a room (the presenter): fewer columns, and the whole drawing as large as
    /// the view allows up to [`MAX_SCALE`], so that the back row can read the card names.
    Room,
}

/// See [`Sizing::layout_key`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LayoutKey {
    Columns(usize),
    View(i32, i32),
}

impl Sizing {
    /// What the layout depends on besides the world: the number of columns for a desk (so that
    /// resizing within a column count keeps the layout), the view's size for a room.
    pub fn layout_key(self, view: Size) -> LayoutKey {
        match self {
            Sizing::Desk => LayoutKey::Columns(columns_for_view(view.w)),
            Sizing::Room => LayoutKey::View(view.w.round() as i32, view.h.round() as i32),
        }
    }

    /// The layout of `world` to draw in `view`. A desk gets as many columns as fit near 100 %;
    /// a room gets the number of columns whose whole drawing comes out largest in the view (a
    /// wide, low panel wants more columns than a tall one), the fewest on a tie.
    pub fn layout(self, world: &World, view: Size) -> Layout {
        let with = |max_columns| diagram::layout_with(world, Options { max_columns });
        match self {
            Sizing::Desk => with(columns_for_view(view.w)),
            Sizing::Room if view.w <= 0.0 || view.h <= 0.0 => with(diagram::DEFAULT_MAX_COLUMNS),
            Sizing::Room => {
                let mut best = with(1);
                let mut best_scale = self.fit(view, content_size(&best));
                for columns in 2..=MAX_COLUMNS {
                    let layout = with(columns);
                    if layout.width == best.width && layout.height == best.height {
                        continue;
                    }
                    let scale = self.fit(view, content_size(&layout));
                    if scale > best_scale {
                        (best, best_scale) = (layout, scale);
                    }
                }
                best
            }
        }
    }

    /// The default scale ("Fit" goes back to it).
    pub fn fit(self, view: Size, content: Size) -> f64 {
        match self {
            Sizing::Desk => fit_width(view, content),
            Sizing::Room => {
                if view.w <= 0.0 || view.h <= 0.0 || content.w <= 0.0 || content.h <= 0.0 {
                    return 1.0;
                }
                (view.w / content.w)
                    .min(view.h / content.h)
                    .clamp(LEGIBLE_SCALE, MAX_SCALE)
            }
        }
    }
}

/// How many card columns the layout gets in a view `view_w` CSS pixels wide: as many as fit at
/// [`COLUMN_SCALE`], at least one, at most [`MAX_COLUMNS`]. An unmeasured view (zero) gets the
/// layout's default.
pub fn columns_for_view(view_w: f64) -> usize {
    if view_w <= 0.0 {
        return diagram::DEFAULT_MAX_COLUMNS;
    }
    diagram::columns_for_width((view_w / COLUMN_SCALE).floor() as i32).min(MAX_COLUMNS)
}

/// The drawing's size at 100 %.
pub fn content_size(layout: &Layout) -> Size {
    Size {
        w: f64::from(layout.width),
        h: f64::from(layout.height),
    }
}

fn clamp_scale(scale: f64) -> f64 {
    if scale.is_finite() {
        scale.clamp(MIN_SCALE, MAX_SCALE)
    } else {
        1.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const VIEW: Size = Size { w: 800.0, h: 400.0 };
    const WIDE: Size = Size {
        w: 1600.0,
        h: 3000.0,
    };
    const ORIGIN: ViewPoint = ViewPoint { x: 0.0, y: 0.0 };

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-6
    }

    /// The drawing's point under a view point, in SVG units.
    fn under(v: &Viewport, p: ViewPoint) -> (f64, f64) {
        ((v.scroll.x + p.x) / v.scale, (v.scroll.y + p.y) / v.scale)
    }

    #[test]
    fn the_default_fits_the_width_between_legible_and_full_size() {
        let small = Size { w: 400.0, h: 300.0 };
        assert_eq!(Viewport::new(VIEW, small, None, ORIGIN).scale, 1.0);
        let a_bit_wide = Size {
            w: 1000.0,
            h: 300.0,
        };
        assert!(close(
            Viewport::new(VIEW, a_bit_wide, None, ORIGIN).scale,
            0.8
        ));
        let v = Viewport::new(VIEW, WIDE, None, ORIGIN);
        assert_eq!(
            v.scale, LEGIBLE_SCALE,
            "never below legible: it scrolls instead"
        );
        assert!(v.max_scroll().x > 0.0);
        assert_eq!(v.percent(), "75 %");
        // Not measured yet: full size.
        assert_eq!(fit_width(Size::default(), WIDE), 1.0);
    }

    #[test]
    fn a_room_sees_the_whole_drawing_as_large_as_the_view_allows() {
        let small = Size { w: 400.0, h: 300.0 };
        assert_eq!(Sizing::Desk.fit(VIEW, small), 1.0, "a desk never blows up");
        let room = Sizing::Room.fit(VIEW, small);
        assert!(room > 1.0 && room <= MAX_SCALE, "{room}");
        assert!(small.w * room <= VIEW.w + 0.5 && small.h * room <= VIEW.h + 0.5);
        let tall = Size {
            w: 400.0,
            h: VIEW.h * 4.0,
        };
        assert_eq!(
            Sizing::Room.fit(VIEW, tall),
            LEGIBLE_SCALE,
            "never below legible"
        );
        assert_eq!(Sizing::Room.fit(Size::default(), small), 1.0);
    }

    #[test]
    fn a_room_gets_the_columns_that_draw_largest() {
        let session = crate::view::testing::run(
            "az group create -n rg -l eastus\n\
             az vm create -g rg -n vm1\naz vm create -g rg -n vm2\naz vm create -g rg -n vm3\n\
             az vm create -g rg -n vm4\naz storage account create -g rg -n st1\n",
        );
        let world = &session.world;
        let wide = Size {
            w: 1400.0,
            h: 400.0,
        };
        let tall = Size {
            w: 500.0,
            h: 1200.0,
        };
        let shelf = |view| {
            let layout = Sizing::Room.layout(world, view);
            let scale = Sizing::Room.fit(view, content_size(&layout));
            (layout.width > layout.height, scale)
        };
        let (wide_is_wide, wide_scale) = shelf(wide);
        let (tall_is_wide, tall_scale) = shelf(tall);
        assert!(
            wide_is_wide && !tall_is_wide,
            "the drawing takes the view's shape"
        );
        for columns in 1..=MAX_COLUMNS {
            let layout = diagram::layout_with(
                world,
                Options {
                    max_columns: columns,
                },
            );
            assert!(Sizing::Room.fit(wide, content_size(&layout)) <= wide_scale);
            assert!(Sizing::Room.fit(tall, content_size(&layout)) <= tall_scale);
        }
        let desk = Sizing::Desk.layout(world, wide);
        assert_eq!(
            Sizing::Desk.layout_key(wide),
            LayoutKey::Columns(columns_for_view(1400.0))
        );
        assert_eq!(
            desk,
            diagram::layout_with(
                world,
                Options {
                    max_columns: columns_for_view(1400.0)
                }
            )
        );
    }

    #[test]
    fn zooming_keeps_the_point_under_the_anchor() {
        let v = Viewport::new(VIEW, WIDE, Some(1.0), ViewPoint { x: 300.0, y: 500.0 });
        let anchor = ViewPoint { x: 120.0, y: 80.0 };
        let before = under(&v, anchor);
        for zoomed in [
            v.zoom_in(anchor),
            v.zoom_out(anchor),
            v.wheel(-120.0, anchor),
            v.zoom_to(1.5, anchor),
        ] {
            let after = under(&zoomed, anchor);
            assert!(
                close(before.0, after.0) && close(before.1, after.1),
                "{zoomed:?}"
            );
        }
    }

    #[test]
    fn steps_go_up_and_down_and_stop_at_the_ends() {
        let mut v = Viewport::new(VIEW, WIDE, Some(1.0), ORIGIN);
        let mut seen = vec![v.percent()];
        for _ in 0..6 {
            v = v.zoom_in(v.middle());
            seen.push(v.percent());
        }
        assert_eq!(
            seen,
            ["100 %", "110 %", "125 %", "150 %", "200 %", "200 %", "200 %"]
        );
        let mut v = Viewport::new(VIEW, WIDE, Some(0.95), ORIGIN);
        v = v.zoom_out(v.middle());
        assert_eq!(
            v.percent(),
            "90 %",
            "from between two steps, the next one down"
        );
        let between = Viewport::new(VIEW, WIDE, Some(0.91), ORIGIN);
        let (down, up) = (between.zoom_out(ORIGIN), between.zoom_in(ORIGIN));
        assert_eq!(down.percent(), "80 %", "a step is a visible change");
        assert_eq!(up.percent(), "100 %");
        for _ in 0..20 {
            v = v.zoom_out(v.middle());
        }
        assert_eq!(v.scale, MIN_SCALE);
        assert_eq!(v.zoom_in(v.middle()).percent(), "33 %");
    }

    #[test]
    fn the_scale_and_the_scroll_offset_stay_in_bounds() {
        let v = Viewport::new(VIEW, WIDE, Some(50.0), ViewPoint { x: -5.0, y: 1e9 });
        assert_eq!(v.scale, MAX_SCALE);
        assert_eq!(v.scroll.x, 0.0);
        assert_eq!(v.scroll.y, v.max_scroll().y);
        assert_eq!(v.max_scroll().y, 3000.0 * 2.0 - 400.0);
        assert_eq!(Viewport::new(VIEW, WIDE, Some(f64::NAN), ORIGIN).scale, 1.0);
        assert_eq!(v.wheel(1e6, ORIGIN).scale, MIN_SCALE);
        // A drawing smaller than the view does not scroll at all.
        let small = Viewport::new(VIEW, Size { w: 100.0, h: 100.0 }, None, ORIGIN);
        assert_eq!(small.pan(-500.0, -500.0).scroll, ORIGIN);
    }

    #[test]
    fn dragging_moves_the_drawing_with_the_pointer() {
        let v = Viewport::new(VIEW, WIDE, Some(1.0), ViewPoint { x: 200.0, y: 200.0 });
        // Dragging left and up brings the right and lower parts into view.
        let moved = v.pan(-50.0, -30.0);
        assert_eq!(moved.scroll, ViewPoint { x: 250.0, y: 230.0 });
        assert_eq!(v.pan(1000.0, 1000.0).scroll, ORIGIN);
    }

    #[test]
    fn the_svg_size_is_the_zoomed_drawing() {
        let v = Viewport::new(
            VIEW,
            Size {
                w: 1001.0,
                h: 501.0,
            },
            Some(0.5),
            ORIGIN,
        );
        assert_eq!(v.scaled(), (501, 251));
    }

    #[test]
    fn columns_follow_the_view_width() {
        assert_eq!(columns_for_view(0.0), diagram::DEFAULT_MAX_COLUMNS);

        assert_eq!(columns_for_view(200.0), 1, "always at least one column");
        let mut last = 0;
        for w in (300..4000).step_by(50) {
            let columns = columns_for_view(f64::from(w));
            assert!(columns >= last && columns <= MAX_COLUMNS);
            if columns > 1 {
                // A group of that many columns fits at the column scale; with the overhead of a
                // shelf of small groups, it still fits at the legible scale.
                let usual = f64::from(diagram::width_for_columns(columns));
                let widest = usual + f64::from(diagram::shelf_overhead(columns));
                assert!(usual * COLUMN_SCALE <= f64::from(w), "{w}: {columns}");
                assert!(widest * LEGIBLE_SCALE <= f64::from(w), "{w}: {columns}");
            }
            last = columns;
        }
        assert_eq!(last, MAX_COLUMNS);
    }
}
