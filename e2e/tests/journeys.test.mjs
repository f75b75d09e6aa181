// The learner's journeys, end to end in the built site: what a learner does
// with the mouse and the keyboard, and what the page must then show. Each test
// leaves a screenshot in target/e2e/<name>.png and fails on any console error
// or uncaught exception.
//
// The helpers (support/playground.mjs) find everything by the accessible names
// of the UI's DOM contract and wait for conditions, never for time.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runAxe, screenshot, servePlayground } from '../support/harness.mjs';
import { journeyTest } from '../support/journey.mjs';
import {
  addResource,
  allCards,
  arrowToOption,
  assignmentRow,
  attachIdentity,
  card,
  consoleErrors,
  consoleOutput,
  deleteSelected,
  diagram,
  dialog,
  entraPanel,
  expectChosenRole,
  expectFocusVisible,
  firstGuid,
  grantRole,
  identityOption,
  inspector,
  message,
  openPlayground,
  principal,
  principals,
  resourceNames,
  retype,
  roleOption,
  runCommand,
  scopeOption,
  seeInInspector,
  seeNoResource,
  seeResource,
  seeText,
  select,
  shareLink,
  tabTo,
  toolbarButton,
  waitForAutosave,
  waitForClosed,
  waitForFocus,
} from '../support/playground.mjs';

const BLOB_READER = 'Storage Blob Data Reader';
const XSS = '<img src=x onerror=alert(1)>';

const env = servePlayground();
const journey = (title, shot, body, options) => journeyTest(env, title, shot, body, options);

/** Journey 1's world: vm1 with a system-assigned identity, reader of storage account store1. */
async function vmReadsStorage(page) {
  await addResource(page, 'Virtual machine', 'vm1', 'rg1', { systemIdentity: true });
  await addResource(page, 'Storage account', 'store1', 'rg1');
  await select(page, 'vm1');
  await grantRole(page, { identity: 'vm1', role: BLOB_READER, scope: 'store1' });
  await assignmentRow(page, BLOB_READER, 'store1').waitFor({ state: 'visible' });
}

// ------------------------------------------------------------------ journeys

journey(
  'deleting a VM removes its system-assigned identity from Entra ID and orphans its role assignment',
  'journey-1-sami-orphaned',
  async (open) => {
    const { page } = await open();
    await vmReadsStorage(page);

    const entry = principal(page, 'vm1');
    await entry.waitFor({ state: 'visible' });
    const objectId = firstGuid(await entry.innerText());
    assert.ok(objectId, `the Entra ID entry of vm1 shows an object id: ${await entry.innerText()}`);

    const consequences = await deleteSelected(page);
    console.log(`delete vm1, consequences: ${JSON.stringify(consequences)}`);
    assert.ok(consequences.length > 0, 'the delete dialog lists what the deletion does');
    await seeNoResource(page, 'vm1');

    // The service principal goes with the VM …
    await entry.waitFor({ state: 'detached' });
    const left = await principals(page);
    assert.ok(!left.some((text) => text.includes(objectId)), `vm1's principal ${objectId} left Entra ID: ${left}`);

    // … and the assignment stays, orphaned, in the diagram and in the Inspector.
    await seeText(diagram(page), 'Identity not found');
    await select(page, 'store1');
    const row = assignmentRow(page, BLOB_READER, 'store1');
    await row.waitFor({ state: 'visible' });
    await seeText(inspector(page), 'Identity not found');
    await seeText(inspector(page), 'Unknown');
    await row.scrollIntoViewIfNeeded();
    return page;
  },
);

journey(
  'a user-assigned identity on two VMs survives deleting one and stays on the other',
  'journey-2-uami-survives',
  async (open) => {
    const { page } = await open();
    await addResource(page, 'User-assigned managed identity', 'shared-id', 'rg1');
    await addResource(page, 'Virtual machine', 'vm1', 'rg1');
    await addResource(page, 'Virtual machine', 'vm2', 'rg1');
    await principal(page, 'shared-id').waitFor({ state: 'visible' });

    await select(page, 'vm1');
    await attachIdentity(page, 'shared-id');
    await select(page, 'vm2');
    await attachIdentity(page, 'shared-id');

    await select(page, 'vm1');
    const consequences = await deleteSelected(page);
    console.log(`delete vm1, consequences: ${JSON.stringify(consequences)}`);
    await seeNoResource(page, 'vm1');

    // The identity is its own resource: still in the diagram, still in Entra ID …
    await seeResource(page, 'shared-id');
    await principal(page, 'shared-id').waitFor({ state: 'visible' });
    assert.equal((await principals(page)).length, 1, 'one service principal: the identity');
    // … and still attached to vm2.
    await select(page, 'vm2');
    const detach = inspector(page).getByRole('button', { name: 'Detach shared-id', exact: true });
    await detach.waitFor({ state: 'visible' });
    await detach.scrollIntoViewIfNeeded();
    return page;
  },
);

