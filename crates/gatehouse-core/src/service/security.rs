//! An administrator sets a user's security information (ECGridOS `UserPassword` in the vendor's
//! form: a new password, and a recovery question with its answer) in one transaction. A new
//! password is a credential reset, as [`Core::set_password`] says; a new recovery question
//! alone changes no credential. The answer is hashed like a password and never shown.

use super::gate::UseCase;
use super::Core;
use crate::audit::{self, Action};
use crate::caller::Caller;
use crate::error::{CoreError, CoreResult};
use crate::limits::Limited;
use crate::policy::access::Operation;
use crate::policy::scope::Needs;
use crate::secret::Password;
use crate::session::ResetScope;
use crate::user::{Recovery, UserChanges, UserId};

/// A recovery question and its answer, as a front end decoded them.
#[derive(Debug, Clone)]
pub struct RecoveryRequest {
    /// The question, shown to whoever reads the user.
    pub question: String,
    /// The answer, stored only hashed.
    pub answer: Password,
}

impl RecoveryRequest {
    /// A question and answer as a request carries them: both or neither (an empty one counts
    /// as not given, as .NET clients send unset strings).
    pub fn pair(question: Option<String>, answer: Option<String>) -> CoreResult<Option<RecoveryRequest>> {
        let given = |s: Option<String>| s.filter(|s| !s.trim().is_empty());
        match (given(question), given(answer)) {
            (None, None) => Ok(None),
            (Some(question), Some(answer)) => {
                Ok(Some(RecoveryRequest { question, answer: Password::new(answer) }))
            }
            (Some(_), None) => Err(CoreError::invalid("recoveryAnswer", "is required with recoveryQuestion")),
            (None, Some(_)) => Err(CoreError::invalid("recoveryQuestion", "is required with recoveryAnswer")),
        }
    }
}

/// Longest recovery question, in characters.
pub const MAX_QUESTION_CHARS: usize = 200;

/// What [`Core::set_security`] changes; `None` keeps.
#[derive(Debug, Clone, Default)]
pub struct SecurityChange {
    /// A new password (the target's sessions end and its lockout clears).
    pub password: Option<Password>,
    /// The new password is temporary: force a password change (SPEC §3.4).
    pub temporary: bool,
    /// A new recovery question and answer.
    pub recovery: Option<RecoveryRequest>,
}

const SET_PASSWORD: UseCase = UseCase {
    authorize_first: true,
    limit: Some(Limited::AdminPasswordSet),
    ..UseCase::audited(Action::PasswordSet, Needs::Admin, Operation::SetPassword)
};

const SET_RECOVERY: UseCase = UseCase {
    authorize_first: true,
    limit: Some(Limited::AdminPasswordSet),
    ..UseCase::audited(Action::UserUpdate, Needs::Admin, Operation::SetPassword)
};

impl Core {
    /// Set `target`'s password and/or recovery question and answer (administrative: the
    /// rights of a password set, SPEC §3.2). At least one must be given.
    pub async fn set_security(
        &self,
        caller: &Caller,
        target: UserId,
        change: SecurityChange,
    ) -> CoreResult<()> {
        let uc = if change.password.is_some() { &SET_PASSWORD } else { &SET_RECOVERY };
        let gate = self.gate(caller, uc, Some(target)).await?;
        if change.password.is_none() && change.recovery.is_none() {
            return gate
                .refuse(CoreError::invalid(
                    "password",
                    "give a new password or a recovery question and answer",
                ))
                .await;
        }
        let hash = match &change.password {
            Some(pw) => {
                gate.step(self.cfg.password.check(pw.expose()).map_err(CoreError::WeakPassword)).await?;
                // Hash before the transaction, never inside it (STYLE §3).
                Some(gate.work(self.hasher.hash(pw)).await?)
            }
            None => None,
        };
        let recovery = match change.recovery {
            Some(r) => Some(gate.work(self.recovery(r)).await?),
            None => None,
        };
        let (check, now, temporary) = (gate.check(), gate.now(), change.temporary);
        gate.commit(move |tx, audit| {
            let user = check.load(tx)?;
            if user.is_bot && hash.is_some() {
                return Err(CoreError::invalid(
                    "userId",
                    "bot users have no password; rotate the API key instead",
                ));
            }
            let reset = hash.is_some();
            let changes = UserChanges {
                force_password_change: reset.then_some(temporary),
                failed_logins: reset.then_some(0),
                locked_until: reset.then_some(None),
                password_hash: hash,
                recovery: recovery.map(Some),
                modified: Some(now),
                ..UserChanges::default()
            };
            let new_answer = changes.recovery.is_some();
            let after = tx.update_user(target, &changes)?;
            if reset {
                tx.revoke_sessions(target, &ResetScope::All, None)?;
                audit.changed(vec![audit::secret_changed("password")]);
                audit.note("sessionsRevoked", audit::reset_scope(&ResetScope::All));
            }
            if new_answer {
                audit.changed(vec![audit::secret_changed("recoveryAnswer")]);
            }
            audit.changed(audit::user_changes(&user, &after));
            Ok(())
        })
        .await
    }

    /// Validate a recovery question and hash its answer (trimmed, case-folded: a person
    /// answers "Fido" or "fido").
    pub(crate) async fn recovery(&self, r: RecoveryRequest) -> CoreResult<Recovery> {
        let question = r.question.trim().to_string();
        if question.is_empty() || question.chars().count() > MAX_QUESTION_CHARS {
            return Err(CoreError::invalid(
                "recoveryQuestion",
                format!("must be 1 to {MAX_QUESTION_CHARS} characters"),
            ));
        }
        if question.chars().any(char::is_control) {
            return Err(CoreError::invalid("recoveryQuestion", "must not contain control characters"));
        }
        let answer = r.answer.expose().trim().to_lowercase();
        if answer.is_empty() {
            return Err(CoreError::invalid("recoveryAnswer", "is required with a recovery question"));
        }
        let answer_hash = self.hasher.hash(&Password::new(answer)).await?;
        Ok(Recovery { question, answer_hash })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (question, answer, what the pair is), from the rule: both or neither, empty is not given.
    #[test]
    fn a_recovery_question_and_answer_come_together() {
        let some = |s: &str| Some(s.to_string());
        let table = [
            (None, None, Ok(false)),
            (some("Town?"), some("Paris"), Ok(true)),
            (some(" "), some(""), Ok(false)),
            (some("Town?"), None, Err("recoveryAnswer")),
            (some("Town?"), some("  "), Err("recoveryAnswer")),
            (None, some("Paris"), Err("recoveryQuestion")),
        ];
        for (question, answer, expected) in table {
            let got = match RecoveryRequest::pair(question.clone(), answer.clone()) {
                Ok(pair) => Ok(pair.is_some()),
                Err(CoreError::InvalidParameter { field, .. }) => {
                    Err(if field == "recoveryAnswer" { "recoveryAnswer" } else { "recoveryQuestion" })
                }
                Err(e) => panic!("{e:?}"),
            };
            assert_eq!(got, expected, "{question:?} {answer:?}");
        }
    }
}
