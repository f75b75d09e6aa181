// What a learner does in the playground, as functions a browser test can read
// like the journey it checks: addResource, select, grantRole, deleteSelected,
// runCommand, principals …
//
// Every helper finds things by the accessible names of the DOM contract (the
// names a screen reader announces), never by CSS classes, except the one the
// contract itself names (`console-error`). Every helper waits for the
// condition that shows it worked (a dialog closed, a card appeared, focus
// moved): there are no sleeps, so a slow machine is slower, never flaky.

import { openPage } from './harness.mjs';

/** How long one step may take before the test says which step hung. */
export const STEP_TIMEOUT = 10_000;

/** How long the wasm app may take to start (compiling the module on a cold, busy machine). */
const START_TIMEOUT = 30_000;

/** The kind labels of the palette and of the diagram's cards. */
export const KIND_LABELS = [
  'Virtual machine',
  'VM scale set',
  'App Service plan',
  'Web app',
  'Function app',
  'Storage account',
  'Key vault',
  'SQL server',
  'Cosmos DB account',
  'User-assigned managed identity',
];

/** A string as a literal inside a regular expression. */
export function literal(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Matches `name` as a whole word: not as part of `vm10` when looking for `vm1`. */
function word(name) {
  return new RegExp(`(^|[^\\w-])${literal(name)}($|[^\\w-])`);
}

// ----------------------------------------------------------------- the page

/**
 * Opens the playground in a new browser context (its own, empty localStorage)
 * or in `context` (sharing that one's storage), and waits until the app runs.
 * `link` opens that address instead of `url` (a share link). `beforeLoad`
 * runs in the page before any of the app's scripts, on every load.
 */
export async function openPlayground(browser, url, { context, beforeLoad, beforeLoadArg, link } = {}) {
  const opened = await openPage(browser, { context });
  const { page } = opened;
  page.setDefaultTimeout(STEP_TIMEOUT);
  if (beforeLoad) await page.addInitScript(beforeLoad, beforeLoadArg);
  // A link that differs from `url` only in its fragment must be the first
  // address the page loads: going there later would not reload the app.
  await page.goto(link ?? url);
  await waitForApp(page, opened.problems);
  return opened;
}

/** Waits until nothing animates (a card that appears fades in), so a screenshot shows the state. */
export async function settle(page) {
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'), null, {
    timeout: STEP_TIMEOUT,
  });
}

/** Waits for the app's own heading (the loader, wasm-bindgen and Yew all ran) and its lessons. */
export async function waitForApp(page, problems = []) {
  // index.html shows the same heading while the module loads, so wait for what only the running
  // app has (its toolbar), then for the loading shell to be gone.
  const toolbar = page.getByRole('group', { name: 'Script actions', exact: true });
  const shell = page.locator('#boot-shell');
  // The Lessons panel fetches its files once the app runs: a test that leaves the page at once
  // would abort them, which the page's problems would report as failed requests.
  const lessonsLoading = page.getByRole('region', { name: 'Lessons', exact: true }).getByText('Loading lessons…');
  try {
    await toolbar.waitFor({ state: 'visible', timeout: START_TIMEOUT });
    await shell.waitFor({ state: 'detached', timeout: START_TIMEOUT });
    await lessonsLoading.waitFor({ state: 'detached', timeout: START_TIMEOUT });
  } catch (error) {
    throw new Error([`the app did not start: ${error.message.split('\n')[0]}`, ...problems].join('\n'));
  }
}

// ------------------------------------------------------------------ regions

export const diagram = (page) => page.getByRole('region', { name: 'Diagram', exact: true });
export const inspector = (page) => page.getByRole('region', { name: 'Inspector', exact: true });
export const entraPanel = (page) => page.getByRole('region', { name: 'Entra ID', exact: true });
export const consoleOutput = (page) => page.getByRole('log', { name: 'Console output', exact: true });
export const consoleInput = (page) => page.getByRole('textbox', { name: 'Console command', exact: true });
export const toolbarButton = (page, name) => page.getByRole('button', { name, exact: true });

/**
 * The kinds as the diagram's cards print them (a user-assigned identity's card says
 * "User-assigned identity", shorter than the palette's label).
 */
const CARD_KINDS = KIND_LABELS.map((k) => (k === 'User-assigned managed identity' ? 'User-assigned identity' : k));

/**
 * The accessible name of a resource's card: "<name>, <kind>", then optional details. The name
 * comes first because the card shows it first: an accessible name must begin with the visible
 * text (WCAG 2.5.3, axe's label-content-name-mismatch).
 */
