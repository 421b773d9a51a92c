<?php
// Archer domain-administrator flow through PHP's SoapClient, from the served WSDLs (SPEC §5.3):
// domain login -> LookupDomainUserId -> GetUserList -> CreateUserExWithPassword ->
// UpdateUserAccountStatus(2), which ends the new user's session -> ChangePassword -> DeleteUser.
// Usage: php archer_flow.php BASE DOMAIN ADMIN PASSWORD NEW_PASSWORD; prints key=value lines for
// the pytest driver (tests/interop/test_soap_archer.py).
[$_, $base, $domain, $admin, $password, $newPassword] = $argv;
$opts = ['soap_version' => SOAP_1_1, 'exceptions' => true, 'cache_wsdl' => WSDL_CACHE_NONE, 'trace' => true];
$general = new SoapClient("$base/archer/ws/general.asmx?WSDL", $opts);
$access = new SoapClient("$base/archer/ws/accesscontrol.asmx?WSDL", ['soap_version' => SOAP_1_2] + $opts);

$token = $general->CreateDomainUserSessionFromInstance([
    'userName' => $admin, 'instanceName' => 'Default', 'password' => $password, 'usersDomain' => $domain,
])->CreateDomainUserSessionFromInstanceResult;
echo "lookup=" . $access->LookupDomainUserId(['sessionToken' => $token, 'userName' => $admin, 'usersDomain' => $domain])
    ->LookupDomainUserIdResult . "\n";
$doc = new SimpleXMLElement($access->GetUserList(['sessionToken' => $token])->GetUserListResult);
$ids = [];
foreach ($doc->User as $user) {
    $ids[] = (string) $user->ID;
}
echo "listed=" . implode(',', $ids) . "\n";

$id = $access->CreateUserExWithPassword([
    'sessionToken' => $token, 'firstName' => 'Ren', 'middleName' => '', 'lastName' => 'Tanaka',
    'companyName' => 'Acme', 'title' => 'Clerk', 'securityParameter' => 1, 'address' => '',
    'userDomain' => $domain, 'timeZone' => 'Europe/Berlin', 'locale' => 'de-DE', 'password' => $password,
])->CreateUserExWithPasswordResult;
echo "created=$id\n";
echo "created_login=" . $access->LookupUserName(['sessionToken' => $token, 'userId' => $id])->LookupUserNameResult . "\n";

// The new user's own session, which status 2 (Inactive) must end.
$userToken = $general->CreateDomainUserSessionFromInstance([
    'userName' => 'ren.tanaka', 'instanceName' => 'Default', 'password' => $password, 'usersDomain' => $domain,
])->CreateDomainUserSessionFromInstanceResult;
echo "alive_before=" . $access->LookupDomainUserId(['sessionToken' => $userToken, 'userName' => 'ren.tanaka', 'usersDomain' => $domain])
    ->LookupDomainUserIdResult . "\n";
echo "status=" . $access->UpdateUserAccountStatus(['sessionToken' => $token, 'userId' => $id, 'accountStatus' => 2])
    ->UpdateUserAccountStatusResult . "\n";
try {
    $access->LookupDomainUserId(['sessionToken' => $userToken, 'userName' => 'ren.tanaka', 'usersDomain' => $domain]);
    echo "dead_after=none\n";
} catch (SoapFault $fault) {
    echo "dead_after=" . $fault->getMessage() . "\n";
}
$access->UpdateUserAccountStatus(['sessionToken' => $token, 'userId' => $id, 'accountStatus' => 1]);
echo "password=" . $access->ChangePassword(['sessionToken' => $token, 'userId' => $id, 'password' => $newPassword])
    ->ChangePasswordResult . "\n";
echo "delete=" . $access->DeleteUser(['sessionToken' => $token, 'userId' => $id])->DeleteUserResult . "\n";
$general->TerminateSession(['sessionToken' => $token]);
try {
    $access->GetUserList(['sessionToken' => $token]);
    echo "fault=none\n";
} catch (SoapFault $fault) {
    echo "fault=" . $fault->getMessage() . "\n";
}
