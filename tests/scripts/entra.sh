# Entra ID beyond managed identities: a user and a VM's identity get blob access through a
# nested security group (EN-9.1, EN-9.2; the VM once its cached token expires, TK-3.8), and a CI pipeline gets an app registration with a
# secret and a role (EN-9.6).
az group create --name rg1 --location eastus
az storage account create --name store1 --resource-group rg1
az vm create --resource-group rg1 --name vm1 --image Ubuntu2204 --assign-identity
storageId=$(az storage account show --name store1 --resource-group rg1 --query id --output tsv)
vmPrincipal=$(az vm show --name vm1 --resource-group rg1 --query identity.principalId --output tsv)

alice=$(az ad user create --display-name Alice --user-principal-name alice@contoso.onmicrosoft.com --password 'Str0ng!Passw0rd' --query id --output tsv)
readers=$(az ad group create --display-name 'Blob readers' --mail-nickname blob-readers --query id --output tsv)
apps=$(az ad group create --display-name 'App identities' --mail-nickname app-identities --query id --output tsv)
az ad group member add --group $readers --member-id $alice
az ad group member add --group $readers --member-id $apps
az ad group member add --group $apps --member-id $vmPrincipal
az role assignment create --assignee $readers --role 'Storage Blob Data Reader' --scope $storageId
# Alice signs in again and has access at once; the VM's cached token lags 24 hours (TK-3.8).
mip expect allowed --as alice@contoso.onmicrosoft.com --action "Read blobs" --scope $storageId
mip expect denied --from vm1 --action "Read blobs" --scope $storageId
mip wait 24h
mip expect allowed --from vm1 --action "Read blobs" --scope $storageId
az role assignment list --assignee $vmPrincipal --all --include-groups --query "[].roleDefinitionName" --output tsv
az ad group member check --group $readers --member-id $vmPrincipal --query value

az ad sp create-for-rbac --name ci-deployer --role Contributor --scopes $storageId --query appId --output tsv
az ad sp list --filter "displayName eq 'ci-deployer'" --query "[].servicePrincipalType" --output tsv
