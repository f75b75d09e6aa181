// What a learner does in the Lessons panel, as functions a browser test can
// read like the lesson it follows: openLessons, chooseLesson, seeStep,
// revealHint, goalItem, next …
//
// Like support/playground.mjs, everything is found by accessible names and
// every function waits for the condition that shows it worked.

import { STEP_TIMEOUT } from './playground.mjs';

/** The Lessons panel (a region named by its heading). */
export const lessonsPanel = (page) => page.getByRole('region', { name: 'Lessons', exact: true });

/** A button of the Lessons panel, by its exact name. */
export const lessonButton = (page, name) => lessonsPanel(page).getByRole('button', { name, exact: true });

/** Unfolds the panel with its "Choose a lesson" button and waits for the picker. */
export async function openLessons(page) {
  await lessonButton(page, 'Choose a lesson').click();
  await seePageHeading(page, 'Choose a lesson');
}

/** The picker's entry (list item) for a lesson, by its title. */
export function pickerEntry(page, title) {
  return lessonsPanel(page)
    .getByRole('listitem')
    .filter({ has: page.getByRole('button', { name: title, exact: true }) });
}

/** Opens a lesson from the picker: its introduction, or its step when it is open already. */
export async function chooseLesson(page, title) {
  await lessonButton(page, title).click();
}

/** Waits for the heading of the page the panel shows (the picker's, the lesson's or the step's). */
export async function seePageHeading(page, name) {
  await lessonsPanel(page).getByRole('heading', { name, exact: true }).waitFor({ state: 'visible' });
}

/** Waits until the panel shows the step `title` as step `n` of `total`. */
export async function seeStep(page, n, total, title) {
  await seePageHeading(page, title);
  await lessonsPanel(page).getByText(`Step ${n} of ${total}`, { exact: true }).waitFor({ state: 'visible' });
}

/** The checklist item of the goal whose sentence contains `text`. */
export function goalItem(page, text) {
  return lessonsPanel(page)
    .getByRole('region', { name: /^Your goals?$/ })
    .getByRole('listitem')
    .filter({ hasText: text });
}

/** Waits until every item of the shown goal says "Met" and the step says "Goal met". */
export async function seeGoalMet(page) {
  const panel = lessonsPanel(page);
  const goal = panel.getByRole('region', { name: /^Your goals?$/ });
  try {
    await panel.getByText(/Goal met\./).waitFor({ state: 'visible' });
  } catch (error) {
    const said = await goal.innerText().catch(() => '(no goal shown)');
    throw new Error(`the goal should be met; the checklist says:\n${said}\n${error.message.split('\n')[0]}`);
  }
  const states = await goal.locator('.goal-state').allInnerTexts();
  if (states.some((s) => s.trim().toLowerCase() !== 'met')) {
    throw new Error(`every expectation should say Met: ${JSON.stringify(states)}`);
  }
}

/** Reveals the next hint and returns its text. */
export async function revealHint(page) {
  const panel = lessonsPanel(page);
  const hints = panel.getByRole('list', { name: 'Hints', exact: true }).getByRole('listitem');
  const before = await hints.count();
  await panel.getByRole('button', { name: /^Show (?:a|another) hint/ }).click();
  await hints.nth(before).waitFor({ state: 'visible' });
  return hints.nth(before).innerText();
}

/** Presses "Next step" (or "Finish lesson") in the step's success box. */
export async function next(page, name = 'Next step') {
  await lessonButton(page, name).click();
}

/** What the panel's polite live region says now. */
export function spoken(page) {
  return lessonsPanel(page).locator('[aria-live="polite"]').innerText();
}

/** Waits until the live region says something matching `pattern`. */
export async function waitForSpoken(page, pattern) {
  const region = await lessonsPanel(page).locator('[aria-live="polite"]').elementHandle();
  await page
    .waitForFunction(({ el, source }) => new RegExp(source).test(el.textContent), { el: region, source: pattern.source }, { timeout: STEP_TIMEOUT })
    .catch(async () => {
      throw new Error(`the live region should say ${pattern}; it says "${await spoken(page)}"`);
    });
}

/** Waits until the saved lesson progress in localStorage records `lessonId` with these values. */
export async function waitForProgress(page, lessonId, { stepsDone, complete }) {
  await page
    .waitForFunction(
      ({ id, stepsDone, complete }) => {
        try {
          const lesson = JSON.parse(localStorage.getItem('mip.lessons') || '{}').lessons?.[id];
          return lesson?.steps_done === stepsDone && lesson?.complete === complete;
        } catch {
          return false;
        }
      },
      { id: lessonId, stepsDone, complete },
      { timeout: STEP_TIMEOUT },
    )
    .catch(async () => {
      const saved = await page.evaluate(() => localStorage.getItem('mip.lessons'));
      throw new Error(`the saved progress should record ${lessonId} with ${stepsDone} steps done (complete: ${complete}); it is ${saved}`);
    });
}