journey('a console typo is located and a correction suggested', 'journey-3-console-error', async (open) => {
  const { page } = await open();
  await runCommand(page, 'az vm create --nme x');
  const error = consoleOutput(page).locator('.console-error').filter({ hasText: 'did you mean --name?' });
  await error.waitFor({ state: 'visible' });
  const text = await error.innerText();
  console.log(`console error: ${text}`);
  assert.match(text, /\bline \d+/, 'the error names the line');
  assert.match(text, /\bcolumn 14\b/, 'the error names the column where --nme starts');
  assert.match(text, /did you mean --name\?/);
  assert.equal((await consoleErrors(page)).length, 1, 'one error for one bad statement');
  return page;
});

journey('undo and redo, by button and by keyboard shortcut, change what is shown', 'journey-4-undo-redo', async (open) => {
  const { page } = await open();
  await addResource(page, 'Virtual machine', 'vm1', 'rg1');
  await addResource(page, 'Virtual machine', 'vm2', 'rg1');
  const undo = toolbarButton(page, 'Undo');
  const redo = toolbarButton(page, 'Redo');
  assert.ok(await redo.isDisabled(), 'nothing to redo yet');

  await undo.click();
  await seeNoResource(page, 'vm2');
  await seeResource(page, 'vm1');
  await redo.click();
  await seeResource(page, 'vm2');
  assert.ok(await redo.isDisabled(), 'nothing left to redo');

  // Focus is on the Redo button, not in a text field, so the shortcuts are the page's.
  await page.keyboard.press('Control+z');
  await seeNoResource(page, 'vm2');
  await seeResource(page, 'vm1');
  await page.keyboard.press('Control+Shift+Z');
  await seeResource(page, 'vm2');
  assert.deepEqual(await resourceNames(page), ['vm1', 'vm2']);
  return page;
});

