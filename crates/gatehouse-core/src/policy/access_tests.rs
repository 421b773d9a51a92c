//! The whole SPEC §3.2 matrix. Expected outcomes come from the tables below, written from the
//! SPEC's prose, not from the function under test.

use super::*;
use crate::user::AuthLevel::*;

/// (actor level, scope it reaches, levels it administers) — transcribed from SPEC §3.2.
const TABLE: &[(AuthLevel, &str, &[AuthLevel])] = &[
    (
        Root,
        "all",
        &[Root, TechOps, NetOps, NetworkAdmin, NetworkUser, MailboxAdmin, MailboxUser, TPUser, General],
    ),
    (TechOps, "all", &[NetOps, NetworkAdmin, NetworkUser, MailboxAdmin, MailboxUser, TPUser, General]),
    (NetOps, "all", &[NetworkAdmin, NetworkUser, MailboxAdmin, MailboxUser, TPUser, General]),
    (NetworkAdmin, "network", &[NetworkUser, MailboxAdmin, MailboxUser, TPUser, General]),
    (NetworkUser, "none", &[]),
    (MailboxAdmin, "mailbox", &[MailboxUser, TPUser, General]),
    (MailboxUser, "none", &[]),
    (TPUser, "none", &[]),
    (General, "none", &[]),
];

/// May set passwords (SPEC: NetworkAdmin or higher).
const SETS_PASSWORDS: &[AuthLevel] = &[Root, TechOps, NetOps, NetworkAdmin];

const OPS: &[Operation] = &[
    Operation::Read,
    Operation::Update,
    Operation::Rename,
    Operation::ManageSessions,
    Operation::ForcePasswordChange,
    Operation::SetPassword,
    Operation::SetStatus,
    Operation::Terminate,
    Operation::GenerateApiKey,
];

const SELF_OPS: &[Operation] = &[Operation::Read, Operation::Update, Operation::ManageSessions];

fn subject(id: i64, level: AuthLevel, network_id: i64, mailbox_id: i64, owner: bool) -> Subject {
    Subject { id: UserId(id), level, network_id, mailbox_id, is_primary_owner: owner }
}

fn expected(
    actor: AuthLevel,
    target: AuthLevel,
    same_net: bool,
    same_mbx: bool,
    owner: bool,
    op: Operation,
) -> Result<(), &'static str> {
    let (_, scope, administers) = TABLE.iter().find(|row| row.0 == actor).copied().unwrap();
    if scope == "none" {
        return Err("NotAnAdmin");
    }
    let in_scope = match scope {
        "all" => true,
        "network" => same_net,
        _ => same_net && same_mbx,
    };
    if !in_scope {
        return Err("NotFound");
    }
    if owner {
        return Err("PrimaryOwnerProtected");
    }
    if !administers.contains(&target) {
        return Err("AccessDenied");
    }
    if op == Operation::SetPassword && !SETS_PASSWORDS.contains(&actor) {
        return Err("AccessDenied");
    }
    Ok(())
}

#[test]
fn every_actor_target_network_mailbox_combination_matches_the_spec() {
    let mut checked = 0;
    for &actor_level in AuthLevel::ALL {
        for &target_level in AuthLevel::ALL {
            for same_net in [true, false] {
                for same_mbx in [true, false] {
                    for owner in [false, true] {
                        for &op in OPS {
                            let actor = subject(1, actor_level, 10, 100, false);
                            let target = subject(
                                2,
                                target_level,
                                if same_net { 10 } else { 11 },
                                if same_mbx { 100 } else { 101 },
                                owner,
                            );
                            let got = authorize(&actor, &target, op).map_err(|e| e.name());
                            let want = expected(actor_level, target_level, same_net, same_mbx, owner, op);
                            assert_eq!(got, want, "{actor_level} -> {target_level} net={same_net} mbx={same_mbx} owner={owner} {op:?}");
                            checked += 1;
                        }
                    }
                }
            }
        }
    }
    assert_eq!(checked, 9 * 9 * 2 * 2 * 2 * OPS.len());
}

#[test]
fn every_level_may_read_update_and_manage_its_own_sessions() {
    for &level in AuthLevel::ALL {
        let me = subject(5, level, 10, 100, false);
        for &op in SELF_OPS {
            assert_eq!(authorize(&me, &me, op).map_err(|e| e.name()), Ok(()), "{level} {op:?} on self");
        }
    }
}

#[test]
fn self_is_self_for_every_level_so_administrative_operations_on_oneself_are_refused() {
    for &level in AuthLevel::ALL {
        let me = subject(5, level, 10, 100, false);
        for &op in OPS.iter().filter(|op| !SELF_OPS.contains(op)) {
            let want = match level {
                Root | TechOps | NetOps | NetworkAdmin | MailboxAdmin => Err("AccessDenied"),
                _ => Err("NotAnAdmin"),
            };
            assert_eq!(authorize(&me, &me, op).map_err(|e| e.name()), want, "{level} {op:?} on self");
        }
    }
}

