// Workshop mode, end to end: a trainer opens Present from the playground (present.html, a page
// of its own), chooses a lesson,
// steps through it with the keys a keyboard and a clicker send, opens the speaker notes in a
// second window that follows the presenter and steers it over a BroadcastChannel, improvises a
// command and resets the step, and reloads to the same slide. Then the network goes away and
// the presenter, a reload and the notes window keep working. The presenter, its lesson picker
// and the notes window pass axe-core.
//
// Screenshots: target/e2e/present-picker.png, present-slide.png, present-notes.png,
// present-offline.png.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectNoSeriousViolations, launchBrowser, openPage, screenshot, servePlayground, serveStatic } from '../support/harness.mjs';
import { journeyTest } from '../support/journey.mjs';
import { seeNoResource, seeResource, settle, STEP_TIMEOUT } from '../support/playground.mjs';

const LESSON = 'User-assigned identities';
const LESSON_ID = '03-user-assigned';

const env = servePlayground();

const slideHeading = (page) => page.getByRole('heading', { level: 1 });
const position = (page) => page.locator('.presenter-position');
const presenterButton = (page, name) =>
  page.getByRole('group', { name: 'Slides', exact: true }).getByRole('button', { name, exact: true });

/** Waits until the presenter (or notes window) says it is on slide `n` of `total`. */
async function seeSlide(page, n, total = 9) {
  await assert.doesNotReject(
    position(page).filter({ hasText: `Slide ${n} of ${total}` }).waitFor({ timeout: STEP_TIMEOUT }),
    `slide ${n} of ${total} is shown`,
  );
}

/** Waits for the presenter's page to be running (its slide controls or its lesson list). */
async function waitForPresenter(page) {
  await page.locator('.presenter').first().waitFor({ timeout: 30_000 });
  await page.locator('#boot-shell').waitFor({ state: 'detached', timeout: 30_000 });
}


