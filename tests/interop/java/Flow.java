// What every ECGridOS flow program shares (tests/interop/test_soap_java.py drives them): the
// arguments, the key=value output the pytest driver reads, the checkpoints where the driver checks
// the REST side while the program waits, and reading a SOAP fault the way an integration does.

import com.sun.xml.ws.developer.SchemaValidationFeature;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Objects;
import javax.xml.soap.Detail;
import javax.xml.soap.SOAPFault;
import javax.xml.ws.BindingProvider;
import javax.xml.ws.WebServiceFeature;
import javax.xml.ws.soap.SOAPFaultException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

final class Flow {
    static final String TNS = "https://os.ecgrid.io/";

    private static final BufferedReader STDIN =
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));

    /**
     * The arguments every flow takes, in this order, and an optional mode a program may define
     * (Build472Flow: {@code full}, the default, or {@code decided}).
     */
    record Args(
            String endpoint,
            String binding,
            String rootLogin,
            String rootPassword,
            int userId,
            String userLogin,
            String userPassword,
            String newPassword,
            String mode) {
        static Args parse(String program, String[] argv, String... modes) {
            boolean modeOk = argv.length == 8
                    || (argv.length == 9 && Arrays.asList(modes).contains(argv[8]));
            if (!modeOk || !(argv[1].equals("soap11") || argv[1].equals("soap12"))) {
                System.err.println("usage: java " + program + " ENDPOINT soap11|soap12 ROOT_LOGIN"
                        + " ROOT_PASSWORD USER_ID USER_LOGIN USER_PASSWORD NEW_PASSWORD"
                        + (modes.length == 0 ? "" : " [" + String.join("|", modes) + "]"));
                System.exit(2);
            }
            return new Args(argv[0], argv[1], argv[2], argv[3], Integer.parseInt(argv[4]), argv[5],
                    argv[6], argv[7], argv.length == 9 ? argv[8] : modes.length > 0 ? modes[0] : "");
        }

        boolean soap12() {
            return binding.equals("soap12");
        }
    }

    /**
     * The features every proxy port gets: schema validation, so an answer the WSDL does not
     * describe (an undeclared element, a missing one, the wrong order) fails the call instead of
     * being silently dropped by JAXB.
     */
    static WebServiceFeature[] features() {
        return new WebServiceFeature[] {new SchemaValidationFeature()};
    }

    /** Point {@code port} at {@code endpoint}, the way a deployment moves to another host. */
    static <T> T at(T port, String endpoint) {
        ((BindingProvider) port).getRequestContext()
                .put(BindingProvider.ENDPOINT_ADDRESS_PROPERTY, endpoint);
        return port;
    }

    /** One line of output for the driver. */
    static void out(String key, Object value) {
        System.out.println(key + "=" + value);
        System.out.flush();
    }

    /**
     * Wait while the driver checks something outside SOAP (a REST token's life): announce the
     * checkpoint, then read one line. At end of input (run by hand) the flow goes on at once.
     */
    static void checkpoint(String name) throws IOException {
        out("checkpoint", name);
        STDIN.readLine();
    }

    static void expect(Object expected, Object actual, String what) {
        if (!Objects.equals(expected, actual)) {
            throw new AssertionError(what + ": expected <" + expected + ">, got <" + actual + ">");
        }
    }

    interface Call {
        void run() throws Exception;
    }

    /**
     * A SOAP fault as an integration reads it: the fault code (Client/Sender), the message, and
     * the error code from the detail: {@code ErrorInfo/ErrorCode} when the detail has an
     * ErrorInfo (the vendor's shape), else {@code ECGridOSSOAPErrorCode} (the seeds' shape).
     */
    record Fault(String faultCode, String message, String source, String errorCode,
            String ecgridosCode, String errorItem) {
        /** Print the fault as {@code name.faultcode=…}, {@code name.source=…} and so on. */
        void print(String name) {
            out(name + ".faultcode", faultCode);
            out(name + ".message", message);
            out(name + ".source", source);
            out(name + ".code", errorCode);
            out(name + ".ecgridos", ecgridosCode == null ? "" : ecgridosCode);
            out(name + ".item", errorItem == null ? "" : errorItem);
        }
    }

    /** Run {@code call}, which must fail with a SOAP fault, and read the fault. */
    static Fault fault(String name, Call call) throws Exception {
        try {
            call.run();
        } catch (SOAPFaultException e) {
            Fault read = read(e.getFault());
            read.print(name);
            return read;
        }
        throw new AssertionError(name + ": expected a SOAP fault, the call succeeded");
    }

    private static Fault read(SOAPFault fault) {
        String errorInfoCode = null;
        String errorItem = null;
        String ecgridosCode = null;
        Detail detail = fault.getDetail();
        if (detail == null) {
            throw new AssertionError("fault without detail: " + fault.getFaultString());
        }
        for (Iterator<?> it = detail.getDetailEntries(); it.hasNext(); ) {
            Element entry = (Element) it.next();
            if (entry.getLocalName().equals("ErrorInfo") && errorInfoCode == null) {
                Element code = child(entry, "ErrorCode");
                if (code != null) {
                    errorInfoCode = code.getTextContent().trim();
                    Element item = child(entry, "ErrorItem");
                    errorItem = item == null ? null : item.getTextContent().trim();
                }
            } else if (entry.getLocalName().equals("ECGridOSSOAPErrorCode")
                    && TNS.equals(entry.getNamespaceURI())) {
                ecgridosCode = entry.getTextContent().trim();
            }
        }
        String source = errorInfoCode != null ? "ErrorInfo" : "ECGridOSSOAPErrorCode";
        String code = errorInfoCode != null ? errorInfoCode : ecgridosCode;
        if (code == null) {
            throw new AssertionError("fault detail has neither ErrorInfo/ErrorCode nor"
                    + " ECGridOSSOAPErrorCode: " + fault.getFaultString());
        }
        return new Fault(fault.getFaultCodeAsQName().getLocalPart(), fault.getFaultString(), source,
                code, ecgridosCode, errorItem);
    }

    private static Element child(Element parent, String localName) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && localName.equals(e.getLocalName())) {
                return e;
            }
        }
        return null;
    }

    private Flow() {}
}