#[test]
fn the_primary_owner_generates_its_own_key_and_nobody_else_administers_it() {
    let owner = subject(1, Root, 1, 0, true);
    let other_root = subject(2, Root, 1, 0, false);
    for &op in OPS {
        let own = if SELF_OPS.contains(&op) || op == Operation::GenerateApiKey {
            Ok(())
        } else {
            Err("AccessDenied")
        };
        assert_eq!(authorize(&owner, &owner, op).map_err(|e| e.name()), own, "{op:?}");
        assert_eq!(
            authorize(&other_root, &owner, op).map_err(|e| e.name()),
            Err("PrimaryOwnerProtected"),
            "{op:?}"
        );
    }
    let admin_elsewhere = subject(3, NetworkAdmin, 2, 0, false);
    assert_eq!(authorize(&admin_elsewhere, &owner, Operation::Read).map_err(|e| e.name()), Err("NotFound"));
}

#[test]
fn roles_can_only_be_granted_below_the_actor_except_by_root() {
    for &(actor_level, scope, administers) in TABLE {
        let actor = subject(1, actor_level, 10, 100, false);
        for &new_level in AuthLevel::ALL {
            let target = subject(2, General, 10, 100, false);
            let got = authorize(&actor, &target, Operation::SetRole(new_level)).map_err(|e| e.name());
            let want = if scope == "none" {
                Err("NotAnAdmin")
            } else if administers.contains(&new_level) {
                Ok(())
            } else {
                Err("AccessDenied")
            };
            assert_eq!(got, want, "{actor_level} grants {new_level}");
            let created = may_create(&actor, new_level, 10, 100).map_err(|e| e.name());
            assert_eq!(created, want, "{actor_level} creates {new_level}");
        }
    }
}

#[test]
fn creation_outside_the_actors_scope_is_denied() {
    let net_admin = subject(1, NetworkAdmin, 10, 0, false);
    assert_eq!(may_create(&net_admin, General, 11, 0).map_err(|e| e.name()), Err("AccessDenied"));
    assert_eq!(may_create(&net_admin, General, 10, 5).map_err(|e| e.name()), Ok(()));
    let mbx_admin = subject(1, MailboxAdmin, 10, 100, false);
    assert_eq!(may_create(&mbx_admin, General, 10, 101).map_err(|e| e.name()), Err("AccessDenied"));
}

#[test]
fn visibility_lists_exactly_the_administered_levels_within_reach() {
    for &(level, scope, administers) in TABLE {
        let v = visibility(&subject(7, level, 10, 100, false));
        assert_eq!(v.itself, Some(UserId(7)));
        assert_eq!(v.levels, administers.to_vec(), "{level}");
        let (net, mbx) = match scope {
            "network" => (Some(10), None),
            "mailbox" => (Some(10), Some(100)),
            _ => (None, None),
        };
        assert_eq!((v.network_id, v.mailbox_id), (net, mbx), "{level}");
    }
}

fn s(id: i64, level: AuthLevel, net: i64, mbx: i64) -> Subject {
    subject(id, level, net, mbx, false)
}

/// (actor, target, readable), written from SPEC §3.2.
#[test]
fn readable_users_are_the_caller_and_the_users_it_administers() {
    let owner = Subject { is_primary_owner: true, ..s(1, Root, 1, 0) };
    let table = [
        (s(2, MailboxUser, 1, 100), s(2, MailboxUser, 1, 100), true),
        (s(2, MailboxUser, 1, 100), s(3, General, 1, 100), false),
        (s(2, MailboxAdmin, 1, 100), s(3, MailboxUser, 1, 100), true),
        (s(2, MailboxAdmin, 1, 100), s(3, MailboxAdmin, 1, 100), false),
        (s(2, MailboxAdmin, 1, 100), s(3, MailboxUser, 1, 101), false),
        (s(2, NetworkAdmin, 1, 0), s(3, MailboxAdmin, 1, 101), true),
        (s(2, NetworkAdmin, 1, 0), s(3, MailboxUser, 2, 100), false),
        (s(2, TechOps, 1, 0), s(3, NetworkAdmin, 2, 0), true),
        (s(2, TechOps, 1, 0), s(3, NetOps, 2, 0), true),
        (s(2, TechOps, 1, 0), s(3, TechOps, 2, 0), false),
        (s(2, Root, 1, 0), s(3, Root, 2, 0), true),
        (s(2, Root, 1, 0), owner, false),
        (owner, owner, true),
    ];
    for (actor, target, expected) in table {
        assert_eq!(may_read(&actor, &target), expected, "{actor:?} reading {target:?}");
    }
}