journey(
  'a share link opens the same scenario elsewhere; a damaged one is explained and keeps the saved work',
  'journey-5-share-link',
  async (open) => {
    const first = await open();
    await addResource(first.page, 'Virtual machine', 'vm1', 'rg1', { systemIdentity: true });
    await addResource(first.page, 'Storage account', 'store1', 'rg1');
    const link = await shareLink(first.page);
    console.log(`share link: ${link}`);
    assert.match(link, /^http:\/\/127\.0\.0\.1:\d+\/.*#./, 'the link points at this site and carries a fragment');

    // Someone else, with nothing saved, opens it.
    const stranger = await open({ link });
    await seeResource(stranger.page, 'vm1');
    await seeResource(stranger.page, 'store1');
    await principal(stranger.page, 'vm1').waitFor({ state: 'visible' });
    await screenshot(stranger.page, 'journey-5-share-link-opened');
    await stranger.context.close();

    // The first learner opens a damaged link: told why, and the saved work is still there.
    const again = await open({ context: first.context, link: new URL('#s=!!!', env.server.url).href });
    const alert = message(again.page, /link/i);
    await alert.waitFor({ state: 'visible' });
    console.log(`damaged link message: ${await alert.innerText()}`);
    await seeResource(again.page, 'vm1');
    await seeResource(again.page, 'store1');
    await screenshot(again.page, 'journey-5-share-link-damaged');
    await alert.getByRole('button', { name: 'Dismiss', exact: true }).click();
    await alert.waitFor({ state: 'detached' });
    // The main screenshot: the first learner's page with its Share link box.
    return first.page;
  },
);

journey(
  'reloading restores the session; a corrupt saved session is explained and the page starts afresh',
  'journey-6-reload',
  async (open) => {
    const { page } = await open();
    await addResource(page, 'Virtual machine', 'vm1', 'rg1', { systemIdentity: true });
    await addResource(page, 'Storage account', 'store1', 'rg1');
    await waitForAutosave(page, 'store1');
    await page.reload();
    await seeResource(page, 'vm1');
    await seeResource(page, 'store1');
    await principal(page, 'vm1').waitFor({ state: 'visible' });
    await screenshot(page, 'journey-6-reload-restored');

    const corrupt = await open({
      beforeLoad: () => localStorage.setItem('mip.session', '{bad'),
    });
    const alert = message(corrupt.page, /saved session/i);
    await alert.waitFor({ state: 'visible' });
    console.log(`corrupt session message: ${await alert.innerText()}`);
    assert.equal(await allCards(corrupt.page).count(), 0, 'a fresh start: no resources');
    assert.ok(await toolbarButton(corrupt.page, 'Undo').isDisabled(), 'a fresh start: nothing to undo');
    // The fresh start works and its autosave replaces the damaged text.
    await addResource(corrupt.page, 'Virtual machine', 'vm9', 'rg1');
    await waitForAutosave(corrupt.page, 'vm9');
    const saved = await corrupt.page.evaluate(() => localStorage.getItem('mip.session'));
    assert.doesNotThrow(() => JSON.parse(saved), `the new save is valid JSON: ${saved}`);
    return corrupt.page;
  },
);

journey('markup typed as a name is shown as text and never runs', 'journey-7-markup-as-text', async (open) => {
  const { page } = await open({
    // Count every <img> ever inserted, even one removed again at once.
    beforeLoad: () => {
      window.__imgsInserted = 0;
      new MutationObserver((records) => {
        for (const r of records) {
          for (const n of r.addedNodes) {
            if (n.nodeType === 1 && (n.tagName === 'IMG' || n.querySelector?.('img'))) window.__imgsInserted++;
          }
        }
      }).observe(document, { childList: true, subtree: true });
    },
  });
  const dialogs = [];
  page.on('dialog', (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    d.dismiss().catch(() => {});
  });

  // In the Add dialog: the validation message quotes the name as text, and Create refuses it.
  await page.getByRole('button', { name: 'Add Virtual machine', exact: true }).click();
  const box = dialog(page, 'Add Virtual machine');
  await box.getByLabel('Name', { exact: true }).fill(XSS);
  await box.getByLabel('Resource group', { exact: true }).fill('rg1');
  // The message, not the preview of the commands Create would run.
  const problem = box.getByText(XSS).filter({ hasNotText: /^\s*az / });
  await problem.waitFor({ state: 'visible' });
  console.log(`validation message: ${await problem.innerText()}`);
  await box.getByRole('button', { name: 'Create', exact: true }).click();
  await screenshot(page, 'journey-7-markup-in-dialog');
  await box.getByRole('button', { name: 'Cancel', exact: true }).click();
  await waitForClosed(box, 'Cancel');
  assert.ok(await toolbarButton(page, 'Undo').isDisabled(), 'Create ran nothing while the name was invalid');

  // In the console: as a resource name, and echoed.
  await runCommand(page, 'az group create -n rg1 -l eastus');
  await runCommand(page, `az vm create -g rg1 -n '${XSS}' --image Ubuntu2204`);
  const error = consoleOutput(page).locator('.console-error').filter({ hasText: XSS });
  await error.waitFor({ state: 'visible' });
  console.log(`console error: ${await error.innerText()}`);
  await runCommand(page, `echo '${XSS}'`);
  await consoleOutput(page).getByText(XSS, { exact: true }).waitFor({ state: 'visible' });

  assert.equal(await allCards(page).count(), 0, 'no resource was created');
  assert.equal(await page.locator('img').count(), 0, 'no <img> element in the document');
  assert.equal(await page.evaluate(() => window.__imgsInserted), 0, 'no <img> element was ever inserted');
  assert.deepEqual(dialogs, [], 'no dialog (alert) fired');
  return page;
});

journey(
  'keyboard only: SAMI, role grant and VM deletion with Tab, arrows, Enter and Space, focus always visible',
  'journey-8-keyboard-only',
  async (open) => {
    const { page } = await open();
    const kb = page.keyboard;

    // Add vm1 with its system-assigned identity.
    const addVm = page.getByRole('button', { name: 'Add Virtual machine', exact: true });
    await tabTo(page, addVm);
    await kb.press('Enter');
    let box = dialog(page, 'Add Virtual machine');
    await waitForFocus(page, box.getByLabel('Name', { exact: true }), 'the Add dialog puts focus in Name');
    await expectFocusVisible(page);
    await retype(page, 'vm1');
    await tabTo(page, box.getByLabel('Resource group', { exact: true }));
    await retype(page, 'rg1');
    const identity = box.getByRole('checkbox', { name: 'System-assigned identity', exact: true });
    await tabTo(page, identity);
    await kb.press('Space');
    assert.ok(await identity.isChecked(), 'Space ticks the checkbox');
    await tabTo(page, box.getByRole('button', { name: 'Create', exact: true }));
    await kb.press('Enter');
    await waitForClosed(box, 'Enter on Create');
    await seeResource(page, 'vm1');
    await waitForFocus(page, addVm, 'closing the dialog returns focus to the button that opened it');

    // Add storage account store1.
    const addStorage = page.getByRole('button', { name: 'Add Storage account', exact: true });
    await tabTo(page, addStorage);
    await kb.press('Space');
    box = dialog(page, 'Add Storage account');
    await waitForFocus(page, box.getByLabel('Name', { exact: true }), 'the Add dialog puts focus in Name');
    await retype(page, 'store1');
    await tabTo(page, box.getByLabel('Resource group', { exact: true }));
    await retype(page, 'rg1');
    await tabTo(page, box.getByRole('button', { name: 'Create', exact: true }));
    await kb.press('Enter');
    await waitForClosed(box, 'Enter on Create');
    await seeResource(page, 'store1');
    await waitForFocus(page, addStorage, 'closing the dialog returns focus to the button that opened it');

    // Select vm1 in the diagram.
    await tabTo(page, card(page, 'vm1'));
    await screenshot(page, 'journey-8-keyboard-focus-on-card');
    await kb.press('Enter');
    await seeInInspector(page, 'vm1');

    // Grant Storage Blob Data Reader on store1.
    const grant = inspector(page).getByRole('button', { name: 'Grant role…', exact: true });
    await tabTo(page, grant);
    await kb.press('Enter');
    box = dialog(page, 'Grant a role');
    await box.waitFor({ state: 'visible' });
    await tabTo(page, box.getByRole('combobox', { name: 'Identity', exact: true }));
    await arrowToOption(page, identityOption('vm1'), 'Identity');
    await tabTo(page, box.getByRole('searchbox', { name: 'Search roles', exact: true }));
    await kb.type(BLOB_READER);
    const chosen = roleOption(box, BLOB_READER).and(box.locator('[aria-selected="true"]'));
    for (let i = 0; i < 20 && !(await chosen.count()); i++) await kb.press('ArrowDown');
    await expectChosenRole(box, BLOB_READER, 1_000);
    await tabTo(page, box.getByRole('combobox', { name: 'Scope', exact: true }));
    await arrowToOption(page, scopeOption('store1'), 'Scope');
    await tabTo(page, box.getByRole('button', { name: 'Grant', exact: true }));
    await kb.press('Enter');
    await waitForClosed(box, 'Enter on Grant');
    await assignmentRow(page, BLOB_READER, 'store1').waitFor({ state: 'visible' });
    await principal(page, 'vm1').waitFor({ state: 'visible' });
    await waitForFocus(page, grant, 'closing the dialog returns focus to the button that opened it');

    // Delete vm1: the dialog starts on Cancel; Shift+Tab reaches Delete.
    await tabTo(page, inspector(page).getByRole('button', { name: 'Delete…', exact: true }));
    await kb.press('Enter');
    box = dialog(page, /^Delete/);
    await box.waitFor({ state: 'visible' });
    await tabTo(page, box.getByRole('button', { name: 'Delete', exact: true }), { backwards: true });
    await kb.press('Enter');
    await waitForClosed(box, 'Enter on Delete');
    await seeNoResource(page, 'vm1');
    await principal(page, 'vm1').waitFor({ state: 'detached' });
    await seeText(diagram(page), 'Identity not found');
    console.log(`focus after the deletion: ${await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120))}`);
    return page;
  },
);

journey('the main view with content has no serious accessibility violations', 'main-view-axe', async (open) => {
  const { page } = await open();
  await vmReadsStorage(page);
  await select(page, 'vm1');
  await entraPanel(page).getByRole('listitem').first().waitFor({ state: 'visible' });
  const violations = await runAxe(page);
  for (const v of violations) {
    console.log(`axe ${v.impact}: ${v.id}: ${v.help}\n    ${v.details.join('\n    ')}`);
  }
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(
    serious.map((v) => `${v.id} (${v.impact}): ${v.targets.join(', ')}`),
    [],
    'serious or critical accessibility violations',
  );
  return page;
});
