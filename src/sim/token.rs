//! Managed-identity tokens: which identity a resource's code gets (TK-3.2, TK-3.5), the request it
//! sends (TK-3.1, TK-3.5), and the claims Entra ID puts in the token (TK-3.6).
//!
//! Failures are data ([`TokenError`]) carrying the reason code and Azure's own error text.

use serde_json::{json, Value};

use super::account::Host;
use super::event::{Event, ManagedIdentityType, SignInEntry, SignInKind};
use super::ids::Guid;
use super::resource::{Resource, ResourceKind, TokenEndpoint};
use super::world::World;

/// How the token request names the identity it wants (TK-3.1 / TK-3.5 query parameters).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Selector {
    /// No selector: the default rules of TK-3.2 (IMDS) or TK-3.5 (App Service) apply.
    #[default]
    Default,
    ClientId(String),
    ObjectId(String),
    /// The identity's ARM id (`msi_res_id` on IMDS, `mi_res_id` on App Service).
    ResourceId(String),
}

/// Which of a resource's identities a token is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdentityKind {
    SystemAssigned,
    UserAssigned,
}

impl IdentityKind {
    pub fn name(self) -> &'static str {
        match self {
            IdentityKind::SystemAssigned => "SystemAssigned",
            IdentityKind::UserAssigned => "UserAssigned",
        }
    }
}

/// The identity picked for a token request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SelectedIdentity {
    pub kind: IdentityKind,
    pub principal_id: Guid,
    pub client_id: Guid,
    /// TK-3.6 `xms_mirid`: the identity's ARM id, or the resource's for a system-assigned one.
    pub arm_id: String,
    pub display_name: String,
}

impl SelectedIdentity {
    pub fn describe(&self) -> String {
        match self.kind {
            IdentityKind::SystemAssigned => {
                format!("the system-assigned identity of {}", self.display_name)
            }
            IdentityKind::UserAssigned => {
                format!("the user-assigned identity {}", self.display_name)
            }
        }
    }

    pub fn to_json(&self) -> Value {
        json!({
            "type": self.kind.name(),
            "principalId": self.principal_id.to_string(),
            "clientId": self.client_id.to_string(),
            "resourceId": self.arm_id,
            "name": self.display_name,
        })
    }
}

/// Why no token was issued. `reason` is one of the three token reason codes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenError {
    pub reason: TokenFailure,
    /// The HTTP status the endpoint answers with.
    pub status: u16,
    /// The OAuth `error` field, e.g. `invalid_request`.
    pub error: &'static str,
    /// Azure's `error_description`, verbatim where Azure documents it.
    pub message: String,
}

/// The reasons a token request fails; their codes are shared with access decisions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenFailure {
    NoIdentity,
    IdentitySelectionRequired,
    IdentityNotFound,
}

impl TokenFailure {
    pub fn code(self) -> &'static str {
        match self {
            TokenFailure::NoIdentity => "no-identity",
            TokenFailure::IdentitySelectionRequired => "identity-selection-required",
            TokenFailure::IdentityNotFound => "identity-not-found",
        }
    }
}

/// TK-3.2: the error text IMDS returns when several user-assigned identities compete.
pub const MULTIPLE_UAMI_MESSAGE: &str =
    "Multiple user assigned identities exist, please specify the clientId / resourceId of the identity in the token request";

/// TK-3.4 / TK-3.6: an issued token, with its decoded claims.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub identity: SelectedIdentity,
    pub audience: String,
    pub request: String,
    pub issued_at: u64,
    pub expires_on: u64,
    pub tenant_id: Guid,
}

/// TK-3.8: managed-identity tokens live about 24 hours.
pub const TOKEN_LIFETIME_SECONDS: u64 = 86_399;

impl Token {
    /// TK-3.6: the claims in the order jwt.ms shows them. `xms_mirid` is not in Microsoft's
    /// claims reference but is present in managed-identity tokens.
    pub fn claims(&self) -> Value {
        let issuer = format!("https://sts.windows.net/{}/", self.tenant_id);
        json!({
            "aud": self.audience,
            "iss": issuer,
            "iat": self.issued_at,
            "nbf": self.issued_at,
            "exp": self.expires_on,
            "appid": self.identity.client_id.to_string(),
            "appidacr": "2",
            "idp": issuer,
            "idtyp": "app",
            "oid": self.identity.principal_id.to_string(),
            "sub": self.identity.principal_id.to_string(),
            "tid": self.tenant_id.to_string(),
            "ver": "1.0",
            "xms_mirid": self.identity.arm_id,
        })
    }