export function cardName(name) {
  return new RegExp(`^${literal(name)}, (?:${CARD_KINDS.map(literal).join('|')})(?:,|$)`);
}

/** The card of the resource called `name` in the diagram. */
export function card(page, name) {
  return diagram(page).getByRole('button', { name: cardName(name) });
}

/** Every resource card in the diagram, whatever its name. */
export function allCards(page) {
  return diagram(page).getByRole('button', {
    name: new RegExp(`^[^,]+, (?:${CARD_KINDS.map(literal).join('|')})(?:,|$)`),
  });
}

/** Waits until the diagram shows the resource, or no longer shows it. */
export async function seeResource(page, name) {
  try {
    await card(page, name).waitFor({ state: 'visible' });
  } catch (error) {
    const names = await diagram(page)
      .getByRole('button')
      .evaluateAll((buttons) => buttons.map((b) => b.getAttribute('aria-label') || b.textContent.trim()))
      .catch(() => ['(the Diagram region was not found)']);
    throw new Error(
      `the diagram shows no card named "${name}, <kind>…" (${cardName(name)}); its buttons are named:\n  ${names.join('\n  ')}\n${error.message.split('\n')[0]}`,
    );
  }
}
export async function seeNoResource(page, name) {
  await card(page, name).waitFor({ state: 'detached' });
}

/** The names of the resources the diagram shows, in the diagram's order. */
export async function resourceNames(page) {
  const labels = await allCards(page).evaluateAll((cards) => cards.map((c) => c.getAttribute('aria-label')));
  return labels.map((label) => label.split(', ')[0]);
}

// ---------------------------------------------------------------- dialogs

/** The open dialog whose heading is `name` (a string or a pattern). */
export function dialog(page, name) {
  return page.getByRole('dialog', { name, exact: typeof name === 'string' });
}

/**
 * Presses a dialog's button and waits for the dialog to close. When it stays
 * open, the error quotes what it says (usually a validation message).
 */
async function closeWith(box, buttonName) {
  await box.getByRole('button', { name: buttonName, exact: true }).click();
  await waitForClosed(box, buttonName);
}

/** Waits for a dialog to go away; if it does not, says what the dialog shows. */
export async function waitForClosed(box, after = 'the last step') {
  try {
    await box.waitFor({ state: 'detached' });
  } catch (error) {
    const text = await box.innerText().catch(() => '(unreadable)');
    throw new Error(`the dialog stayed open after ${after}; it shows:\n${text}\n${error.message.split('\n')[0]}`);
  }
}

/**
 * Picks the option of a <select> whose text matches `pattern`, as a click on
 * it would. Fails listing the options when none matches.
 */
export async function chooseOption(select, pattern, what) {
  const options = await select.evaluate((el) => [...el.options].map((o) => ({ value: o.value, text: o.textContent.trim() })));
  const option = options.find((o) => pattern.test(o.text));
  if (!option) {
    throw new Error(`${what}: no option matches ${pattern}; the options are:\n${options.map((o) => `  ${o.text}`).join('\n')}`);
  }
  await select.selectOption(option.value);
  return option.text;
}

// ---------------------------------------------------- what a learner does

/**
 * Adds a resource from the palette: "Add <kind>", fill the dialog, Create.
 * Returns once the diagram shows the new card.
 */
export async function addResource(page, kindLabel, name, group, { systemIdentity = false } = {}) {
  await page.getByRole('button', { name: `Add ${kindLabel}`, exact: true }).click();
  const box = dialog(page, `Add ${kindLabel}`);
  await box.waitFor({ state: 'visible' });
  await box.getByLabel('Name', { exact: true }).fill(name);
  await box.getByLabel('Resource group', { exact: true }).fill(group);
  if (systemIdentity) {
    await box.getByRole('checkbox', { name: 'System-assigned identity', exact: true }).check();
  }
  await closeWith(box, 'Create');
  await seeResource(page, name);
}

/** Selects a resource by clicking its card; waits for the Inspector to show it. */
export async function select(page, name) {
  await card(page, name).click();
  await seeInInspector(page, name);
}

/** Waits for the Inspector's heading to be `name`. */
export async function seeInInspector(page, name) {
  await inspector(page).getByRole('heading', { name, exact: true }).waitFor({ state: 'visible' });
}

/**
 * Grants a role with the Inspector's "Grant role…" dialog: the identity (a
 * display name), the role (searched, then picked from the list) and the scope
 * (a resource, group or subscription name). Returns once the dialog closed.
 */
