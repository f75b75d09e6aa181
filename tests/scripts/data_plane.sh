# Microsoft Learn's "Authorize access to blob data with Azure CLI", then a Key Vault secret.
az group create --name sample-resource-group-cli --location eastus
az storage account create --name samplestore4711 --resource-group sample-resource-group-cli --location eastus --sku Standard_ZRS
storageId=$(az storage account show -n samplestore4711 -g sample-resource-group-cli --query id -o tsv)
# Even an Owner needs a data role for --auth-mode login (RB-4.6).
az role assignment create --assignee learner@contoso.onmicrosoft.com --role "Storage Blob Data Contributor" --scope $storageId
az storage container create --account-name samplestore4711 --name sample-container --auth-mode login
az storage blob upload --account-name samplestore4711 --container-name sample-container --name helloworld --data "Hello, World" --auth-mode login
az storage blob list --account-name samplestore4711 --container-name sample-container --auth-mode login --output table
az keyvault create --name sample-vault-4711 --resource-group sample-resource-group-cli --location eastus
vaultId=$(az keyvault show --name sample-vault-4711 --query id -o tsv)
az role assignment create --assignee learner@contoso.onmicrosoft.com --role "Key Vault Secrets Officer" --scope $vaultId
az keyvault secret set --vault-name sample-vault-4711 --name ExamplePassword --value hVFkk965BuUv
az keyvault secret show --vault-name sample-vault-4711 --name ExamplePassword --query value -o tsv