    /// TK-3.4: the endpoint's JSON response (the token itself is an opaque stand-in).
    pub fn response(&self) -> Value {
        json!({
            "access_token": format!("eyJ0eXAiOiJKV1Qi.simulated.{}", self.identity.principal_id),
            "expires_in": (self.expires_on - self.issued_at).to_string(),
            "expires_on": self.expires_on.to_string(),
            "not_before": self.issued_at.to_string(),
            "resource": self.audience,
            "token_type": "Bearer",
        })
    }
}

/// TK-3.1 / TK-3.5: the HTTP request the resource's code sends for a token.
pub fn request_line(kind: ResourceKind, audience: &str, selector: &Selector) -> String {
    match kind.token_endpoint() {
        TokenEndpoint::AppService => {
            let sel = match selector {
                Selector::Default => String::new(),
                Selector::ClientId(v) => format!("&client_id={v}"),
                Selector::ObjectId(v) => format!("&principal_id={v}"),
                Selector::ResourceId(v) => format!("&mi_res_id={v}"),
            };
            format!("GET $IDENTITY_ENDPOINT?api-version=2019-08-01&resource={audience}{sel}\nX-IDENTITY-HEADER: $IDENTITY_HEADER")
        }
        TokenEndpoint::Imds | TokenEndpoint::Platform => {
            let sel = match selector {
                Selector::Default => String::new(),
                Selector::ClientId(v) => format!("&client_id={v}"),
                Selector::ObjectId(v) => format!("&object_id={v}"),
                Selector::ResourceId(v) => format!("&msi_res_id={v}"),
            };
            format!("GET http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource={audience}{sel}\nMetadata: true")
        }
    }
}

fn not_found(message: impl Into<String>) -> TokenError {
    TokenError {
        reason: TokenFailure::IdentityNotFound,
        status: 400,
        error: "invalid_request",
        message: message.into(),
    }
}

impl World {
    /// TK-3.2 / TK-3.5: picks the identity a token request from `resource` gets, or says why none.
    pub fn select_identity(
        &self,
        resource: &Resource,
        selector: &Selector,
    ) -> Result<SelectedIdentity, TokenError> {
        // A user-assigned identity standing for itself (e.g. federated workload identity).
        if let Some((principal_id, client_id)) = resource.user_identity_ids() {
            return Ok(SelectedIdentity {
                kind: IdentityKind::UserAssigned,
                principal_id,
                client_id,
                arm_id: resource.id.clone(),
                display_name: resource.name.clone(),
            });
        }
        let identity = &resource.identity;
        if identity.is_empty() {
            // TK-3.3: no managed identity at all.
            return Err(TokenError {
                reason: TokenFailure::NoIdentity,
                status: 400,
                error: "unauthorized_client",
                message: format!(
                    "The client is not authorized to request an access token using this method. ({} '{}' has no managed identity.)",
                    resource.kind.label(),
                    resource.name
                ),
            });
        }
        let system = identity.system.as_ref().map(|s| {
            let client_id = self
                .directory
                .get(s.principal_id)
                .map(|p| p.app_id)
                .unwrap_or(Guid::NIL);
            SelectedIdentity {
                kind: IdentityKind::SystemAssigned,
                principal_id: s.principal_id,
                client_id,
                arm_id: resource.id.clone(),
                display_name: resource.name.clone(),
            }
        });
        let user =
            |reference: &super::resource::UserAssignedRef| -> Result<SelectedIdentity, TokenError> {
                // MI-2.2: a reference to a deleted identity cannot produce a token.
                match self.live_user_identity(reference) {
                Some(live) => Ok(SelectedIdentity {
                    kind: IdentityKind::UserAssigned,
                    principal_id: reference.principal_id,
                    client_id: reference.client_id,
                    arm_id: live.id.clone(),
                    display_name: live.name.clone(),
                }),
                None => Err(not_found(format!(
                    "Identity not found. (The user-assigned identity '{}' was deleted; remove it from '{}'.)",
                    reference.id, resource.name
                ))),
            }
            };
        let matches = |value: &str, guid: Guid| Guid::parse(value) == Some(guid);
        match selector {
            Selector::Default => {
                if let Some(system) = system {
                    return Ok(system);
                }
                if resource.kind.token_endpoint() == TokenEndpoint::AppService {
                    // TK-3.5: with no selector App Service uses the system-assigned identity.
                    return Err(TokenError {
                        reason: TokenFailure::IdentitySelectionRequired,
                        status: 400,
                        error: "invalid_request",
                        message: format!(
                            "'{}' has no system-assigned identity, which App Service uses when the request names none; pass client_id, principal_id or mi_res_id of a user-assigned identity.",
                            resource.name
                        ),
                    });
                }
                match identity.user_assigned.as_slice() {
                    [only] => user(only),
                    _ => Err(TokenError {
                        reason: TokenFailure::IdentitySelectionRequired,
                        status: 400,
                        error: "invalid_request",
                        message: MULTIPLE_UAMI_MESSAGE.to_string(),
                    }),
                }
            }
            Selector::ClientId(v) => match system.filter(|s| matches(v, s.client_id)) {
                Some(s) => Ok(s),
                None => identity
                    .user_assigned
                    .iter()
                    .find(|r| matches(v, r.client_id))
                    .map(user)
                    .unwrap_or_else(|| Err(not_found(format!("Identity not found. (No identity on '{}' has client id {v}.)", resource.name)))),
            },
            Selector::ObjectId(v) => match system.filter(|s| matches(v, s.principal_id)) {
                Some(s) => Ok(s),
                None => identity
                    .user_assigned
                    .iter()
                    .find(|r| matches(v, r.principal_id))
                    .map(user)
                    .unwrap_or_else(|| Err(not_found(format!("Identity not found. (No identity on '{}' has object id {v}.)", resource.name)))),
            },
            Selector::ResourceId(v) => identity
                .user_assigned
                .iter()
                .find(|r| r.id.eq_ignore_ascii_case(v))
                .map(user)
                .unwrap_or_else(|| {
                    Err(not_found(format!("Identity not found. (No user-assigned identity '{v}' is attached to '{}'.)", resource.name)))
                }),
        }
    }

