//! What a use case needs of the caller's credential (SPEC §3.2, §3.4), decided before any
//! lookup: a restricted session only changes its password, reads its session and logs out; a
//! bot's key acts on itself only.

use crate::caller::Scope;
use crate::error::CoreError;
use crate::user::UserId;

/// What a use case needs of the caller's scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Needs {
    /// Allowed while a password change is required: change own password, session info, logout.
    Session,
    /// Acts on the caller itself, or on a target the policy lets it reach.
    Own,
    /// An administrative operation (on others, or on the service).
    Admin,
}

/// Admit a caller of `scope` to a use case needing `needs`, acting on `target`.
pub fn admit(scope: Scope, needs: Needs, actor: UserId, target: Option<UserId>) -> Result<(), CoreError> {
    match scope {
        Scope::Full => Ok(()),
        Scope::PasswordChangeOnly if needs == Needs::Session => Ok(()),
        Scope::PasswordChangeOnly => Err(CoreError::PasswordChangeRequired),
        Scope::OwnOnly if needs == Needs::Admin || target.is_some_and(|t| t != actor) => {
            Err(CoreError::MissingScope)
        }
        Scope::OwnOnly => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (scope, needs, target is self, admitted), written from SPEC §3.2 and §3.4.
    #[test]
    fn restricted_sessions_and_bot_keys_reach_only_what_the_spec_allows() {
        use Needs::*;
        use Scope::*;
        let me = UserId(7);
        let table = [
            (Full, Admin, false, Ok(())),
            (Full, Own, false, Ok(())),
            (PasswordChangeOnly, Session, true, Ok(())),
            (PasswordChangeOnly, Own, true, Err("PasswordChangeRequired")),
            (PasswordChangeOnly, Admin, false, Err("PasswordChangeRequired")),
            (OwnOnly, Own, true, Ok(())),
            (OwnOnly, Session, true, Ok(())),
            (OwnOnly, Own, false, Err("MissingScope")),
            (OwnOnly, Admin, true, Err("MissingScope")),
            (OwnOnly, Admin, false, Err("MissingScope")),
        ];
        for (scope, needs, itself, expected) in table {
            let target = Some(if itself { me } else { UserId(8) });
            let got = admit(scope, needs, me, target).map_err(|e| e.name());
            assert_eq!(got, expected, "{scope:?} {needs:?} self={itself}");
        }
        assert!(admit(OwnOnly, Own, me, None).is_ok(), "a bot lists what it may see: itself");
    }
}
