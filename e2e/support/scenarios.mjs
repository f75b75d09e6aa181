// Generated scenarios for browser tests that need many resources.

const GROUPS = ['rg-web', 'rg-data', 'rg-identity', 'rg-ops', 'rg-batch', 'rg-api', 'rg-etl', 'rg-ml', 'rg-edge'];

/**
 * An az script with `resources` resources spread over `groups` resource groups: VMs with
 * system-assigned identities, storage accounts with a container, user-assigned identities
 * attached to app VMs, key vaults, and role assignments between them.
 */
export function scenario(resources, groups) {
  const rg = (i) => GROUPS[i % groups];
  const name = (i) => ['vm', 'st', 'id', 'kv', 'app'][i % 5] + String(i).padStart(3, '0');
  const lines = GROUPS.slice(0, groups).map((g) => `az group create -n ${g} -l eastus`);
  for (let i = 0; i < resources; i++) {
    const n = name(i);
    switch (i % 5) {
      case 0:
        lines.push(`az vm create -n ${n} -g ${rg(i)} --assign-identity`);
        break;
      case 1:
        lines.push(`az storage account create -n ${n} -g ${rg(i)}`);
        lines.push(`az storage container create --account-name ${n} -n data${i}`);
        break;
      case 2:
        lines.push(`az identity create -n ${n} -g ${rg(i)}`);
        break;
      case 3:
        lines.push(`az keyvault create -n ${n} -g ${rg(i)}`);
        break;
      default:
        lines.push(`az vm create -n ${n} -g ${rg(i)}`);
    }
  }
  for (let i = 0; i + 4 < resources; i += 5) {
    lines.push(`az role assignment create --assignee ${name(i)} --role 'Storage Blob Data Reader' --scope data${i + 1}`);
    lines.push(`az role assignment create --assignee ${name(i + 2)} --role 'Key Vault Secrets User' --scope ${name(i + 3)}`);
    lines.push(`az role assignment create --assignee ${name(i + 2)} --role Reader --scope ${rg(i)}`);
    lines.push(`az vm identity assign -n ${name(i + 4)} -g ${rg(i + 4)} --identities ${name(i + 2)}`);
  }
  return { script: `${lines.join('\n')}\n`, name };
}
