// What a trainer or learner does in compare mode, as functions a browser test can read like
// the walk-through it checks: openCompare, seeStep, nextStep, differencesRow, decisionIn …
//
// Like support/playground.mjs, everything is found by accessible names, and every function
// waits for the condition that shows it worked.

import assert from 'node:assert/strict';
import { STEP_TIMEOUT } from './playground.mjs';

/** How long the wasm app may take to start after a full page load. */
const START_TIMEOUT = 30_000;

export const PANES = ['System-assigned identity', 'User-assigned identity'];

/** Loads compare mode at `query` (`?compare`, `?compare=…&step=N`) in the page's tab. */
export async function openCompare(page, query = '?compare') {
  await page.goto(new URL(query, page.url()).href);
  await waitForCompare(page);
}

/** Waits until compare mode runs: its Differences table is there and the loading shell is gone. */
export async function waitForCompare(page) {
  await differences(page).waitFor({ state: 'visible', timeout: START_TIMEOUT });
  await page.locator('#boot-shell').waitFor({ state: 'detached', timeout: START_TIMEOUT });
}

/** The Differences region (named by its heading). */
export const differences = (page) => page.getByRole('region', { name: 'Differences', exact: true });

/** One pane's region: "System-assigned identity" or "User-assigned identity". */
export const pane = (page, name) => page.getByRole('region', { name, exact: true });

/** The Previous / Next buttons. */
export const stepButton = (page, name) =>
  page.getByRole('group', { name: 'Steps', exact: true }).getByRole('button', { name, exact: true });

/** Waits until the page shows step `n` of `total` titled `title` (step 0: the introduction). */
export async function seeStep(page, n, total, title) {
  const count = n === 0 ? `Setup · ${total} steps` : `Step ${n} of ${total}`;
  const where = page.locator('.compare-count');
  try {
    await where.filter({ hasText: count }).waitFor({ timeout: STEP_TIMEOUT });
    await page.getByRole('heading', { level: 2, name: title, exact: true }).waitFor({ timeout: STEP_TIMEOUT });
  } catch (error) {
    const said = await where.innerText().catch(() => '(no step count)');
    throw new Error(`expected "${count}: ${title}", the page says "${said}"\n${error.message.split('\n')[0]}`);
  }
}

/** The Differences table's row whose aspect (its header cell) starts with `aspect`. */
export function differencesRow(page, aspect) {
  return differences(page)
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader').filter({ hasText: aspect }) });
}

/** The texts of a row's cells: [aspect header, system-assigned, user-assigned]. */
export async function rowCells(page, aspect) {
  const row = differencesRow(page, aspect);
  await row.waitFor();
  return row.locator('th, td').allInnerTexts();
}

/** Asserts whether the row is marked "≠ differs" (the text marker, not only its colour). */
export async function expectDiffers(page, aspect, differs = true) {
  const header = differencesRow(page, aspect).getByRole('rowheader');
  const text = await header.innerText();
  assert.equal(text.includes('≠ differs'), differs, `"${aspect}" ${differs ? 'is' : 'is not'} marked "≠ differs"; its header says:\n${text}`);
}

/** The decision a pane shows for a question: its whole text ("✗ Denied: no-role-assignment …"). */
export function decisionIn(page, paneName, question) {
  return pane(page, paneName)
    .getByRole('list', { name: 'Decisions', exact: true })
    .getByRole('listitem')
    .filter({ hasText: question });
}

