<?php
// Archer domain-administrator flow through PHP's SoapClient, from the served WSDLs (SPEC §5.3).
// Usage: php archer_flow.php BASE DOMAIN ADMIN PASSWORD TARGET NEW_PASSWORD; prints key=value
// lines for the pytest driver (tests/interop/test_soap_archer.py).
[$_, $base, $domain, $admin, $password, $target, $newPassword] = $argv;
$opts = ['soap_version' => SOAP_1_1, 'exceptions' => true, 'cache_wsdl' => WSDL_CACHE_NONE, 'trace' => true];
$general = new SoapClient("$base/archer/ws/general.asmx?WSDL", $opts);
$access = new SoapClient("$base/archer/ws/accesscontrol.asmx?WSDL", ['soap_version' => SOAP_1_2] + $opts);

$token = $general->CreateDomainUserSessionFromInstance([
    'userName' => $admin, 'instanceName' => 'Default', 'password' => $password, 'usersDomain' => $domain,
])->CreateDomainUserSessionFromInstanceResult;
$id = $access->LookupDomainUserId(['sessionToken' => $token, 'userName' => $target, 'usersDomain' => $domain])
    ->LookupDomainUserIdResult;
echo "lookup=$id\n";
$doc = new SimpleXMLElement($access->GetUserList(['sessionToken' => $token])->GetUserListResult);
$ids = [];
foreach ($doc->User as $user) {
    $ids[] = (string) $user->ID;
}
echo "listed=" . implode(',', $ids) . "\n";
echo "status=" . $access->UpdateUserAccountStatus(['sessionToken' => $token, 'userId' => $id, 'accountStatus' => 2])
    ->UpdateUserAccountStatusResult . "\n";
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
