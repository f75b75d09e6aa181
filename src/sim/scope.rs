//! Azure RBAC scopes and ARM ids: parsing, levels and the parent walk (RB-4.2).
//!
//! A scope is kept as the text the user wrote (Azure echoes ids back with their original casing)
//! and compared case-insensitively, as ARM does.

use std::fmt;

/// The levels of the RBAC scope hierarchy, from the broadest (RB-4.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ScopeLevel {
    /// `/`: the tenant root (the root management group's children inherit from it).
    Root,
    ManagementGroup,
    Subscription,
    ResourceGroup,
    Resource,
    /// A path below a resource, e.g. a blob container.
    Child,
}

impl ScopeLevel {
    pub fn label(self) -> &'static str {
        match self {
            ScopeLevel::Root => "root",
            ScopeLevel::ManagementGroup => "management group",
            ScopeLevel::Subscription => "subscription",
            ScopeLevel::ResourceGroup => "resource group",
            ScopeLevel::Resource => "resource",
            ScopeLevel::Child => "child resource",
        }
    }
}

/// A parsed scope. Construct with [`Scope::parse`].
#[derive(Debug, Clone)]
pub struct Scope {
    text: String,
    parts: Parts,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Parts {
    Root,
    ManagementGroup(String),
    Arm {
        subscription: String,
        group: Option<String>,
        /// `(namespace, [(type, name)…])`: the provider namespace and each type/name pair.
        provider: Option<(String, Vec<(String, String)>)>,
    },
}

/// Why a scope string is not a valid scope; the message is written for the learner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScopeError(pub String);

impl fmt::Display for ScopeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

const SCOPE_SHAPE: &str = "a scope looks like /subscriptions/<id>[/resourceGroups/<group>[/providers/<Namespace>/<type>/<name>…]]";

impl Scope {
    pub fn parse(text: &str) -> Result<Scope, ScopeError> {
        let trimmed = text.trim();
        let body = trimmed.trim_end_matches('/');
        if body.is_empty() {
            return if trimmed.starts_with('/') {
                Ok(Scope {
                    text: "/".into(),
                    parts: Parts::Root,
                })
            } else {
                Err(ScopeError("the scope is empty".into()))
            };
        }
        if !body.starts_with('/') {
            return Err(ScopeError(format!(
                "'{text}' is not an ARM id: {SCOPE_SHAPE}"
            )));
        }
        let segs: Vec<&str> = body[1..].split('/').collect();
        if segs.iter().any(|s| s.is_empty()) {
            return Err(ScopeError(format!(
                "'{text}' has an empty path segment (//)"
            )));
        }
        let eq = |a: &str, b: &str| a.eq_ignore_ascii_case(b);
        let parts = match segs.as_slice() {
            [p, ns, mg, name]
                if eq(p, "providers")
                    && eq(ns, "Microsoft.Management")
                    && eq(mg, "managementGroups") =>
            {
                Parts::ManagementGroup((*name).to_string())
            }
            [s, sub, rest @ ..] if eq(s, "subscriptions") => {
                let (group, rest) = match rest {
                    [g, name, rest @ ..] if eq(g, "resourceGroups") => {
                        (Some((*name).to_string()), rest)
                    }
                    _ => (None, rest),
                };
                let provider = match rest {
                    [] => None,
                    [p, ns, pairs @ ..]
                        if eq(p, "providers") && !pairs.is_empty() && pairs.len() % 2 == 0 =>
                    {
                        let pairs = pairs
                            .chunks(2)
                            .map(|c| (c[0].to_string(), c[1].to_string()))
                            .collect();
                        Some(((*ns).to_string(), pairs))
                    }
                    _ => {
                        return Err(ScopeError(format!(
                            "'{text}' is not a valid scope: {SCOPE_SHAPE}"
                        )))
                    }
                };
                if group.is_none() && provider.is_some() {
                    return Err(ScopeError(format!(
                        "'{text}' names a resource outside a resource group; the playground's resources all live in resource groups"
                    )));
                }
                Parts::Arm {
                    subscription: (*sub).to_string(),
                    group,
                    provider,
                }
            }
            _ => {
                return Err(ScopeError(format!(
                    "'{text}' is not a valid scope: {SCOPE_SHAPE}"
                )))
            }
        };
        Ok(Scope {
            text: body.to_string(),
            parts,
        })
    }

