# What botocore's own SSO client makes of the emulator's ListAccounts and ListAccountRoles, through its paginators
# (page size from argv), retrying throttled pages as it retries them against AWS; and the federation endpoint called
# as aws-sso-util calls it (a form POST, then the login URL, not followed). Prints one JSON line. Used by botocore.test.ts.
import http.client
import json
import sys
import urllib.parse

import botocore.session

mode, endpoint = sys.argv[1], sys.argv[2]
if mode == "list":
    token, page_size = sys.argv[3], int(sys.argv[4])
    sso = botocore.session.Session().create_client("sso", region_name="us-east-1", endpoint_url=endpoint)
    pages = {"accounts": 0, "roles": 0}
    accounts, roles = [], {}
    for page in sso.get_paginator("list_accounts").paginate(accessToken=token, PaginationConfig={"PageSize": page_size}):
        pages["accounts"] += 1
        accounts += [a["accountId"] for a in page["accountList"]]
    for account in accounts:
        for page in sso.get_paginator("list_account_roles").paginate(accessToken=token, accountId=account, PaginationConfig={"PageSize": page_size}):
            pages["roles"] += 1
            roles.setdefault(account, []).extend(r["roleName"] for r in page["roleList"])
    print(json.dumps({"accounts": accounts, "roles": roles, "pages": pages}))
elif mode == "federation":
    session = json.dumps({"sessionId": sys.argv[3], "sessionKey": sys.argv[4], "sessionToken": sys.argv[5]})
    url = urllib.parse.urlsplit(endpoint)
    conn = http.client.HTTPConnection(url.netloc)
    conn.request("POST", url.path, urllib.parse.urlencode({"Action": "getSigninToken", "Session": session}),
                 {"Content-Type": "application/x-www-form-urlencoded"})
    answer = conn.getresponse()
    token = json.loads(answer.read())["SigninToken"]
    query = urllib.parse.urlencode({"Action": "login", "Issuer": "https://d-abc.awsapps.com/start",
                                    "Destination": "https://console.aws.amazon.com/", "SigninToken": token})
    conn.request("GET", url.path + "?" + query)
    login = conn.getresponse()
    login.read()
    print(json.dumps({"status": answer.status, "login": login.status, "location": login.getheader("Location")}))
else:
    raise SystemExit("unknown mode " + mode)
