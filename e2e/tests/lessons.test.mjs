// The lessons, end to end in the built site: a learner works through lesson 2
// (system-assigned identities) with the app's own buttons and dialogs, reveals
// a hint, reloads and finds the progress kept, and gets their own script back
// when leaving. The lesson views pass axe-core, and damaged saved progress is
// explained instead of breaking the page. The lesson files are fetched beside
// the page (not compiled in), kept by the service worker for offline use, and a
// damaged one is named with its line while the other lessons work.
//
// Screenshots: target/e2e/lesson-picker.png, lesson-step.png, lesson-complete.png.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectNoSeriousViolations, screenshot, servePlayground } from '../support/harness.mjs';
import { journeyTest } from '../support/journey.mjs';
import {
  addResource,
  card,
  chooseOption,
  consoleErrors,
  dialog,
  grantRole,
  inspector,
  message,
  openPlayground,
  principal,
  runCommand,
  seeNoResource,
  seeResource,
  select,
  tabTo,
  waitForClosed,
  waitForFocus,
} from '../support/playground.mjs';
import {
  chooseLesson,
  goalItem,
  lessonButton,
  lessonsPanel,
  next,
  openLessons,
  pickerEntry,
  revealHint,
  seeGoalMet,
  seePageHeading,
  seeStep,
  waitForProgress,
  waitForSpoken,
} from '../support/lessons.mjs';

const LESSON = 'System-assigned identities';
const LESSON_ID = '02-system-assigned';
const BLOB_READER = 'Storage Blob Data Reader';

const env = servePlayground();
const journey = (title, shot, body, options = { timeout: 90_000 }) => journeyTest(env, title, shot, body, options);


/** Adds an app with its system-assigned identity on an existing plan, from the palette. */
async function addWebApp(page, { name, group, plan }) {
  await page.getByRole('button', { name: 'Add Web app', exact: true }).click();
  const box = dialog(page, 'Add Web app');
  await box.waitFor({ state: 'visible' });
  await box.getByLabel('Name', { exact: true }).fill(name);
  await box.getByLabel('Resource group', { exact: true }).fill(group);
  await chooseOption(box.getByRole('combobox', { name: 'App Service plan', exact: true }), new RegExp(`^${plan}$`), 'App Service plan');
  await box.getByRole('checkbox', { name: 'System-assigned identity', exact: true }).check();
  await box.getByRole('button', { name: 'Create', exact: true }).click();
  await waitForClosed(box, 'Create');
  await seeResource(page, name);
}

