// Slack's own @slack/web-api WebClient against a running gatehouse (driven by
// tests/interop/test_slack_node.py): every session and user method once, and one Slack error
// per method, printed as JSON for the test to check.
import { WebClient } from "@slack/web-api";

const [base, rootToken, userId, victimId, userToken] = process.argv.slice(2);
// rejectRateLimitedCalls: a 429 here is a failure, not something to wait out.
const web = new WebClient(rootToken, { slackApiUrl: `${base}/api/`, rejectRateLimitedCalls: true });
const out = {};

async function error(call) {
  try {
    await call();
    return "no error";
  } catch (e) {
    return e.data ? e.data.error : String(e);
  }
}

const listed = await web.admin.users.session.list({ limit: 1000 });
out.listedOwners = listed.active_sessions.map((s) => s.user_id);
out.firstSession = listed.active_sessions[0];
out.nextCursor = listed.response_metadata.next_cursor;
out.missingTeam = await error(() => web.admin.users.session.list({ user_id: userId }));
const one = await web.admin.users.session.list({ team_id: "T1", user_id: userId });
const sid = one.active_sessions[0].session_id;

await web.admin.users.session.setSettings({ user_ids: [userId], duration: 86400, desktop_app_browser_quit: false });
out.settings = (await web.admin.users.session.getSettings({ user_ids: [userId] })).session_settings;
out.noSetting = await error(() => web.admin.users.session.setSettings({ user_ids: [userId] }));
await web.admin.users.session.clearSettings({ user_ids: [userId] });
out.cleared = (await web.admin.users.session.getSettings({ user_ids: [userId] })).no_settings_applied;
out.badSettingsUser = await error(() => web.admin.users.session.clearSettings({ user_ids: ["W999999"] }));

out.info = (await web.users.info({ user: userId })).user.name;
out.infoMissing = await error(() => web.users.info({ user: "W999999" }));
out.byEmail = (await web.users.lookupByEmail({ email: "slacknode@example.com" })).user.id;
out.byEmailMissing = await error(() => web.users.lookupByEmail({ email: "none@example.com" }));
const page = await web.admin.users.list({ limit: 100 });
out.users = page.users.map((u) => u.id);
out.badCursor = await error(() => web.admin.users.list({ cursor: "nope" }));

await web.admin.users.setAdmin({ team_id: "T1", user_id: userId });
out.afterAdmin = (await web.users.info({ user: userId })).user.is_admin;
await web.admin.users.setRegular({ team_id: "T1", user_id: userId });
out.afterRegular = (await web.users.info({ user: userId })).user.is_admin;
out.setOwner = await error(() => web.admin.users.setOwner({ team_id: "T1", user_id: userId }));
out.wrongTeam = await error(() => web.admin.users.setAdmin({ team_id: "T2", user_id: userId }));

const at = Math.floor(Date.now() / 1000) + 3600;
await web.admin.users.setExpiration({ user_id: userId, expiration_ts: at });
out.expiration = (await web.apiCall("admin.users.getExpiration", { user_id: userId })).expiration_ts;
out.expectedExpiration = at;
out.pastExpiration = await error(() => web.admin.users.setExpiration({ user_id: userId, expiration_ts: 1 }));
out.getExpirationMissing = await error(() => web.apiCall("admin.users.getExpiration", { user_id: "W999999" }));

out.invalidateMissing = await error(() => web.admin.users.session.invalidate({ session_id: "nope", team_id: "T1" }));
await web.admin.users.session.invalidate({ session_id: sid, team_id: "T1", user_id: userId });
out.resetMissing = await error(() => web.admin.users.session.reset({ user_id: "W999999" }));
out.bulkMissing = await error(() => web.admin.users.session.resetBulk({ user_ids: ["W999999"] }));
await web.admin.users.session.resetBulk({ user_ids: [userId] });
await web.admin.users.remove({ team_id: "T1", user_id: victimId });
out.removePrimary = await error(() => web.admin.users.remove({ team_id: "T1", user_id: "W1" }));

const user = new WebClient(userToken, { slackApiUrl: `${base}/api/`, rejectRateLimitedCalls: true });
out.test = (await user.auth.revoke({ test: true })).revoked;
out.revoked = (await user.auth.revoke()).revoked;
out.afterRevoke = await error(() => user.auth.test());
out.authTestBad = await error(() => new WebClient("nope", { slackApiUrl: `${base}/api/` }).auth.test());

console.log(JSON.stringify(out));
