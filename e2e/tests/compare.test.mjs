// Compare mode, end to end: the playground's Compare link opens it; the first storyline ("A VM
// and its storage, two ways") steps with the Next button and the → key, both panes following;
// when the VM is deleted and created again, the Differences table marks service principals,
// role assignments and the decision as differing, with its text marker, and the
// system-assigned pane is denied where the user-assigned one is allowed. Previous and ← go
// back, a reload keeps the step, "Back to the playground" returns, and the playground's saved
// work is never touched. The picker opens the second storyline. The page passes axe-core in
// both colour schemes.
//
// Screenshots: target/e2e/compare-intro.png, compare-deleted.png, compare-step-2.png,
// compare-recreated.png, compare-dark.png.

import assert from 'node:assert/strict';
import { expectNoSeriousViolations, screenshot, servePlayground } from '../support/harness.mjs';
import { journeyTest } from '../support/journey.mjs';
import { cardName, runCommand, settle, toolbarButton } from '../support/playground.mjs';
import {
  PANES,
  decisionIn,
  differencesRow,
  expectDiffers,
  openCompare,
  pane,
  rowCells,
  seeStep,
  stepButton,
  waitForCompare,
} from '../support/compare.mjs';

const TITLE = 'A VM and its storage, two ways';
const STEPS = 6;
const QUESTION = 'Can web-1 read blobs at shopdata?';
const [SYSTEM, USER] = PANES;

const env = servePlayground();
const journey = (title, shot, body) => journeyTest(env, title, shot, body, { timeout: 90_000 });


/** The playground's saved session, as stored. */
const savedSession = (page) => page.evaluate(() => localStorage.getItem('mip.session'));

journey('the Compare link in the playground header opens compare mode, and Back returns', null, async (open) => {
  const { page } = await open();
  await page.getByRole('navigation', { name: 'Other pages' }).getByRole('link', { name: 'Compare', exact: true }).click();
  await waitForCompare(page);
  await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
  await seeStep(page, 0, STEPS, 'Introduction');
  assert.equal(new URL(page.url()).search, '?compare');

  await page.getByRole('link', { name: 'Back to the playground' }).click();
  await toolbarButton(page, 'Undo').waitFor();
  assert.equal(new URL(page.url()).search, '', 'the playground has no query');
  return page;
});

journey('both panes step through the storyline, and the Differences table marks what differs', 'compare-recreated', async (open) => {
  const { page } = await open();
  // Something the playground saved, which compare mode must leave as it is.
  await runCommand(page, 'az group create -n mine -l eastus');
  await page.waitForFunction(() => (localStorage.getItem('mip.session') ?? '').includes('mine'));
  const saved = await savedSession(page);

  await openCompare(page, '?compare');
  await seeStep(page, 0, STEPS, 'Introduction');
  assert.equal(await stepButton(page, 'Previous').isDisabled(), true, 'no step before the first');
  for (const name of PANES) {
    await pane(page, name).getByText('The setup ran').waitFor();
    await pane(page, name).getByText('az storage account create -g demo -n shopdata').waitFor();
  }
  await expectNoSeriousViolations(page, 'compare mode, introduction');
  await settle(page);
  console.log(`screenshot: ${await screenshot(page, 'compare-intro')}`);

  // Next, then → (focus stays on the Next button, which is no form field).
  await stepButton(page, 'Next').click();
  await seeStep(page, 1, STEPS, 'Give the VM an identity');
  await pane(page, USER).getByText('az identity create -g demo -n web-identity').waitFor();
  assert.equal(await pane(page, SYSTEM).getByText('az identity create').count(), 0, 'each pane runs its own block');
  await page.keyboard.press('ArrowRight');
  await seeStep(page, 2, STEPS, 'Let it read the blobs');
  for (const aspect of ['Service principals in Entra ID', 'Role assignments', QUESTION]) {
    await expectDiffers(page, aspect, false);
  }
  assert.match(await decisionIn(page, SYSTEM, QUESTION).innerText(), /✓\s*Allowed: role-assignment/);

  // The VM is deleted: its system-assigned principal goes, its assignment stays orphaned; the
  // user-assigned identity keeps both. Neither pane can ask about a VM that is gone.
  await page.keyboard.press('ArrowRight');
  await seeStep(page, 3, STEPS, 'Delete the VM');
  await expectDiffers(page, 'Service principals in Entra ID');
  await expectDiffers(page, 'Role assignments');
  await expectDiffers(page, 'Managed identities');
  const [, systemAssignments, userAssignments] = await rowCells(page, 'Role assignments');
  assert.match(systemAssignments, /^1, 1 orphaned/);
  assert.match(systemAssignments, /Identity not found/);
  assert.match(userAssignments, /^1\b/);
  assert.doesNotMatch(userAssignments, /orphaned/);
  const [, systemPrincipals, userPrincipals] = await rowCells(page, 'Service principals in Entra ID');
  assert.match(systemPrincipals, /^none, 1 soft-deleted/);
  assert.match(userPrincipals, /web-identity/);
  assert.match(await decisionIn(page, SYSTEM, QUESTION).innerText(), /Cannot be asked/);
  await settle(page);
  console.log(`screenshot: ${await screenshot(page, 'compare-deleted')}`);

  // Created again: a new system-assigned principal with no role is denied; the same
  // user-assigned identity is allowed at once.
  await stepButton(page, 'Next').click();
  await seeStep(page, 4, STEPS, 'Create it again');
  for (const aspect of ['Service principals in Entra ID', 'Role assignments', QUESTION]) {
    await expectDiffers(page, aspect);
  }
  const changed = differencesRow(page, QUESTION).getByRole('rowheader').getByText('● changed in this step');
  assert.equal(await changed.count(), 1, 'the decision is marked as changed in this step');
  assert.match(await decisionIn(page, SYSTEM, QUESTION).innerText(), /✗\s*Denied: no-role-assignment/);
  assert.match(await decisionIn(page, USER, QUESTION).innerText(), /✓\s*Allowed: role-assignment/);
  const [, systemDecision, userDecision] = await rowCells(page, QUESTION);
  assert.match(systemDecision, /Denied: no-role-assignment/);
  assert.match(userDecision, /Allowed: role-assignment/);
  // Each pane draws its own world: an orphaned arrow only on the left.
  await pane(page, SYSTEM).getByText('Identity not found (Unknown)').first().waitFor();
  assert.equal(await pane(page, USER).getByText('Identity not found').count(), 0);
  await pane(page, USER).getByRole('button', { name: cardName('web-identity') }).waitFor();
  await expectNoSeriousViolations(page, 'compare mode, step 4');

  // The step is in the address, so a reload comes back to it.
  assert.equal(new URL(page.url()).search, '?compare=01-a-vm-and-its-storage&step=4');
  await page.reload();
  await waitForCompare(page);
  await seeStep(page, 4, STEPS, 'Create it again');

  // ← and Previous go back. ← is ignored while a diagram's view has focus (it scrolls).
  await page.keyboard.press('ArrowLeft');
  await seeStep(page, 3, STEPS, 'Delete the VM');
  await stepButton(page, 'Previous').click();
  await seeStep(page, 2, STEPS, 'Let it read the blobs');
  await pane(page, SYSTEM).getByRole('group', { name: 'Diagram view' }).focus();
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowRight');
  await seeStep(page, 2, STEPS, 'Let it read the blobs');
  await settle(page);
  console.log(`screenshot: ${await screenshot(page, 'compare-step-2')}`);

  // Forward to the last step: the Next button is disabled there.
  await openCompare(page, `?compare=01-a-vm-and-its-storage&step=${STEPS}`);
  await seeStep(page, STEPS, STEPS, 'Add a second VM');
  assert.equal(await stepButton(page, 'Next').isDisabled(), true, 'no step after the last');

  await page.getByRole('link', { name: 'Back to the playground' }).click();
  await toolbarButton(page, 'Undo').waitFor();
  assert.equal(await savedSession(page), saved, 'compare mode leaves the saved playground as it was');
  await openCompare(page, '?compare=01-a-vm-and-its-storage&step=4');
  await seeStep(page, 4, STEPS, 'Create it again');
  await settle(page);
  return page;
});

