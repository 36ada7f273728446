"""Calls STS GetCallerIdentity with botocore, credentials from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN
and the endpoint from AWS_ENDPOINT_URL_STS. Prints one JSON line: the identity, or the error code and message (exit 1)."""
import json
import sys

import botocore.session
from botocore.exceptions import ClientError

client = botocore.session.Session().create_client("sts", region_name="us-east-1")
try:
    out = client.get_caller_identity()
except ClientError as e:
    error = e.response["Error"]
    print(json.dumps({"code": error.get("Code"), "message": error.get("Message"), "status": e.response["ResponseMetadata"]["HTTPStatusCode"]}))
    sys.exit(1)
print(json.dumps({"Account": out["Account"], "Arn": out["Arn"], "UserId": out["UserId"]}))
