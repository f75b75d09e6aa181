//! Who is signed in where: each machine's az account and the machine statements run on (SI-8).

use super::World;
use crate::sim::account::{Account, Host};
use crate::sim::event::Event;
use crate::sim::ids::Guid;

impl World {
    /// The account signed in on the machine the current statement runs on, if any.
    pub fn caller(&self) -> Option<&Account> {
        self.accounts.get(&self.host.key())
    }

    /// Signs `account` in on the current machine, replacing whoever was signed in there.
    pub(crate) fn sign_in(&mut self, account: Account) {
        self.emit(Event::SignedIn {
            host: self.host.clone(),
            principal_id: account.principal_id,
            name: account.name.clone(),
        });
        self.accounts.insert(self.host.key(), account);
    }

    /// SI-8.8: `az account set` chooses the current account's subscription (it grants nothing).
    pub(crate) fn set_account_subscription(&mut self, subscription: Guid) {
        if let Some(account) = self.accounts.get_mut(&self.host.key()) {
            account.subscription = Some(subscription);
        }
    }

    /// Signs the current machine's account out; returns it, or `None` if nobody was signed in.
    pub(crate) fn sign_out(&mut self) -> Option<Account> {
        let account = self.accounts.remove(&self.host.key())?;
        self.emit(Event::SignedOut {
            host: self.host.clone(),
            principal_id: account.principal_id,
        });
        Some(account)
    }

    /// Moves the following statements onto another machine (`mip on`).
    pub(crate) fn set_host(&mut self, host: Host) {
        self.host = host.clone();
        self.emit(Event::HostChanged { host });
    }
}