    /// Requests a token as code on `resource` would: picks the identity, logs the sign-in (LG-7.2)
    /// and emits the outcome.
    pub fn request_token(
        &mut self,
        resource_id: &str,
        audience: &str,
        selector: &Selector,
    ) -> Result<Token, TokenError> {
        let Some(resource) = self.resource(resource_id).cloned() else {
            return Err(not_found(format!(
                "Identity not found. (The resource '{resource_id}' does not exist.)"
            )));
        };
        match self.select_identity(&resource, selector) {
            Ok(identity) => {
                let token = Token {
                    request: request_line(resource.kind, audience, selector),
                    audience: audience.to_string(),
                    issued_at: self.now,
                    expires_on: self.now + TOKEN_LIFETIME_SECONDS,
                    tenant_id: self.tenant_id(),
                    identity,
                };
                self.sign_ins.push(SignInEntry {
                    time: self.now,
                    identity: token.identity.display_name.clone(),
                    object_id: token.identity.principal_id,
                    app_id: token.identity.client_id,
                    resource: audience.to_string(),
                    kind: SignInKind::ManagedIdentity(match token.identity.kind {
                        IdentityKind::SystemAssigned => ManagedIdentityType::SystemAssigned,
                        IdentityKind::UserAssigned => ManagedIdentityType::UserAssigned,
                    }),
                    requester: Host::Resource(resource.id.clone()),
                });
                self.emit(Event::TokenIssued {
                    requester_id: resource.id.clone(),
                    principal_id: token.identity.principal_id,
                    audience: audience.to_string(),
                });
                Ok(token)
            }
            Err(error) => {
                self.emit(Event::TokenRequestFailed {
                    requester_id: resource.id.clone(),
                    code: error.reason.code(),
                });
                Err(error)
            }
        }
    }
}

/// The token audience a call to `operation` needs: the resource's data endpoint, or ARM.
pub fn audience_for(operation: &str, data_plane: bool) -> &'static str {
    let op = operation.to_ascii_lowercase();
    if !data_plane {
        return "https://management.azure.com/";
    }
    if op.starts_with("microsoft.storage/") {
        "https://storage.azure.com/"
    } else if op.starts_with("microsoft.keyvault/") {
        "https://vault.azure.net"
    } else if op.starts_with("microsoft.documentdb/") {
        "https://cosmos.azure.com"
    } else if op.starts_with("microsoft.sql/") {
        "https://database.windows.net/"
    } else {
        "https://management.azure.com/"
    }
}
