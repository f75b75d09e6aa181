//! The token stages: the request code on a resource sends (TK-3.1, TK-3.5), the identity the
//! endpoint picks and its token's claims (TK-3.2, TK-3.6), or Azure's error and its fix.

use serde_json::Value;

use crate::sim::evaluate::Reason;
use crate::sim::resource::{Resource, ResourceKind, TokenEndpoint};
use crate::sim::token::{
    request_line, IdentityKind, SelectedIdentity, Selector, Token, TokenError,
};
use crate::sim::world::World;
use crate::view::describe::{kind_text, time_text};

/// Stage 1: the HTTP request the resource's code sends for a token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestStage {
    /// `IMDS` or `IDENTITY_ENDPOINT`.
    pub endpoint: &'static str,
    /// `http://169.254.169.254/metadata/identity/oauth2/token` or `$IDENTITY_ENDPOINT`.
    pub url: &'static str,
    /// The `resource` parameter: the audience the operation needs.
    pub audience: &'static str,
    /// The request line, e.g. `GET http://169.254.169.254/…&resource=https://storage.azure.com/`.
    pub line: String,
    /// The header that proves the request comes from the resource (`Metadata: true`).
    pub header: String,
    pub explanation: String,
}

/// Stage 2: the identity the endpoint picked and its token, or Azure's error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenStage {
    Issued {
        identity: SelectedIdentity,
        explanation: String,
        /// The decoded claims, in jwt.ms's order, each with one line on what it means.
        claims: Vec<Claim>,
    },
    /// TK-3.2 / TK-3.3 / MI-2.2: no token, so Azure RBAC is never asked.
    Failed {
        reason: Reason,
        status: u16,
        /// The OAuth `error` field, e.g. `invalid_request`.
        error: &'static str,
        /// Azure's `error_description`.
        message: String,
        explanation: String,
    },
}

/// One decoded claim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    pub name: &'static str,
    pub value: String,
    pub meaning: String,
}

/// TK-3.1 / TK-3.5: where the request goes and what it says.
pub(super) fn request_stage(
    resource: &Resource,
    audience: &'static str,
    selector: &Selector,
) -> RequestStage {
    let full = request_line(resource.kind, audience, selector);
    let (line, header) = full.split_once('\n').unwrap_or((full.as_str(), ""));
    let endpoint = resource.kind.token_endpoint();
    let (name, url) = match endpoint {
        TokenEndpoint::AppService => ("IDENTITY_ENDPOINT", "$IDENTITY_ENDPOINT"),
        TokenEndpoint::Imds | TokenEndpoint::Platform => (
            "IMDS",
            "http://169.254.169.254/metadata/identity/oauth2/token",
        ),
    };
    let who = format!("{} {}", kind_text(resource.kind), resource.name);
    let asks = match endpoint {
        TokenEndpoint::Imds => format!(
            "Code on {who} asks the Instance Metadata Service, reachable only from inside the machine, for a token for {audience}; the Metadata: true header is required, which guards against server-side request forgery."
        ),
        TokenEndpoint::AppService => format!(
            "Code in {who} asks the local endpoint App Service puts in IDENTITY_ENDPOINT for a token for {audience}, proving itself with the secret in IDENTITY_HEADER."
        ),
        TokenEndpoint::Platform => format!(
            "The {who} service uses its identity itself, asking for a token for {audience} by the same rules as IMDS."
        ),
    };
    let picks = match (selector, endpoint) {
        (Selector::Default, TokenEndpoint::AppService) => {
            " No identity is named, so App Service uses the system-assigned one.".to_string()
        }
        (Selector::Default, _) => " No identity is named, so Azure picks the system-assigned one, or else the only user-assigned one.".to_string(),
        (Selector::ClientId(_), _) => " client_id names the identity by its client (application) id.".to_string(),
        (Selector::ObjectId(_), TokenEndpoint::AppService) => " principal_id names the identity by its object id.".to_string(),
        (Selector::ObjectId(_), _) => " object_id names the identity by its object (principal) id.".to_string(),
        (Selector::ResourceId(_), TokenEndpoint::AppService) => " mi_res_id names the user-assigned identity by its ARM id.".to_string(),
        (Selector::ResourceId(_), _) => " msi_res_id names the user-assigned identity by its ARM id.".to_string(),
    };
    RequestStage {
        endpoint: name,
        url,
        audience,
        line: line.to_string(),
        header: header.to_string(),
        explanation: format!("{asks}{picks}"),
    }
}

/// The claims a learner reads, in the order they are shown: who the token is for and from
/// (aud, iss), whom it names (oid, appid, tid, xms_mirid, idtyp), then when it is valid.
pub(super) const CLAIM_ORDER: [&str; 10] = [
    "aud",
    "iss",
    "oid",
    "appid",
    "tid",
    "xms_mirid",
    "idtyp",
    "iat",
    "nbf",
    "exp",
];

