"""What botocore (the AWS CLI's engine) makes of keyrack-cp's files and output. Prints one JSON line."""
import json
import sys

import botocore.session
from botocore.tokens import SSOTokenProvider

mode, profile = sys.argv[1], sys.argv[2]
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
else:
    raise SystemExit("unknown mode " + mode)