journey('lesson 2, completed by clicking: progress survives a reload and leaving brings the own script back', null, async (open) => {
  const { page } = await open();
  // The learner's own work, before any lesson.
  await addResource(page, 'Virtual machine', 'mine', 'own-rg');

  await openLessons(page);
  const entry = pickerEntry(page, LESSON);
  assert.match(await entry.innerText(), /0 of 5 steps/);
  assert.match(await entry.innerText(), /MI-1\.1, MI-1\.2, MI-1\.5/);
  await chooseLesson(page, LESSON);
  await seePageHeading(page, LESSON);
  const note = await lessonsPanel(page).getByText(/is set aside/).innerText();
  console.log(`start note: ${note}`);
  assert.match(note, /Your current script \(\d+ statements?\) is set aside: leaving the lesson brings it back/);
  await lessonButton(page, 'Start lesson').click();

  // Step 1, by the learner: the Inspector's "System-assigned identity" switch.
  await seeStep(page, 1, 5, "Turn on the app's identity");
  await waitForFocus(page, lessonsPanel(page).getByRole('heading', { name: "Turn on the app's identity" }), 'starting a lesson moves focus to its first step');
  await seeResource(page, 'shop');
  await seeNoResource(page, 'mine');
  const goal = goalItem(page, 'shop');
  assert.match(await goal.innerText(), /Not yet/i);
  assert.match(await goal.innerText(), /shop\s+cannot\s+Read blobs\s+on\s+shopdata/);
  const hint = await revealHint(page);
  console.log(`hint: ${hint}`);
  assert.match(hint, /az webapp identity assign -g demo -n shop/);
  await waitForFocus(page, lessonsPanel(page).getByRole('list', { name: 'Hints', exact: true }).getByRole('listitem').first(), 'the revealed hint takes focus from the button, which is gone');
  assert.equal(await lessonsPanel(page).getByRole('button', { name: /hint/i }).count(), 0, 'no more hints to show');
  await expectNoSeriousViolations(page, 'a lesson step');
  // The step from its top, on a common laptop screen (at 1280×720 the panel scrolls).
  const viewport = page.viewportSize();
  await page.setViewportSize({ width: 1440, height: 900 });
  await lessonsPanel(page).locator('#lessons-body').evaluate((body) => body.scrollTo(0, 0));
  console.log(`screenshot: ${await screenshot(page, 'lesson-step')}`);
  await page.setViewportSize(viewport);

  await select(page, 'shop');
  await inspector(page).getByRole('checkbox', { name: 'System-assigned identity', exact: true }).check();
  await principal(page, 'shop').waitFor({ state: 'visible' });
  await seeGoalMet(page);
  await waitForSpoken(page, /^Goal met: Turn on the app's identity\./);
  await waitForProgress(page, LESSON_ID, { stepsDone: 1, complete: false });
  await next(page);

  // Step 2, by the learner: the grant dialog.
  await seeStep(page, 2, 5, 'Let it read the storage account');
  assert.ok(await lessonButton(page, 'Next').isDisabled(), 'Next waits for the goal');
  await lessonButton(page, 'Run this for me').click();
  await select(page, 'shop');
  await grantRole(page, { identity: 'shop', role: BLOB_READER, scope: 'shopdata' });
  await seeGoalMet(page);
  await waitForSpoken(page, /^Goal met: Let it read the storage account\./);
  await next(page);

  // Step 3 has no goal: its Run button completes it.
  await seeStep(page, 3, 5, 'Delete the app');
  await lessonButton(page, 'Run this for me').click();
  await seeNoResource(page, 'shop');
  await lessonsPanel(page).getByText(/Done\./).waitFor({ state: 'visible' });
  await next(page);

  // Step 4, by the learner: the palette's Add dialog.
  await seeStep(page, 4, 5, 'Same name, new identity');
  await addWebApp(page, { name: 'shop', group: 'demo', plan: 'shop-plan' });
  await seeGoalMet(page);
  await next(page);

  // Step 5: Show solution runs it.
  await seeStep(page, 5, 5, 'Grant it again, and clean up');
  await lessonButton(page, 'Show solution').click();
  await seeGoalMet(page);
  await waitForSpoken(page, /Lesson complete: System-assigned identities\./);
  await lessonsPanel(page).getByText('The solution ran in the console:').waitFor({ state: 'visible' });
  await next(page, 'Finish lesson');
  await seePageHeading(page, 'Lesson complete');
  await waitForProgress(page, LESSON_ID, { stepsDone: 5, complete: true });

  // Back and Next walk the steps already reached.
  await lessonButton(page, 'Back').click();
  await seeStep(page, 5, 5, 'Grant it again, and clean up');
  await lessonButton(page, 'Back').click();
  await seeStep(page, 4, 5, 'Same name, new identity');
  await lessonButton(page, 'Next').click();
  await lessonButton(page, 'Next').click();
  await seePageHeading(page, 'Lesson complete');
  const shot = await screenshot(page, 'lesson-complete');
  console.log(`screenshot: ${shot}`);

  // A reload keeps the lesson open where it was, and the picker's mark.
  await page.reload();
  await seePageHeading(page, 'Lesson complete');
  await lessonButton(page, 'All lessons').first().click();
  await seePageHeading(page, 'Choose a lesson');
  const after = await pickerEntry(page, LESSON).innerText();
  console.log(`picker entry after reload: ${after.replace(/\s+/g, ' ')}`);
  assert.match(after, /✓\s*Completed/);
  assert.match(after, /5 of 5 steps/);
  assert.match(await lessonsPanel(page).getByText(/of 12 completed/).innerText(), /^1 of 12 completed/);

  // Leaving the lesson brings the learner's own script back.
  await chooseLesson(page, LESSON);
  await seePageHeading(page, 'Lesson complete');
  await lessonButton(page, 'Leave lesson and bring back my script').click();
  await seeResource(page, 'mine');
  await seeNoResource(page, 'shopdata');
  await seePageHeading(page, 'Choose a lesson');
  await waitForSpoken(page, /your own script is back/);
  return null;
});

journey('the lesson picker and a lesson step have no serious accessibility violations, and work from the keyboard', 'lesson-picker', async (open) => {
  const { page } = await open();
  const choose = lessonButton(page, 'Choose a lesson');
  await tabTo(page, choose);
  await page.keyboard.press('Enter');
  await seePageHeading(page, 'Choose a lesson');
  const entries = lessonsPanel(page).getByRole('list').first().getByRole('listitem');
  assert.equal(await entries.count(), 12, 'the picker lists the 12 lessons');
  for (const text of await entries.allInnerTexts()) assert.match(text, /\d+ of \d+ steps/);
  await expectNoSeriousViolations(page, 'the lesson picker');

  // A lesson from the keyboard: Tab to it, Enter, Tab to Start, Enter.
  await tabTo(page, lessonButton(page, 'User-assigned identities'));
  await page.keyboard.press('Enter');
  await seePageHeading(page, 'User-assigned identities');
  await tabTo(page, lessonButton(page, 'Start lesson'));
  await page.keyboard.press('Enter');
  await seeStep(page, 1, 4, 'One identity, three VMs');
  await revealHint(page);
  await card(page, 'web-1').waitFor({ state: 'visible' });
  await expectNoSeriousViolations(page, 'a lesson step with a hint');
  // Back to the picker for the screenshot.
  await lessonButton(page, 'All lessons').click();
  await seePageHeading(page, 'Choose a lesson');
  const active = pickerEntry(page, 'User-assigned identities');
  assert.match(await active.innerText(), /Open now/);
  return page;
});

journey('damaged saved progress is explained and the lessons start unmarked', null, async (open) => {
  const { page } = await open({ beforeLoad: () => localStorage.setItem('mip.lessons', '{"version":1,"lessons":[') });
  const alert = message(page, /lesson progress/i);
  await alert.waitFor({ state: 'visible' });
  console.log(`damaged progress message: ${await alert.innerText()}`);
  await openLessons(page);
  assert.match(await lessonsPanel(page).getByText(/of 12 completed/).innerText(), /^0 of 12 completed/);
  // The fresh start saves over the damage.
  await chooseLesson(page, 'Why managed identities');
  await lessonButton(page, 'Start lesson').click();
  await page.waitForFunction(() => {
    try {
      return JSON.parse(localStorage.getItem('mip.lessons')).version === 1;
    } catch {
      return false;
    }
  });
  return page;
});

journey('the lessons are fetched as files beside the page, and the service worker keeps them for offline use', null, async (open) => {
  const context = await env.browser.newContext();
  const requested = [];
  // The page's own requests: the service worker copying what the page loaded into its cache
  // (from the browser's HTTP cache, so no second download) makes requests of its own.
  context.on('request', (request) => {
    if (!request.serviceWorker()) requested.push(new URL(request.url()).pathname);
  });
  const { page } = await open({ context });
  await openLessons(page);
  await chooseLesson(page, LESSON);
  await lessonButton(page, 'Start lesson').click();
  await seeStep(page, 1, 5, "Turn on the app's identity");
  const lessonFiles = requested.filter((path) => path.startsWith('/lessons/'));
  console.log(`lesson files fetched: ${lessonFiles.length}`);
  assert.ok(lessonFiles.includes(`/lessons/${LESSON_ID}.md`), `the lesson's file was fetched: ${lessonFiles.join(', ')}`);
  assert.equal(new Set(lessonFiles).size, lessonFiles.length, 'each lesson file is fetched once');
  // Once the worker controls the page, what it fetched stays in its cache.
  await page.reload();
  await seeStep(page, 1, 5, "Turn on the app's identity");
  await page.waitForFunction(async (id) => {
    const cache = await caches.open('mip-playground');
    return (await cache.keys()).some((r) => r.url.endsWith(`/lessons/${id}.md`));
  }, LESSON_ID, { timeout: 30_000 });
  return null;
});

journey('a damaged lesson file is named with its line, and the other lessons still work', null, async (open) => {
  const context = await env.browser.newContext();
  await context.route('**/lessons/03-user-assigned.md', (route) =>
    route.fulfill({ status: 200, contentType: 'text/markdown', body: 'garbage, not a lesson\n' }),
  );
  const { page } = await open({ context });
  const problem = lessonsPanel(page).getByRole('alert');
  await problem.waitFor({ state: 'visible' });
  const text = await problem.innerText();
  console.log(`damaged lesson file: ${text}`);
  assert.match(text, /The lesson file 03-user-assigned\.md is damaged, so that lesson is left out: 03-user-assigned\.md line 1: /);
  await openLessons(page);
  assert.equal(await lessonButton(page, 'User-assigned identities').count(), 0, 'the damaged lesson is left out');
  await chooseLesson(page, LESSON);
  await lessonButton(page, 'Start lesson').click();
  await seeStep(page, 1, 5, "Turn on the app's identity");
  await expectNoSeriousViolations(page, 'the Lessons panel with a damaged lesson file');
  return page;
});

// Not a journey: the 404s it serves are console errors on purpose, which a journey would fail on.
test('lesson files that cannot be fetched are named, and the playground works without them', { timeout: 60_000 }, async () => {
  const context = await env.browser.newContext();
  try {
    await context.route('**/lessons/*.md', (route) => route.fulfill({ status: 404, body: 'not here' }));
    const { page, problems } = await openPlayground(env.browser, env.server.url, { context });
    const problem = lessonsPanel(page).getByRole('alert');
    await problem.waitFor({ state: 'visible' });
    const text = await problem.innerText();
    assert.match(text, /The lesson file 01-why-managed-identities\.md could not be loaded/);
    assert.match(text, /The lesson file 12-doing-it-as-the-vm\.md could not be loaded/);
    await runCommand(page, 'az group create -n still-works -l eastus');
    assert.deepEqual(await consoleErrors(page), [], 'the playground works without its lessons');
    assert.deepEqual(
      problems.filter((p) => !/404|lessons\//.test(p)),
      [],
      'nothing fails but the lesson files',
    );
  } finally {
    await context.close();
  }
});
