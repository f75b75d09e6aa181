// The diagram at scale and the page layout at common screen sizes, in the built site.
//
// A generated scenario of 50 resources (several resource groups, user-assigned identities, role
// assignments) must be legible at the default zoom, and one of 200 usable: any card can be
// found, selected and inspected, by dragging the drawing and by keyboard. The zoom controls,
// the + and − keys and Ctrl+wheel change the zoom; the page layout gives the diagram a fair
// share of 1280×720 and keeps every panel reachable at 1024×768 and 1440×900.
//
// Screenshots: target/e2e/scale-50.png, scale-200.png, layout-1280x720.png (and the other
// sizes, and the empty diagram). Every page must end without console errors.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deflateRawSync } from 'node:zlib';
import { runAxe, screenshot, servePlayground } from '../support/harness.mjs';
import { scenario } from '../support/scenarios.mjs';
import {
  allCards,
  card,
  consoleInput,
  diagram,
  entraPanel,
  expectFocusVisible,
  inspector,
  openPlayground,
  resourceNames,
  seeInInspector,
  seeResource,
  tabTo,
} from '../support/playground.mjs';

const env = servePlayground();

// ---------------------------------------------------------------- scenarios



/** The share link of a script: `#s=` and the raw-deflated script in base64url (src/view/share.rs). */
function shareLinkFor(script) {
  return new URL(`#s=${deflateRawSync(Buffer.from(script, 'utf8'), { level: 9 }).toString('base64url')}`, env.server.url).href;
}

/** Seeds the saved session (src/view/saved.rs) before the app starts. */
function savedSession(script) {
  return {
    beforeLoad: (text) => localStorage.setItem('mip.session', JSON.stringify({ version: 1, script: text })),
    beforeLoadArg: script,
  };
}

// ------------------------------------------------------------------ helpers

const zoomLevel = (page) => diagram(page).getByRole('status');
const zoomButton = (page, name) => diagram(page).getByRole('button', { name, exact: true });
const view = (page) => diagram(page).getByRole('group', { name: 'Diagram view', exact: true });

/** The zoom as shown, in per cent. */
async function zoomPercent(page) {
  const text = (await zoomLevel(page).innerText()).trim();
  const match = text.match(/(\d+)\s%$/);
  assert.ok(match, `the zoom level reads "<n> %": ${text}`);
  return Number(match[1]);
}

/** Waits until the zoom text differs from `before`; returns the new per cent. */
async function zoomChangedFrom(page, before, why) {
  await page
    .waitForFunction(
      ({ el, before }) => !el.textContent.includes(`${before} %`),
      { el: await zoomLevel(page).elementHandle(), before },
    )
    .catch(() => {
      throw new Error(`${why}: the zoom stayed at ${before} %`);
    });
  return zoomPercent(page);
}

/** The SVG's drawn size and its viewBox. */
function svgSize(page) {
  return diagram(page)
    .locator('svg.diagram-svg')
    .evaluate((svg) => ({
      width: Number(svg.getAttribute('width')),
      height: Number(svg.getAttribute('height')),
      viewBox: svg.getAttribute('viewBox'),
    }));
}

/**
 * Every card's name and kind must lie inside its frame, and no two cards' frames may overlap:
 * nothing clipped, nothing drawn over. Returns the smallest card-name height on screen, in px.
 */
async function checkCards(page) {
  const report = await diagram(page)
    .locator('svg.diagram-svg')
    .evaluate((svg) => {
      const problems = [];
      let smallest = Infinity;
      const frames = [];
      for (const cardEl of svg.querySelectorAll('.diagram-card')) {
        const frame = cardEl.querySelector('.diagram-card-frame').getBBox();
        frames.push([cardEl.getAttribute('aria-label'), frame]);
        for (const text of cardEl.querySelectorAll('text')) {
          const box = text.getBBox();
          if (box.x < frame.x || box.x + box.width > frame.x + frame.width + 0.5) {
            problems.push(`"${text.textContent.trim()}" runs out of its card (${Math.round(box.x + box.width - frame.x - frame.width)} units)`);
          }
        }
        smallest = Math.min(smallest, cardEl.querySelector('.diagram-card-name').getBoundingClientRect().height);
      }
      for (let i = 0; i < frames.length; i++) {
        for (let j = i + 1; j < frames.length; j++) {
          const [a, b] = [frames[i][1], frames[j][1]];
          if (a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height) {
            problems.push(`${frames[i][0]} overlaps ${frames[j][0]}`);
          }
        }
      }
      return { problems, smallest, cards: frames.length };
    });
  assert.deepEqual(report.problems, [], 'card text fits and cards do not overlap');
  return report;
}