/// TK-3.2 / TK-3.6: the identity chosen, why, and the token's claims.
pub(super) fn issued(resource: &Resource, selector: &Selector, token: &Token) -> TokenStage {
    let identity = &token.identity;
    let why = match (selector, identity.kind) {
        (Selector::Default, IdentityKind::SystemAssigned) => {
            "No identity was named, so the system-assigned identity was used.".to_string()
        }
        (Selector::Default, IdentityKind::UserAssigned) => format!(
            "No identity was named and {} has no system-assigned identity, so its only user-assigned identity was used.",
            resource.name
        ),
        _ => "The request named it.".to_string(),
    };
    let explanation = format!(
        "Entra ID issued a token for {} (object id {}, client id {}). {why}",
        identity.describe(),
        identity.principal_id,
        identity.client_id
    );
    let claims = token.claims();
    let claims = CLAIM_ORDER
        .into_iter()
        .filter_map(|name| {
            let value = claims.get(name)?;
            let text = match value {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            let meaning = claim_meaning(name, value);
            Some(Claim {
                name,
                value: text,
                meaning,
            })
        })
        .collect();
    TokenStage::Issued {
        identity: identity.clone(),
        explanation,
        claims,
    }
}

/// One line on a claim (TK-3.6).
fn claim_meaning(name: &str, value: &Value) -> String {
    let at = || value.as_u64().map(time_text).unwrap_or_default();
    match name {
        "aud" => "Audience: the API the token is for; any other API rejects it.".to_string(),
        "iss" => "Issuer: the security token service of the Entra ID tenant that signed it.".to_string(),
        "oid" => "Object id of the identity's service principal: the principal id role assignments name.".to_string(),
        "appid" => "Client (application) id of the identity: what client_id selects.".to_string(),
        "tid" => "Tenant id: the Entra ID tenant the identity belongs to.".to_string(),
        "xms_mirid" => "ARM id of the managed identity (of its resource, for a system-assigned one); not in Microsoft's claims reference, but present in managed-identity tokens.".to_string(),
        "idtyp" => "Identity type: app, a service principal rather than a user.".to_string(),
        "iat" => format!("Issued at {} UTC (seconds since 1970).", at()),
        "nbf" => format!("Not valid before {} UTC.", at()),
        "exp" => format!("Expires at {} UTC, about 24 hours after issue; until then the token is cached and reused, so role changes can take that long to show.", at()),
        _ => String::new(),
    }
}

pub(super) fn failed(error: &TokenError) -> TokenStage {
    TokenStage::Failed {
        reason: error.reason.into(),
        status: error.status,
        error: error.error,
        message: error.message.clone(),
        explanation: "No token was issued, so the request never reaches Azure RBAC.".to_string(),
    }
}

/// What a failed token request lacked.
pub(super) fn token_missing(resource: &Resource, error: &TokenError) -> String {
    match Reason::from(error.reason) {
        Reason::NoIdentity => format!("a managed identity on {}.", resource.name),
        Reason::IdentitySelectionRequired => {
            "the identity's name in the token request: with several user-assigned identities and no system-assigned one, Azure will not guess.".to_string()
        }
        _ => format!(
            "the identity the request names: it is not, or no longer, attached to {}.",
            resource.name
        ),
    }
}

/// How to get a token next time.
pub(super) fn token_fix(world: &World, resource: &Resource, error: &TokenError) -> Option<String> {
    let command = match resource.kind {
        ResourceKind::VirtualMachine => Some("vm"),
        ResourceKind::VmScaleSet => Some("vmss"),
        ResourceKind::WebApp => Some("webapp"),
        ResourceKind::FunctionApp => Some("functionapp"),
        _ => None,
    };
    let param = match resource.kind.token_endpoint() {
        TokenEndpoint::AppService => "mi_res_id",
        _ => "msi_res_id",
    };
    let live: Vec<&str> = resource
        .identity
        .user_assigned
        .iter()
        .filter_map(|r| world.live_user_identity(r))
        .map(|r| r.name.as_str())
        .collect();
    match Reason::from(error.reason) {
        Reason::NoIdentity => Some(match command {
            Some(c) => format!(
                "Enable a managed identity: az {c} identity assign -g {} -n {}",
                resource.group, resource.name
            ),
            None => format!("Enable a managed identity on {}", resource.name),
        }),
        _ if !live.is_empty() => Some(format!(
            "Name one of {}'s identities with {param} (or client_id): {}",
            resource.name,
            join_or(&live)
        )),
        _ => None,
    }
}

/// "a", "a or b", "a, b or c".
fn join_or(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}
