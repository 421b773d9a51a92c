// The seeds' ECGridOS v4.1 flow through a JAX-WS proxy that wsimport generated from the served
// ?WSDL (package ecgridos.seed): Version, Login, UserUpdate (5 parameters, answers UserIDInfo),
// UserInfo, UserReset, UserPassword (NewPassword), a weak password's fault, WhoAmI, Logout.
// Usage: see Flow.Args; prints key=value lines for tests/interop/test_soap_java.py.

import ecgridos.seed.ECGridOS;
import ecgridos.seed.ECGridOSPortType;
import ecgridos.seed.SessionInfo;
import ecgridos.seed.UserIDInfo;
import java.net.URL;

public final class SeedFlow {
    public static void main(String[] argv) throws Exception {
        Flow.Args a = Flow.Args.parse("SeedFlow", argv);
        ECGridOS service = new ECGridOS(new URL(a.endpoint() + "?WSDL"));
        ECGridOSPortType port = Flow.at(a.soap12()
                ? service.getECGridOSSoap12(Flow.features())
                : service.getECGridOSSoap(Flow.features()), a.endpoint());

        Flow.out("version", port.version());
        String sid = port.login(a.rootLogin(), a.rootPassword(), null, null, null, null, null);
        Flow.out("login", sid);

        String first = "Java";
        String last = a.binding();
        String email = a.userLogin() + "@java.example";
        UserIDInfo updated = port.userUpdate(sid, a.userId(), first, last, email);
        Flow.expect(a.userId(), updated.getUserID(), "UserUpdate UserID");
        Flow.expect(email, updated.getEmail(), "UserUpdate Email");
        Flow.out("updated", updated.getFirstName() + "|" + updated.getLastName() + "|"
                + updated.getEmail());

        UserIDInfo info = port.userInfo(sid, a.userId());
        Flow.out("info", info.getLogin() + "|" + info.getFirstName() + "|" + info.getLastName() + "|"
                + info.getEmail() + "|" + info.getAuthLevel().value() + "|" + info.getStatus().value());

        String userSid = port.login(a.userLogin(), a.userPassword(), null, null, null, null, null);
        Flow.out("reset", port.userReset(sid, a.userId()));
        Flow.fault("reset_session", () -> port.whoAmI(userSid));
        Flow.checkpoint("reset");

        Flow.out("password", port.userPassword(sid, a.userId(), a.newPassword()));
        String again = port.login(a.userLogin(), a.newPassword(), null, null, null, null, null);
        Flow.expect(a.userLogin(), port.whoAmI(again).getLoginName(), "login with the new password");
        Flow.out("new_password_login", "ok");
        Flow.fault("old_password", () -> port.login(a.userLogin(), a.userPassword(), null, null, null,
                null, null));

        Flow.fault("weak", () -> port.userPassword(sid, a.userId(), "weak"));

        SessionInfo me = port.whoAmI(sid);
        Flow.out("whoami", me.getUserID() + "|" + me.getLoginName() + "|" + me.getAuthLevel().value()
                + "|" + me.getSessionID().equals(sid));
        Flow.out("logout", port.logout(sid));
        Flow.fault("after_logout", () -> port.whoAmI(sid));
        Flow.out("done", "ok");
    }

    private SeedFlow() {}
}