/** A point of the view where a drag pans: on the drawing, off anything selectable. */
function emptySpot(page) {
  return view(page).evaluate((scroller) => {
    const r = scroller.getBoundingClientRect();
    for (let y = r.top + 12; y < r.top + scroller.clientHeight - 12; y += 9) {
      for (let x = r.left + 12; x < r.left + scroller.clientWidth - 12; x += 9) {
        const hit = document.elementFromPoint(x, y);
        if (hit?.closest('svg') && !hit.closest('.diagram-focusable, .diagram-card-details, .diagram-arrow')) {
          return { x, y };
        }
      }
    }
    return null;
  });
}

/** Drags the drawing's empty space by (dx, dy) with the mouse. */
async function drag(page, dx, dy) {
  const from = await emptySpot(page);
  assert.ok(from, 'the view has empty space to drag');
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + dx / 2, from.y + dy / 2);
  await page.mouse.move(from.x + dx, from.y + dy);
  await page.mouse.up();
}

/** Where `target` is relative to the view: inside it, or how far off. */
async function offsetInView(page, target) {
  const box = await target.boundingBox();
  const viewBox = await view(page).evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { x: r.left, y: r.top, width: el.clientWidth, height: el.clientHeight };
  });
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  return {
    box,
    viewBox,
    // Within a pixel: scroll offsets are whole pixels, the drawing is not.
    inside:
      box.x >= viewBox.x - 1 &&
      box.y >= viewBox.y - 1 &&
      box.x + box.width <= viewBox.x + viewBox.width + 1 &&
      box.y + box.height <= viewBox.y + viewBox.height + 1,
    dx: viewBox.x + viewBox.width / 2 - cx,
    dy: viewBox.y + viewBox.height / 2 - cy,
    center: { x: cx, y: cy },
  };
}

/** Runs `body` on pages opened with `open(options)`, failing on any console error. */
function check(title, body, { timeout = 120_000 } = {}) {
  test(title, { timeout }, async () => {
    const opened = [];
    const open = async (options = {}) => {
      const context = options.context ?? (await env.browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 720 } }));
      const o = await openPlayground(env.browser, env.server.url, { ...options, context });
      opened.push(o);
      return o;
    };
    try {
      await body(open);
    } catch (error) {
      const last = opened.at(-1)?.page;
      if (last && !last.isClosed()) {
        const path = await screenshot(last, 'scale-failure').catch(() => null);
        if (path) console.log(`failure screenshot: ${path}`);
      }
      const problems = opened.flatMap((o) => o.problems);
      if (problems.length) error.message += `\nThe page also reported:\n  ${problems.join('\n  ')}`;
      throw error;
    } finally {
      for (const context of new Set(opened.map((o) => o.context))) await context.close();
    }
    assert.deepEqual(opened.flatMap((o) => o.problems), [], 'console errors or uncaught exceptions');
  });
}

// -------------------------------------------------------------------- tests

