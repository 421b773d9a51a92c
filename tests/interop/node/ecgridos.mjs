// node-soap against gatehouse's ECGridOS service: the seed operations UserUpdate, UserPassword
// and UserReset, plus one fault. Usage: node ecgridos.mjs <base-url> <login> <password> <target-user-id>
// Prints one JSON object with every result, for tests/interop/test_soap_node.py to check.
import soap from 'soap';

const [base, login, password, target] = process.argv.slice(2);
const wsdl = `${base}/v4.1/prod/ECGridOS.asmx?WSDL`;
const client = await soap.createClientAsync(wsdl);
const userId = Number(target);

const [loginResult] = await client.LoginAsync({ LoginName: login, Password: password });
const sessionId = loginResult.LoginResult;

const [update] = await client.UserUpdateAsync({
  SessionID: sessionId,
  UserID: userId,
  FirstName: 'Node',
  LastName: 'Soap',
  Email: 'node.soap@example.com',
});
const [pw] = await client.UserPasswordAsync({
  SessionID: sessionId,
  UserID: userId,
  NewPassword: 'Node#Soap1',
});
const [reset] = await client.UserResetAsync({ SessionID: sessionId, UserID: userId });

let fault = null;
try {
  await client.UserResetAsync({ SessionID: 'not-a-session', UserID: userId });
} catch (err) {
  const f = err.root?.Envelope?.Body?.Fault ?? {};
  fault = {
    status: err.response?.status ?? null,
    faultcode: f.faultcode ?? null,
    faultstring: f.faultstring ?? null,
    detail: f.detail?.ECGridOSSOAPErrorCode ?? null,
  };
}

console.log(JSON.stringify({
  sessionId,
  update: update.UserUpdateResult,
  password: pw.UserPasswordResult,
  reset: reset.UserResetResult,
  fault,
}));
