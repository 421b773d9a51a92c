// The seeds' ECGridOS v4.1 flow through a proxy that Mono's wsdl tool (the .NET Framework Web
// Reference generator) made from the served ?WSDL into namespace Ecgridos: Version, Login,
// UserUpdate (5 parameters, answers UserIDInfo), UserInfo, UserReset, UserPassword (NewPassword),
// a weak password's fault, WhoAmI, Logout. The SOAP version is the proxy's: the driver compiles
// this once with the default proxy (SOAP 1.1) and once with one made by /protocol:SOAP12.
// Usage: see Flow.Args; prints key=value lines for tests/interop/test_soap_mono.py.

using System;
using System.Web.Services.Protocols;
using System.Xml;
using System.Xml.Schema;
using Ecgridos;

namespace Ecgridos
{
    // The generated proxy's extension point: its answers are read against the WSDL's schemas.
    public partial class ECGridOS
    {
        public XmlSchemaSet Schemas;

        protected override XmlReader GetReaderForMessage(SoapClientMessage message, int bufferSize)
        {
            return Flow.Validating(base.GetReaderForMessage(message, bufferSize), Schemas);
        }
    }
}

static class SeedFlow
{
    static int Main(string[] argv)
    {
        var a = Flow.Args.Parse("SeedFlow", argv);
        // The address is set the way a deployment moves an integration to another host.
        var port = new ECGridOS
        {
            Url = a.Endpoint,
            Schemas = Flow.WsdlSchemas(a.Endpoint + "?WSDL"),
        };
        var binding = Flow.Binding(port);
        Flow.Out("binding", binding);

        Flow.Out("version", port.Version());
        var sid = port.Login(a.RootLogin, a.RootPassword, null, null, null, null, null);
        Flow.Out("login", sid);

        var first = "Mono";
        var last = binding;
        var email = a.UserLogin + "@mono.example";
        var updated = port.UserUpdate(sid, a.UserId, first, last, email);
        Flow.Expect(a.UserId, updated.UserID, "UserUpdate UserID");
        Flow.Expect(email, updated.Email, "UserUpdate Email");
        Flow.Out("updated", updated.FirstName + "|" + updated.LastName + "|" + updated.Email);

        var info = port.UserInfo(sid, a.UserId);
        Flow.Out("info", info.Login + "|" + info.FirstName + "|" + info.LastName + "|" + info.Email
            + "|" + info.AuthLevel + "|" + info.Status);

        var userSid = port.Login(a.UserLogin, a.UserPassword, null, null, null, null, null);
        Flow.Out("reset", port.UserReset(sid, a.UserId));
        Flow.ExpectFault("reset_session", () => port.WhoAmI(userSid));
        Flow.Checkpoint("reset");

        Flow.Out("password", port.UserPassword(sid, a.UserId, a.NewPassword));
        var again = port.Login(a.UserLogin, a.NewPassword, null, null, null, null, null);
        Flow.Expect(a.UserLogin, port.WhoAmI(again).LoginName, "login with the new password");
        Flow.Out("new_password_login", "ok");
        Flow.ExpectFault("old_password",
            () => port.Login(a.UserLogin, a.UserPassword, null, null, null, null, null));

        Flow.ExpectFault("weak", () => port.UserPassword(sid, a.UserId, "weak"));

        var me = port.WhoAmI(sid);
        Flow.Out("whoami", me.UserID + "|" + me.LoginName + "|" + me.AuthLevel + "|"
            + (me.SessionID == sid ? "true" : "false"));
        Flow.Out("logout", port.Logout(sid));
        Flow.ExpectFault("after_logout", () => port.WhoAmI(sid));
        Flow.Out("done", "ok");
        return 0;
    }
}
