//! An integration: its name, declared capabilities and registered actions, checked against the
//! OIN required-flow rules.

use std::fmt;

use okta_actions_contracts::{Capability, RequirementViolation, contracts};

use crate::handler::{ActionHandler, HandlerMeta, RegisteredAction};

/// A vendor's integration: the capabilities it declares to the OIN and the handlers it registers.
///
/// Build one with [`Integration::builder`], or with [`integration!`](crate::integration), which
/// also checks the OIN required-flow rules at compile time.
#[derive(Debug, Clone)]
pub struct Integration {
    name: String,
    capabilities: Vec<Capability>,
    actions: Vec<RegisteredAction>,
}

impl Integration {
    /// Starts declaring an integration.
    pub fn builder(name: impl Into<String>) -> IntegrationBuilder {
        IntegrationBuilder {
            name: name.into(),
            capabilities: Vec::new(),
            actions: Vec::new(),
        }
    }

    /// The integration's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The declared capabilities.
    pub fn capabilities(&self) -> &[Capability] {
        &self.capabilities
    }

    /// The registered actions, in registration order.
    pub fn actions(&self) -> &[RegisteredAction] {
        &self.actions
    }

    /// The registered action with this identifier.
    pub fn action(&self, ident: &str) -> Option<&RegisteredAction> {
        self.actions.iter().find(|a| a.meta().action == ident)
    }
}

/// Declares an integration step by step; [`build`](Self::build) checks the OIN rules.
#[derive(Debug)]
#[must_use = "call `.build()` to finish the integration"]
pub struct IntegrationBuilder {
    name: String,
    capabilities: Vec<Capability>,
    actions: Vec<RegisteredAction>,
}

impl IntegrationBuilder {
    /// Declares a capability (Provisioning, Entitlement Management, Universal Logout).
    pub fn capability(mut self, capability: Capability) -> Self {
        if !self.capabilities.contains(&capability) {
            self.capabilities.push(capability);
        }
        self
    }

    /// Registers an action handler, a function annotated with one of the action macros.
    pub fn action<H: ActionHandler>(mut self, handler: H) -> Self {
        self.actions.push(RegisteredAction::new(handler));
        self
    }

    /// Finishes the integration.
    ///
    /// # Errors
    /// Every OIN required-flow rule the integration breaks: a declared capability missing one of
    /// its required actions, an all-or-none group half implemented, an action registered twice or
    /// outside the declared capabilities.
    pub fn build(self) -> Result<Integration, IntegrationError> {
        let idents: Vec<&str> = self.actions.iter().map(|a| a.meta().action).collect();
        let violations = contracts().check_requirements(&self.capabilities, &idents);
        if !violations.is_empty() {
            return Err(IntegrationError { violations });
        }
        Ok(Integration {
            name: self.name,
            capabilities: self.capabilities,
            actions: self.actions,
        })
    }

    /// The metadata of the handlers registered so far.
    pub fn registered(&self) -> impl Iterator<Item = &HandlerMeta> {
        self.actions.iter().map(RegisteredAction::meta)
    }
}

/// The OIN rules an integration breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IntegrationError {
    violations: Vec<RequirementViolation>,
}

impl IntegrationError {
    /// Every violation.
    pub fn violations(&self) -> &[RequirementViolation] {
        &self.violations
    }
}

impl fmt::Display for IntegrationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the integration breaks the OIN required-flow rules:")?;
        for v in &self.violations {
            write!(f, "\n  - {v}")?;
        }
        Ok(())
    }
}

impl std::error::Error for IntegrationError {}
