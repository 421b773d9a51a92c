// The vendor's ECGridOS v4.1 flow ("Build 472") through a proxy that Mono's wsdl tool made from
// the served ?WSDL&contract=build472 into namespace Ecgridos (class ECGridOSAPIv4, as wsdl.exe
// names the service ECGridOS_x0020_API_x0020_v4): Login, UserUpdate (10 parameters, answers
// boolean), UserInfo reading LoginName and EMail, UserReset, UserPassword (recovery form), a weak
// password's fault read as detail/ErrorInfo/ErrorCode, WhoAmI, Logout.
// Mode full (default): against a server whose endpoint contract is build472. Mode decided:
// against a default (seed) server, only what the request's element names decide (no UserInfo,
// no WhoAmI, whose answers follow the endpoint's contract).
// Usage: see Flow.Args; prints key=value lines for tests/interop/test_soap_mono.py.

using System;
using System.Web.Services.Protocols;
using System.Xml;
using System.Xml.Schema;
using Ecgridos;

namespace Ecgridos
{
    // The generated proxy's extension point: its answers are read against the WSDL's schemas.
    public partial class ECGridOSAPIv4
    {
        public XmlSchemaSet Schemas;

        protected override XmlReader GetReaderForMessage(SoapClientMessage message, int bufferSize)
        {
            return Flow.Validating(base.GetReaderForMessage(message, bufferSize), Schemas);
        }
    }
}

static class Build472Flow
{
    static int Main(string[] argv)
    {
        var a = Flow.Args.Parse("Build472Flow", argv, "full", "decided");
        var full = a.Mode == "full";
        var port = new ECGridOSAPIv4
        {
            Url = a.Endpoint,
            Schemas = Flow.WsdlSchemas(a.Endpoint + "?WSDL&contract=build472"),
        };
        var binding = Flow.Binding(port);
        Flow.Out("binding", binding);

        Flow.Out("version", port.Version());
        var sid = port.Login(a.RootLogin, a.RootPassword);
        Flow.Out("login", sid);

        var first = "Mono";
        var last = binding;
        var email = a.UserLogin + "@mono.example";
        Flow.Out("updated", port.UserUpdate(sid, a.UserId, first, last, "Gatehouse Interop", email,
            "+1 555 0100", "+1 555 0101", CellCarrier.NoChange, AuthLevel.NoChange));

        if (full)
        {
            var info = port.UserInfo(sid, a.UserId);
            Flow.Out("info", info.LoginName + "|" + info.FirstName + "|" + info.LastName + "|"
                + info.Company + "|" + info.EMail + "|" + info.Phone + "|" + info.CellPhone + "|"
                + info.AuthLevel + "|" + info.Status);
        }

        var userSid = port.Login(a.UserLogin, a.UserPassword);
        Flow.Out("reset", port.UserReset(sid, a.UserId));
        if (full)
            Flow.ExpectFault("reset_session", () => port.WhoAmI(userSid));
        Flow.Checkpoint("reset");

        // The administrative form: the caller administers the target, so CurrentRecoveryAnswer
        // (deprecated) is not sent.
        Flow.Out("password", port.UserPassword(sid, a.UserId, null, a.NewPassword,
            "Favourite test client?", "wsdl"));
        var again = port.Login(a.UserLogin, a.NewPassword);
        if (full)
            Flow.Expect(a.UserLogin, port.WhoAmI(again).LoginName, "login with the new password");
        Flow.Expect(1, port.Logout(again), "Logout of the new password's session");
        Flow.Out("new_password_login", "ok");
        Flow.ExpectFault("old_password", () => port.Login(a.UserLogin, a.UserPassword));

        Flow.ExpectFault("weak", () => port.UserPassword(sid, a.UserId, null, "weak", null, null));

        if (full)
        {
            var me = port.WhoAmI(sid);
            Flow.Out("whoami", me.UserID + "|" + me.LoginName + "|" + me.AuthLevel + "|"
                + (me.SessionID == sid ? "true" : "false"));
        }
        Flow.Out("logout", port.Logout(sid));
        // A fault answers no SessionInfo, so this holds on either contract.
        Flow.ExpectFault("after_logout", () => port.WhoAmI(sid));
        Flow.Out("done", "ok");
        return 0;
    }
}
