// Doing it as the identity, end to end: the learner signs in on a VM with its managed identity,
// is refused, grants the least role by clicking, and succeeds (SI-8.4, SI-8.6, AU-10.1). The
// console says where commands run and as whom; buttons always act as the learner.

import assert from 'node:assert/strict';
import { expectNoSeriousViolations, servePlayground } from '../support/harness.mjs';
import { journeyTest } from '../support/journey.mjs';
import {
  addResource,
  consoleErrors,
  consoleOutput,
  grantRole,
  inspector,
  runCommand,
  select,
  seeText,
} from '../support/playground.mjs';

const env = servePlayground();
const journey = (title, shot, body, options) => journeyTest(env, title, shot, body, options);

/** The console's line that says where the next command runs and as whom. */
const caller = (page) => page.locator('.console-caller');

/** The Inspector's button that signs in on the selected resource with its identity. */
const signInButton = (page, name) =>
  inspector(page).getByRole('button', { name: `Sign in on ${name} with its identity`, exact: true });

journey(
  'signing in as a VM identity is refused until the learner grants the least role, then the VM reads the blobs',
  'sign-in-as-the-vm',
  async (open) => {
    const { page } = await open();
    await addResource(page, 'Virtual machine', 'vm1', 'rg1', { systemIdentity: true });
    await addResource(page, 'Storage account', 'store1', 'rg1');
    await runCommand(page, 'az storage container create --account-name store1 -n reports --auth-mode key');

    // Sign in on the VM: its identity holds no role, so az finds no subscription (SI-8.6).
    await select(page, 'vm1');
    await signInButton(page, 'vm1').click();
    await seeText(consoleOutput(page), 'No access was configured for the managed identity');
    await seeText(caller(page), 'Runs on vm1 (Virtual machine)');
    await seeText(caller(page), 'Not signed in');

    // The least role, by clicking: the grant runs as the learner, back on their own machine.
    await select(page, 'vm1');
    await grantRole(page, { identity: 'vm1', role: 'Storage Blob Data Reader', scope: 'store1' });
    await seeText(caller(page), 'Runs on your machine');
    const grant = await consoleOutput(page).locator('.console-command').allInnerTexts();
    assert.ok(grant.some((c) => c.includes('mip on local')), 'the grant went back to the learner first');
    assert.ok(grant.some((c) => /az role assignment create --assignee-object-id \S+ --assignee-principal-type ServicePrincipal/.test(c)), grant.join('\n'));

    // Again as the VM: signed in, the data role lets it list the blobs...
    await select(page, 'vm1');
    await signInButton(page, 'vm1').click();
    await seeText(caller(page), "Signed in as vm1's system-assigned identity");
    const before = (await consoleErrors(page)).length;
    await runCommand(page, 'az storage blob list --account-name store1 --container-name reports --auth-mode login');
    assert.equal((await consoleErrors(page)).length, before, 'the VM may read the blobs');

    // ...but the account keys are management, which no role of the VM allows (AU-10.1).
    await runCommand(page, 'az storage account keys list -g rg1 -n store1');
    const errors = await consoleErrors(page);
    assert.match(errors.at(-1), /authorization-failed/);
    assert.match(errors.at(-1), /does not have authorization to perform action 'Microsoft\.Storage\/storageAccounts\/listKeys\/action'/);

    // The way back.
    await caller(page).getByRole('button', { name: 'Back to your machine', exact: true }).click();
    await seeText(caller(page), 'Runs on your machine');
    await expectNoSeriousViolations(page, 'the playground after signing in as the VM');
    return page;
  },
);