    /// The tenant root scope `/`.
    pub fn root() -> Scope {
        Scope {
            text: "/".into(),
            parts: Parts::Root,
        }
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The case-folded form used for comparisons and map keys.
    pub fn key(&self) -> String {
        self.text.to_ascii_lowercase()
    }

    pub fn level(&self) -> ScopeLevel {
        match &self.parts {
            Parts::Root => ScopeLevel::Root,
            Parts::ManagementGroup(_) => ScopeLevel::ManagementGroup,
            Parts::Arm { group: None, .. } => ScopeLevel::Subscription,
            Parts::Arm { provider: None, .. } => ScopeLevel::ResourceGroup,
            Parts::Arm {
                provider: Some((_, pairs)),
                ..
            } if pairs.len() == 1 => ScopeLevel::Resource,
            Parts::Arm { .. } => ScopeLevel::Child,
        }
    }

    pub fn subscription(&self) -> Option<&str> {
        match &self.parts {
            Parts::Arm { subscription, .. } => Some(subscription),
            _ => None,
        }
    }

    pub fn resource_group(&self) -> Option<&str> {
        match &self.parts {
            Parts::Arm { group, .. } => group.as_deref(),
            _ => None,
        }
    }

    pub fn management_group(&self) -> Option<&str> {
        match &self.parts {
            Parts::ManagementGroup(name) => Some(name),
            _ => None,
        }
    }

    /// The last segment: the resource, group, subscription or management group name.
    pub fn name(&self) -> &str {
        self.text.rsplit('/').next().unwrap_or("")
    }

    /// The scope one level up inside its subscription; `None` for a subscription, a management
    /// group or the root (their parents depend on the management-group tree, which the world knows).
    pub fn parent_in_subscription(&self) -> Option<Scope> {
        match self.level() {
            ScopeLevel::Root | ScopeLevel::ManagementGroup | ScopeLevel::Subscription => None,
            ScopeLevel::ResourceGroup => {
                let cut = self.text.len() - self.name().len() - "/resourceGroups/".len();
                Scope::parse(&self.text[..cut]).ok()
            }
            ScopeLevel::Resource => {
                let group = self.resource_group().unwrap_or("");
                let sub = self.subscription().unwrap_or("");
                Scope::parse(&format!("/subscriptions/{sub}/resourceGroups/{group}")).ok()
            }
            ScopeLevel::Child => {
                let mut cut = self.text.as_str();
                for _ in 0..2 {
                    cut = cut.rsplit_once('/').map(|(head, _)| head).unwrap_or(cut);
                }
                Scope::parse(cut).ok()
            }
        }
    }

    /// The ARM id of the top-level resource this scope is or lies under, if any.
    pub fn resource_scope(&self) -> Option<Scope> {
        let mut scope = self.clone();
        while scope.level() == ScopeLevel::Child {
            scope = scope.parent_in_subscription()?;
        }
        (scope.level() == ScopeLevel::Resource).then_some(scope)
    }

    /// The full resource type, e.g. `Microsoft.Storage/storageAccounts/blobServices/containers`.
    pub fn resource_type(&self) -> Option<String> {
        match &self.parts {
            Parts::Arm {
                provider: Some((ns, pairs)),
                ..
            } => {
                let types: Vec<&str> = pairs.iter().map(|(t, _)| t.as_str()).collect();
                Some(format!("{ns}/{}", types.join("/")))
            }
            _ => None,
        }
    }

    /// True when `self` is `other` or one of its ancestors inside the same subscription path.
    /// Management-group ancestry is the world's business, see `World::scope_chain`.
    pub fn contains(&self, other: &Scope) -> bool {
        text_contains(&self.text, &other.text)
    }
}

/// [`Scope::contains`] on normalized scope texts (as stored in assignments), without parsing or
/// allocating: `outer` is `inner` or an ancestor path of it, ignoring case.
pub fn text_contains(outer: &str, inner: &str) -> bool {
    let (o, i) = (outer.as_bytes(), inner.as_bytes());
    outer == "/"
        || (i.len() >= o.len()
            && i[..o.len()].eq_ignore_ascii_case(o)
            && (i.len() == o.len() || i[o.len()] == b'/'))
}

impl PartialEq for Scope {
    fn eq(&self, other: &Scope) -> bool {
        self.text.eq_ignore_ascii_case(&other.text)
    }
}

impl Eq for Scope {}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ST: &str =
        "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st1";

    #[test]
    fn levels() {
        let cases = [
            ("/", ScopeLevel::Root),
            ("/providers/Microsoft.Management/managementGroups/mg1", ScopeLevel::ManagementGroup),
            ("/subscriptions/s1", ScopeLevel::Subscription),
            ("/subscriptions/s1/resourceGroups/rg", ScopeLevel::ResourceGroup),
            (ST, ScopeLevel::Resource),
            ("/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st1/blobServices/default/containers/c1", ScopeLevel::Child),
        ];
        for (text, level) in cases {
            assert_eq!(Scope::parse(text).map(|s| s.level()), Ok(level), "{text}");
        }
    }

    /// RB-4.2: scopes nest and the walk goes container → blob service → account → group → subscription.
    #[test]
    fn rb_4_2_parent_walk() {
        let mut scope = Scope::parse(&format!("{ST}/blobServices/default/containers/c1")).ok();
        let mut seen = vec![];
        while let Some(s) = scope {
            seen.push(s.as_str().to_string());
            scope = s.parent_in_subscription();
        }
        assert_eq!(
            seen,
            [
                format!("{ST}/blobServices/default/containers/c1"),
                format!("{ST}/blobServices/default"),
                ST.to_string(),
                "/subscriptions/s1/resourceGroups/rg".to_string(),
                "/subscriptions/s1".to_string(),
            ]
        );
    }

    #[test]
    fn contains_is_case_insensitive_and_segment_aware() {
        let rg = Scope::parse("/subscriptions/S1/resourceGroups/RG").unwrap();
        assert!(rg.contains(&Scope::parse(ST).unwrap()));
        assert!(!rg.contains(&Scope::parse("/subscriptions/s1/resourceGroups/rg2").unwrap()));
        assert!(Scope::root().contains(&rg));
    }

    #[test]
    fn resource_type_and_scope() {
        let c = Scope::parse(&format!("{ST}/blobServices/default/containers/c1")).unwrap();
        assert_eq!(
            c.resource_type().as_deref(),
            Some("Microsoft.Storage/storageAccounts/blobServices/containers")
        );
        assert_eq!(
            c.resource_scope().map(|s| s.to_string()).as_deref(),
            Some(ST)
        );
        assert_eq!(c.name(), "c1");
    }

    #[test]
    fn malformed_scopes_explain_themselves() {
        for bad in [
            "",
            "rg1",
            "/subscriptions",
            "/subscriptions/s1/providers",
            "/foo/bar",
            "/subscriptions/s1//x",
        ] {
            let err = Scope::parse(bad).expect_err(bad);
            assert!(!err.0.is_empty());
        }
    }
}
