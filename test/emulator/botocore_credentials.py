# Resolves a profile's credentials the way any botocore consumer does and prints them as one JSON line; on failure
# prints the exception's class and message instead and exits 1. Used by botocore.test.ts.
import json
import sys

import botocore.session

try:
    creds = botocore.session.Session(profile=sys.argv[1]).get_credentials().get_frozen_credentials()
except Exception as e:  # the class name is what the test asserts on
    print(json.dumps({"error": type(e).__name__, "message": str(e)}))
    sys.exit(1)
print(json.dumps({"access_key": creds.access_key, "secret_key": creds.secret_key, "token": creds.token}))