export async function grantRole(page, { identity, role, scope }) {
  await inspector(page).getByRole('button', { name: 'Grant role…', exact: true }).click();
  const box = dialog(page, 'Grant a role');
  await box.waitFor({ state: 'visible' });
  await chooseOption(box.getByRole('combobox', { name: 'Identity', exact: true }), identityOption(identity), 'Identity');
  await box.getByRole('searchbox', { name: 'Search roles', exact: true }).fill(role);
  await roleOption(box, role).click();
  await expectChosenRole(box, role);
  await chooseOption(box.getByRole('combobox', { name: 'Scope', exact: true }), scopeOption(scope), 'Scope');
  await closeWith(box, 'Grant');
}

/** An identity's option: its display name first, then details in brackets or after a space. */
export function identityOption(name) {
  return new RegExp(`^${literal(name)}(?:$|[\\s(,])`);
}

/** A scope's option: its name as a word after a space or colon ("Storage account st1 (in rg1)"). */
export function scopeOption(name) {
  return new RegExp(`(?:^|[\\s:])${literal(name)}(?:$|\\s)`);
}

/**
 * The option of the "Role" listbox for `role`. Options are named by the role
 * name first and then details, so "Reader" must not pick "Reader and Data
 * Access": among the options whose name starts with the role, the one whose
 * first part is exactly the role.
 */
export function roleOption(box, role) {
  const listbox = box.getByRole('listbox', { name: 'Role', exact: true });
  const firstPartIsRole = box.page().locator(':scope > :first-child', { hasText: new RegExp(`^\\s*${literal(role)}\\s*$`) });
  return listbox
    .getByRole('option', { name: new RegExp(`^${literal(role)}`) })
    .filter({ has: firstPartIsRole })
    .or(listbox.getByRole('option', { name: role, exact: true }));
}

/**
 * Waits until the Role listbox's chosen option (aria-selected) is `role`,
 * named by the role first. Otherwise says what the chosen option is called.
 */
export async function expectChosenRole(box, role, timeout = STEP_TIMEOUT) {
  try {
    await roleOption(box, role).and(box.locator('[aria-selected="true"]')).waitFor({ state: 'visible', timeout });
  } catch {
    const chosen = box.getByRole('listbox', { name: 'Role', exact: true }).locator('[role="option"][aria-selected="true"]');
    const said = (await chosen.count()) ? await chosen.first().ariaSnapshot() : '(no option has aria-selected="true")';
    throw new Error(`the Role listbox should have chosen an option named "${role}…" (the role name first); the chosen option is:\n${said}`);
  }
}

/**
 * Deletes the selected resource (or group) with the Inspector's "Delete…"
 * button and confirms. Returns the consequences the dialog listed.
 */
export async function deleteSelected(page) {
  await inspector(page).getByRole('button', { name: /^Delete(?: group)?…$/ }).click();
  const box = dialog(page, /^Delete/);
  await box.waitFor({ state: 'visible' });
  const consequences = await box.getByRole('listitem').allInnerTexts();
  await closeWith(box, 'Delete');
  return consequences;
}

/** Attaches a user-assigned identity to the selected resource from the Inspector. */
export async function attachIdentity(page, identityName) {
  const panel = inspector(page);
  await chooseOption(
    panel.getByRole('combobox', { name: 'Attach user-assigned identity', exact: true }),
    new RegExp(`(?:^|\\s)${literal(identityName)}(?:$|[\\s(,])`),
    'Attach user-assigned identity',
  );
  await panel.getByRole('button', { name: 'Attach', exact: true }).click();
  await panel.getByRole('button', { name: `Detach ${identityName}`, exact: true }).waitFor({ state: 'visible' });
}

/** The Inspector's row button for an assignment: "Remove assignment <role> at <scope name>". */
export function assignmentRow(page, role, scopeName) {
  return inspector(page).getByRole('button', { name: `Remove assignment ${role} at ${scopeName}`, exact: true });
}

/**
 * Types a statement into the console and presses Enter; returns once the
 * console's output changed (the statement ran and printed or failed).
 */
export async function runCommand(page, text) {
  const log = await consoleOutput(page).elementHandle();
  const before = await log.evaluate((el) => el.textContent);
  const input = consoleInput(page);
  await input.fill(text);
  await input.press('Enter');
  await page.waitForFunction(({ el, before }) => el.textContent !== before, { el: log, before }, { timeout: STEP_TIMEOUT });
}

/** The console's error lines (the contract's `console-error` elements), as text. */
export function consoleErrors(page) {
  return consoleOutput(page).locator('.console-error').allInnerTexts();
}

