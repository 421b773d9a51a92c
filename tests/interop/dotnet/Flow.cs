// What every ECGridOS flow program shares (tests/interop/test_soap_mono.py drives them): the
// arguments, the key=value output the pytest driver reads, the checkpoints where the driver checks
// the REST side while the program waits, and reading a SOAP fault the way an integration does.

using System;
using System.Web.Services.Description;
using System.Web.Services.Protocols;
using System.Xml;
using System.Xml.Schema;

static class Flow
{
    public const string Tns = "https://os.ecgrid.io/";

    /// <summary>The arguments every flow takes, in this order, and an optional mode a program
    /// may define (Build472Flow: <c>full</c>, the default, or <c>decided</c>).</summary>
    public sealed class Args
    {
        public string Endpoint, RootLogin, RootPassword, UserLogin, UserPassword, NewPassword, Mode;
        public int UserId;

        public static Args Parse(string program, string[] argv, params string[] modes)
        {
            if (!(argv.Length == 7 || (argv.Length == 8 && Array.IndexOf(modes, argv[7]) >= 0)))
            {
                Console.Error.WriteLine("usage: mono " + program + ".exe ENDPOINT ROOT_LOGIN ROOT_PASSWORD"
                    + " USER_ID USER_LOGIN USER_PASSWORD NEW_PASSWORD"
                    + (modes.Length == 0 ? "" : " [" + string.Join("|", modes) + "]"));
                Environment.Exit(2);
            }
            return new Args
            {
                Endpoint = argv[0], RootLogin = argv[1], RootPassword = argv[2],
                UserId = int.Parse(argv[3]), UserLogin = argv[4], UserPassword = argv[5],
                NewPassword = argv[6],
                Mode = argv.Length == 8 ? argv[7] : modes.Length > 0 ? modes[0] : "",
            };
        }
    }

    /// <summary>"soap12" or "soap11": the SOAP version the proxy was generated for.</summary>
    public static string Binding(SoapHttpClientProtocol proxy)
    {
        return proxy.SoapVersion == SoapProtocolVersion.Soap12 ? "soap12" : "soap11";
    }

    /// <summary>The schemas of the WSDL at <paramref name="wsdlUrl"/>, compiled.</summary>
    public static XmlSchemaSet WsdlSchemas(string wsdlUrl)
    {
        var set = new XmlSchemaSet();
        using (var reader = XmlReader.Create(wsdlUrl))
            foreach (XmlSchema schema in ServiceDescription.Read(reader).Types.Schemas)
                set.Add(schema);
        set.Compile();
        return set;
    }

    /// <summary>A reader of an answer that fails on anything the WSDL's schemas do not describe
    /// (an undeclared element, a missing one, the wrong order), which XmlSerializer would
    /// otherwise drop or default in silence. The envelope and fault details have no declaration
    /// here and are read laxly. A proxy uses it from <c>GetReaderForMessage</c> (each flow
    /// program's partial class of its proxy).</summary>
    public static XmlReader Validating(XmlReader answer, XmlSchemaSet schemas)
    {
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = schemas };
        settings.ValidationEventHandler += (sender, e) =>
        {
            if (e.Severity == XmlSeverityType.Error)
                throw new Exception("the answer does not match the WSDL: " + e.Message);
        };
        return XmlReader.Create(answer, settings);
    }

    /// <summary>One line of output for the driver.</summary>
    public static void Out(string key, object value)
    {
        Console.Out.Write(key + "=" + Show(value) + "\n");
        Console.Out.Flush();
    }

    static string Show(object value)
    {
        // bool prints as "True" in .NET; the driver reads the XML Schema spelling.
        return value is bool b ? (b ? "true" : "false") : Convert.ToString(value);
    }

    /// <summary>Wait while the driver checks something outside SOAP (a REST token's life):
    /// announce the checkpoint, then read one line. At end of input (run by hand) the flow goes
    /// on at once.</summary>
    public static void Checkpoint(string name)
    {
        Out("checkpoint", name);
        Console.In.ReadLine();
    }

    public static void Expect(object expected, object actual, string what)
    {
        if (!Equals(expected, actual))
            throw new Exception(what + ": expected <" + Show(expected) + ">, got <" + Show(actual) + ">");
    }

    /// <summary>A SOAP fault as an integration reads it: the fault code (Client/Sender), the
    /// message, and the error code from the detail: <c>ErrorInfo/ErrorCode</c> when the detail
    /// has an ErrorInfo (the vendor's shape), else <c>ECGridOSSOAPErrorCode</c> (the seeds').</summary>
    public sealed class Fault
    {
        public string FaultCode, Message, Source, ErrorCode, EcgridosCode, ErrorItem;

        public void Print(string name)
        {
            Out(name + ".faultcode", FaultCode);
            Out(name + ".message", Message);
            Out(name + ".source", Source);
            Out(name + ".code", ErrorCode);
            Out(name + ".ecgridos", EcgridosCode ?? "");
            Out(name + ".item", ErrorItem ?? "");
        }
    }

    /// <summary>Run <paramref name="call"/>, which must fail with a SOAP fault, and read the
    /// fault.</summary>
    public static Fault ExpectFault(string name, Action call)
    {
        try
        {
            call();
        }
        catch (SoapException e)
        {
            var read = Read(e);
            read.Print(name);
            return read;
        }
        throw new Exception(name + ": expected a SOAP fault, the call succeeded");
    }

    static Fault Read(SoapException e)
    {
        if (e.Detail == null)
            throw new Exception("fault without detail: " + e.Message);
        string errorInfoCode = null, errorItem = null, ecgridosCode = null;
        foreach (XmlNode entry in e.Detail.ChildNodes)
        {
            if (entry.NodeType != XmlNodeType.Element)
                continue;
            if (entry.LocalName == "ErrorInfo" && errorInfoCode == null)
            {
                var code = Child(entry, "ErrorCode");
                if (code != null)
                {
                    errorInfoCode = code.InnerText.Trim();
                    errorItem = Child(entry, "ErrorItem")?.InnerText.Trim();
                }
            }
            else if (entry.LocalName == "ECGridOSSOAPErrorCode" && entry.NamespaceURI == Tns)
            {
                ecgridosCode = entry.InnerText.Trim();
            }
        }
        var chosen = errorInfoCode ?? ecgridosCode;
        if (chosen == null)
            throw new Exception("fault detail has neither ErrorInfo/ErrorCode nor ECGridOSSOAPErrorCode: "
                + e.Detail.OuterXml);
        return new Fault
        {
            FaultCode = e.Code.Name,
            Message = e.Message,
            Source = errorInfoCode != null ? "ErrorInfo" : "ECGridOSSOAPErrorCode",
            ErrorCode = chosen,
            EcgridosCode = ecgridosCode,
            ErrorItem = errorItem,
        };
    }

    static XmlNode Child(XmlNode parent, string localName)
    {
        foreach (XmlNode n in parent.ChildNodes)
            if (n.NodeType == XmlNodeType.Element && n.LocalName == localName)
                return n;
        return null;
    }
}