journeyTest(env, 'a trainer presents a lesson by keyboard, with speaker notes in a second window', 'present-slide', async (open) => {
  const { page, context } = await open();
  await page.getByRole('link', { name: 'Present', exact: true }).click();
  await page.getByRole('heading', { name: 'Present a lesson' }).waitFor();
  await expectNoSeriousViolations(page, 'lesson picker');
  console.log(`screenshot: ${await screenshot(page, 'present-picker')}`);

  await page.getByRole('link', { name: new RegExp(`^${LESSON}`) }).click();
  await seeSlide(page, 1);
  assert.equal(await slideHeading(page).textContent(), 'Introduction');
  assert.match(page.url(), new RegExp(`/present\\.html\\?present=${LESSON_ID}&slide=1$`));

  // → tells step 1; Page Down (a clicker) shows it done.
  await page.keyboard.press('ArrowRight');
  await seeSlide(page, 2);
  assert.equal(await slideHeading(page).textContent(), 'Step 1 of 4: One identity, three VMs');
  assert.match(await page.locator('.presenter-upcoming').textContent(), /az identity create -g web-rg -n web-identity/);

  // The speaker notes open in a second window that follows the presenter.
  const [notes] = await Promise.all([
    context.waitForEvent('page'),
    presenterButton(page, 'Speaker notes').click(),
  ]);
  await notes.getByRole('heading', { name: `Speaker notes: ${LESSON}` }).waitFor({ timeout: 30_000 });
  await seeSlide(notes, 2);
  assert.match(await notes.locator('.notes-list').textContent(), /ask/i, 'the step has speaker notes');

  await page.keyboard.press('PageDown');
  await seeSlide(page, 3);
  await seeSlide(notes, 3);
  const ran = page.locator('.presenter-ran');
  assert.match(await ran.textContent(), /az vm identity assign -g web-rg -n web-3 --identities web-identity/);
  await page.getByRole('region', { name: 'Entra ID', exact: true }).getByText('web-identity').first().waitFor();

  // The notes window steers the presenter: Next, then a jump to step 3.
  await notes.getByRole('button', { name: 'Next →' }).click();
  await seeSlide(page, 4);
  await notes.getByRole('button', { name: 'Step 3: Delete a VM' }).click();
  await seeSlide(page, 6);
  await seeSlide(notes, 6);
  assert.equal(await slideHeading(page).textContent(), 'Step 3 of 4: Delete a VM');
  await expectNoSeriousViolations(notes, 'speaker notes window');
  console.log(`screenshot: ${await screenshot(notes, 'present-notes')}`);

  // Showing the deletion removes web-3 from the diagram.
  await seeResource(page, 'web-3');
  await page.keyboard.press('PageDown');
  await seeSlide(page, 7);
  await seeNoResource(page, 'web-3');

  // An improvised command, then Reset step brings back the prepared world of the step.
  const command = page.getByRole('textbox', { name: 'Console command', exact: true });
  await command.fill('az vm delete -g web-rg -n web-1 --yes');
  await command.press('Enter');
  await page.locator('.presenter-improvised').waitFor();
  await notes.locator('.presenter-improvised').waitFor();
  await seeNoResource(page, 'web-1');
  // Arrow keys typed in the command line stay there.
  await command.press('ArrowLeft');
  await seeSlide(page, 7);
  await presenterButton(page, 'Reset step').click();
  await seeSlide(page, 6);
  await seeResource(page, 'web-1');
  await seeResource(page, 'web-3');
  assert.equal(await page.locator('.presenter-improvised').count(), 0);

  // ← back, Home and End.
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('ArrowLeft');
  await seeSlide(page, 5);
  await page.keyboard.press('Home');
  await seeSlide(page, 1);
  await page.keyboard.press('End');
  await seeSlide(page, 9);
  await seeResource(page, 'web-4');
  await expectNoSeriousViolations(page, 'presenter');

  // A reload comes back to the same slide.
  await page.reload();
  await waitForPresenter(page);
  await seeSlide(page, 9);
  await page.keyboard.press('ArrowLeft');
  await seeSlide(page, 8);
  await seeSlide(notes, 8);

  // Exit returns to the playground.
  await presenterButton(page, 'Exit').click();
  await page.getByRole('group', { name: 'Script actions', exact: true }).waitFor();
  assert.equal(new URL(page.url()).search, '');
  await page.goBack();
  await seeSlide(page, 8);
  await settle(page);
  return page;
}, { timeout: 120_000 });

test('the presenter and its notes keep working offline once loaded', { timeout: 120_000 }, async () => {
  // A server of its own, to take away in the middle of the test.
  const server = await serveStatic();
  const browser = await launchBrowser();
  try {
    const { page, context, problems } = await openPage(browser);
    page.setDefaultTimeout(STEP_TIMEOUT);
    await page.goto(`${server.url}present.html?present=${LESSON_ID}&slide=2`);
    await waitForPresenter(page);
    await seeSlide(page, 2);
    // The service worker has taken the files of this first visit.
    await page.waitForFunction(async () => {
      const registration = await navigator.serviceWorker.ready;
      const cache = await caches.open('mip-playground');
      const keys = await cache.keys();
      return (
        registration.active &&
        keys.some((r) => r.url.endsWith('_bg.wasm')) &&
        keys.some((r) => r.url.endsWith('/present.html'))
      );
    }, null, { timeout: 30_000 });

    await server.close();
    await assert.rejects(fetch(server.url), 'the server is gone');

    await page.keyboard.press('PageDown');
    await seeSlide(page, 3);
    await page.reload();
    await waitForPresenter(page);
    await seeSlide(page, 3);
    const [notes] = await Promise.all([
      context.waitForEvent('page'),
      presenterButton(page, 'Speaker notes').click(),
    ]);
    await notes.getByRole('heading', { name: `Speaker notes: ${LESSON}` }).waitFor({ timeout: 30_000 });
    await seeSlide(notes, 3);
    await notes.getByRole('button', { name: 'Next →' }).click();
    await seeSlide(page, 4);
    console.log(`screenshot: ${await screenshot(page, 'present-offline')}`);
    assert.deepEqual(problems, [], 'nothing failed in the page');
  } finally {
    await browser.close();
    await server.close().catch(() => null);
  }
});