/** The Entra ID panel's service principals, each as its text (display name, type, object id, app id). */
export function principals(page) {
  return entraPanel(page).getByRole('list', { name: 'Service principals', exact: true }).getByRole('listitem').allInnerTexts();
}

/** The Entra ID entry of the service principal called `displayName`. */
export function principal(page, displayName) {
  return entraPanel(page).getByRole('list', { name: 'Service principals', exact: true }).getByRole('listitem').filter({ hasText: word(displayName) }).filter({ hasText: 'ManagedIdentity' });
}

/** The first GUID in a text: an object or app id. */
export function firstGuid(text) {
  return text.match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i)?.[0];
}

/** Visible text in a region (SVG <title> tooltips hold the same words, hidden). */
export function seeText(region, text) {
  return region.getByText(text).filter({ visible: true }).first().waitFor({ state: 'visible' });
}

/** The message (role=alert with a "Dismiss" button) whose text matches `pattern`. */
export function message(page, pattern) {
  return page
    .getByRole('alert')
    .filter({ hasText: pattern })
    .filter({ has: page.getByRole('button', { name: 'Dismiss', exact: true }) });
}

/** The share link the Share button puts in the "Share link" box. */
export async function shareLink(page) {
  await toolbarButton(page, 'Share').click();
  const box = page.getByRole('textbox', { name: 'Share link', exact: true });
  await box.waitFor({ state: 'visible' });
  await page.waitForFunction((el) => el.value.includes('#'), await box.elementHandle());
  return box.inputValue();
}

/** Waits until the saved session in localStorage mentions `text` (autosave ran). */
export async function waitForAutosave(page, text) {
  await page.waitForFunction((needle) => (localStorage.getItem('mip.session') || '').includes(needle), text, {
    timeout: STEP_TIMEOUT,
  });
}

// --------------------------------------------------------------- keyboard

/**
 * Presses Tab (or Shift+Tab) until `target` has focus, as a keyboard user
 * would, then checks that the focus can be seen. Fails after `max` presses
 * naming where focus went.
 */
export async function tabTo(page, target, { backwards = false, max = 120 } = {}) {
  await target.waitFor({ state: 'attached' });
  const visited = [];
  for (let presses = 0; presses <= max; presses++) {
    if (await target.evaluate((el) => el === document.activeElement)) {
      await expectFocusVisible(page);
      return presses;
    }
    if (presses < max) {
      await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
      visited.push(await focusedName(page));
    }
  }
  throw new Error(`${max} presses of ${backwards ? 'Shift+Tab' : 'Tab'} never reached ${target}; focus went to:\n  ${visited.join('\n  ')}`);
}

/** A short description of the focused element, for messages. */
export function focusedName(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return '(nothing: the page body)';
    const label =
      el.getAttribute('aria-label') ||
      (el.labels && el.labels[0]?.textContent) ||
      el.textContent ||
      el.getAttribute('name') ||
      '';
    return `<${el.tagName.toLowerCase()}${el.getAttribute('role') ? ` role=${el.getAttribute('role')}` : ''}> ${label.trim().replace(/\s+/g, ' ').slice(0, 80)}`;
  });
}

/** Waits until `target` has focus (focus moves on the app's own schedule). */
export async function waitForFocus(page, target, why) {
  const handle = await target.elementHandle();
  await page
    .waitForFunction((el) => el === document.activeElement, handle, { timeout: STEP_TIMEOUT })
    .catch(async () => {
      throw new Error(`${why}: focus is on ${await focusedName(page)}`);
    });
}

/**
 * Fails unless the focused element shows a focus indicator: a non-'none'
 * outline or box-shadow from getComputedStyle. Diagram elements are SVG
 * groups that draw their ring as a child shape (an outline does not follow
 * their outline shape); for those, the ring must be a visible, stroked shape.
 */
export async function expectFocusVisible(page) {
  const verdict = await page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return { ok: false, why: 'nothing has focus' };
    const s = getComputedStyle(el);
    const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
    const shadow = s.boxShadow && s.boxShadow !== 'none';
    if (outline || shadow) return { ok: true };
    if (el instanceof SVGElement) {
      const ring = el.querySelector(':scope > .diagram-focus-ring');
      if (ring) {
        const r = getComputedStyle(ring);
        if (r.visibility === 'visible' && r.display !== 'none' && r.stroke !== 'none' && parseFloat(r.strokeWidth) > 0) {
          return { ok: true };
        }
      }
    }
    return {
      ok: false,
      why: `outline ${s.outlineStyle} ${s.outlineWidth}, box-shadow ${s.boxShadow}, :focus-visible ${el.matches(':focus-visible')}`,
    };
  });
  if (!verdict.ok) {
    throw new Error(`focus is not visible on ${await focusedName(page)}: ${verdict.why}`);
  }
}

