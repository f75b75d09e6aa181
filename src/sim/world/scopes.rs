//! The scope hierarchy: management groups, subscriptions, and whether a scope exists (RB-4.2).

use super::{ErrorCode, ManagementGroup, ModelError, ScopeStep, Subscription, World};
use crate::sim::event::Event;
use crate::sim::ids::Guid;
use crate::sim::resource::Resource;
use crate::sim::scope::{Scope, ScopeLevel};

impl World {
    /// Checks that a scope names something that exists, so assignments cannot point at nothing.
    pub fn scope_exists(&self, scope: &Scope) -> Result<(), ModelError> {
        let missing = |what: String| Err(ModelError::new(ErrorCode::NotFound, what));
        match scope.level() {
            ScopeLevel::Root => Ok(()),
            ScopeLevel::ManagementGroup => {
                let name = scope.management_group().unwrap_or("");
                match self
                    .management_groups
                    .iter()
                    .any(|m| m.name.eq_ignore_ascii_case(name))
                {
                    true => Ok(()),
                    false => missing(format!("Management group '{name}' could not be found.")),
                }
            }
            level => {
                let sub = scope.subscription().unwrap_or("");
                if !self
                    .subscriptions
                    .iter()
                    .any(|s| s.id.to_string().eq_ignore_ascii_case(sub))
                {
                    return missing(format!("The subscription '{sub}' could not be found."));
                }
                if level == ScopeLevel::Subscription {
                    return Ok(());
                }
                let group = scope.resource_group().unwrap_or("");
                if self.group(group).is_none() {
                    return missing(format!("Resource group '{group}' could not be found."));
                }
                if level == ScopeLevel::ResourceGroup {
                    return Ok(());
                }
                let Some(resource_scope) = scope.resource_scope() else {
                    return missing(format!("The scope '{scope}' is not valid."));
                };
                let Some(resource) = self.resource(resource_scope.as_str()) else {
                    return missing(format!(
                        "The Resource '{}' under resource group '{group}' was not found.",
                        resource_scope
                            .resource_type()
                            .map(|t| format!("{t}/{}", resource_scope.name()))
                            .unwrap_or_default()
                    ));
                };
                if level == ScopeLevel::Child {
                    self.child_scope_exists(resource, scope)?;
                }
                Ok(())
            }
        }
    }

    fn child_scope_exists(&self, resource: &Resource, scope: &Scope) -> Result<(), ModelError> {
        let child_type = scope
            .resource_type()
            .unwrap_or_default()
            .to_ascii_lowercase();
        if child_type == "microsoft.storage/storageaccounts/blobservices/containers" {
            let name = scope.name();
            if !resource
                .containers()
                .iter()
                .any(|c| c.eq_ignore_ascii_case(name))
            {
                return Err(ModelError::new(
                    ErrorCode::NotFound,
                    format!(
                        "The container '{name}' does not exist in storage account '{}'.",
                        resource.name
                    ),
                ));
            }
        }
        Ok(())
    }

    /// RB-4.2: the scopes whose assignments apply at `scope`, from `scope` itself up to the root.
    pub fn scope_chain(&self, scope: &Scope) -> Vec<ScopeStep> {
        let mut chain = Vec::new();
        let mut current = Some(scope.clone());
        let mut subscription = None;
        while let Some(s) = current {
            if s.level() == ScopeLevel::Subscription {
                subscription = s.subscription().map(str::to_string);
            }
            let next = s.parent_in_subscription();
            if s.level() == ScopeLevel::ManagementGroup {
                let name = s.management_group().unwrap_or("").to_string();
                chain.push(ScopeStep {
                    level: s.level(),
                    scope: s,
                });
                self.push_management_groups(&mut chain, self.parent_group_of_group(&name));
                return self.finish_chain(chain);
            }
            chain.push(ScopeStep {
                level: s.level(),
                scope: s,
            });
            current = next;
        }
        if let Some(sub) = subscription {
            let parent = self
                .management_groups
                .iter()
                .find(|m| {
                    m.subscriptions
                        .iter()
                        .any(|s| s.to_string().eq_ignore_ascii_case(&sub))
                })
                .map(|m| m.name.clone());
            self.push_management_groups(&mut chain, parent);
        }
        self.finish_chain(chain)
    }

    fn parent_group_of_group(&self, name: &str) -> Option<String> {
        self.management_groups
            .iter()
            .find(|m| m.name.eq_ignore_ascii_case(name))
            .and_then(|m| m.parent.clone())
    }

    fn push_management_groups(&self, chain: &mut Vec<ScopeStep>, mut next: Option<String>) {
        let mut guard = 0;
        while let Some(name) = next {
            guard += 1;
            if guard > self.management_groups.len() + 1 {
                break;
            }
            if let Ok(scope) = Scope::parse(&format!(
                "/providers/Microsoft.Management/managementGroups/{name}"
            )) {
                chain.push(ScopeStep {
                    level: ScopeLevel::ManagementGroup,
                    scope,
                });
            }
            next = self.parent_group_of_group(&name);
        }
    }

    fn finish_chain(&self, mut chain: Vec<ScopeStep>) -> Vec<ScopeStep> {
        if chain.last().map(|s| s.level) != Some(ScopeLevel::Root) {
            chain.push(ScopeStep {
                scope: Scope::root(),
                level: ScopeLevel::Root,
            });
        }
        chain
    }

    pub fn create_management_group(
        &mut self,
        name: &str,
        display_name: Option<&str>,
        parent: Option<&str>,
    ) -> Result<&ManagementGroup, ModelError> {
        if let Some(parent) = parent {
            if !self
                .management_groups
                .iter()
                .any(|m| m.name.eq_ignore_ascii_case(parent))
            {
                return Err(ModelError::new(
                    ErrorCode::NotFound,
                    format!("Management group '{parent}' could not be found."),
                ));
            }
        }
        let index = match self
            .management_groups
            .iter()
            .position(|m| m.name.eq_ignore_ascii_case(name))
        {
            Some(i) => i,
            None => {
                self.management_groups.push(ManagementGroup {
                    name: name.to_string(),
                    display_name: display_name.unwrap_or(name).to_string(),
                    parent: parent.map(str::to_string),
                    subscriptions: Vec::new(),
                });
                self.emit(Event::ManagementGroupCreated {
                    name: name.to_string(),
                });
                self.management_groups.len() - 1
            }
        };
        Ok(&self.management_groups[index])
    }

    pub fn move_subscription(&mut self, subscription: Guid, group: &str) -> Result<(), ModelError> {
        let Some(target) = self
            .management_groups
            .iter()
            .position(|m| m.name.eq_ignore_ascii_case(group))
        else {
            return Err(ModelError::new(
                ErrorCode::NotFound,
                format!("Management group '{group}' could not be found."),
            ));
        };
        for m in &mut self.management_groups {
            m.subscriptions.retain(|s| *s != subscription);
        }
        self.management_groups[target]
            .subscriptions
            .push(subscription);
        let management_group = self.management_groups[target].name.clone();
        self.emit(Event::SubscriptionMoved {
            subscription,
            management_group,
        });
        Ok(())
    }

    pub fn add_subscription(&mut self, name: &str) -> Guid {
        let id = self.new_guid();
        self.subscriptions.push(Subscription {
            id,
            name: name.to_string(),
        });
        self.emit(Event::SubscriptionAdded {
            id,
            name: name.to_string(),
        });
        id
    }
}
