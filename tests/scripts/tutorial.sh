az group create --name myResourceGroup -l eastus
az vm create --resource-group myResourceGroup --name myVM --image Ubuntu2204 --admin-username azureuser --generate-ssh-keys
az vm identity assign --name myVM --resource-group myResourceGroup
spID=$(az resource list -n myVM --query [*].identity.principalId --out tsv)
az storage account create -n mystorage -g myResourceGroup
storageId=$(az storage account show -n mystorage -g myResourceGroup --query id --out tsv)
az role assignment create --assignee $spID --role 'Storage Blob Data Reader' --scope $storageId
mip check --from myVM --action "Read blobs" --scope mystorage
az identity create -g myResourceGroup -n myUserAssignedIdentity
az vm identity assign -g myResourceGroup -n myVM --identities myUserAssignedIdentity
az vm update -n myVM -g myResourceGroup --set identity.type="none"
mip check --from myVM --action "Read blobs" --scope mystorage
az role assignment list --all -o table
