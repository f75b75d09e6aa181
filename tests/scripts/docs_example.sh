# docs/scenarios/system-assigned.sh
az group create -n demo -l eastus
az appservice plan create -g demo -n shop-plan
az webapp create -g demo -n shop --plan shop-plan --assign-identity
az storage account create -n shopdata -g demo
az role assignment create --assignee $(az webapp identity show -g demo -n shop --query principalId -o tsv) \
    --role "Storage Blob Data Reader" --scope $(az storage account show -g demo -n shopdata --query id -o tsv)
mip expect allowed --from shop --action "Read blobs" --scope shopdata
# A new app with the same name gets a new identity: the old assignment does not follow it.
az webapp delete -g demo -n shop
az webapp create -g demo -n shop --plan shop-plan --assign-identity
mip expect denied --reason no-role-assignment --from shop --action "Read blobs" --scope shopdata