check('50 resources are legible at the default zoom, and the zoom controls work', async (open) => {
  const { script, name } = scenario(50, 5);
  const { page } = await open({ link: shareLinkFor(script) });
  await seeResource(page, name(49));
  assert.equal(await allCards(page).count(), 50);

  const start = await zoomPercent(page);
  const cards = await checkCards(page);
  console.log(`50 resources: default zoom ${start} %, smallest card name ${cards.smallest.toFixed(1)} px high`);
  assert.ok(start >= 75 && start <= 100, `the default zoom keeps text legible: ${start} %`);
  assert.ok(cards.smallest >= 10, `card names are at least 10 px high: ${cards.smallest}`);
  const fitted = await svgSize(page);
  const viewWidth = await view(page).evaluate((el) => el.clientWidth);
  assert.ok(fitted.width <= viewWidth, `the default zoom fits the width: ${fitted.width} > ${viewWidth}`);
  console.log(`screenshot: ${await screenshot(page, 'scale-50')}`);

  // The buttons.
  await zoomButton(page, 'Zoom in').click();
  const zoomedIn = await zoomChangedFrom(page, start, 'Zoom in');
  assert.ok(zoomedIn > start);
  const bigger = await svgSize(page);
  assert.ok(bigger.width > fitted.width && bigger.height > fitted.height, 'the SVG is drawn larger');
  assert.equal(bigger.viewBox, fitted.viewBox, 'the drawing itself is unchanged');
  await zoomButton(page, 'Zoom out').click();
  await zoomButton(page, 'Zoom out').click();
  const zoomedOut = await zoomChangedFrom(page, zoomedIn, 'Zoom out');
  assert.ok(zoomedOut < start, `${zoomedOut} < ${start}`);
  assert.ok((await svgSize(page)).width < fitted.width);

  // The keyboard: Tab into the view, then + and −, focus visible all along.
  await tabTo(page, view(page));
  await page.keyboard.press('+');
  const byKey = await zoomChangedFrom(page, zoomedOut, 'the + key');
  assert.ok(byKey > zoomedOut);
  await page.keyboard.press('-');
  assert.ok((await zoomChangedFrom(page, byKey, 'the - key')) < byKey);
  await expectFocusVisible(page);
  // A card keeps Enter for itself, and + still zooms while it has focus.
  await tabTo(page, card(page, name(0)));
  const beforeCardZoom = await zoomPercent(page);
  await page.keyboard.press('+');
  await zoomChangedFrom(page, beforeCardZoom, 'the + key on a card');
  const kept = await offsetInView(page, card(page, name(0)));
  assert.ok(kept.inside, `the focused card stays in view: ${JSON.stringify(kept)}`);
  await page.keyboard.press('Enter');
  await seeInInspector(page, name(0));

  // Ctrl+wheel over the drawing zooms around the pointer.
  const beforeWheel = await zoomPercent(page);
  const spot = await emptySpot(page);
  await page.mouse.move(spot.x, spot.y);
  await page.keyboard.down('Control');
  await page.mouse.wheel(0, 400);
  await page.keyboard.up('Control');
  assert.ok((await zoomChangedFrom(page, beforeWheel, 'Ctrl+wheel')) < beforeWheel);

  // Fit width returns to the default.
  await zoomButton(page, 'Fit width').click();
  await page.waitForFunction((el) => el.textContent.includes(`${el.dataset.start} %`), await zoomLevel(page).evaluateHandle((el, s) => {
    el.dataset.start = s;
    return el;
  }, String(start)));
  assert.equal(await zoomPercent(page), start);

  const serious = (await runAxe(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(
    serious.map((v) => `${v.id} (${v.impact}): ${v.targets.slice(0, 3).join(', ')}`),
    [],
    'serious or critical accessibility violations',
  );
});

check('200 resources stay usable: pan to a card deep in the diagram, select it, inspect it', async (open) => {
  const { script, name } = scenario(200, 9);
  const { page } = await open(savedSession(script));
  await seeResource(page, name(199));
  assert.equal(await allCards(page).count(), 200);
  const cards = await checkCards(page);
  const start = await zoomPercent(page);
  console.log(`200 resources: default zoom ${start} %, smallest card name ${cards.smallest.toFixed(1)} px high`);
  assert.ok(cards.smallest >= 10);
  console.log(`screenshot: ${await screenshot(page, 'scale-200')}`);

  // The last card of the last group is far below the view.
  const names = await resourceNames(page);
  const [before, last] = names.slice(-2);
  const deep = card(page, last);
  let where = await offsetInView(page, deep);
  assert.ok(!where.inside, 'the deep card starts out of view');

  // Drag the drawing until the card is in view, then click it.
  const scrolled = await view(page).evaluate((el) => el.scrollTop);
  for (let i = 0; i < 60 && !where.inside; i++) {
    const limit = (await view(page).evaluate((el) => el.clientHeight)) * 0.8;
    const clamp = (d) => Math.max(-limit, Math.min(limit, d));
    await drag(page, clamp(where.dx), clamp(where.dy));
    where = await offsetInView(page, deep);
  }
  assert.ok(where.inside, `dragging brought the deep card into view: ${JSON.stringify(where)}`);
  assert.ok((await view(page).evaluate((el) => el.scrollTop)) > scrolled, 'the view scrolled down');
  const t0 = Date.now();
  await page.mouse.click(where.center.x, where.center.y);
  await seeInInspector(page, last);
  const took = Date.now() - t0;
  console.log(`selecting ${last} took ${took} ms`);
  assert.ok(took < 5_000, `selecting a card stays responsive: ${took} ms`);
  await screenshot(page, 'scale-200-selected');

  // By keyboard: Shift+Tab back to the card before it; the browser scrolls it into view.
  const previous = card(page, before);
  await tabTo(page, previous, { backwards: true, max: 10 });
  assert.ok((await offsetInView(page, previous)).inside, 'the focused card is in view');
  await page.keyboard.press('Enter');
  await seeInInspector(page, before);

  // Zooming out shows more of it; the first group's first card is back at a scroll to the top.
  await zoomButton(page, 'Zoom out').click();
  await zoomChangedFrom(page, start, 'Zoom out');
  await view(page).evaluate((el) => el.scrollTo(0, 0));
  const first = await offsetInView(page, card(page, names[0]));
  assert.ok(first.inside, `the first card is in view at the top: ${JSON.stringify(first)}`);
  await screenshot(page, 'scale-200-zoomed-out');
});

check('the page layout gives the diagram room at 1280×720 and keeps every panel reachable', async (open) => {
  const small = [
    'az group create -n rg1 -l eastus',
    'az vm create -n vm1 -g rg1 --assign-identity',
    'az storage account create -n store1 -g rg1',
    'az storage container create --account-name store1 -n data',
    'az identity create -n id-app -g rg1',
    'az vm create -n vm2 -g rg1 --assign-identity id-app',
    "az role assignment create --assignee $(az vm show -g rg1 -n vm1 --query identity.principalId -o tsv) --role 'Storage Blob Data Reader' --scope $(az storage account show -g rg1 -n store1 --query id -o tsv)/blobServices/default/containers/data",
    'az role assignment create --assignee $(az identity show -g rg1 -n id-app --query principalId -o tsv) --role Reader --scope $(az group show -n rg1 --query id -o tsv)',
  ].join('\n');
  for (const [width, height] of [
    [1280, 720],
    [1024, 768],
    [1440, 900],
  ]) {
    const { page } = await open({ viewport: { width, height }, ...savedSession(small) });
    await seeResource(page, 'vm2');
    const box = await view(page).boundingBox();
    console.log(`${width}×${height}: the diagram view is ${Math.round(box.width)}×${Math.round(box.height)} px`);
    assert.ok(box.width >= width * 0.5, `the diagram gets half the width: ${box.width}`);
    assert.ok(box.height >= 280, `the diagram is at least 280 px high: ${box.height}`);
    const overflow = await view(page).evaluate((el) => el.scrollWidth - el.clientWidth);
    assert.ok(overflow <= 0, `the default zoom fits the width: ${overflow} px too wide`);
    // It is the largest panel on the page.
    const panels = await page.locator('.panel').evaluateAll((all) =>
      all.map((p) => ({ name: p.querySelector('h2')?.textContent ?? p.className, area: p.clientWidth * p.clientHeight })),
    );
    const largest = panels.reduce((a, b) => (b.area > a.area ? b : a));
    assert.match(largest.name, /^Diagram$/i, `the largest panel: ${JSON.stringify(panels)}`);
    // Everything else is on screen too, without scrolling the page.
    for (const [what, locator] of [
      ['the console input', consoleInput(page)],
      ['the Inspector', inspector(page)],
      ['the Entra ID panel', entraPanel(page)],
      ['the Timeline', page.getByRole('region', { name: /timeline/i }).first()],
      ['the palette', page.getByRole('button', { name: 'Add Virtual machine', exact: true })],
    ]) {
      const b = await locator.boundingBox();
      assert.ok(b && b.y >= 0 && b.y + Math.min(b.height, 24) <= height && b.x + 24 <= width, `${what} is on screen at ${width}×${height}: ${JSON.stringify(b)}`);
    }
    await card(page, 'vm1').click();
    await seeInInspector(page, 'vm1');
    console.log(`screenshot: ${await screenshot(page, `layout-${width}x${height}`)}`);
  }

  // The empty diagram's hint is whole.
  const { page } = await open();
  const hint = await diagram(page)
    .locator('svg.diagram-svg')
    .evaluate((svg) => {
      const frame = svg.querySelector('.diagram-subscription-frame').getBBox();
      return [...svg.querySelectorAll('.diagram-hint')].map((t) => {
        const b = t.getBBox();
        return { text: t.textContent, inside: b.x >= frame.x && b.x + b.width <= frame.x + frame.width && b.y + b.height <= frame.y + frame.height };
      });
    });
  assert.ok(hint.length > 0, 'the empty diagram says what to do');
  assert.deepEqual(hint.filter((h) => !h.inside), [], 'every hint line lies inside the subscription');
  console.log(`screenshot: ${await screenshot(page, 'layout-empty')}`);
});