journey('the picker opens another storyline, and its steps follow the same rules', null, async (open) => {
  const { page } = await open();
  await openCompare(page, '?compare=1&step=2');
  await page.getByLabel('Storyline', { exact: true }).selectOption({ label: 'Turning the identity off and on again' });
  await page.getByRole('heading', { level: 1, name: 'Turning the identity off and on again' }).waitFor();
  await seeStep(page, 0, 4, 'Introduction');
  assert.equal(new URL(page.url()).search, '?compare=02-turn-it-off-and-on-again&step=0');
  await stepButton(page, 'Next').click();
  await page.keyboard.press('ArrowRight');
  await seeStep(page, 2, 4, 'Turn it off');
  // Both are denied, for the same reason: the row does not differ, but the principals do.
  await expectDiffers(page, QUESTION, false);
  await expectDiffers(page, 'Service principals in Entra ID');
  assert.match(await decisionIn(page, USER, QUESTION).innerText(), /✗\s*Denied: no-identity/);
  await page.keyboard.press('ArrowRight');
  await seeStep(page, 3, 4, 'Turn it on again');
  await expectDiffers(page, QUESTION);
  assert.match(await decisionIn(page, SYSTEM, QUESTION).innerText(), /✗\s*Denied: no-role-assignment/);
  assert.match(await decisionIn(page, USER, QUESTION).innerText(), /✓\s*Allowed: role-assignment/);
  await expectNoSeriousViolations(page, 'compare mode, second storyline');
  return page;
});

journey('an address with an unknown storyline or step says so and shows the nearest place', null, async (open) => {
  const { page } = await open();
  await openCompare(page, '?compare=nope&step=99');
  await seeStep(page, STEPS, STEPS, 'Add a second VM');
  await page.getByRole('status').filter({ hasText: "There is no storyline 'nope'" }).waitFor();
  return page;
});

journey('compare mode in the dark colour scheme', 'compare-dark', async (open) => {
  const { page } = await open();
  await page.emulateMedia({ colorScheme: 'dark' });
  await openCompare(page, '?compare=1&step=5');
  await seeStep(page, 5, STEPS, 'Grant the new identity');
  await pane(page, USER).getByText('Nothing to run in this step: this pane stays as it was.').waitFor();
  await expectNoSeriousViolations(page, 'compare mode, dark');
  await settle(page);
  return page;
});