/** Replaces the text of the focused field by typing: End, Backspace over the old text, the new text. */
export async function retype(page, text) {
  const length = await page.evaluate(() => document.activeElement.value?.length ?? 0);
  await page.keyboard.press('End');
  for (let i = 0; i < length; i++) await page.keyboard.press('Backspace');
  await page.keyboard.type(text);
}

/**
 * With a <select> focused, presses the arrow keys until its chosen option
 * matches `pattern`: up to the first option, then down through all of them.
 */
export async function arrowToOption(page, pattern, what) {
  const state = () =>
    page.evaluate(() => {
      const el = document.activeElement;
      return { index: el.selectedIndex, count: el.options?.length ?? 0, text: el.selectedOptions?.[0]?.textContent.trim() ?? '' };
    });
  let now = await state();
  if (!('count' in now) || now.count === 0) throw new Error(`${what}: focus is not on a select (${await focusedName(page)})`);
  if (pattern.test(now.text)) return now.text;
  for (let i = 0; i < now.count && now.index > 0; i++) {
    await page.keyboard.press('ArrowUp');
    now = await state();
  }
  for (let i = 0; i <= now.count; i++) {
    if (pattern.test(now.text)) return now.text;
    await page.keyboard.press('ArrowDown');
    now = await state();
  }
  throw new Error(`${what}: the arrow keys never reached an option matching ${pattern}`);
}

// ------------------------------------------------- workspace tabs and checks

/** A tab of the workspace: "Diagram", "Can it?" or "Access matrix". */
export const workspaceTab = (page, name) => page.getByRole('tab', { name, exact: true });
export const canItPanel = (page) => page.getByRole('region', { name: 'Can it?', exact: true });
export const matrixPanel = (page) => page.getByRole('region', { name: 'Access matrix', exact: true });

/** Waits until the workspace tab `name` is the selected one. */
export async function seeTabSelected(page, name) {
  const tab = workspaceTab(page, name);
  await page
    .waitForFunction((el) => el.getAttribute('aria-selected') === 'true', await tab.elementHandle(), { timeout: STEP_TIMEOUT })
    .catch(async () => {
      const selected = await page.getByRole('tab', { selected: true }).allInnerTexts();
      throw new Error(`the "${name}" tab should be selected; the selected tab is ${JSON.stringify(selected)}`);
    });
}

/** Clicks a workspace tab and waits for it to be selected. */
export async function openTab(page, name) {
  await workspaceTab(page, name).click();
  await seeTabSelected(page, name);
}

/**
 * Fills the "Can it?" form and presses Check: who asks, either the resource whose code asks
 * (`from`) with the user-assigned identity the request names (`identity`, a name; none named
 * when left out), or a user, group or app that asks directly (`as`, its UPN or display name);
 * then the operation by its friendly name and the target by name.
 */
export async function askCanIt(page, { from, as, identity, operation, target }) {
  const panel = canItPanel(page);
  const field = (name) => panel.getByRole('combobox', { name, exact: true });
  await chooseOption(field('Who asks'), new RegExp(`^${literal(as ?? from)} \\(`), 'Who asks');
  if (!as) {
    await chooseOption(
      field('Identity the request names'),
      identity ? new RegExp(`^${literal(identity)} \\(user-assigned`) : /^None named/,
      'Identity the request names',
    );
  }
  await chooseOption(field('Operation'), new RegExp(`^${literal(operation)}$`), 'Operation');
  await chooseOption(field('Target'), scopeOption(target), 'Target');
  await panel.getByRole('button', { name: 'Check', exact: true }).click();
}

/** The stage of the shown check whose heading matches `pattern` ("1. vm1 asks IMDS for a token" …). */
export function checkStage(page, pattern) {
  return canItPanel(page)
    .getByRole('list', { name: 'How Azure decides', exact: true })
    .getByRole('listitem')
    .filter({ has: page.getByRole('heading', { level: 3, name: pattern }) });
}

/** The stages of the shown check, in order. */
export function checkStages(page) {
  return checkStage(page, /^\d+\. /);
}

/** A cell of the access matrix, by its accessible name ("vm1 (system-assigned) → st1: allowed"). */
export function matrixCell(page, name) {
  return matrixPanel(page).getByRole('grid').getByRole('button', { name, exact: typeof name === 'string' });
}
