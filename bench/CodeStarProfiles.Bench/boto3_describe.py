# boto3 describing the ARNs of a CSV the way a script would: one describe_user_profile per row on
# 16 threads, the client's default settings. The client is made, and its connections opened by a
# short warm-up, before the clock starts (as the module side runs in a session that has run before);
# reading the CSV is timed, as Import-Csv is on the module side. Prints one JSON line: described,
# failed, seconds, the error codes.
#   /usr/bin/python3 boto3_describe.py arns.csv http://127.0.0.1:PORT [threads]
import csv, json, sys, time
from concurrent.futures import ThreadPoolExecutor

import boto3, botocore
from botocore.config import Config

path, url = sys.argv[1], sys.argv[2]
threads = int(sys.argv[3]) if len(sys.argv) > 3 else 16
client = boto3.client("codestar", endpoint_url=url, region_name="us-east-1",
                      config=Config(max_pool_connections=threads))


def describe(arn):
    try:
        client.describe_user_profile(userArn=arn)
        return None
    except botocore.exceptions.ClientError as e:
        return e.response.get("Error", {}).get("Code", "ClientError")
    except Exception as e:  # dropped connections and the like
        return type(e).__name__


with open(path, newline="") as f:
    warm = [r["UserArn"] for r in csv.DictReader(f)][:200]
with ThreadPoolExecutor(threads) as pool:
    list(pool.map(describe, warm))

start = time.monotonic()
with open(path, newline="") as f:
    arns = [r["UserArn"] for r in csv.DictReader(f)]
with ThreadPoolExecutor(threads) as pool:
    results = list(pool.map(describe, arns))
seconds = time.monotonic() - start
codes = {}
for code in results:
    if code is not None:
        codes[code] = codes.get(code, 0) + 1
failed = sum(codes.values())
print(json.dumps({"described": len(arns) - failed, "failed": failed, "seconds": seconds, "errors": codes}))
