// The vendor's ECGridOS v4.1 flow ("Build 472") through a JAX-WS proxy that wsimport generated
// from the served ?WSDL&contract=build472 (package ecgridos.build472): Login, UserUpdate
// (10 parameters, answers boolean), UserInfo reading LoginName and EMail, UserReset, UserPassword
// (recovery form), a weak password's fault read as detail/ErrorInfo/ErrorCode, WhoAmI, Logout.
// Mode full (default): against a server whose endpoint contract is build472. Mode decided:
// against a default (seed) server, only what the request's element names decide (no UserInfo,
// no WhoAmI, whose answers follow the endpoint's contract).
// Usage: see Flow.Args; prints key=value lines for tests/interop/test_soap_java.py.

import ecgridos.build472.AuthLevel;
import ecgridos.build472.CellCarrier;
import ecgridos.build472.ECGridOSX0020APIX0020V4;
import ecgridos.build472.ECGridOSX0020APIX0020V4Soap;
import ecgridos.build472.SessionInfo;
import ecgridos.build472.UserIDInfo;
import java.net.URL;

public final class Build472Flow {
    public static void main(String[] argv) throws Exception {
        Flow.Args a = Flow.Args.parse("Build472Flow", argv, "full", "decided");
        boolean full = a.mode().equals("full");
        ECGridOSX0020APIX0020V4 service =
                new ECGridOSX0020APIX0020V4(new URL(a.endpoint() + "?WSDL&contract=build472"));
        ECGridOSX0020APIX0020V4Soap port = Flow.at(a.soap12()
                ? service.getECGridOSX0020APIX0020V4Soap12(Flow.features())
                : service.getECGridOSX0020APIX0020V4Soap(Flow.features()), a.endpoint());

        Flow.out("version", port.version());
        String sid = port.login(a.rootLogin(), a.rootPassword());
        Flow.out("login", sid);

        String first = "Java";
        String last = a.binding();
        String email = a.userLogin() + "@java.example";
        Flow.out("updated", port.userUpdate(sid, a.userId(), first, last, "Gatehouse Interop", email,
                "+1 555 0100", "+1 555 0101", CellCarrier.NO_CHANGE, AuthLevel.NO_CHANGE));

        if (full) {
            UserIDInfo info = port.userInfo(sid, a.userId());
            Flow.out("info", info.getLoginName() + "|" + info.getFirstName() + "|"
                    + info.getLastName() + "|" + info.getCompany() + "|" + info.getEMail() + "|"
                    + info.getPhone() + "|" + info.getCellPhone() + "|" + info.getAuthLevel().value()
                    + "|" + info.getStatus().value());
        }

        String userSid = port.login(a.userLogin(), a.userPassword());
        Flow.out("reset", port.userReset(sid, a.userId()));
        if (full) {
            Flow.fault("reset_session", () -> port.whoAmI(userSid));
        }
        Flow.checkpoint("reset");

        // The administrative form: the caller administers the target, so CurrentRecoveryAnswer
        // (deprecated) is not sent.
        Flow.out("password", port.userPassword(sid, a.userId(), null, a.newPassword(),
                "Favourite test client?", "wsimport"));
        String again = port.login(a.userLogin(), a.newPassword());
        if (full) {
            Flow.expect(a.userLogin(), port.whoAmI(again).getLoginName(),
                    "login with the new password");
        }
        Flow.expect(1, port.logout(again), "Logout of the new password's session");
        Flow.out("new_password_login", "ok");
        Flow.fault("old_password", () -> port.login(a.userLogin(), a.userPassword()));

        Flow.fault("weak", () -> port.userPassword(sid, a.userId(), null, "weak", null, null));

        if (full) {
            SessionInfo me = port.whoAmI(sid);
            Flow.out("whoami", me.getUserID() + "|" + me.getLoginName() + "|"
                    + me.getAuthLevel().value() + "|" + me.getSessionID().equals(sid));
        }
        Flow.out("logout", port.logout(sid));
        // A fault answers no SessionInfo, so this holds on either contract.
        Flow.fault("after_logout", () -> port.whoAmI(sid));
        Flow.out("done", "ok");
    }

    private Build472Flow() {}
}
