"""What botocore (the AWS CLI's engine) makes of keyrack-cp's files and output. Prints one JSON line."""
import json
import sys

import botocore.session
from botocore.tokens import SSOTokenProvider

mode = sys.argv[1]
# "chain" and "watch" name no profile: what a program run by keyrack-cp exec, or a container given
# AWS_CONTAINER_CREDENTIALS_FULL_URI, does. The others take one.
profile = sys.argv[2] if mode in ("token", "credentials", "sts") else None
session = botocore.session.Session(profile=profile)
if mode == "token":
    # botocore's own loader for the shared token cache: parses the file and its expiresAt.
    token = SSOTokenProvider(session).load_token().get_frozen_token()
    print(json.dumps({"token": token.token, "expiration": token.expiration.isoformat()}))
elif mode == "credentials":
    creds = session.get_credentials().get_frozen_credentials()
    print(json.dumps({"access_key": creds.access_key, "secret_key": creds.secret_key, "token": creds.token}))
elif mode == "sts":
    # An application's whole path: the credentials, then a client signing a call with them. A failure is what the
    # application would catch: its class and message, exit 1.
    try:
        creds = session.get_credentials().get_frozen_credentials()
        identity = session.create_client("sts").get_caller_identity()
    except Exception as e:
        print(json.dumps({"error": type(e).__name__, "message": str(e)}))
        sys.exit(1)
    print(json.dumps({
        "credentials": {"access_key": creds.access_key, "secret_key": creds.secret_key, "token": creds.token},
        "identity": {k: identity[k] for k in ("Account", "Arn", "UserId")},
    }))
elif mode == "chain":
    # The default chain, as an application builds its client: which provider answered (env, container-role...) and
    # an STS call signed with what it gave.
    try:
        resolved = session.get_credentials()
        creds = resolved.get_frozen_credentials()
        identity = session.create_client("sts").get_caller_identity()
    except Exception as e:
        print(json.dumps({"error": type(e).__name__, "message": str(e)}))
        sys.exit(1)
    print(json.dumps({
        "method": resolved.method,
        "credentials": {"access_key": creds.access_key, "secret_key": creds.secret_key, "token": creds.token},
        "identity": {k: identity[k] for k in ("Account", "Arn", "UserId")},
    }))
elif mode == "watch":
    # A long-running program: one client, an STS call every 0.2 s, until it has signed with as many different
    # access keys as asked (botocore refreshing its credentials by itself) or the time is up. Prints the keys, in order.
    import time
    wanted, deadline = int(sys.argv[2]), time.time() + float(sys.argv[3])
    resolved = session.get_credentials()
    sts = session.create_client("sts")
    keys, calls = [], 0
    while len(keys) < wanted and time.time() < deadline:
        sts.get_caller_identity()
        calls += 1
        key = resolved.get_frozen_credentials().access_key
        if key not in keys:
            keys.append(key)
        time.sleep(0.2)
    print(json.dumps({"method": resolved.method, "keys": keys, "calls": calls}))
    sys.exit(0 if len(keys) >= wanted else 1)
else:
    raise SystemExit("unknown mode " + mode)
